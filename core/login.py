"""A brake on guessing staff passwords that cannot be turned into a lockout.

Per account: after a few failures, each further attempt must wait, and the wait doubles
with every failure up to ``ADMIN_LOGIN_MAX_DELAY`` seconds. Someone guessing a known staff
name gets a handful of tries a minute at most, and the duty editor is never locked out for
longer than that delay (a hard lockout let anyone lock out a named editor at will). Per
address: a hard limit in a window, as before. While an attempt must wait it is refused
whatever the password, so the answer says nothing about it.

The account is counted under the name as the login form reads it (surrounding spaces
dropped, NFKC, as Django's ``UsernameField`` does) and casefolded, so "editor ", "\\teditor"
and a full-width «ｅｄｉｔｏｒ» are one account for the brake, both when failures are
counted and when an attempt is refused.
"""

import contextlib
import logging
import math
import time
import unicodedata

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

from .security import client_ip
from .site import site_name

logger = logging.getLogger(__name__)

_CACHE_ERRORS = (RedisError, OSError, ValueError)


def normalized_username(value: str) -> str:
    """The account a login attempt is about, however the name was typed."""
    return unicodedata.normalize("NFKC", (value or "").strip()).casefold()


def delay_after(failures: int) -> int:
    """Seconds an attempt must wait after ``failures`` failed ones on the same account."""
    free = settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT
    if failures < free:
        return 0
    return min(settings.ADMIN_LOGIN_MAX_DELAY, 2 ** (failures - free))


def _keys(request, username: str) -> tuple[str, str, str]:
    account = salted_hmac("newsroom.login.account", normalized_username(username), algorithm="sha256")
    address = salted_hmac("newsroom.login.address", client_ip(request), algorithm="sha256")
    return (
        f"admin-login:user:{account.hexdigest()}",
        f"admin-login:wait:{account.hexdigest()}",
        f"admin-login:ip:{address.hexdigest()}",
    )


def record_failure(request, username: str) -> None:
    """One more failed attempt on this account, from this address."""
    failures_key, wait_key, address_key = _keys(request, username)
    window = settings.ADMIN_LOGIN_WINDOW_SECONDS
    try:
        for key in (failures_key, address_key):
            cache.add(key, 0, timeout=window)
            failures = cache.incr(key)
            if key == failures_key and delay_after(failures):
                cache.set(wait_key, time.time() + delay_after(failures), timeout=delay_after(failures))
    except _CACHE_ERRORS:
        logger.warning("Admin login failure not counted: the cache is unreachable.")


def forget_failures(request, username: str) -> None:
    failures_key, wait_key, _address = _keys(request, username)
    with contextlib.suppress(*_CACHE_ERRORS):  # nothing to forget if it was never counted
        cache.delete_many([failures_key, wait_key])


def seconds_to_wait(request, username: str) -> int:
    """0 when this attempt may go ahead; else how long before the next one may."""
    failures_key, wait_key, address_key = _keys(request, username)
    try:
        found = cache.get_many([failures_key, wait_key, address_key])
        if found.get(address_key, 0) >= settings.ADMIN_LOGIN_FAILURES_PER_ADDRESS:
            return settings.ADMIN_LOGIN_WINDOW_SECONDS
        wait_until = found.get(wait_key)
        if wait_until and wait_until > time.time():
            return math.ceil(wait_until - time.time())
        if delay_after(found.get(failures_key, 0)) and not cache.add(f"{wait_key}:turn", 1, timeout=1):
            return 1  # one attempt a second goes through when the wait is over
    except _CACHE_ERRORS:
        logger.warning("Admin login not throttled: the cache is unreachable.")
    return 0


@receiver(user_login_failed, dispatch_uid="newsroom-count-login-failure")
def _count_login_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        record_failure(request, credentials.get("username", ""))


@receiver(user_logged_in, dispatch_uid="newsroom-forget-login-failures")
def _forget_login_failures(sender, request=None, user=None, **kwargs):
    if request is not None and user is not None:
        forget_failures(request, user.get_username())


def refused(request, seconds: int) -> HttpResponse:
    """The 429 page in the reader's language."""
    context = {"site_name": site_name()}
    if seconds >= 60:
        context["minutes"] = math.ceil(seconds / 60)
    else:
        context["seconds"] = seconds
    response = HttpResponse(loader.render_to_string("429.html", context), status=429)
    response["Retry-After"] = str(seconds)
    return response


class AdminLoginThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:login"):
            seconds = seconds_to_wait(request, request.POST.get("username", ""))
            if seconds:
                return refused(request, seconds)
        return self.get_response(request)
