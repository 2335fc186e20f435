"""A second factor for staff who can publish, moderate or manage users: the gate, the
login with a code or a recovery code, enrolment, and the administrator's reset."""

import re
from base64 import b32decode
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import twofactor

from . import roles
from .twofactor import code_now, enrol, give_recovery_codes, log_in_verified

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-password-7"
ENGLISH = {"Accept-Language": "en"}
GENERIC_ERROR = (
    "The username, password or code is not right. The code is the newest one your "
    "authenticator app shows, or a recovery code you have not used; leave it empty if you "
    "have not set up two-factor authentication."
)


def staff(username: str, *permissions: str, group: str | None = None, **fields):
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True, **fields)
    for name in permissions:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return get_user_model().objects.get(pk=user.pk)  # permissions are cached per instance


def log_in(client, username: str, code: str = "", language: str = "en", password: str = PASSWORD):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "otp_token": code},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def error_notes(page: str) -> list[str]:
    """Every error the login page shows, as the user reads them."""
    found = re.findall(r'class="errornote">\s*(.*?)\s*</p>|<ul class="errorlist[^"]*">(.*?)</ul>', page, re.S)
    return [" ".join("".join(parts).split()) for parts in found]


# Who must use it --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "permissions", "superuser", "required"),
    [
        ("Editor", (), False, True),  # publishes and schedules
        ("Moderator", (), False, True),
        ("Writer", (), False, False),
        (None, ("auth.change_user",), False, True),
        (None, ("auth.change_group",), False, True),
        (None, (), True, True),
    ],
)
def test_who_must_use_a_second_factor(group, permissions, superuser, required):
    user = staff("someone", *permissions, group=group, is_superuser=superuser)

    assert twofactor.must_use_second_factor(user) is required


def test_an_editor_with_only_a_password_is_taken_to_enrol_and_nowhere_else():
    staff("layla", group="Editor")
    client = Client(headers=ENGLISH)

    response = log_in(client, "layla")
    assert response.status_code == 302  # the password is right: logged in, not verified

    for path in ("/admin/", "/admin/articles/article/", "/admin/articles/article/add/", "/admin/auth/user/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/two-factor/?next="), path
    # Publishing through a POST is refused the same way.
    assert client.post("/admin/articles/article/add/", {})["Location"].startswith("/admin/two-factor/")
    assert client.get("/admin/two-factor/").status_code == 200
    assert client.get("/admin/logout/").status_code in (200, 302, 405)


def test_a_writer_without_a_device_works_with_a_password():
    staff("sami", group="Writer")
    client = Client(headers=ENGLISH)
    log_in(client, "sami")

    assert client.get("/admin/articles/article/").status_code == 200


# Logging in ---------------------------------------------------------------------------


def let_the_device_check_again(device) -> None:
    """As if the seconds django-otp makes a device wait after a wrong code had passed."""
    past = timezone.now() - timedelta(minutes=5)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=past)


def test_an_enrolled_editor_needs_the_code_from_the_app(settings):
    settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT = 10  # the brake has its own test
    editor = staff("layla", group="Editor")
    device = enrol(editor)
    client = Client(headers=ENGLISH)

    without = log_in(client, "layla")
    assert without.status_code == 200
    assert error_notes(without.text) == [GENERIC_ERROR]

    wrong = log_in(client, "layla", code="000000" if code_now(device) != "000000" else "111111")
    assert wrong.status_code == 200 and error_notes(wrong.text) == [GENERIC_ERROR]
    assert client.get("/admin/").status_code == 302  # still logged out
    # Right after a wrong code the app's device refuses even the right one for a second,
    # without saying so (that would confirm the password).
    hurried = log_in(client, "layla", code=code_now(device))
    assert hurried.status_code == 200 and error_notes(hurried.text) == [GENERIC_ERROR]
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )

    right = log_in(client, "layla", code=code_now(device))
    assert right.status_code == 302
    assert client.get("/admin/articles/article/").status_code == 200


def test_a_code_is_accepted_once():
    editor = staff("layla", group="Editor")
    device = enrol(editor)
    code = code_now(device)

    assert log_in(Client(headers=ENGLISH), "layla", code=code).status_code == 302
    # Someone who saw the code over the editor's shoulder cannot reuse it.
    assert log_in(Client(headers=ENGLISH), "layla", code=code).status_code == 200


