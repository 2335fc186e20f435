"""A brake on guessing staff passwords that cannot be turned into a lockout.

After a few failures on one account, or from one address, each further attempt must wait,
and the wait doubles with every failure up to ``ADMIN_LOGIN_MAX_DELAY`` seconds. Someone
guessing a known staff name, or many names from one address, gets a handful of tries a
minute at most, and the duty editor is never locked out for longer than that delay: a hard
lockout let anyone lock out a named editor at will, and behind a proxy that
``NEWSROOM_TRUSTED_PROXIES`` does not name, every login comes from the proxy's one address,
so a hard limit per address refused every login of the whole staff. While an attempt must
wait it is refused whatever the password, so the answer says nothing about it.

The account is counted under the name as the login form reads it (surrounding spaces
dropped, NFKC, as Django's ``UsernameField`` does) and casefolded, so "editor ", "\\teditor"
and a full-width «ｅｄｉｔｏｒ» are one account for the brake, both when failures are
counted and when an attempt is refused. An IPv6 address is counted by its /64.

The counts live in the counters' Redis. When it cannot keep them (down, paused, or full:
at its memory limit Redis refuses new keys), this process counts instead
(``core.shared_redis``): the brake never lets every attempt through, and never refuses
every login either.
"""

import math
import time
import unicodedata
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.crypto import salted_hmac

from .security import client_ip, counted_address
from .shared_redis import counting, process_counts
from .site import site_name


def normalized_username(value: str) -> str:
    """The account a login attempt is about, however the name was typed."""
    return unicodedata.normalize("NFKC", (value or "").strip()).casefold()


def delay_after(failures: int, free: int | None = None) -> int:
    """Seconds an attempt must wait after ``failures`` failed ones, of which ``free`` (by
    default the account's allowance) needed no wait."""
    if free is None:
        free = settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT
    if failures < free:
        return 0
    return min(settings.ADMIN_LOGIN_MAX_DELAY, 2 ** min(failures - free, 30))


@dataclass(frozen=True)
class _Braked:
    """What the brake counts failures of (an account, an address): its count in the window,
    the moment its next attempt may come, and how many failures pass without a wait."""

    failures_key: str
    wait_key: str
    free: int


def _braked(request, username: str) -> tuple[_Braked, _Braked]:
    account = salted_hmac("newsroom.login.account", normalized_username(username), algorithm="sha256")
    address = salted_hmac("newsroom.login.address", counted_address(client_ip(request)), algorithm="sha256")
    return (
        _Braked(
            f"admin-login:user:{account.hexdigest()}",
            f"admin-login:wait:{account.hexdigest()}",
            settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT,
        ),
        _Braked(
            f"admin-login:ip:{address.hexdigest()}",
            f"admin-login:ip-wait:{address.hexdigest()}",
            settings.ADMIN_LOGIN_FAILURES_PER_ADDRESS,
        ),
    )


def _add_failure(store, key: str) -> int:
    store.add(key, 0, timeout=settings.ADMIN_LOGIN_WINDOW_SECONDS)
    return store.incr(key)


def _wait(store, key: str, seconds: int) -> None:
    store.set(key, time.time() + seconds, timeout=seconds)


def _read(keys: list[str]) -> dict[str, float]:
    """The counts and moments kept for ``keys``: the larger of Redis's and this process's
    (which counted what Redis could not, a moment ago)."""
    shared = counting(lambda store: store.get_many(keys))
    here = process_counts.get_many(keys)
    return {key: max(shared.get(key, 0), here.get(key, 0)) for key in keys}


def record_failure(request, username: str) -> None:
    """One more failed attempt on this account, from this address."""
    for braked in _braked(request, username):
        failures = counting(partial(_add_failure, key=braked.failures_key))
        failures = max(failures, int(_read([braked.failures_key])[braked.failures_key]))
        delay = delay_after(failures, braked.free)
        if delay:
            counting(partial(_wait, key=braked.wait_key, seconds=delay))


def forget_failures(request, username: str) -> None:
    """A login went through: its account's failures are forgotten (not its address's)."""
    account, _address = _braked(request, username)
    keys = [account.failures_key, account.wait_key]
    counting(lambda store: store.delete_many(keys))
    process_counts.delete_many(keys)


def _takes_the_turn(braked: _Braked) -> bool:
    """Once a wait is over, one attempt a second goes through: is it this one?"""
    return counting(lambda store: store.add(f"{braked.wait_key}:turn", 1, timeout=1))


def seconds_to_wait(request, username: str) -> int:
    """0 when this attempt may go ahead; else how long before the next one may."""
    braked = _braked(request, username)
    found = _read([key for each in braked for key in (each.failures_key, each.wait_key)])
    now = time.time()
    waits = [math.ceil(found[each.wait_key] - now) for each in braked if found[each.wait_key] > now]
    if waits:
        return max(waits)
    slowed = [each for each in braked if delay_after(int(found[each.failures_key]), each.free)]
    return 0 if all(_takes_the_turn(each) for each in slowed) else 1


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
    context: dict[str, object] = {"site_name": site_name()}
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
