"""A second factor for the staff who can publish, schedule, moderate or manage users.

A stolen password is how fake statements get published under a news site's name (the
2017 Qatar News Agency hack), so for those staff a password alone opens nothing in the
admin: they log in with a code from an authenticator app (TOTP, RFC 6238, through
django-otp) or one of ten single-use recovery codes. Staff who have not enrolled yet are
taken to the enrolment page, and nowhere else in the admin, until they have.

Who must use it is a list of permissions (``TWO_FACTOR_PERMISSIONS``), so a role that
gains the right to publish gains the obligation with it. Anyone on the staff may enrol;
once enrolled, their login always asks for the code.
"""

import logging
import math
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
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

logger = logging.getLogger(__name__)

AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"
RECOVERY_CODES = 10


WRONG_CODE = _(
    "That code is not right. Type the newest code from your app (check that the phone's "
    "clock is right), or a recovery code you have not used."
)


class NotAllowed(Exception):
    """The acting user may not change this account's second factor."""


# Who, and what they have ------------------------------------------------------------


def must_use_second_factor(user) -> bool:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or any(user.has_perm(name) for name in settings.TWO_FACTOR_PERMISSIONS)


def has_second_factor(user) -> bool:
    return any(devices_for_user(user, confirmed=True))


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


def finish_enrolment(actor, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn the second factor on if ``code`` came from ``device``; the new recovery codes,
    or None when the code is wrong."""
    _only_self(actor, user)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        if not device.verify_token(normalized_code(code)):
            return None
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


def new_recovery_codes(actor, user) -> list[str]:
    """A fresh set of recovery codes; the previous ones stop working."""
    _only_self(actor, user)
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


def reset_second_factor(actor, user) -> int:
    """Remove every device of ``user`` (a lost phone): they enrol again at their next login.
    Only a superuser may, and a record is left on the user. Returns how many were removed."""
    if not actor.is_superuser:
        raise NotAllowed
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
        removed += StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
        _record(actor, user, f"Two-factor devices removed ({removed}); the user must enrol again.")
    return removed


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


# Login ------------------------------------------------------------------------------


class TwoFactorAuthenticationForm(AdminAuthenticationForm):
    """The admin login: password, then the code for anyone who has a second factor."""

    otp_token = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=32,
        help_text=_("From your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "dir": "ltr", "spellcheck": "false"}),
    )
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": _("Enter the code from your authenticator app, or a recovery code."),
        "code_invalid": WRONG_CODE,
    }

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and has_second_factor(user):
            user.otp_device = self._verified_device(user, cleaned_data.get("otp_token") or "")
        return cleaned_data

    def _verified_device(self, user, typed: str):
        code = normalized_code(typed)
        if not code:
            raise forms.ValidationError(self.error_messages["code_required"], code="code_required")
        device, wait = verify_code(user, code)
        if wait:
            message = ngettext(
                "Too many wrong codes: wait %(seconds)d second, then type the newest code.",
                "Too many wrong codes: wait %(seconds)d seconds, then type the newest code.",
                wait,
            )
            raise forms.ValidationError(message, code="code_wait", params={"seconds": wait})
        if device is None:
            # The login brake (core.login) counts a wrong code like a wrong password.
            credentials = {"username": self.cleaned_data.get("username", "")}
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
            raise forms.ValidationError(self.error_messages["code_invalid"], code="code_invalid")
        return device


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


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: staff who must use a second factor reach the
    admin only in a session verified by one. Without a device they are sent to enrol;
    with one (added since this session's login) they log in again with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "admin" or match.url_name in OPEN_ADMIN_VIEWS:
            return None
        user = request.user
        if not must_use_second_factor(user) or user.is_verified():
            return None
        if has_second_factor(user):
            logout(request)
            return redirect(f"{reverse('admin:login')}?{urlencode({'next': request.get_full_path()})}")
        return redirect(enrolment_url(request.get_full_path()))
