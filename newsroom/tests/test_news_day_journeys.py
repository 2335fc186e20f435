"""A news day in a real browser: an editor (the Editor group, with the second factor, never a
superuser) arranges the home page, posts and withdraws «عاجل», and unpublishes a story; readers
in browsers of their own see each change on their next load, in Arabic and in English, on a
phone too. The pages readers get are stored pages (the page cache on, as in production), so
each change is proved to reach them through it. Debian's Chromium through Playwright against
the live test server (PostgreSQL, Redis).
"""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from articles.models import Article
from articles.reader.lists import ArticleList
from articles.tests.factories import ArticleFactory, SectionFactory
from breaking.models import Alert
from core.tests.roles import EDITOR
from fronts import arranging
from fronts.models import Layout, LayoutStatus

from .test_journeys import keep, log_in, new_page, staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_cache")]

ADMIN_LANGUAGES = pytest.mark.parametrize("language", ["ar", "en"], ids=["arabic-admin", "english-admin"])
PHONE = {"width": 390, "height": 844}

# The day's stories, newest first: (key, section, Arabic title, English title, hours ago).
STORIES = (
    ("quake", "world", "زلزال يضرب جنوب تركيا", "Earthquake strikes southern Turkey", 1),
    ("oil", "economy", "ارتفاع أسعار النفط", "Oil prices rise", 2),
    ("tunisia", "world", "انتخابات في تونس", "Elections in Tunisia", 3),
    ("league", "sport", "الهلال يفوز بالدوري", "Al-Hilal wins the league", 4),
    ("truce", "world", "إسرائيل توافق على هدنة في غزة", "Israel agrees to a truce in Gaza", 5),
    ("budget", "economy", "الحكومة تقر الموازنة", "The government passes the budget", 6),
)
SECTIONS = (("world", "العالم", "World"), ("economy", "الاقتصاد", "Economy"), ("sport", "الرياضة", "Sport"))


def news_day() -> dict[str, Article]:
    """The day's stories in their sections, by key."""
    sections = {
        slug: SectionFactory(slug=slug, name_ar=name_ar, name_en=name_en, position=number)
        for number, (slug, name_ar, name_en) in enumerate(SECTIONS)
    }
    now = timezone.now()
    stories = {
        key: ArticleFactory(
            section=sections[section],
            title_ar=title_ar,
            slug_ar=title_ar.replace(" ", "-"),  # Arabic addresses, as the desk makes them
            title_en=title_en,
            slug_en=key,
            published_at=now - timedelta(hours=hours),
        )
        for key, section, title_ar, title_en, hours in STORIES
    }
    return stories


@pytest.fixture
def day(live_server):
    """The day's stories, and mona, an editor of the Editor group."""
    staff("mona", EDITOR)
    return news_day()


