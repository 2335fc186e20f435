"""A second factor for the staff who can publish, schedule, moderate or manage users.

A stolen password is how fake statements get published under a news site's name (the
2017 Qatar News Agency hack), so for those staff a password alone opens nothing in the
admin: they log in with a code from an authenticator app (TOTP, RFC 6238, through
django-otp) or one of ten single-use recovery codes. Staff who have not enrolled yet are
taken to the enrolment page, and nowhere else in the admin, until they have.

Who must use it is a list of permissions (``TWO_FACTOR_PERMISSIONS``), so a role that
gains the right to publish gains the obligation with it. Anyone on the staff may enrol;
once enrolled, their login always asks for the code, changing the factor asks for it
again, and their session ends after ``ADMIN_SESSION_IDLE_SECONDS`` without a request.
"""

import logging
import math
from base64 import b32encode
from enum import StrEnum
from functools import wraps
from importlib import import_module

import segno
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.checks import Error, Tags, register
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .pagecache import private

logger = logging.getLogger(__name__)

AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"
RECOVERY_CODES = 10


WRONG_CODE = _(
    "That code is not right. Type the newest code from your app (check that the phone's "
    "clock is right), or a recovery code you have not used."
)
WRONG_FIRST_CODE = _(
    "That code is not right. Wait for the app's next code (and check that the phone's clock is right), "
    "then type it."
)
PROOF_REQUIRED = _(
    "To change your second factor, type the newest code of the app you use now, or one of "
    "your recovery codes."
)
# The one answer to a failed login, whatever failed: telling a wrong password from a
# missing code would confirm a stolen password to whoever typed it.
LOGIN_REFUSED = _(
    "The username, password or code is not right. The code is the newest one your "
    "authenticator app shows, or a recovery code you have not used; leave it empty if you "
    "have not set up two-factor authentication."
)


class Refusal(StrEnum):
    """Why a code was not taken (the ``code`` of the ValidationError)."""

    WRONG_CODE = "wrong_code"
    WRONG_FIRST_CODE = "wrong_first_code"
    PROOF_REQUIRED = "proof_required"
    WAIT = "code_wait"


class NotAllowed(Exception):
    """The acting user may not change this account's second factor."""


# Who, and what they have ------------------------------------------------------------


def must_use_second_factor(user) -> bool:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or any(user.has_perm(name) for name in settings.TWO_FACTOR_PERMISSIONS)


def has_second_factor(user) -> bool:
    return any(devices_for_user(user, confirmed=True))


