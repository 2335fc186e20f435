"""What a session not verified by the second factor may still open, and how long a staff
session of an account that needs one lasts without being used."""

import pytest
from django.core.checks import run_checks
from django.test import Client, override_settings

from core.models import AdminPreference

from .twofactor import enrol, log_in_verified

pytestmark = pytest.mark.django_db

ENGLISH = {"Accept-Language": "en"}
# An article that does not exist: a session the gate lets through reaches the preview and
# gets its 404; a session it turns away never gets that far.
MISSING_PREVIEW = "/ar/preview/999999/"
HOUR = 60 * 60


def logged_in_with_password_only(user) -> Client:
    """A session whose login did not pass the second factor: one from before the account
    enrolled (on another computer), or one a stolen password opened before it."""
    client = Client(headers=ENGLISH)
    client.force_login(user)
    return client


def sent_to_log_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


# Pages outside the admin's own ---------------------------------------------------------


def test_an_unverified_session_of_an_enrolled_editor_is_sent_to_log_in_everywhere_staff_go(editor):
    enrol(editor)

    for request in (
        lambda client: client.get("/admin/two-factor/"),
        lambda client: client.post("/admin/two-factor/", {"action": "enrol", "code": "123456"}),
        lambda client: client.get(MISSING_PREVIEW),
        lambda client: client.post("/admin/language/", {"language": "ar", "next": "/admin/"}),
    ):
        client = logged_in_with_password_only(editor)
        assert sent_to_log_in(request(client))
        # ...and logged out: the next page asks for the password and the code again.
        assert sent_to_log_in(client.get("/admin/two-factor/"))
    assert not AdminPreference.objects.filter(user=editor).exists()


def test_a_verified_session_opens_the_same_pages(editor):
    client = Client(headers=ENGLISH)
    log_in_verified(client, editor)

    assert client.get("/admin/two-factor/").status_code == 200
    assert client.get(MISSING_PREVIEW).status_code == 404  # the preview itself answered
    assert client.post("/admin/language/", {"language": "ar", "next": "/admin/"})["Location"] == "/admin/"
    assert AdminPreference.objects.get(user=editor).language == "ar"


def test_an_editor_who_must_enrol_can_only_enrol(editor):
    client = logged_in_with_password_only(editor)

    assert client.get("/admin/two-factor/").status_code == 200
    preview = client.get(MISSING_PREVIEW)
    assert preview.status_code == 302 and preview["Location"].startswith("/admin/two-factor/?next=")


def test_a_writer_who_enrolled_needs_the_code_as_well(writer):
    """Writers need no second factor, but one who set it up is protected by it."""
    enrol(writer)
    client = logged_in_with_password_only(writer)

    assert sent_to_log_in(client.get("/admin/articles/article/"))
    assert sent_to_log_in(logged_in_with_password_only(writer).get(MISSING_PREVIEW))


def test_a_writer_without_a_second_factor_previews_with_the_password(writer):
    assert logged_in_with_password_only(writer).get(MISSING_PREVIEW).status_code == 404


# Idle sessions -------------------------------------------------------------------------


def test_an_editor_idle_for_a_working_day_logs_in_again(editor, clock):
    client = Client(headers=ENGLISH)
    log_in_verified(client, editor)
    assert client.get("/admin/").status_code == 200

    # Every page opened starts the idle time again: a long day at the desk stays logged in.
    for _hour in range(3):
        clock.advance(7 * HOUR)
        assert client.get("/admin/").status_code == 200, "logged out while working"

    clock.advance(8 * HOUR + 1)
    assert sent_to_log_in(client.get("/admin/"))
    assert sent_to_log_in(client.get("/admin/two-factor/"))


def test_the_idle_time_is_a_setting(editor, clock, settings):
    settings.ADMIN_SESSION_IDLE_SECONDS = 15 * 60
    client = Client(headers=ENGLISH)
    log_in_verified(client, editor)
    client.get("/admin/")

    clock.advance(15 * 60 + 1)

    assert sent_to_log_in(client.get("/admin/"))


def test_an_idle_preview_is_closed_too(editor, clock):
    client = Client(headers=ENGLISH)
    log_in_verified(client, editor)
    client.get(MISSING_PREVIEW)

    clock.advance(8 * HOUR + 1)

    assert sent_to_log_in(client.get(MISSING_PREVIEW))


def test_a_writer_without_a_second_factor_keeps_the_usual_session(writer, clock):
    client = logged_in_with_password_only(writer)
    client.get("/admin/")

    clock.advance(9 * HOUR)

    assert client.get("/admin/").status_code == 200


# Invariants ------------------------------------------------------------------------------


def error_ids() -> set[str]:
    return {message.id for message in run_checks() if message.is_serious()}


@override_settings(ADMIN_SESSION_IDLE_SECONDS=0)
def test_an_idle_time_of_zero_is_refused():
    # Django would read 0 as "until the browser closes", however long that is.
    assert "twofactor.E001" in error_ids()


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies")
def test_sessions_a_reset_cannot_find_are_refused():
    assert "twofactor.E002" in error_ids()