def reader(browser, url: str, language: str = "ar", viewport: dict | None = None):
    """A reader's browser (a context of its own: nobody is logged in) open at ``url``."""
    context = browser.new_context(locale=language, viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(url)
    return page


def reload(page) -> str:
    """The page loaded again; how the page cache answered (hit, miss)."""
    response = page.reload()
    return response.headers.get("x-page-cache", "none")


def lead_title(page) -> str:
    return page.locator(".front-top__lead .card__title").inner_text()


def secondary_titles(page) -> list[str]:
    return page.locator(".front-top__secondary .card__title").all_inner_texts()


def pick(page, select_id: str, typed: str, shown: str) -> None:
    """As an editor picks a story in an autocomplete box: open it, type, click the story."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(f".select2-search__field[aria-controls=select2-{select_id}-results]").fill(typed)
    page.locator(f"#select2-{select_id}-results .select2-results__option", has_text=shown).click()


def story_rows(page) -> list[str]:
    """The secondary stories as the layout's form lists them, top to bottom."""
    rows = page.locator("#stories-group tbody tr.form-row:not(.empty-form) .select2-selection__rendered")
    return [text.strip("×\n ") for text in rows.all_inner_texts()]


# --- a. The editor arranges the home page, and readers get it ----------------------------------------


@ADMIN_LANGUAGES
def test_an_editor_arranges_the_home_page_and_readers_get_it_in_order(browser, live_server, day, language):
    site = live_server.url
    home_ar, home_en = reader(browser, site + "/ar/"), reader(browser, site + "/en/", "en")
    assert lead_title(home_ar) == "زلزال يضرب جنوب تركيا"  # the newest story, before any layout
    assert (reload(home_ar), reload(home_en)) == ("hit", "hit")  # stored pages, as readers get them

    page = new_page(browser, language)
    page.set_default_timeout(10_000)
    log_in(page, site, "mona")
    page.goto(site + "/admin/fronts/layout/add/")
    page.fill("#id_title", "واجهة الظهيرة")
    titles = {key: title_ar if language == "ar" else title_en for key, _s, title_ar, title_en, _h in STORIES}
    # The lead, found by the editor's spelling: «اسرائيل» without the hamza. The admin lists
    # each story by its title in the admin's language.
    pick(page, "id_lead", "اسرائيل", titles["truce"])
    typed = {"ar": ("تونس", "النفط", "الهلال"), "en": ("Tunisia", "Oil", "Hilal")}[language]
    for number, (words, key) in enumerate(zip(typed, ("tunisia", "oil", "league"), strict=True)):
        pick(page, f"id_stories-{number}-article", words, titles[key])
    # The league first, then the oil prices, then Tunisia: with the rows' up and down buttons.
    league = page.locator("#stories-group tr.form-row", has=page.locator("#id_stories-2-article"))
    league.locator(".front-order__move--up").click()
    league.locator(".front-order__move--up").click()
    moved = {"ar": "نُقل إلى المكان 1 من 4.", "en": "Moved to place 1 of 4."}[language]
    expect(page.locator("[data-front-order-status]")).to_have_text(moved)  # told to a screen reader
    oil = page.locator("#stories-group tr.form-row", has=page.locator("#id_stories-1-article"))
    oil.locator(".front-order__move--up").click()
    assert story_rows(page)[:3] == [titles["league"], titles["oil"], titles["tunisia"]]
    # Under them, a block of the economy's latest two.
    page.select_option("#id_blocks-0-kind", ArticleList.SECTION_LATEST)
    page.select_option("#id_blocks-0-section", str(day["budget"].section_id))
    page.fill("#id_blocks-0-count", "2")
    keep(page, f"news-day-layout-{language}")
    page.locator("button.front-step--publish").click()
    page.wait_for_load_state()
    with translation.override(language):
        published, live, block = (
            gettext("The layout is live on its front."),
            gettext("Live now"),
            gettext("A section's latest"),
        )
    expect(page.locator(".messagelist .success", has_text=published)).to_be_visible()
    assert page.errors == []
    assert Layout.objects.get().status == LayoutStatus.PUBLISHED

    # Opened again from the list: as the editor arranged it, and live; each block's row is
    # headed by the block as the editor picked it from the list.
    page.locator("#result_list").get_by_role("link", name="واجهة الظهيرة").click()
    page.wait_for_load_state()
    assert page.locator(".field-state_now .readonly").inner_text() == live
    assert story_rows(page)[:3] == [titles["league"], titles["oil"], titles["tunisia"]]
    assert page.locator("#blocks-group td.original p").all_inner_texts() == [block]

    # The readers' next load: the lead and the secondary stories in the editor's order, then
    # the newest story in the slot left empty, and the block with what is left of the economy.
    reload(home_ar)
    assert lead_title(home_ar) == "إسرائيل توافق على هدنة في غزة"
    assert secondary_titles(home_ar) == [
        "الهلال يفوز بالدوري",
        "ارتفاع أسعار النفط",
        "انتخابات في تونس",
        "زلزال يضرب جنوب تركيا",
    ]
    reload(home_en)
    assert lead_title(home_en) == "Israel agrees to a truce in Gaza"
    assert secondary_titles(home_en) == [
        "Al-Hilal wins the league",
        "Oil prices rise",
        "Elections in Tunisia",
        "Earthquake strikes southern Turkey",
    ]
    economy = home_ar.locator(".front-block", has=home_ar.get_by_role("heading", name="الاقتصاد"))
    assert economy.locator(".card__title").all_inner_texts() == ["الحكومة تقر الموازنة"]
    # Every story is on the front: no "Latest news" heading over an empty list under it.
    assert home_ar.locator(".latest").count() == 0
    keep(home_ar, f"news-day-home-arranged-{language}")


# --- b. «عاجل»: posted, on every stored page at once, withdrawn ----------------------------------------

NEWS_AR = "عاجل: زلزال بقوة ست درجات يضرب جنوب تركيا"
NEWS_EN = "A magnitude 6 earthquake strikes southern Turkey"


def alert_shown(page) -> dict | None:
    """The alert as a reader's page shows it under the header: its live region's role, its
    line and its link; None when there is none."""
    region = page.locator("[data-breaking]")
    if region.count() == 0:
        return None
    link = region.locator("a")
    return {
        "role": region.get_attribute("role"),
        "text": region.inner_text(),
        "link": link.get_attribute("href") if link.count() else None,
    }


def test_an_alert_is_on_a_stored_page_at_once_and_leaves_when_withdrawn(browser, live_server, day):
    language = "en"  # the editor's admin: English here, Arabic in the unpublishing journey
    site = live_server.url
    story, linked = day["quake"], day["truce"]
    link = linked.url_in("ar")
    # Two readers on the story's page, as stored by the page cache (a hit on their next load):
    # one in Arabic at a desk, one in English on a phone.
    readers = {
        "ar": reader(browser, site + story.url_in("ar")),
        "en": reader(browser, site + story.url_in("en"), "en", PHONE),
    }
    for page in readers.values():
        assert reload(page) == "hit" and alert_shown(page) is None

    editor = new_page(browser, language)
    editor.set_default_timeout(10_000)
    log_in(editor, site, "mona")
    editor.goto(site + "/admin/breaking/alert/")
    editor.fill("#id_text_ar", NEWS_AR)
    editor.fill("#id_text_en", NEWS_EN)
    editor.fill("#id_link", link)
    editor.locator(".breaking-post input[type=submit]").click()
    editor.wait_for_load_state()
    posted = time.monotonic()
    # Right away, without waiting (the first reader within a second of the post): each
    # reader's next load has it, and the page is still the stored one (the alert is put in
    # at the edge; no page was thrown away for it).
    for code, page in readers.items():
        if code == "ar":
            assert time.monotonic() - posted < 1.0
        assert reload(page) == "hit", code
        shown = alert_shown(page)
        assert shown is not None, code
        assert shown["role"] == "status"  # a live region: screen readers say it
        assert (NEWS_AR if code == "ar" else NEWS_EN) in shown["text"]
        # The editor pasted the Arabic address; each reader is led to the story in their language.
        assert shown["link"] == linked.url_in(code)
    # The editor is told until when, as the list's "ends" column says it (24-hour clock).
    alert = Alert.objects.get()
    with translation.override(language):
        until = gettext("The alert is on every page until %(time)s.") % {
            "time": timezone.localtime(alert.expires_at).strftime("%H:%M")
        }
    assert readers["en"].evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    keep(readers["ar"], f"news-day-alert-{language}")
    keep(readers["en"], f"news-day-alert-phone-{language}")
    # Its link takes each reader to the story, in their language.
    for code, page in readers.items():
        page.locator("[data-breaking] a").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(getattr(linked, f"title_{code}"))
        page.go_back()
    assert editor.locator(".messagelist .success").inner_text() == until
    keep(editor, f"news-day-alert-posted-{language}")

    # Withdrawn from the list with the alert's own button, which the editor sees without
    # scrolling the list sideways: gone from the readers' next load, the pages still stored.
    withdraw = editor.locator(f"#result_list button[formaction$='/{alert.pk}/withdraw/']")
    shown_list, button = editor.locator("#changelist .results").bounding_box(), withdraw.bounding_box()
    assert (
        shown_list["x"] <= button["x"]
        and button["x"] + button["width"] <= shown_list["x"] + shown_list["width"]
    )
    withdraw.click()
    editor.wait_for_load_state()
    assert editor.errors == []
    for code, page in readers.items():
        assert reload(page) == "hit", code
        assert alert_shown(page) is None, code
        assert page.get_by_text(NEWS_AR if code == "ar" else NEWS_EN).count() == 0


# --- c. A story unpublished leaves the home page and its section front ------------------------------


def arranged(day, editor_user) -> tuple[Layout, Layout]:
    """The home page and the world front as the desk arranged them this morning: Tunisia's
    elections second on the home page and leading the world front; the economy's latest in a
    block under the home page's top stories."""
    home = Layout(section=None, title="واجهة الصباح", lead=day["truce"])
    economy = arranging.BlockSpec(ArticleList.SECTION_LATEST, section=day["oil"].section, count=3)
    arranging.save_layout(home, by=editor_user, stories=[day["tunisia"], day["oil"]], blocks=[economy])
    arranging.publish_layout(home, by=editor_user)
    world = Layout(section=day["tunisia"].section, title="واجهة العالم", lead=day["tunisia"])
    arranging.save_layout(world, by=editor_user, stories=[day["quake"]])
    arranging.publish_layout(world, by=editor_user)
    return home, world


def test_a_story_unpublished_in_the_admin_leaves_the_home_page_and_its_section_front(
    browser, live_server, day
):
    language = "ar"  # the editor's admin: Arabic here, English in the alert's journey
    site = live_server.url
    story = day["tunisia"]
    arranged(day, get_user_model().objects.get(username="mona"))
    world = story.section
    with translation.override("en"):
        world_en = world.get_absolute_url()
    with translation.override("ar"):
        world_ar = world.get_absolute_url()
    readers = {
        "home, Arabic": (reader(browser, site + "/ar/"), story.title_ar),
        "world front, Arabic": (reader(browser, site + world_ar), story.title_ar),
        "home, English": (reader(browser, site + "/en/", "en"), story.title_en),
        "world front, English, phone": (reader(browser, site + world_en, "en", PHONE), story.title_en),
    }
    assert secondary_titles(readers["home, Arabic"][0])[0] == story.title_ar
    assert lead_title(readers["world front, Arabic"][0]) == story.title_ar
    for name, (page, title) in readers.items():
        assert reload(page) == "hit", name  # stored
        assert page.get_by_role("link", name=title).first.is_visible(), name

    # The editor finds it on the desk and unpublishes it with the list's action.
    editor = new_page(browser, language)
    editor.set_default_timeout(10_000)
    log_in(editor, site, "mona")
    editor.goto(site + "/admin/articles/article/?q=تونس")
    row = editor.locator("#result_list tbody tr", has_text=story.title_ar)
    row.locator("input[name=_selected_action]").check()
    editor.select_option("select[name=action]", "unpublish_selected")
    editor.locator("button[name=index]").click()
    editor.wait_for_load_state()
    with translation.override(language):
        done = gettext("%(count)d article was returned to draft.") % {"count": 1}
    expect(editor.locator(".messagelist .success", has_text=done)).to_be_visible()
    assert editor.errors == []
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT

    for name, (page, title) in readers.items():
        reload(page)
        assert page.get_by_text(title).count() == 0, name
    # Its place goes to the newest story not otherwise on the page; the rest stays as arranged.
    assert lead_title(readers["home, Arabic"][0]) == "إسرائيل توافق على هدنة في غزة"
    assert secondary_titles(readers["home, Arabic"][0])[:2] == ["زلزال يضرب جنوب تركيا", "ارتفاع أسعار النفط"]
    assert lead_title(readers["world front, Arabic"][0]) == "إسرائيل توافق على هدنة في غزة"
    phone = readers["world front, English, phone"][0]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    keep(phone, f"news-day-unpublished-phone-{language}")