def needs_second_factor(user) -> bool:
    """Whose sessions the second factor guards: staff who must use one, and anyone on the
    staff who set one up."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return must_use_second_factor(user) or has_second_factor(user)


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR_NAME, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_NAME).count()


# State changes: each takes the acting user and leaves a record ------------------------


def _record(actor, user, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )
    logger.info("Second factor of user %s: %s (by user %s)", user.pk, message, actor.pk)


def _only_self(actor, user) -> None:
    # Nobody sets up a second factor for someone else: whoever scans the code holds it.
    if actor.pk != user.pk:
        raise NotAllowed


def start_enrolment(actor, user) -> TOTPDevice:
    """The authenticator the user is about to scan: a new secret, unconfirmed until a code
    from it is typed back. Starting again replaces an earlier unconfirmed one."""
    _only_self(actor, user)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def pending_authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def finish_enrolment(actor, user, device: TOTPDevice, code: str, *, proof: str = "") -> list[str]:
    """Turn the second factor on with ``device`` once ``code`` came from it; the new
    recovery codes. An account that has a second factor already changes it only with
    ``proof``, a code of its current app or a recovery code: a session left open, or one
    opened before the account enrolled, must not swap in someone else's phone.
    Raises ValidationError (codes: ``Refusal``)."""
    _only_self(actor, user)
    enrolled = has_second_factor(user)
    if enrolled and not normalized_code(proof):
        raise ValidationError(PROOF_REQUIRED, code=Refusal.PROOF_REQUIRED)
    # The new app's code first: a recovery code given as proof is spent only when
    # everything else is right. Each check commits on its own, so django-otp's count of
    # wrong codes survives the refusal.
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        accepted = device.verify_token(normalized_code(code))
    if not accepted:
        raise ValidationError(WRONG_FIRST_CODE, code=Refusal.WRONG_FIRST_CODE)
    if enrolled:
        check_proof(user, proof)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
        _record(actor, user, "Two-factor authentication turned on.")
    return codes


def provision_authenticator(actor, user) -> tuple[TOTPDevice, list[str]]:
    """An authenticator made ready without a first code, for an account a command creates
    (``load_demo``'s editor): whoever runs it is shown the key once. Replaces any other."""
    _only_self(actor, user)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
        codes = _replace_recovery_codes(user)
        _record(actor, user, "Two-factor authentication set up by a command.")
    return device, codes


def new_recovery_codes(actor, user, *, proof: str = "") -> list[str]:
    """A fresh set of recovery codes; the previous ones stop working. An account with a
    second factor shows it holds it (``proof``, as for ``finish_enrolment``)."""
    _only_self(actor, user)
    if has_second_factor(user):
        check_proof(user, proof)
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        _record(actor, user, "New recovery codes made.")
    return codes


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def reset_second_factor(actor, user) -> tuple[int, int]:
    """Remove every device of ``user`` (a lost phone) and end every session they are
    logged in with: whoever holds the phone may hold a session too, which would otherwise
    go on working, and enrol a phone of its own. They enrol again at their next login.
    Only a superuser may, and a record is left on the user. Returns how many devices were
    removed and how many sessions ended."""
    if not actor.is_superuser:
        raise NotAllowed
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
        removed += StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
        ended = end_sessions(user)
        message = (
            f"Two-factor devices removed ({removed}), sessions ended ({ended}); the user must enrol again."
        )
        _record(actor, user, message)
    return removed, ended


def end_sessions(user) -> int:
    """Log ``user`` out everywhere; how many sessions were ended. A session names its user
    only inside its signed data, so each one alive is read (staff sessions are few)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = [
        session.session_key
        for session in store.get_model_class().objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    for key in keys:
        store(session_key=key).delete()  # through the engine, so a cached copy goes too
    return len(keys)


# Codes ------------------------------------------------------------------------------


def normalized_code(value: str) -> str:
    """Codes as people type or paste them: spaces and dashes dropped, recovery codes in
    any case, digits from an Arabic keyboard (٠١٢…) read as 0-9."""
    text = "".join(value.split()).replace("-", "").lower()
    return "".join(str(int(char)) if char.isdecimal() else char for char in text)


def current_code(device: TOTPDevice) -> str:
    """What the app shows now (development helpers only: `two_factor_code`, `load_demo`)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}"


def secret_of(device: TOTPDevice) -> str:
    """The key as typed into an app by hand: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` address as an inline SVG QR code (no script, no request)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def _device_for(user, code: str):
    """The app's code is six digits; recovery codes are eight letters and digits. Trying
    the code on the one device it can be for keeps a recovery code from counting as a
    wrong app code (each device slows down after its own failures)."""
    if code.isdigit() and len(code) == TOTPDevice._meta.get_field("digits").default:
        devices = TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME, confirmed=True)
    return devices.select_for_update().first()


def verify_code(user, code: str) -> tuple[object | None, int]:
    """The device that accepts ``code`` (or None), and the seconds to wait when the device
    refuses to check any code yet after recent wrong ones (django-otp doubles the wait with
    each failure)."""
    with transaction.atomic():
        device = _device_for(user, code)
        if device is None:
            return None, 0
        allowed, details = device.verify_is_allowed()
        if not allowed:
            until = (details or {}).get("locked_until")
            seconds = math.ceil((until - timezone.now()).total_seconds()) if until else 1
            return None, max(seconds, 1)
        return (device if device.verify_token(code) else None), 0


def check_proof(user, proof: str) -> None:
    """Raise ValidationError unless ``proof`` is a code of one of ``user``'s devices now
    (the app's newest code, or an unused recovery code, which it spends)."""
    code = normalized_code(proof)
    if not code:
        raise ValidationError(PROOF_REQUIRED, code=Refusal.PROOF_REQUIRED)
    device, wait = verify_code(user, code)
    if wait:
        message = ngettext(
            "Too many wrong codes: wait %(seconds)d second, then type the newest code.",
            "Too many wrong codes: wait %(seconds)d seconds, then type the newest code.",
            wait,
        )
        raise ValidationError(message, code=Refusal.WAIT, params={"seconds": wait})
    if device is None:
        raise ValidationError(WRONG_CODE, code=Refusal.WRONG_CODE)


# Login ------------------------------------------------------------------------------


class TwoFactorAuthenticationForm(AdminAuthenticationForm):
    """The admin login: name, password and code on one form for everyone (an account
    without a second factor leaves the code empty), and one answer whatever was wrong."""

    otp_token = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=32,
        help_text=_(
            "From your authenticator app, or one of your recovery codes. Leave it empty if you "
            "have not set up two-factor authentication."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "dir": "ltr", "spellcheck": "false"}),
    )
    error_messages = {**AdminAuthenticationForm.error_messages, "invalid_login": LOGIN_REFUSED}

    def clean(self):
        cleaned_data = super().clean()  # a wrong name or password: counted by authenticate()
        user = self.get_user()
        if user is not None and has_second_factor(user):
            # django-otp's own attribute: its login receiver marks the session verified by it.
            user.otp_device = self._verified_device(user, cleaned_data.get("otp_token") or "")  # type: ignore[attr-defined]
        return cleaned_data

    def confirm_login_allowed(self, user):
        if not (user.is_active and user.is_staff):
            self._refuse()

    def _verified_device(self, user, typed: str):
        code = normalized_code(typed)
        # A device still waiting after recent wrong codes refuses even the right one; the
        # answer stays the same, as saying "wait" would confirm the password.
        device = verify_code(user, code)[0] if code else None
        if device is None:
            self._refuse()
        return device

    def _refuse(self):
        """Count the failure for the login brake (core.login), as a wrong password is, and
        give the one answer."""
        self.user_cache = None
        credentials = {"username": self.cleaned_data.get("username", "")}
        user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
        raise self.get_invalid_login_error()


