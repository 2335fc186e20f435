"""A block in the other direction (an English quotation in an Arabic story) stays that one
block: the paragraph typed after it, and the page readers get, return to the article's
direction. In a real browser, as the editor types it and as readers see it."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from articles.models import Article, Section
from articles.tests.factories import ArticleFactory
from core.tests.twofactor import log_in_verified

from .test_journeys import body_editor, new_page, restore_roles

pytestmark = pytest.mark.django_db(transaction=True)

ARABIC = "قال المتحدث إن المحادثات ستستمر غداً."
ENGLISH = "We will stand together."
AFTER = "وأضاف أن الوفد سيعود الأسبوع المقبل."


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """The groups as the migrations make them: a transactional test starts from empty tables."""
    restore_roles()


def logged_in_page(browser, live_server, user, language: str = "ar"):
    """The user's browser, with the session of a login verified by its second factor."""
    client = Client()
    log_in_verified(client, user)
    page = new_page(browser, language)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return page


def click_in_text(box, text: str, at_end: bool) -> None:
    """The cursor just before or after ``text``, as a click there puts it. Returns once the
    editor has read the new selection (it does so on ``selectionchange``, after the browser
    fires it): a key pressed sooner lands where the cursor was before."""
    box.evaluate(
        """(box, [text, atEnd]) => new Promise((resolve, reject) => {
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT)
            while (walker.nextNode()) {
                const found = walker.currentNode.data.indexOf(text)
                if (found < 0) continue
                const offset = atEnd ? found + text.length : found
                document.addEventListener("selectionchange", () => {
                    requestAnimationFrame(() => setTimeout(resolve, 50))
                }, {once: true})
                getSelection().setBaseAndExtent(walker.currentNode, offset, walker.currentNode, offset)
                setTimeout(resolve, 1000)  // the cursor was there already: no event comes
                return
            }
            reject(new Error("not in the text: " + text))
        })""",
        [text, at_end],
    )


def directions(page, blocks: str) -> list[tuple[str, str]]:
    """Each block's text and the direction the browser lays it out in."""
    laid_out = page.locator(blocks).evaluate_all(
        "nodes => nodes.map(node => [node.textContent.trim(), getComputedStyle(node).direction])"
    )
    return [(text, direction) for text, direction in laid_out]


def test_the_paragraph_typed_after_an_english_quotation_is_arabic_again(browser, live_server, editor):
    section = Section.objects.create(name_ar="دولي", name_en="World", slug="world")
    page = logged_in_page(browser, live_server, editor)
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.fill("#id_title_ar", "المحادثات تستمر")
    page.fill("#id_slug_ar", "المحادثات-تستمر")

    box = body_editor(page, "ar")
    box.click()
    page.keyboard.insert_text(ARABIC)
    page.keyboard.press("Enter")
    page.locator("#tab_id_body_ar .prose-menubar [data-name='direction:ltr']").click()
    page.keyboard.insert_text(ENGLISH)
    # Enter inside the quotation (the writer clicks before "together.") splits it in two,
    # both English...
    click_in_text(box, "together.", at_end=False)
    page.keyboard.press("Enter")
    # ...and Enter at its end starts the story's next paragraph.
    click_in_text(box, "together.", at_end=True)
    page.keyboard.press("Enter")
    page.keyboard.insert_text(AFTER)

    written = [(ARABIC, "rtl"), ("We will stand", "ltr"), ("together.", "ltr"), (AFTER, "rtl")]
    assert directions(page, "#tab_id_body_ar .ProseMirror > p") == written

    page.select_option("#id_section", str(section.pk))
    page.select_option("#id_status", Article.Status.PUBLISHED)
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    article = Article.objects.get(slug_ar="المحادثات-تستمر")

    page.goto(live_server.url + article.url_in("ar"))
    assert directions(page, ".article__body > p") == written


def test_a_story_saved_with_the_mark_carried_over_reads_right_to_left_again(browser, live_server):
    # As the editor saved it before: Enter after the English block copied its mark.
    article = ArticleFactory(
        arabic_only=True,
        title_ar="المحادثات تستمر",
        body_ar=f'<p>{ARABIC}</p><p dir="ltr">{ENGLISH}</p><p dir="ltr">{AFTER}</p>',
        published_at=timezone.now(),
    )
    page = new_page(browser, "ar")

    page.goto(live_server.url + article.url_in("ar"))

    assert directions(page, ".article__body > p") == [(ARABIC, "rtl"), (ENGLISH, "ltr"), (AFTER, "rtl")]
