"""The site's identity and its public addresses, for pages, feeds, sitemaps and mail."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext


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
