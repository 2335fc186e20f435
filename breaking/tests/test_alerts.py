"""Posting and withdrawing an alert: who may, what an alert may say, how long it lasts, and
which one readers of each language see."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from breaking.alerts import MESSAGES, post_alert, shown_alert, withdraw_alert
from breaking.models import Alert
from breaking.vocabulary import Refusal, State
from core.models import Invalidation
from core.twofactor import must_use_second_factor

pytestmark = pytest.mark.django_db

NEWS = "انفجار في ميناء بيروت"


def test_every_refusal_has_its_message():
    assert set(MESSAGES) == set(Refusal)


# --- who may ----------------------------------------------------------------------------------------


def test_an_editor_posts_and_withdraws_and_the_alert_keeps_who_and_when(editor, clock):
    alert = post_alert(by=editor, text_ar=NEWS, text_en="Explosion at Beirut port")
    assert (alert.posted_by, alert.state()) == (editor, State.LIVE)
    assert alert.expires_at - alert.posted_at == timedelta(minutes=30)  # the default
    clock.advance(60)
    withdraw_alert(alert, by=editor)
    alert.refresh_from_db()
    assert (alert.withdrawn_by, alert.state()) == (editor, State.WITHDRAWN)
    assert alert.withdrawn_at - alert.posted_at >= timedelta(seconds=60)


@pytest.mark.parametrize("role", ["writer", "copy_editor", "moderator"])
def test_other_roles_may_neither_post_nor_withdraw(request, editor, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        post_alert(by=user, text_ar=NEWS)
    alert = post_alert(by=editor, text_ar=NEWS)
    with pytest.raises(PermissionDenied):
        withdraw_alert(alert, by=user)
    assert Alert.objects.get().state() == State.LIVE


def test_whoever_may_post_logs_in_with_a_second_factor(editor):
    assert editor.has_perm("breaking.post_alert") and must_use_second_factor(editor)


# --- what an alert may say ----------------------------------------------------------------------------


def refusal(**fields) -> str:
    with pytest.raises(ValidationError) as refused:
        post_alert(by=None, **fields)
    return refused.value.error_list[0].code


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({}, Refusal.NO_TEXT),
        ({"text_ar": "   ", "text_en": ""}, Refusal.NO_TEXT),
        ({"text_ar": "سطر أول\nسطر ثان"}, Refusal.NOT_ONE_LINE),
        ({"text_en": "one\u2028two"}, Refusal.NOT_ONE_LINE),
        ({"text_ar": "نص\x00"}, Refusal.NOT_ONE_LINE),
        ({"text_ar": "ع" * 161}, Refusal.TOO_LONG),
        ({"text_ar": NEWS, "link": "javascript:alert(1)"}, Refusal.UNSAFE_LINK),
        ({"text_ar": NEWS, "link": "JavaScript:alert(1)"}, Refusal.UNSAFE_LINK),
        ({"text_ar": NEWS, "link": "data:text/html,<script>alert(1)</script>"}, Refusal.UNSAFE_LINK),
        ({"text_ar": NEWS, "link": "http://news.example/story"}, Refusal.UNSAFE_LINK),
        ({"text_ar": NEWS, "link": "//evil.example/"}, Refusal.UNSAFE_LINK),
        ({"text_ar": NEWS, "link": "/\\evil.example/"}, Refusal.UNSAFE_LINK),
        ({"text_ar": NEWS, "link": "https://news.example/a b"}, Refusal.UNSAFE_LINK),
        ({"text_ar": NEWS, "lasts": timedelta(0)}, Refusal.BAD_DURATION),
        ({"text_ar": NEWS, "lasts": timedelta(hours=25)}, Refusal.BAD_DURATION),
    ],
)
def test_what_an_alert_may_not_say(fields, code):
    assert refusal(**fields) == code
    assert not Alert.objects.exists() and not Invalidation.objects.filter(key="breaking").exists()


def test_links_to_a_story_of_the_site_or_any_https_address_are_kept():
    story = post_alert(by=None, text_ar=NEWS, link=" /ar/world/beirut/ ")
    elsewhere = post_alert(by=None, text_ar=NEWS, link="https://agency.example/live?id=7")
    assert (story.link, elsewhere.link) == ("/ar/world/beirut/", "https://agency.example/live?id=7")


def test_the_house_style_applies_to_an_alert():
    alert = post_alert(by=None, text_ar="  عاجل:  ارتفاع  اسعار  الذهب ـ  في  الاسواق ی  ")
    assert alert.text_ar == "عاجل: ارتفاع اسعار الذهب في الاسواق ي"


# --- which alert readers see ---------------------------------------------------------------------------


def test_each_language_shows_its_newest_live_alert(clock):
    both = post_alert(by=None, text_ar="الخبر الأول", text_en="First news")
    clock.advance(1)
    arabic = post_alert(by=None, text_ar="الخبر الثاني")
    assert (shown_alert("ar"), shown_alert("en")) == (arabic, both)
    withdraw_alert(arabic, by=None)
    assert shown_alert("ar") == both


def test_an_alert_ends_by_itself_and_the_one_before_shows_again(clock):
    longer = post_alert(by=None, text_ar="الخبر الأول", lasts=timedelta(hours=2))
    clock.advance(1)
    shorter = post_alert(by=None, text_ar="الخبر الثاني", lasts=timedelta(minutes=10))
    assert shown_alert("ar") == shorter
    clock.advance(10 * 60)
    assert shown_alert("ar") == longer
    assert shorter.state() == State.EXPIRED
    clock.advance(2 * 60 * 60)
    assert shown_alert("ar") is None


def test_an_ended_or_withdrawn_alert_cannot_be_withdrawn(clock):
    alert = post_alert(by=None, text_ar=NEWS)
    withdraw_alert(alert, by=None)
    with pytest.raises(ValidationError) as twice:
        withdraw_alert(alert, by=None)
    assert twice.value.error_list[0].code == Refusal.ALREADY_WITHDRAWN
    ended = post_alert(by=None, text_ar=NEWS, lasts=timedelta(minutes=1))
    clock.advance(61)
    with pytest.raises(ValidationError) as late:
        withdraw_alert(ended, by=None)
    assert late.value.error_list[0].code == Refusal.ALREADY_ENDED


def test_posting_and_withdrawing_invalidate_the_alert_alone():
    before = Invalidation.objects.count()
    alert = post_alert(by=None, text_ar=NEWS)
    withdraw_alert(alert, by=None)
    assert (
        list(Invalidation.objects.order_by("id").values_list("key", flat=True)[before:]) == ["breaking"] * 2
    )