def test_codes_typed_with_spaces_or_arabic_digits_are_read():
    editor = staff("layla", group="Editor")
    device = enrol(editor)
    code = code_now(device)
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    response = log_in(Client(headers=ENGLISH), "layla", code=f" {arabic[:3]} {arabic[3:]} ", language="ar")

    assert response.status_code == 302


def test_a_recovery_code_logs_in_once(client):
    editor = staff("layla", group="Editor")
    enrol(editor)
    codes = give_recovery_codes(editor)

    assert log_in(Client(headers=ENGLISH), "layla", code=codes[0].upper()).status_code == 302
    assert log_in(Client(headers=ENGLISH), "layla", code=codes[0]).status_code == 200
    assert twofactor.recovery_codes_left(editor) == 9


def test_wrong_codes_count_towards_the_login_brake(settings):
    settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT = 2
    editor = staff("layla", group="Editor")
    device = enrol(editor)
    guesser = Client(headers=ENGLISH)
    for guess in ("123456", "654321"):
        log_in(guesser, "layla", code=guess)
        let_the_device_check_again(device)

    # The right password and code now wait too: the brake cannot tell them apart.
    assert log_in(guesser, "layla", code=code_now(device)).status_code == 429


def test_the_login_error_is_in_arabic_in_the_arabic_admin():
    editor = staff("layla", group="Editor")
    enrol(editor)

    response = log_in(Client(headers=ENGLISH), "layla", language="ar")

    assert 'lang="ar"' in response.text and 'dir="rtl"' in response.text
    assert "The username" not in response.text
    assert "اسم المستخدم أو كلمة المرور أو الرمز غير صحيح" in response.text


def test_the_login_never_tells_which_part_was_wrong(editor, settings):
    """A stolen password must not be confirmed by the page: whatever was wrong, the same
    words, and the code's box is always there (an account without a second factor leaves
    it empty)."""
    settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT = 100  # the brake is tested below
    device = enrol(editor)
    wrong_code = "000000" if code_now(device) != "000000" else "111111"
    attempts = {
        "an unknown name": ("nobody", roles.PASSWORD, ""),
        "a wrong password": (editor.username, "wrong", ""),
        "a wrong password with the right code": (editor.username, "wrong", code_now(device)),
        "the right password without the code": (editor.username, roles.PASSWORD, ""),
        "the right password with a wrong code": (editor.username, roles.PASSWORD, wrong_code),
        "the right password and code too soon after a wrong one": (
            editor.username,
            roles.PASSWORD,
            code_now(device),
        ),
    }
    assert 'name="otp_token"' in Client(headers=ENGLISH).get("/admin/login/").text

    seen = {}
    for what, (username, password, code) in attempts.items():
        response = Client(headers=ENGLISH).post(
            "/admin/login/?next=/admin/", {"username": username, "password": password, "otp_token": code}
        )
        assert response.status_code == 200, what
        seen[what] = error_notes(response.text)

    assert len({tuple(errors) for errors in seen.values()}) == 1, seen
    assert seen["an unknown name"] == [GENERIC_ERROR]


def test_a_right_password_without_the_code_counts_towards_the_login_brake(editor, settings):
    settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT = 2
    device = enrol(editor)
    guesser = Client(headers=ENGLISH)
    for _attempt in range(2):
        log_in(guesser, editor.username, password=roles.PASSWORD)

    # As after two wrong passwords: the next attempt waits, whatever it holds.
    assert log_in(guesser, editor.username, code=code_now(device), password=roles.PASSWORD).status_code == 429


def test_an_account_without_a_second_factor_leaves_the_code_empty(writer, editor):
    writer_client = Client(headers=ENGLISH)
    assert log_in(writer_client, writer.username, password=roles.PASSWORD).status_code == 302
    assert writer_client.get("/admin/articles/article/").status_code == 200
    # An editor who has yet to enrol logs in the same way, and is taken to enrol.
    editor_client = Client(headers=ENGLISH)
    assert log_in(editor_client, editor.username, password=roles.PASSWORD).status_code == 302
    assert editor_client.get("/admin/")["Location"].startswith("/admin/two-factor/")


