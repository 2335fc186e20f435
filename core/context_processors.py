from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .site import canonical_url, site_name


def site(request):
    """Site identity for every page (apps add their own parts, e.g. the sections' menu)."""
    return {
        "site_name": site_name(),
        "site_languages": settings.LANGUAGES,
        "canonical_url": SimpleLazyObject(lambda: canonical_url(request)),
    }
