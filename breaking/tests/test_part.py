"""The alert as readers see it, on pages rendered for them: under the header of every page,
in the page's language, announced to screen readers, its text and link inert whatever an
editor typed; and a page showing it is still the same page for everyone."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils.encoding import iri_to_uri

from articles.tests.factories import ArticleFactory
from articles.tests.stories import two_stories
from breaking.alerts import post_alert, withdraw_alert
from core.tests.twofactor import log_in_verified

pytestmark = pytest.mark.django_db

NEWS = "عاجل من طهران: توقيع اتفاق مع IAEA"
ALERT_BOX = re.compile(r'<div class="breaking" role="status" data-breaking>.*?</div>', re.S)


@pytest.fixture
def site():
    return two_stories()


def alert_on(url: str, client=None) -> str | None:
    """The alert's box on the page at ``url``, or None."""
    response = (client or Client()).get(url)
    assert response.status_code in (200, 404), url
    found = ALERT_BOX.search(response.content.decode())
    return found.group(0) if found else None


def test_no_alert_no_box_and_no_include_left_in_the_page(site):
    for url in site.urls.values():
        page = Client().get(url).content.decode()
        assert "data-breaking" not in page and "esi:include" not in page, url


def test_the_alert_is_under_the_header_of_every_page_in_its_language(site):
    post_alert(by=None, text_ar=NEWS, text_en="Agreement signed in Tehran", link="/ar/news/x/")
    pages = [url for name, url in site.urls.items() if name != "feed"]
    pages += ["/ar/search/?q=طهران", "/ar/no-such-page/", "/ar/news/no-such-story/"]
    for url in pages:
        box = alert_on(url)
        assert box is not None and "توقيع اتفاق" in box, url
    page = Client().get("/ar/").content.decode()
    assert page.index("</header>") < page.index("data-breaking") < page.index('<main id="main"')
    english = alert_on("/en/")
    assert "Agreement signed in Tehran" in english and "طهران" not in english


def test_an_alert_in_one_language_is_not_on_the_other_languages_pages(site):
    post_alert(by=None, text_en="Only for English readers")
    assert alert_on("/ar/") is None
    assert "Only for English readers" in alert_on("/en/")


def test_the_box_is_a_live_region_with_its_label_and_latin_names_isolated(site):
    post_alert(by=None, text_ar=NEWS, link="https://agency.example/live")
    box = alert_on(site.urls["a"])
    assert '<strong class="breaking__label">عاجل</strong>' in box
    assert '<a class="breaking__text" href="https://agency.example/live">' in box
    assert "<bdi>IAEA</bdi>" in box  # a Latin name keeps its own order in the Arabic line
    assert 'role="status"' in box and "tabindex" not in box and "autofocus" not in box
    english = alert_on("/en/")
    assert english is None  # no English text


def test_hostile_text_is_shown_as_text(site):
    hostile = (
        '<script>alert(1)</script>"><img src=x onerror=alert(2)><esi:include src="/_edge/breaking/ar/"/>'
    )
    post_alert(by=None, text_ar=hostile, link='https://agency.example/"onmouseover="alert(3)')
    page = Client().get("/ar/").content.decode()
    box = ALERT_BOX.search(page).group(0)
    for left_out in ("<script>alert", "<img src=x", "<esi:include"):
        assert left_out not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in box
    assert "&lt;esi:include src=&quot;/_edge/breaking/ar/&quot;/&gt;" in box  # not put in: shown
    assert 'href="https://agency.example/&quot;onmouseover=&quot;alert(3)"' in box


def test_a_withdrawn_alert_leaves_every_page(site):
    alert = post_alert(by=None, text_ar=NEWS)
    assert alert_on(site.urls["world"]) is not None
    withdraw_alert(alert, by=None)
    assert alert_on(site.urls["world"]) is None


def test_the_alert_makes_no_page_private_and_names_no_key_of_its_own(site):
    post_alert(by=None, text_ar=NEWS)
    response = Client().get(site.urls["a"])
    assert response["Cache-Control"].startswith("public")
    assert "breaking" not in response["xkey"].split()  # the page does not change with it
    assert not response.cookies and "Cookie" not in response.get("Vary", "")


def test_staff_reading_the_site_see_the_alert_too(site, editor):
    post_alert(by=editor, text_ar=NEWS)
    client = Client()
    log_in_verified(client, editor)
    assert alert_on(site.urls["a"], client) is not None


def test_the_part_is_a_shared_page_of_its_own_that_ends_with_the_alert(site):
    post_alert(by=None, text_ar=NEWS, lasts=timedelta(minutes=2))
    response = Client().get("/_edge/breaking/ar/")
    assert response.status_code == 200 and "توقيع اتفاق" in response.content.decode()
    assert response["xkey"] == "breaking"
    # Caches in front keep it until the alert ends at the latest.
    control = re.fullmatch(r"public, max-age=0, s-maxage=(\d+)", response["Cache-Control"])
    assert control and 100 <= int(control.group(1)) <= 120
    assert (response["Content-Language"], response["X-Robots-Tag"]) == ("ar", "noindex")
    assert "Vary" not in response
    assert Client().get("/_edge/breaking/fr/").status_code == 404
    missing = Client().get("/_edge/no-such-part/ar/")
    assert (missing.status_code, missing.content) == (404, b"")


def test_a_link_to_a_story_leads_each_reader_to_the_story_in_their_language(site):
    story = site.a
    story.slug_en = "talks-in-tehran"
    story.save()
    post_alert(by=None, text_ar=NEWS, text_en="Talks in Tehran", link=iri_to_uri(story.url_in("ar")))
    assert f'href="{story.url_in("ar")}"' in alert_on("/ar/")
    assert 'href="/en/news/talks-in-tehran/"' in alert_on("/en/")
    # One the story has no version of, or that is no story, goes where it was typed.
    arabic_only = ArticleFactory(arabic_only=True, section=site.world)
    post_alert(by=None, text_en="Cup final tonight", link=arabic_only.url_in("ar"))
    assert f'href="{arabic_only.url_in("ar")}"' in alert_on("/en/")
    post_alert(by=None, text_en="Live", link="/ar/section/world/")
    assert 'href="/ar/section/world/"' in alert_on("/en/")
