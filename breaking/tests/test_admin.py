"""«عاجل» in the admin, as each role meets it: an editor posts from the list page and
withdraws with the alert's own button, and the list keeps who did what and when; the other
roles reach none of it."""

import pytest
from django.test import Client
from django.urls import reverse

from breaking.alerts import post_alert
from breaking.models import Alert
from breaking.vocabulary import State
from core.tests.twofactor import log_in_verified
from core.twofactor import must_use_second_factor

pytestmark = pytest.mark.django_db

LIST = "/admin/breaking/alert/"
ADD = "/admin/breaking/alert/add/"
NEWS = "انقطاع الكهرباء عن العاصمة"


def logged_in(user) -> Client:
    client = Client()
    if must_use_second_factor(user):
        log_in_verified(client, user)
    else:
        client.force_login(user)
    return client


def form(**fields) -> dict:
    return {"text_ar": "", "text_en": "", "link": "", "minutes": "30", **fields}


def test_an_editor_posts_from_the_list_and_withdraws_with_the_alerts_button(editor):
    client = logged_in(editor)
    page = client.get(LIST).content.decode()
    assert f'action="{ADD}"' in page and 'name="text_ar"' in page and 'lang="ar" dir="rtl"' in page
    response = client.post(
        ADD, form(text_ar=NEWS, text_en="Power cut in the capital", minutes="45"), follow=True
    )
    alert = Alert.objects.get()
    assert (alert.posted_by, alert.text_ar, alert.state()) == (editor, NEWS, State.LIVE)
    assert round((alert.expires_at - alert.posted_at).total_seconds()) == 45 * 60
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == LIST
    assert "على كل الصفحات حتى" in page or "on every page until" in page
    assert NEWS in page and "mona" in page
    withdraw = reverse("admin:breaking_alert_withdraw", args=[alert.pk])
    assert f'formaction="{withdraw}"' in page
    page = client.post(withdraw, follow=True).content.decode()
    alert.refresh_from_db()
    assert (alert.withdrawn_by, alert.state()) == (editor, State.WITHDRAWN)
    assert f'formaction="{withdraw}"' not in page  # nothing left to withdraw


def test_the_form_refuses_in_the_state_changes_words(editor):
    client = logged_in(editor)
    response = client.post(ADD, form(text_ar=NEWS, link="javascript:alert(1)"))
    assert response.status_code == 200 and not Alert.objects.exists()
    assert "https://" in response.content.decode()  # the refusal says what a link may be
    response = client.post(ADD, form())
    assert response.status_code == 200 and not Alert.objects.exists()
    assert client.get(ADD).status_code == 200


def test_the_list_action_withdraws_the_selected_live_alerts(editor):
    alerts = [post_alert(by=editor, text_ar=f"{NEWS} {n}") for n in range(2)]
    client = logged_in(editor)
    client.post(LIST, {"action": "withdraw_selected", "_selected_action": [a.pk for a in alerts]})
    assert {alert.state() for alert in Alert.objects.all()} == {State.WITHDRAWN}


def test_alerts_are_never_edited_or_deleted(editor):
    alert = post_alert(by=editor, text_ar=NEWS)
    client = logged_in(editor)
    page = client.get(f"{LIST}{alert.pk}/change/").content.decode()
    assert NEWS in page and 'name="_save"' not in page
    assert client.post(f"{LIST}{alert.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Alert.objects.filter(pk=alert.pk, text_ar=NEWS).exists()


@pytest.mark.parametrize("role", ["writer", "copy_editor", "moderator"])
def test_other_roles_reach_none_of_it(request, editor, role):
    alert = post_alert(by=editor, text_ar=NEWS)
    client = logged_in(request.getfixturevalue(role))
    assert client.get(LIST).status_code == 403
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form(text_ar="خبر ليس لهم")).status_code == 403
    assert client.post(reverse("admin:breaking_alert_withdraw", args=[alert.pk])).status_code == 403
    assert list(Alert.objects.values_list("text_ar", "withdrawn_at")) == [(NEWS, None)]


def test_an_editor_without_the_second_factor_reaches_nothing(editor):
    client = Client()
    client.force_login(editor)  # the password alone
    response = client.post(ADD, form(text_ar=NEWS))
    assert response.status_code == 302 and not Alert.objects.exists()