# The gate ---------------------------------------------------------------------------

# Admin pages an unverified session may still open: leaving, and the admin's own
# translations the enrolment page's scripts use.
OPEN_ADMIN_VIEWS = frozenset({"login", "logout", "jsi18n"})


def enrolment_url(next_path: str = "") -> str:
    url = reverse("two_factor")
    return f"{url}?{urlencode({'next': next_path})}" if next_path else url


def safe_next(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else default


def _coming_back_to(request) -> str:
    # A form sent from a page (the language switch, the enrolment page) names it; after
    # the login, the page is where the user goes back to, not the form's own address.
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    return safe_next(request, request.get_full_path())


def turned_away(request, *, enrolling: bool = False) -> HttpResponse | None:
    """Where a staff request goes instead when its session has not passed the second factor
    the account needs, or None to let it through. An account with a second factor logs
    in again with it (this session ends here); one that must enrol is taken to enrol,
    unless ``enrolling`` (the enrolment page itself)."""
    user = request.user
    if not (user.is_authenticated and user.is_staff) or user.is_verified():
        return None
    if has_second_factor(user):
        back = _coming_back_to(request)
        logout(request)
        return _elsewhere(f"{reverse('admin:login')}?{urlencode({'next': back})}")
    if must_use_second_factor(user) and not enrolling:
        return _elsewhere(enrolment_url(_coming_back_to(request)))
    return None


def _elsewhere(url: str) -> HttpResponse:
    # The answer depends on this session: no cache may keep it for the address asked.
    return private(redirect(url))


def second_factor_required(view):
    """For staff pages outside the admin's URLs (the admin's own are guarded by
    ``SecondFactorMiddleware``): closed to sessions that have not passed the second factor
    their account needs. Put it under ``staff_member_required``."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        return turned_away(request) or view(request, *args, **kwargs)

    return guarded


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: staff whose account needs a second factor reach
    the admin only in a session verified by one (``turned_away``), and their session ends
    after ``ADMIN_SESSION_IDLE_SECONDS`` without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        keep_alive(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "admin" or match.url_name in OPEN_ADMIN_VIEWS:
            return None
        return turned_away(request)


def keep_alive(request) -> None:
    """Start the idle time of a guarded session again: Django's session then expires
    ``ADMIN_SESSION_IDLE_SECONDS`` after its last request (the cookie, and the session
    itself wherever it is stored), and the next page asks for the login."""
    if request.session.session_key is None:
        return  # no session: looking at the user would make every reader's page vary on cookies
    if needs_second_factor(request.user):
        request.session.set_expiry(settings.ADMIN_SESSION_IDLE_SECONDS)


# Invariants -------------------------------------------------------------------------


@register(Tags.security)
def guarded_sessions_can_end(app_configs, **kwargs) -> list[Error]:
    """An idle time of 0 would mean "until the browser closes" to Django, and a reset must
    find a user's sessions in the database to end them."""
    errors = []
    if settings.ADMIN_SESSION_IDLE_SECONDS < 1:
        errors.append(Error("ADMIN_SESSION_IDLE_SECONDS must be 1 or more.", id="twofactor.E001"))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store, DatabaseSessionStore):
        errors.append(
            Error(
                f"SESSION_ENGINE {settings.SESSION_ENGINE} keeps no sessions in the database, so "
                "`reset_two_factor` could not log a user out everywhere.",
                hint="Use django.contrib.sessions.backends.db or cached_db.",
                id="twofactor.E002",
            )
        )
    return errors
