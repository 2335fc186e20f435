"""What the browser is told to enforce, where a request came from, and who a reader is.

The Content-Security-Policy allows scripts from the site itself only: no inline script,
no ``eval``, nothing from elsewhere, so a comment that slipped an element past the
sanitiser still could not run code. Django's admin sets style attributes from its own
templates and scripts, so only the admin's policy allows inline styles; its scripts
are held to the same rule.
"""

import base64
import hashlib
import ipaddress
import json
import logging
import re

from django.conf import settings
from django.middleware.security import SecurityMiddleware

logger = logging.getLogger(__name__)

_COMMON = (
    "default-src 'self'",
    "script-src 'self'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
ADMIN_POLICY = "; ".join((*_COMMON, "style-src 'self' 'unsafe-inline'"))
# Frames readers may load, once they ask (an embedded post): apps add the hosts they need
# from AppConfig.ready(); nothing else is framed.
_frame_hosts: list[str] = []


def allow_frames_from(*hosts: str) -> None:
    for host in hosts:
        if host not in _frame_hosts:
            _frame_hosts.append(host)


def site_policy() -> str:
    frames = f"frame-src {' '.join(_frame_hosts)}" if _frame_hosts else "frame-src 'none'"
    return "; ".join((*_COMMON, "style-src 'self'", frames))


_IMPORT_MAP = re.compile(rb'<script type="importmap"[^>]*>(.*?)</script>', re.DOTALL)


def _points_to_own_static_files(text: bytes) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    maps = [data.get("imports", {}), *data.get("scopes", {}).values()] if isinstance(data, dict) else []
    targets = [target for mapping in maps if isinstance(mapping, dict) for target in mapping.values()]
    return all(isinstance(target, str) and target.startswith(settings.STATIC_URL) for target in targets)


def import_map_sources(content: bytes) -> list[str]:
    """CSP hash sources for the import maps in an admin page.

    The body editor's ES modules find each other through an inline import map, which a
    policy without inline scripts blocks. An import map runs no code; one that maps names
    only to this site's own static files is allowed by its hash, nothing else inline is.
    """
    sources = []
    for match in _IMPORT_MAP.finditer(content):
        if _points_to_own_static_files(match.group(1)):
            digest = base64.b64encode(hashlib.sha256(match.group(1)).digest()).decode()
            sources.append(f"'sha256-{digest}'")
    return sources


def with_script_sources(policy: str, sources: list[str]) -> str:
    if not sources:
        return policy
    return policy.replace("script-src 'self'", "script-src 'self' " + " ".join(sources), 1)


def security_headers(path: str) -> list[tuple[str, str]]:
    """What every answer tells the browser, whatever answered it (a view, an error page, the
    page cache's door before Django)."""
    return [
        ("Content-Security-Policy", ADMIN_POLICY if path.startswith("/admin/") else site_policy()),
        ("X-Frame-Options", settings.X_FRAME_OPTIONS),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
    ]


class SecurityHeadersMiddleware:
    """First in MIDDLEWARE, so that no answer leaves without these headers: the 400 for an
    unknown host is made by the middleware that asks for the host, before any inner one
    could add them. Django's SecurityMiddleware (inside) still redirects to https and adds
    HSTS on the answers that reach it; this one adds HSTS to the others."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.django = SecurityMiddleware(get_response)

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in security_headers(request.path):
            response.headers.setdefault(name, value)
        if request.path.startswith("/admin/") and _is_html(response):
            sources = import_map_sources(response.content)
            policy = with_script_sources(response["Content-Security-Policy"], sources)
            response["Content-Security-Policy"] = policy
        return self.django.process_response(request, response)


def _is_html(response) -> bool:
    return not response.streaming and response.get("Content-Type", "").startswith("text/html")


def sent_from_this_site(request) -> bool:
    """A POST came from a form on this site, judged by what the browser says about where
    the request started, without a token (a page every reader shares holds none): the
    Fetch Metadata header ``Sec-Fetch-Site`` when sent (every current browser), otherwise
    ``Origin``, otherwise ``Referer`` (OWASP's "verifying origin with standard headers").
    A request that says nothing is refused: a browser always says something."""
    own = f"{request.scheme}://{request.get_host()}"
    trusted = {own, *settings.CSRF_TRUSTED_ORIGINS}
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    if site is not None:
        return site == "same-origin"
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin in trusted
    referer = request.META.get("HTTP_REFERER")
    if referer:
        return any(referer == start or referer.startswith(start + "/") for start in trusted)
    return False


def client_ip(request) -> str:
    """The reader's address as the trusted proxy in front saw it (``NEWSROOM_TRUSTED_PROXIES``).

    Each proxy appends the address it received the request from to ``X-Forwarded-For``, so
    the address is read from the right: with N proxies, the N-th entry from the right; with
    trusted networks, the first entry from the right outside them. Entries further left were
    written by the client and prove nothing. Without the setting, ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    if not trusted:
        return remote
    hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if isinstance(trusted, int):
        found = hops[-trusted] if len(hops) >= trusted else (hops[0] if hops else remote)
    else:
        found = remote
        for hop in [*hops, remote][::-1]:
            found = hop
            if not _in_networks(hop, trusted):
                break
    return found if _is_address(found) else remote


def from_trusted_proxy(meta: dict) -> bool:
    """The connection comes from a proxy in front (``NEWSROOM_TRUSTED_PROXIES``), whose
    headers the site may believe. With a count, every connection does (readers reach the
    site through those proxies only); with networks, one from inside them; with none (unset
    or 0), no connection does."""
    trusted = settings.TRUSTED_PROXIES
    if not trusted:
        return False
    if isinstance(trusted, int):
        return True
    return _in_networks(meta.get("REMOTE_ADDR", ""), trusted)


# An IPv6 reader's provider gives them a /64 at the least: every address in it is theirs.
IPV6_READER_PREFIX = 64


def counted_address(ip: str) -> str:
    """What a limit per address counts for ``ip``: an IPv4 address itself, an IPv6 one's
    /64 (an IPv4 address written as IPv6 is the IPv4 address)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_READER_PREFIX}", strict=False))
    return str(address)


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _in_networks(value: str, networks) -> bool:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    return any(address in network for network in networks)
