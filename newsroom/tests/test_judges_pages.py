"""The independent judges (``test_judges``) on the site's own pages: about us, contact,
privacy policy, terms and corrections policy as ``load_demo`` gives them, in Arabic and
English, at a phone's width (390 px) and a desktop's. axe-core in Chromium finds no serious
or critical violation, nothing is wider than the phone's screen, and the W3C Nu checker
finds no error in the markup."""

from pathlib import Path

import pytest
from django.test import Client

from pages import demo
from pages.models import Page

from .test_judges import JAVA, nu_errors, serious_violations

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def site_pages(language: str) -> list[str]:
    return [page.url_in(language) for page in Page.objects.live(language)]


@pytest.mark.django_db(transaction=True)
def test_the_site_pages_have_no_serious_or_critical_accessibility_violations(browser, live_server):
    demo.load()
    found, too_wide = {}, []
    for language in ("ar", "en"):
        urls = site_pages(language)
        assert len(urls) == 5
        for name, (width, height) in WIDTHS.items():
            page = browser.new_page(locale=language, viewport={"width": width, "height": height})
            for url in urls:
                page.goto(live_server.url + url)
                page.wait_for_load_state("load")
                if serious := serious_violations(page):
                    found[f"{language} {name} {url}"] = serious
                if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                    too_wide.append(f"{language} {name} {url}")
            page.close()
    assert found == {}
    assert too_wide == []


@pytest.mark.django_db
@pytest.mark.skipif(
    not Path(JAVA).exists(), reason="needs Java for the Nu HTML checker (.ci/run installs it)"
)
def test_the_nu_html_checker_finds_no_errors_on_the_site_pages():
    demo.load()
    client = Client()
    documents = {}
    for language in ("ar", "en"):
        for url in site_pages(language):
            response = client.get(url)
            assert response.status_code == 200, url
            documents[url] = response.content
    errors = nu_errors(documents)
    assert errors == [], "\n".join(errors)
