"""The demo's five pages: published in Arabic and English, loaded once however often the
demo is loaded, and a privacy policy that says how long this site's settings keep what they
keep."""

import pytest
from django.test import Client

from pages import demo
from pages.models import Page

pytestmark = pytest.mark.django_db

TITLES_AR = ["من نحن", "اتصل بنا", "سياسة الخصوصية", "شروط الاستخدام", "سياسة التصحيح"]
TITLES_EN = ["About us", "Contact us", "Privacy policy", "Terms of use", "Corrections policy"]


def test_the_demo_has_five_pages_in_both_languages():
    assert demo.load() == (5, 5)
    pages = list(Page.objects.all())
    assert [page.title_ar for page in pages] == TITLES_AR
    assert [page.title_en for page in pages] == TITLES_EN
    for page in pages:
        assert page.live_languages() == ["ar", "en"]
        for language in ("ar", "en"):
            assert Client().get(page.url_in(language)).status_code == 200
    assert demo.load() == (5, 0)
    assert Page.objects.count() == 5


def test_the_privacy_policy_says_what_this_site_keeps_and_for_how_long(settings):
    settings.COMMENTS_TRACE_RETENTION_DAYS = 14
    settings.COMMENTS_SPAM_RETENTION_DAYS = 7
    demo.load()
    privacy = Page.objects.get(slug_en="privacy-policy")
    assert "14 يوماً" in privacy.body_ar and "7 أيام" in privacy.body_ar
    assert "after 14 days" in privacy.body_en and "after 7 days" in privacy.body_en
    assert "moderators only" in privacy.body_en
    assert "no advertising or tracking cookies" in privacy.body_en
    assert "{" not in privacy.body_ar + privacy.body_en


@pytest.mark.parametrize(
    ("count", "words"),
    [(1, "يوم واحد"), (2, "يومين"), (3, "3 أيام"), (10, "10 أيام"), (30, "30 يوماً"), (100, "100 يوم")],
)
def test_arabic_day_counts_agree_with_the_number(count, words):
    assert demo.days(count, "ar") == words
