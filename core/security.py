"""What the browser is told to enforce, and a brake on guessing admin passwords.

The Content-Security-Policy allows scripts from the site itself only: no inline script,
no ``eval``, nothing from elsewhere, so a comment that slipped an element past the
sanitiser still could not run code. Django's admin sets style attributes from its own
templates and scripts, so only the admin's policy allows inline styles; its scripts
are held to the same rule.
"""

import contextlib
import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

from .site import site_name

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
SITE_POLICY = "; ".join((*_COMMON, "style-src 'self'"))
ADMIN_POLICY = "; ".join((*_COMMON, "style-src 'self' 'unsafe-inline'"))


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        response.headers.setdefault("Content-Security-Policy", ADMIN_POLICY if admin else SITE_POLICY)
        return response


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
    """The reader's address: the proxy's X-Forwarded-For only when told to trust it."""
    if settings.COMMENTS_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


# Admin login throttling: failed attempts are counted per account name and per address
# in the cache; past the limit, the login form is refused for the rest of the window,
# even with the right password, so guessing gains nothing.


def _failure_keys(request, username: str) -> dict[str, int]:
    account = salted_hmac("newsroom.login.account", username.casefold(), algorithm="sha256").hexdigest()
    address = salted_hmac("newsroom.login.address", client_ip(request), algorithm="sha256").hexdigest()
    return {
        f"admin-login:user:{account}": settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT,
        f"admin-login:ip:{address}": settings.ADMIN_LOGIN_FAILURES_PER_ADDRESS,
    }


@receiver(user_login_failed, dispatch_uid="newsroom-count-login-failure")
def count_login_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    try:
        for key in _failure_keys(request, credentials.get("username", "")):
            cache.add(key, 0, timeout=settings.ADMIN_LOGIN_WINDOW_SECONDS)
            cache.incr(key)
    except (RedisError, OSError, ValueError):
        logger.warning("Admin login failure not counted: the cache is unreachable.")


@receiver(user_logged_in, dispatch_uid="newsroom-forget-login-failures")
def forget_login_failures(sender, request=None, user=None, **kwargs):
    if request is None or user is None:
        return
    with contextlib.suppress(RedisError, OSError):  # nothing to forget if it was never counted
        cache.delete(next(iter(_failure_keys(request, user.get_username()))))


def login_refused(request) -> bool:
    keys = _failure_keys(request, request.POST.get("username", ""))
    try:
        counts = cache.get_many(list(keys))
    except (RedisError, OSError):
        return False
    return any(counts.get(key, 0) >= limit for key, limit in keys.items())


class AdminLoginThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:login") and login_refused(request):
            minutes = max(1, settings.ADMIN_LOGIN_WINDOW_SECONDS // 60)
            page = loader.render_to_string("429.html", {"site_name": site_name(), "minutes": minutes})
            response = HttpResponse(page, status=429)
            response["Retry-After"] = str(settings.ADMIN_LOGIN_WINDOW_SECONDS)
            return response
        return self.get_response(request)
