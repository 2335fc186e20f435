"""The site's pages in the footer of every page, through the page cache as readers meet it:
home, an article, a section, search and a page not found all link them, in the reader's
language; a page renamed, withdrawn or moved reaches every footer on the next request,
while a change to a page's text leaves every other stored page as it is."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.tests.stories import two_stories
from core.tests.pagecache_helpers import get, state, warm
from pages.models import Page
from pages.publishing import save_page, unpublish_page

from .site import about_page, privacy_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def site():
    stories = two_stories()
    stories.about, stories.privacy = about_page(), privacy_page()
    # The pages every reader shares (search and a page not found are never stored).
    stories.urls = {
        "home": "/ar/",
        "article": stories.urls["a"],
        "section": stories.urls["world"],
        "about": stories.about.url_in("ar"),
    }
    return stories


EVERY_KIND = {
    "home": "/{language}/",
    "section": "/{language}/section/world/",
    "search": "/{language}/search/?q=news",
    "not found": "/{language}/no-such-page/",
}


def footer(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1]


def footer_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="site-links"[^>]*>(.*?)</nav>', footer(html), re.S)
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav.group(1)) if nav else []


def test_every_kind_of_page_links_the_site_s_pages_in_its_language(site):
    site.about.position = 30  # after the privacy policy
    save_page(site.about, by=None)
    urls = {**EVERY_KIND, "article": site.urls["article"], "page": site.privacy.url_in("ar")}
    for name, url in urls.items():
        response, html = get(url.format(language="ar"))
        assert response.status_code == (404 if name == "not found" else 200), name
        assert footer_links(html) == ["سياسة الخصوصية", "من نحن"], name
        assert 'href="/ar/pages/%D9%85%D9%86-%D9%86%D8%AD%D9%86/"' in footer(html), name
    unpublish_page(site.about, "en", by=None)
    for name, url in EVERY_KIND.items():
        _response, html = get(url.format(language="en"))
        assert footer_links(html) == ["Privacy policy"], name  # "About us" is not in English now


def test_the_footer_marks_the_page_being_read():
    about_page()
    _response, html = get("/en/pages/about-us/")
    assert '<a href="/en/pages/about-us/" aria-current="page">About us</a>' in footer(html)


def test_renaming_a_page_reaches_every_footer_on_the_next_request(site, commit):
    warm(site)
    with commit():
        site.privacy.title_ar = "الخصوصية وملفات الارتباط"
        save_page(site.privacy, by=None)
    for name, url in site.urls.items():
        response, html = get(url)
        assert response["X-Page-Cache"] == "miss", name
        assert "الخصوصية وملفات الارتباط" in footer_links(html), name
        assert "سياسة الخصوصية" not in html, name
    for name in ("search", "not found"):
        assert "الخصوصية وملفات الارتباط" in footer_links(get(EVERY_KIND[name].format(language="ar"))[1])


def test_a_withdrawn_page_leaves_every_footer(site, commit):
    warm(site)
    with commit():
        unpublish_page(site.privacy, "ar", by=None)
    assert get(site.privacy.url_in("en") or "/en/pages/privacy-policy/")[0].status_code == 200
    assert get("/ar/pages/سياسة-الخصوصية/")[0].status_code == 404
    for name, url in site.urls.items():
        assert footer_links(get(url)[1]) == ["من نحن"], name


def test_a_page_s_new_text_re_renders_that_page_alone(site, commit):
    warm(site)
    with commit():
        site.about.body_ar = "<p>نحن فريق صغير من الصحفيين المستقلين.</p>"
        save_page(site.about, by=None)
    response, html = get(site.urls["about"])
    assert response["X-Page-Cache"] == "miss"
    assert "فريق صغير من الصحفيين المستقلين" in html
    for name in ("home", "article", "section"):
        assert state(site.urls[name]) == "hit", name


def test_a_draft_page_being_written_changes_nothing_readers_see(site, commit):
    warm(site)
    with commit():
        save_page(Page(title_ar="أعلن معنا", body_ar="<p>قريباً.</p>"), by=None)
    assert {name: state(url) for name, url in site.urls.items()} == dict.fromkeys(site.urls, "hit")


def test_a_page_deleted_outside_the_admin_leaves_every_footer(site, commit):
    warm(site)
    with commit():
        site.privacy.delete()  # a superuser's shell: no state change ran
    for name in ("home", "article", "section"):
        assert footer_links(get(site.urls[name])[1]) == ["من نحن"], name


def test_the_footer_s_links_are_read_once_for_every_page_until_one_changes(site):
    get(site.urls["home"])
    with CaptureQueriesContext(connection) as queries:
        for name in ("article", "section"):
            assert footer_links(get(site.urls[name])[1]) == ["من نحن", "سياسة الخصوصية"]
    assert not [query for query in queries if "pages_page" in query["sql"]]
