"""The site's pages in /sitemap.xml: each in the languages readers can read it in, with its
other language as an alternate, and the sitemap stored by the page cache changes when a
page is published or withdrawn."""

import pytest

from core.tests.pagecache_helpers import get, state
from pages.publishing import publish_page, unpublish_page

from .site import about_page

pytestmark = pytest.mark.django_db

ABOUT_AR = "http://testserver/ar/pages/%D9%85%D9%86-%D9%86%D8%AD%D9%86/"
ABOUT_EN = "http://testserver/en/pages/about-us/"


def test_the_sitemap_lists_each_page_in_each_published_language():
    about_page()
    response, xml = get("/sitemap.xml")
    assert response.status_code == 200
    assert f"<loc>{ABOUT_AR}</loc>" in xml
    assert f"<loc>{ABOUT_EN}</loc>" in xml
    assert f'<xhtml:link rel="alternate" hreflang="en" href="{ABOUT_EN}"/>' in xml
    # x-default is the Arabic page, as the pages themselves say.
    assert f'<xhtml:link rel="alternate" hreflang="x-default" href="{ABOUT_AR}"/>' in xml
    assert "<lastmod>" in xml.split(ABOUT_AR, 1)[1].split("</url>", 1)[0]


def test_a_language_not_published_is_not_in_the_sitemap():
    about_page(english=False)
    xml = get("/sitemap.xml")[1]
    assert f"<loc>{ABOUT_AR}</loc>" in xml
    assert "about-us" not in xml


@pytest.mark.usefixtures("page_cache")
def test_the_stored_sitemap_follows_publishing(commit):
    page = about_page(english=False)
    get("/sitemap.xml")
    assert state("/sitemap.xml") == "hit"
    with commit():
        publish_page(page, "en", by=None)
    assert f"<loc>{ABOUT_EN}</loc>" in get("/sitemap.xml")[1]
    with commit():
        unpublish_page(page, "ar", by=None)
    xml = get("/sitemap.xml")[1]
    assert ABOUT_AR not in xml and f"<loc>{ABOUT_EN}</loc>" in xml