# Enrolling ----------------------------------------------------------------------------


def enrolment_secret(page: str) -> str:
    return re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)


def code_for(secret: str, steps_ahead: int = 0) -> str:
    probe = TOTPDevice(key=b32decode(secret.replace(" ", "")).hex())
    return code_now(probe, steps_ahead)


def test_enrolling_from_the_admin_shows_a_qr_code_and_recovery_codes_once():
    editor = staff("layla", group="Editor")
    client = Client(headers=ENGLISH)
    log_in(client, "layla")

    page = client.get("/admin/two-factor/?next=/admin/articles/article/").text
    assert "<svg" in page and "otpauth" not in page  # the address is in the picture, not the page
    secret = enrolment_secret(page)

    wrong = client.post("/admin/two-factor/", {"action": "enrol", "code": "12345"})
    assert "That code is not right" in wrong.text
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    let_the_device_check_again(TOTPDevice.objects.get(user=editor))

    done = client.post(
        "/admin/two-factor/",
        {"action": "enrol", "code": code_for(secret), "next": "/admin/articles/article/"},
    )
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.text)
    assert len(codes) == 10
    assert 'href="/admin/articles/article/"' in done.text
    # The session is verified now, and the admin opens.
    assert client.get("/admin/articles/article/").status_code == 200
    # The codes are never shown again.
    status = client.get("/admin/two-factor/").text
    assert not any(code in status for code in codes)
    assert "10 unused recovery codes" in status
    assert LogEntry.objects.filter(object_id=str(editor.pk), change_message__contains="turned on").exists()


def test_an_enrolment_link_to_elsewhere_is_not_followed():
    staff("layla", group="Editor")
    client = Client(headers=ENGLISH)
    log_in(client, "layla")
    secret = enrolment_secret(client.get("/admin/two-factor/").text)

    done = client.post(
        "/admin/two-factor/", {"action": "enrol", "code": code_for(secret), "next": "https://evil.example/"}
    )

    assert "evil.example" not in done.text


def test_new_recovery_codes_replace_the_old_ones():
    editor = staff("layla", group="Editor")
    client = Client(headers=ENGLISH)
    log_in_verified(client, editor)
    enrol(editor)
    old = give_recovery_codes(editor)

    page = client.post("/admin/two-factor/", {"action": "recovery", "current": old[0]}).text

    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)) == set(new)


def new_key_offered(response) -> str | None:
    found = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', response.text)
    return found.group(1) if found else None


def still_the_authenticator(user, phone) -> bool:
    return twofactor.authenticator_of(user).pk == phone.pk


def test_a_session_without_the_code_cannot_put_in_an_authenticator_of_its_own(editor):
    """A session whose login did not pass the second factor (from before the editor
    enrolled, or opened with a stolen password) must not swap in the thief's phone."""
    phone = enrol(editor)
    thief = Client(headers=ENGLISH)
    thief.force_login(editor)

    offered = thief.post("/admin/two-factor/", {"action": "enrol", "code": ""})
    if secret := new_key_offered(offered):
        thief.post("/admin/two-factor/", {"action": "enrol", "code": code_for(secret)})

    assert still_the_authenticator(editor, phone), "the session put in an authenticator of its own"
    assert thief.get("/admin/articles/article/")["Location"].startswith("/admin/login/")


def test_even_a_verified_session_swaps_the_authenticator_only_with_the_current_code(editor):
    """A session left open on a shared computer must not lock the editor out."""
    phone = enrol(editor)
    client = Client(headers=ENGLISH)
    log_in_verified(client, editor)
    secret = new_key_offered(client.post("/admin/two-factor/", {"action": "enrol", "code": ""}))

    client.post("/admin/two-factor/", {"action": "enrol", "code": code_for(secret)})

    assert still_the_authenticator(editor, phone), "replaced without a code of the current app"


