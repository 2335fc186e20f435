"""The reader's front in a real browser (Debian's Chromium): the phone header on one row, its
sections and search opening without JavaScript, the desktop header as before, and a stored
article page — the same bytes for every reader at any time — told how long ago it was
published by the time script, in the reader's browser."""

import re
import time
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory

from .test_journeys import keep

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
NAMES = {"ar": ("الأقسام", "بحث"), "en": ("Sections", "Search")}


@pytest.fixture
def stories():
    world = SectionFactory(slug="world", name_ar="عالم", name_en="World", position=1)
    ArticleFactory(section=SectionFactory(slug="economy", name_ar="اقتصاد", name_en="Economy", position=2))
    article = ArticleFactory(
        section=world,
        title_ar="محادثات في بيونغ يانغ",
        slug_ar="محادثات-بيونغ-يانغ",
        title_en="Talks in Pyongyang",
        slug_en="talks-in-pyongyang",
        published_at=timezone.now() - timedelta(hours=2, minutes=20),
    )
    article.authors.add(AuthorFactory(slug="sara", name_ar="سارة أحمد", name_en="Sara Ahmed"))
    return article


def open_page(
    browser, url: str, language: str, viewport: dict, *, script: bool = True, at: float | None = None
):
    context = browser.new_context(locale=language, viewport=viewport, java_script_enabled=script)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.errors = errors
    if at is not None:
        page.clock.set_fixed_time(at)  # the reader's clock: Date.now() in the page
    page.goto(url)
    return page


def disclosure_buttons(page) -> list[str]:
    """The names of the disclosure buttons (<summary>) a screen reader is given, in order."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    return [
        node["name"]["value"]
        for node in tree["nodes"]
        if node.get("role", {}).get("value") == "DisclosureTriangle" and not node.get("ignored")
    ]


def box(page, selector: str) -> dict:
    found = page.locator(selector).first
    assert found.is_visible(), selector
    return found.bounding_box()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_phone_header_is_one_row_and_opens_without_javascript(browser, live_server, stories, language):
    sections, search = NAMES[language]
    page = open_page(browser, f"{live_server.url}/{language}/", language, PHONE, script=False)
    bar = box(page, ".site-header__bar")
    # Each button is the <summary> of a <details>: a disclosure button, named in the page's language.
    assert disclosure_buttons(page) == [sections, search]
    menu_button, search_button = (
        page.locator(".site-menu > summary"),
        page.locator(".site-search-menu > summary"),
    )
    parts = [menu_button, page.locator(".site-name"), search_button, page.locator(".language-switch a")]
    for part in parts:
        assert part.is_visible()
        found = part.bounding_box()
        # Each sits inside the one row, whole: none wraps to a second line or leaves the screen.
        assert bar["y"] <= found["y"] and found["y"] + found["height"] <= bar["y"] + bar["height"] + 0.5
        assert found["x"] >= 0 and found["x"] + found["width"] <= PHONE["width"]
    assert bar["height"] < 64
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for hidden in (".site-header__sections", ".site-header__date", "form.site-search"):
        assert not page.locator(hidden).is_visible(), hidden
    # Tapping the buttons leaves the row as it was: what they open lies over the page.
    menu_button.click()
    menu = page.locator(".site-menu__panel")
    assert menu.get_by_role("link", name="World" if language == "en" else "عالم").is_visible()
    assert menu.get_by_role("link", name="Economy" if language == "en" else "اقتصاد").is_visible()
    assert menu.locator(".dateline").is_visible()
    assert box(page, ".site-header__bar") == bar
    keep(page, f"reader-front-phone-menu-{language}")
    menu_button.click()
    assert not menu.is_visible()

    search_button.click()
    field = page.get_by_role("searchbox", name=search)
    assert field.is_visible()
    keep(page, f"reader-front-phone-search-{language}")
    field.fill("Pyongyang" if language == "en" else "بيونغ")
    field.press("Enter")
    page.wait_for_load_state()
    assert f"/{language}/search/?q=" in page.url
    title = stories.title_en if language == "en" else stories.title_ar
    assert page.get_by_role("link", name=title).is_visible()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_desktop_header_keeps_its_search_sections_and_date_line(browser, live_server, stories, language):
    page = open_page(browser, f"{live_server.url}/{language}/", language, DESKTOP, script=False)
    for shown in (".site-header__date .dateline", "form.site-search input", ".site-header__sections a"):
        assert page.locator(shown).first.is_visible(), shown
    for hidden in (".site-menu", ".site-search-menu"):
        assert not page.locator(hidden).is_visible(), hidden
    keep(page, f"reader-front-desktop-{language}")


def test_a_stored_article_is_the_same_bytes_later_and_the_script_says_how_long_ago(
    browser, live_server, page_cache, clock
):
    # Far enough from midnight that the date line does not end the stored page meanwhile.
    now = timezone.localtime()
    to_midnight = (now.replace(hour=0, minute=0, second=0) + timedelta(days=1) - now).total_seconds()
    if to_midnight < 2 * 60 * 60:
        clock.advance(to_midnight + 60)
    section = SectionFactory(slug="world", name_ar="عالم", name_en="World")
    article = ArticleFactory(
        section=section,
        title_ar="محادثات في بيونغ يانغ",
        slug_ar="محادثات-بيونغ-يانغ",
        title_en="Talks in Pyongyang",
        slug_en="talks-in-pyongyang",
        published_at=timezone.now() - timedelta(hours=2, minutes=20),
    )
    url = live_server.url + iri_to_uri(article.url_in("ar"))
    with urllib.request.urlopen(url) as first:  # noqa: S310 - the test server's http address
        assert first.headers["X-Page-Cache"] == "miss"
        first_bytes = first.read()
    clock.advance(40 * 60)  # another reader, forty minutes later
    with urllib.request.urlopen(url) as second:  # noqa: S310 - the test server's http address
        assert second.headers["X-Page-Cache"] == "hit"
        assert second.read() == first_bytes
    assert b"time-ago" not in first_bytes and "(قبل".encode() not in first_bytes
    written = re.search(r'data-relative="latn">([^<]+)</time>', first_bytes.decode()).group(1)

    later = open_page(browser, url, "ar", DESKTOP, at=time.time())
    assert later.locator(".article__byline .time-ago").inner_text() == "(قبل 3 ساعات)"
    assert later.locator(".article__byline time[data-relative]").inner_text() == written  # the date stays
    assert later.errors == []
    keep(later, "reader-front-relative-time")
    sooner = open_page(browser, url, "ar", DESKTOP, at=time.time() - 40 * 60)
    assert sooner.locator(".article__byline .time-ago").inner_text() == "(قبل ساعتين)"
    english = open_page(browser, live_server.url + article.url_in("en"), "en", DESKTOP, at=time.time())
    assert english.locator(".article__byline .time-ago").inner_text() == "(3 hours ago)"

    without = open_page(browser, url, "ar", DESKTOP, script=False)
    assert without.locator(".time-ago").count() == 0
    assert without.locator(".article__byline time[data-relative]").inner_text() == written
