"""The independent judges (``test_judges``) on the news day's pages: the home page with an
arranged layout and a «عاجل» alert showing, and a section front with a layout of its own, in
Arabic and English at a phone's width (390 px) and a desktop's; and the editors' screens
behind them — a layout's add and change screens, the layouts' list, the alerts' list with its
form and the form's own page — in an Arabic and an English admin, seen by an Editor logged in
with the second factor. axe-core in Chromium finds no serious or critical violation (Django's
and select2's own parts left out, as ``test_judges.NOT_OURS``), nothing on a reader's page is
wider than the phone's screen, and the W3C Nu checker finds no error in the markup."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone, translation

from breaking.alerts import post_alert, withdraw_alert
from core.tests.roles import EDITOR
from core.tests.twofactor import log_in_verified
from fronts import arranging
from fronts.models import Layout

from .test_journeys import staff
from .test_judges import JAVA, NU_NOT_OURS, desk_violations, nu_errors, serious_violations
from .test_news_day_journeys import arranged, news_day

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
NEWS = {
    "ar": "عاجل: زلزال بقوة ست درجات يضرب جنوب تركيا",
    "en": "A magnitude 6 earthquake strikes southern Turkey",
}

# The headings of a page's sections that stand over nothing (a section with only its heading).
HEADINGS_OVER_NOTHING = """sections => sections
    .filter(section => [...section.children].every(child => /^H[1-6]$/.test(child.tagName)))
    .map(section => section.innerText.trim())"""


def the_day(editor_user) -> dict[str, Layout]:
    """The stories arranged on the home page and the world front, a draft and a scheduled
    layout waiting, and one alert live after another was withdrawn."""
    day = news_day()
    home, world = arranged(day, editor_user)
    draft = Layout(section=None, title="واجهة المساء", lead=day["budget"])
    arranging.save_layout(draft, by=editor_user, stories=[day["league"]])
    later = Layout(section=day["league"].section, title="واجهة الرياضة", lead=day["league"])
    arranging.save_layout(later, by=editor_user)
    arranging.schedule_layout(later, by=editor_user, at=timezone.now() + timedelta(hours=6))
    withdraw_alert(post_alert(by=editor_user, text_ar="خبر سُحب"), by=editor_user)
    post_alert(by=editor_user, text_ar=NEWS["ar"], text_en=NEWS["en"], link=day["truce"].url_in("ar"))
    return {"home": home, "world": world}


def reader_pages(layouts: dict[str, Layout], language: str) -> list[str]:
    with translation.override(language):
        return [f"/{language}/", layouts["world"].section.get_absolute_url()]


def admin_pages(layouts: dict[str, Layout]) -> list[str]:
    return [
        "/admin/fronts/layout/add/",
        f"/admin/fronts/layout/{layouts['home'].pk}/change/",
        "/admin/fronts/layout/",
        "/admin/breaking/alert/",
        "/admin/breaking/alert/add/",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_news_day_has_no_serious_or_critical_accessibility_violations(browser, live_server):
    editor = staff("mona", EDITOR)  # who uses the admin's pages: an editor, never a superuser
    layouts = the_day(editor)
    found, too_wide, missing = {}, [], []
    for language in ("ar", "en"):
        for name, (width, height) in WIDTHS.items():
            page = browser.new_page(locale=language, viewport={"width": width, "height": height})
            for url in reader_pages(layouts, language):
                page.goto(live_server.url + url)
                if page.locator("[data-breaking] .breaking__text", has_text=NEWS[language]).count() != 1:
                    missing.append(f"{language} {url}: the alert")
                if page.locator(".front-top__lead .card--lead").count() != 1:
                    missing.append(f"{language} {url}: the arranged lead")
                if bare := page.locator("main section").evaluate_all(HEADINGS_OVER_NOTHING):
                    missing.append(f"{language} {url}: anything under {bare}")
                if serious := serious_violations(page):
                    found[f"{language} {name} {url}"] = serious
                if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                    too_wide.append(f"{language} {name} {url}")
            page.close()

        # An editor of each language (a code of the second factor is good for one login).
        page, seen = desk_violations(browser, live_server, language, f"mona-{language}", admin_pages(layouts))
        found.update(seen)
        page.context.close()
    assert missing == []
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
    assert too_wide == []


@pytest.mark.django_db
@pytest.mark.skipif(
    not Path(JAVA).exists(), reason="needs Java for the Nu HTML checker (.ci/run installs it)"
)
def test_the_nu_html_checker_finds_no_errors_on_the_news_day(editor):
    layouts = the_day(editor)
    documents = {}
    for language in ("ar", "en"):
        reader = Client()
        admin = Client(headers={"accept-language": language})
        log_in_verified(admin, editor)
        pages = [(reader, url) for url in reader_pages(layouts, language)]
        pages += [(admin, url) for url in admin_pages(layouts)]
        for client, url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            if client is reader:  # the alert's markup is checked with the page's
                assert NEWS[language] in response.content.decode(), url
            documents[f"{language} {url}"] = response.content
    errors = nu_errors(documents, ignore=NU_NOT_OURS)
    assert errors == [], "\n".join(errors)
