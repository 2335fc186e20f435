"""The admin page where staff turn on their second factor, move it to a new app and renew
recovery codes. Once it is on, changing it asks for a code of the factor itself."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from . import twofactor

TEMPLATE = "admin/two_factor.html"
CODE_WIDGET = {"autocomplete": "one-time-code", "dir": "ltr", "spellcheck": "false"}


class ProofForm(forms.Form):
    """A code of the second factor the account has now, to change it."""

    # Not required here: the state change refuses an empty one in its own words.
    current = forms.CharField(
        label=_("Code from the app you use now, or a recovery code"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs=CODE_WIDGET),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        widget=forms.TextInput(attrs={**CODE_WIDGET, "inputmode": "numeric", "autofocus": True}),
    )


class ReplacementForm(ProofForm, CodeForm):
    """A new app's first code, and a code of the factor it replaces."""

    field_order = ["code", "current"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code from the new app")


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


def _enrol(request, form=None, *, replacing: bool = False):
    """The QR code and the key of a new authenticator, and the box for its first code (and,
    to replace one, for a code of the current factor)."""
    user = request.user
    device = twofactor.pending_authenticator(user) or twofactor.start_enrolment(user, user)
    return _page(
        request,
        "enrol",
        form=form or (ReplacementForm() if replacing else CodeForm()),
        replacing=replacing,
        qr_svg=twofactor.qr_svg(device),
        secret=twofactor.secret_of(device),
    )


def _status(request, recovery_form=None):
    user = request.user
    return _page(
        request,
        "status",
        codes_left=twofactor.recovery_codes_left(user),
        recovery_form=recovery_form or ProofForm(),
    )


def _codes(request, codes: list[str]):
    return _page(request, "codes", codes=codes, continue_to=twofactor.safe_next(request, "admin:index"))


def _finish_enrolment(request, *, replacing: bool):
    user = request.user
    form = ReplacementForm(request.POST) if replacing else CodeForm(request.POST)
    device = twofactor.pending_authenticator(user)
    if device is None or not form.is_valid():
        return _enrol(request, form, replacing=replacing)
    try:
        codes = twofactor.finish_enrolment(
            user, user, device, form.cleaned_data["code"], proof=form.cleaned_data.get("current", "")
        )
    except ValidationError as refused:
        form.add_error("code" if refused.code == twofactor.Refusal.WRONG_FIRST_CODE else "current", refused)
        return _enrol(request, form, replacing=replacing)
    device.refresh_from_db()
    otp_login(request, device)
    request.session.cycle_key()  # a session that gained a factor gets a new key
    return _codes(request, codes)


def _new_recovery_codes(request):
    user = request.user
    form = ProofForm(request.POST)
    form.is_valid()  # nothing in it can be invalid: the state change judges the code
    try:
        codes = twofactor.new_recovery_codes(user, user, proof=form.cleaned_data["current"])
    except ValidationError as refused:
        form.add_error("current", refused)
        return _status(request, recovery_form=form)
    return _codes(request, codes)


@sensitive_post_parameters("code", "current")
def two_factor(request):
    """GET: enrolment, or the state of an enrolled account. POST ``action``: ``enrol``
    (the new app's code), ``replace`` (start moving to a new app), ``recovery`` (new
    recovery codes)."""
    # A session that has not passed its account's second factor ends here; one that
    # must enrol may, as that is what this page is for.
    if turned_away := twofactor.turned_away(request, enrolling=True):
        return turned_away
    enrolled = twofactor.has_second_factor(request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "enrol":
        return _finish_enrolment(request, replacing=enrolled)
    if action == "replace" and enrolled:
        return _enrol(request, replacing=True)
    if action == "recovery" and enrolled:
        return _new_recovery_codes(request)
    if enrolled:
        return _status(request)
    return _enrol(request)


# admin_view: staff only (others go to the login page), CSRF-protected, never cached.
two_factor_view = admin.site.admin_view(two_factor)
