"""The admin page where staff turn on their second factor and renew recovery codes."""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from . import twofactor

TEMPLATE = "admin/two_factor.html"
WRONG_FIRST_CODE = _(
    "That code is not right. Wait for the app's next code (and check that the phone's clock is right), "
    "then type it."
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr", "autofocus": True}
        ),
    )


def _page(request, state: str, **context):
    context = {
        **admin.site.each_context(request),
        "title": _("Two-factor authentication"),
        "state": state,
        "required": twofactor.must_use_second_factor(request.user),
        "next": twofactor.safe_next(request, ""),
        **context,
    }
    return TemplateResponse(request, TEMPLATE, context)


def _enrol(request, form=None):
    """The QR code and the key of a new authenticator, and the box for its first code."""
    user = request.user
    device = twofactor.pending_authenticator(user) or twofactor.start_enrolment(user, user)
    return _page(
        request,
        "enrol",
        form=form or CodeForm(),
        qr_svg=twofactor.qr_svg(device),
        secret=twofactor.secret_of(device),
    )


def _codes(request, codes: list[str]):
    return _page(request, "codes", codes=codes, continue_to=twofactor.safe_next(request, "admin:index"))


@sensitive_post_parameters("code")
def two_factor(request):
    user = request.user
    enrolled = twofactor.authenticator_of(user) is not None
    if request.method == "POST" and request.POST.get("action") == "recovery" and enrolled:
        if not user.is_verified():
            return _page(request, "status", codes_left=twofactor.recovery_codes_left(user))
        return _codes(request, twofactor.new_recovery_codes(user, user))
    if request.method == "POST" and request.POST.get("action") == "enrol":
        form = CodeForm(request.POST)
        device = twofactor.pending_authenticator(user)
        if device is None or not form.is_valid():
            return _enrol(request, form)
        codes = twofactor.finish_enrolment(user, user, device, form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", WRONG_FIRST_CODE)
            return _enrol(request, form)
        device.refresh_from_db()
        otp_login(request, device)
        request.session.cycle_key()  # a session that gained a factor gets a new key
        return _codes(request, codes)
    if enrolled:
        return _page(request, "status", codes_left=twofactor.recovery_codes_left(user))
    return _enrol(request)


# admin_view: staff only (others go to the login page), CSRF-protected, never cached.
two_factor_view = admin.site.admin_view(two_factor)
