"""The site's identity and its public addresses, for pages, feeds, sitemaps and mail.

**One origin.** A reader may write the site's host in many ways: ``NEWS.example``,
``news.example.``, ``news.example:443``, ``www.news.example`` under a wildcard. They are one
site, and its pages name it one way (``canonical_origin``): ``NEWSROOM_SITE_URL`` when it is
set, otherwise the request's host in its normal spelling (lower case, no trailing dot, no
default port, no ``www.`` that ALLOWED_HOSTS does not name itself). The page cache stores
pages under that origin only (``core.pagecache``), so another spelling never makes another
stored page.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext

_DEFAULT_PORTS = {"http": 80, "https": 443}
_HIGHEST_PORT = 65535


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


def public_origin() -> tuple[str, str] | None:
    """(scheme, host) of the configured public origin, if there is one."""
    if not settings.SITE_URL:
        return None
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.netloc


# --- the origin of a request --------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """Where a request's page lives: ``url`` (``scheme://host[:port]``), the origin its links
    name and the page cache stores it under; ``as_named`` when a page rendered for this
    request is that origin's page byte for byte, so that it may be stored."""

    url: str
    as_named: bool


def request_scheme(meta: dict) -> str:
    """The scheme as ``HttpRequest.scheme`` works it out, from a WSGI environ or
    ``request.META``, without building a request."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = meta.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return meta.get("wsgi.url_scheme", "http")


def _raw_host(meta: dict, scheme: str) -> str:
    """The host as sent, read as ``HttpRequest.get_host`` reads it."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in meta:
        return meta["HTTP_X_FORWARDED_HOST"]
    if "HTTP_HOST" in meta:
        return meta["HTTP_HOST"]
    name, port = meta.get("SERVER_NAME", ""), str(meta.get("SERVER_PORT", ""))
    return name if port == str(_DEFAULT_PORTS.get(scheme)) else f"{name}:{port}"


def _allowed_hosts() -> list[str]:
    # As HttpRequest.get_host: the development server's names when none are set.
    if settings.DEBUG and not settings.ALLOWED_HOSTS:
        return [".localhost", "127.0.0.1", "[::1]"]
    return settings.ALLOWED_HOSTS


def normal_host(domain: str, port: str, scheme: str) -> str:
    """A host as the site writes it. ``domain`` as ``split_domain_port`` gives it (lower
    case, no trailing dot). A ``www.`` that only a wildcard allows is the same site as the
    name without it. A port is written as a plain number, and not at all when it is the
    scheme's own or no port at all (0, or past 65535)."""
    allowed = _allowed_hosts()
    if (
        domain.startswith("www.")
        and domain not in {pattern.lower() for pattern in allowed}
        and validate_host(domain[4:], allowed)
    ):
        domain = domain[4:]
    number = int(port) if port.isdigit() and len(port) <= 5 else 0
    if 0 < number <= _HIGHEST_PORT and number != _DEFAULT_PORTS.get(scheme):
        return f"{domain}:{number}"
    return domain


def request_origin(meta: dict) -> Origin | None:
    """The origin of the request in ``meta`` (a WSGI environ or ``request.META``); None when
    its host is not one of ALLOWED_HOSTS (Django answers it with a 400).

    With ``NEWSROOM_SITE_URL``, every allowed host is that origin: pages name it alone, so
    whichever host a proxy passes on, the page is the same and stored once. Without it, the
    request's own host in its normal spelling; a page is stored only from a request that
    spelled it so (a feed or a sitemap names the host exactly as it was sent).
    """
    scheme = request_scheme(meta)
    raw = _raw_host(meta, scheme)
    domain, port = split_domain_port(raw)
    if not domain or not validate_host(domain, _allowed_hosts()):
        return None
    if settings.SITE_URL:
        return Origin(url=settings.SITE_URL, as_named=True)
    host = normal_host(domain, port, scheme)
    return Origin(url=f"{scheme}://{host}", as_named=raw == host)


def canonical_origin(request) -> str:
    """``scheme://host[:port]`` every absolute link of a page names (see ``request_origin``)."""
    origin = request_origin(request.META)
    if origin is None:  # a host Django has not checked yet: it refuses it before any page
        return f"{request.scheme}://{request.get_host()}"
    return origin.url


def absolute_url(request, path: str) -> str:
    """``path`` (or an address that is already absolute, a CDN's) on the site's one origin."""
    if urlsplit(path).scheme:
        return path
    return f"{canonical_origin(request)}{path}"


def canonical_url(request) -> str:
    """This page's address for search engines and social previews: its path and the query
    parameters that make another page (``?page=2``), never a tracking parameter a reader
    arrived with, which would otherwise end up in a page shared with everyone."""
    # Imported here: the page cache stores pages under this module's origins, so it
    # imports this module, and that way only at import time.
    from .pagecache import canonical_query

    query = canonical_query(request.META.get("QUERY_STRING", "")) or ""
    return absolute_url(request, iri_to_uri(request.path) + (f"?{query}" if query else ""))
