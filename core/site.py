"""The site's identity and its public addresses, for pages, feeds, sitemaps and mail."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext

from .pagecache import canonical_query


def language_direction(language: str) -> str:
    """ "rtl" or "ltr": how text in ``language`` runs."""
    return "rtl" if translation.get_language_info(language)["bidi"] else "ltr"


def site_name() -> str:
    """The name readers see, in the active language unless the site has set its own."""
    return settings.SITE_NAME or gettext("Newsroom")


def public_path(path: str) -> str:
    """``path`` on the configured public origin, or unchanged when none is configured.

    Callers that are handed the request's host later (feeds, sitemaps) use this so
    that a site behind a proxy still publishes links on its public address.
    """
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else path


def absolute_url(request, path: str) -> str:
    if settings.SITE_URL:
        return f"{settings.SITE_URL}{path}"
    return request.build_absolute_uri(path)


def public_origin() -> tuple[str, str] | None:
    """(scheme, host) of the configured public origin, if there is one."""
    if not settings.SITE_URL:
        return None
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.netloc


def canonical_url(request) -> str:
    """This page's address for search engines and social previews: its path and the query
    parameters that make another page (``?page=2``), never a tracking parameter a reader
    arrived with, which would otherwise end up in a page shared with everyone."""
    query = canonical_query(request.META.get("QUERY_STRING", "")) or ""
    return absolute_url(request, iri_to_uri(request.path) + (f"?{query}" if query else ""))
