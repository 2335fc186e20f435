from django.conf import settings

from .site import site_name


def site(request):
    """Site identity for every page (each app adds its own, e.g. the sections' menu)."""
    return {"site_name": site_name(), "site_languages": settings.LANGUAGES}
