from django.conf import settings

from .models import Section
from .seo import site_name


def site(request):
    """Navigation and site identity for every public page."""
    return {
        "nav_sections": Section.objects.all(),
        "site_name": site_name(),
        "site_languages": settings.LANGUAGES,
    }
