"""Each staff member's admin language: chosen once in the admin, kept for their account.

The reader site follows the address (/ar/, /en/); the admin has no language in its
address, so Django would follow the browser's Accept-Language. A staff member's stored
choice wins over it on every admin page.
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from .models import AdminPreference
from .twofactor import second_factor_required

ADMIN_PREFIX = "/admin/"


def preferred_language(user) -> str | None:
    if not getattr(user, "is_staff", False):
        return None
    preference = AdminPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return preference if preference in dict(settings.LANGUAGES) else None


class AdminLanguageMiddleware:
    """After authentication: the admin in the staff member's chosen language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX) and (language := preferred_language(request.user)):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


@second_factor_required
def choose_admin_language(request):
    """POST (CSRF-checked) from the admin's header: store the choice, go back."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    language = request.POST.get("language", "")
    if request.user.is_authenticated and request.user.is_staff and language in dict(settings.LANGUAGES):
        AdminPreference.objects.update_or_create(user=request.user, defaults={"language": language})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("admin:index")
    return HttpResponseRedirect(back)