def test_a_new_authenticator_needs_a_code_from_the_current_one(editor):
    old_phone = enrol(editor)
    client = Client(headers=ENGLISH)
    log_in_verified(client, editor)
    secret = new_key_offered(client.post("/admin/two-factor/", {"action": "replace"}))
    assert secret

    refused = client.post("/admin/two-factor/", {"action": "enrol", "code": code_for(secret)})
    assert "type the newest code of the app you use now" in refused.text
    assert still_the_authenticator(editor, old_phone)
    wrong = "000000" if code_now(old_phone) != "000000" else "111111"
    refused = client.post(
        "/admin/two-factor/", {"action": "enrol", "code": code_for(secret), "current": wrong}
    )
    assert "That code is not right" in refused.text
    assert still_the_authenticator(editor, old_phone)
    let_the_device_check_again(old_phone)

    done = client.post(
        "/admin/two-factor/",
        {"action": "enrol", "code": code_for(secret, steps_ahead=1), "current": code_now(old_phone)},
    )

    assert len(re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.text)) == 10
    new_phone = twofactor.authenticator_of(editor)
    assert new_phone != old_phone and not TOTPDevice.objects.filter(pk=old_phone.pk).exists()
    assert LogEntry.objects.filter(object_id=str(editor.pk), change_message__contains="turned on").exists()


def test_a_recovery_code_stands_for_a_lost_phone_when_replacing_it(editor):
    enrol(editor)
    codes = give_recovery_codes(editor)
    client = Client(headers=ENGLISH)
    log_in_verified(client, editor)
    secret = new_key_offered(client.post("/admin/two-factor/", {"action": "replace"}))

    done = client.post(
        "/admin/two-factor/", {"action": "enrol", "code": code_for(secret), "current": codes[3]}
    )

    assert "Your recovery codes" in done.text
    assert twofactor.authenticator_of(editor).key == b32decode(secret.replace(" ", "")).hex()


def test_new_recovery_codes_need_the_current_code(editor):
    enrol(editor)
    client = Client(headers=ENGLISH)
    log_in_verified(client, editor)
    old = give_recovery_codes(editor)

    refused = client.post("/admin/two-factor/", {"action": "recovery"})

    assert "type the newest code of the app you use now" in refused.text
    assert set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)) == set(old)


def test_nobody_sets_up_a_factor_for_someone_else():
    editor, other = staff("layla", group="Editor"), staff("omar", group="Editor")

    with pytest.raises(twofactor.NotAllowed):
        twofactor.start_enrolment(other, editor)


# Resetting ------------------------------------------------------------------------------


def test_an_administrator_resets_a_lost_phone_from_the_command_line():
    admin = staff("hala", is_superuser=True)
    editor = staff("layla", group="Editor")
    enrol(editor)
    give_recovery_codes(editor)
    out = StringIO()

    call_command("reset_two_factor", "layla", "--by", "hala", stdout=out)

    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert twofactor.recovery_codes_left(editor) == 0
    assert "layla" in out.getvalue()
    entry = LogEntry.objects.get(object_id=str(editor.pk), user=admin)
    assert "removed" in entry.change_message
    # At the next login the editor enrols again.
    client = Client(headers=ENGLISH)
    log_in(client, "layla")
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/")


def test_a_reset_ends_every_session_of_the_user(editor, moderator):
    """Whoever holds the lost phone may hold a logged-in session too: after the reset it
    must neither work nor enrol a phone of its own."""
    staff("hala", is_superuser=True)
    on_the_lost_phone, at_the_desk, colleague = Client(headers=ENGLISH), Client(headers=ENGLISH), Client()
    log_in_verified(on_the_lost_phone, editor)
    log_in_verified(at_the_desk, editor)
    log_in_verified(colleague, moderator)

    out = StringIO()
    call_command("reset_two_factor", editor.username, "--by", "hala", stdout=out)

    for session in (on_the_lost_phone, at_the_desk):
        assert session.get("/admin/")["Location"].startswith("/admin/login/")
        assert session.get("/admin/two-factor/")["Location"].startswith("/admin/login/")
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(editor.pk)]
    assert colleague.get("/admin/").status_code == 200
    assert "ended 2 session(s)" in out.getvalue()


def test_only_a_superuser_may_reset(capsys):
    staff("omar", group="Editor")
    staff("layla", group="Editor")

    with pytest.raises(CommandError, match="superuser"):
        call_command("reset_two_factor", "layla", "--by", "omar")
    with pytest.raises(CommandError, match="nobody"):
        call_command("reset_two_factor", "nobody", "--by", "omar")
