"""The site's pages as readers get them: one stable address per language, in that language's
direction, with canonical and hreflang links; a language the page is not published in is a
404 that says where it can be read; staff preview what readers cannot see yet."""

import re

import pytest
from django.test import Client

from core.tests.twofactor import log_in_verified
from pages.models import Page
from pages.publishing import save_page, unpublish_page

from .site import about_page

pytestmark = pytest.mark.django_db


def get(url: str, client: Client | None = None):
    response = (client or Client()).get(url)
    return response, response.content.decode()


def links(html: str, rel: str) -> dict[str, str]:
    return dict(re.findall(rf'<link rel="{rel}" hreflang="([^"]+)" href="([^"]+)">', html))


def test_a_page_in_arabic_is_right_to_left_with_its_alternates():
    page = about_page()
    response, html = get("/ar/pages/من-نحن/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h1 class="site-page__title">من نحن</h1>' in html
    assert '<div class="site-page__body" lang="ar" dir="rtl">' in html
    assert "موقع إخباري مستقل" in html
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert canonical == "http://testserver/ar/pages/%D9%85%D9%86-%D9%86%D8%AD%D9%86/"
    assert links(html, "alternate") == {
        "ar": canonical,
        "en": "http://testserver/en/pages/about-us/",
        "x-default": canonical,
    }
    # The language switch leads to the English page itself, not the English home page.
    assert 'href="http://testserver/en/pages/about-us/" hreflang="en" lang="en"' in html
    assert page.get_absolute_url() == "/ar/pages/%D9%85%D9%86-%D9%86%D8%AD%D9%86/"


def test_a_page_in_english_is_left_to_right():
    about_page()
    response, html = get("/en/pages/about-us/")
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in html
    assert '<div class="site-page__body" lang="en" dir="ltr">' in html
    assert "<title>About us – " in html
    assert '<link rel="canonical" href="http://testserver/en/pages/about-us/">' in html


def test_a_page_is_shared_under_its_own_key_and_the_footer_list():
    page = about_page()
    response, _html = get("/ar/pages/من-نحن/")
    assert response["Cache-Control"].startswith("public")
    assert set(response["xkey"].split()) >= {f"page:{page.pk}", "pages"}


def test_a_language_the_page_is_not_published_in_is_a_404_that_says_where_it_is():
    about_page(english=False)
    assert Client().get("/en/pages/about-us/").status_code == 404
    response, html = get("/en/pages/من-نحن/")
    assert response.status_code == 404
    assert "This page is not available in English." in html
    assert 'href="/ar/pages/%D9%85%D9%86-%D9%86%D8%AD%D9%86/" hreflang="ar"' in html
    assert "noindex" in html
    assert "public" not in response.get("Cache-Control", "")


def test_the_address_in_another_language_leads_to_this_language_s_own():
    about_page()
    response = Client().get("/en/pages/من-نحن/")
    assert (response.status_code, response["Location"]) == (301, "/en/pages/about-us/")


def test_a_withdrawn_or_never_published_page_is_a_404():
    page = about_page()
    unpublish_page(page, "ar", by=None)
    assert Client().get("/ar/pages/من-نحن/").status_code == 404
    assert Client().get("/en/pages/about-us/").status_code == 200
    draft = save_page(Page(title_ar="مسودة صفحة", body_ar="<p>لم تنشر بعد.</p>"), by=None)
    assert Client().get(f"/ar/pages/{draft.slug_ar}/").status_code == 404


def test_an_editor_previews_a_page_readers_cannot_see(editor, writer):
    draft = save_page(Page(title_ar="صفحة قادمة", body_ar="<p>نص قادم.</p>"), by=None)
    url = f"/ar/pages/preview/{draft.pk}/"
    assert Client().get(url).status_code == 302  # to the login page
    client = Client()
    log_in_verified(client, editor)
    response, html = get(url, client)
    assert response.status_code == 200
    assert "نص قادم" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["Cache-Control"] == "private, no-store"
    assert 'rel="canonical"' not in html
    # A writer may not see the site's pages in the admin, nor their previews.
    client = Client()
    client.force_login(writer)
    assert client.get(url).status_code == 404
