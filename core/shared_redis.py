"""The Redis clients a process keeps, and what it counts itself when Redis cannot.

**Two Redis databases** (or instances), so that pages never push counters out:

- the **page cache's** (``PAGE_CACHE_REDIS_URL``, by default the database after
  ``REDIS_URL``'s): stored pages and fragments, and the news of changes. It may fill to
  whatever memory limit it is given and evict, as a cache does.
- the **counters'**, Django's default cache (``REDIS_URL``, Celery's queue beside it): the
  login brake and the comment limits, which must neither be evicted nor refused for room.

Django's Redis cache builds a new client object for every call, which costs more than the
round trip itself; the page cache and the comment limits, called on every request, keep
one client each (``page_cache_redis``, ``counter_redis``) and batch their commands. Every
client waits briefly and tries again at most once, at once: redis-py's own retries (ten,
with a growing pause) would hold a request for seconds against a Redis that is gone.

**Counting when Redis cannot.** The login brake and the comment limits must not let
everything through when Redis is down, paused or full (at its memory limit Redis refuses
new keys). Refusing every login or comment instead would lock the staff out and lose the
readers' comments, so what Redis cannot count each process counts itself
(``process_counts``), for as long as the window lasts. A limit then holds in every process
(at worst the number of processes times the limit, for the length of the outage) and never
lifts. After a failure, Redis is left alone for a moment (``Breaker``) so that a paused
Redis costs one timeout, not one per request.
"""

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import redis
from django.conf import settings
from django.core.cache import cache
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# What a call to an unreachable, paused or full Redis raises (ValueError: Django's incr()
# of a key Redis evicted or expired meanwhile).
COUNTER_ERRORS = (RedisError, OSError, ValueError)

_clients: dict[tuple[str, float], redis.Redis] = {}


def client_retry() -> Retry:
    """One more attempt at once, only for a connection Redis closed (it restarted); never
    after a timeout, which would double the wait on a paused Redis."""
    return Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,))


def _client(url: str, timeout: float) -> redis.Redis:
    if (url, timeout) not in _clients:
        _clients[(url, timeout)] = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=client_retry()
        )
    return _clients[(url, timeout)]


def _prefix(prefix: str) -> str:
    return f"{prefix}:" if prefix else ""


def page_cache_redis(timeout: float = 0.25) -> tuple[redis.Redis, str] | None:
    """(client, key prefix) of the page cache's Redis, or None without one (in memory).

    A short timeout: a page can always be rendered instead of waiting for Redis.
    """
    if not settings.PAGE_CACHE_REDIS_URL:
        return None
    return _client(settings.PAGE_CACHE_REDIS_URL, timeout), _prefix(settings.CACHE_PREFIX)


def counter_redis(timeout: float = 1.0) -> tuple[redis.Redis, str] | None:
    """(client, key prefix) of the default cache when it is Redis (the counters), else None."""
    config = settings.CACHES["default"]
    if config["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        return None
    return _client(str(config["LOCATION"]), timeout), _prefix(str(config.get("KEY_PREFIX", "")))


# --- when Redis fails ----------------------------------------------------------------------------


class Breaker:
    """After Redis fails, leave it alone for a moment: a paused Redis must not make every
    request wait for a timeout. ``what`` and ``instead`` name the user and its fallback in
    the one warning logged per outage."""

    PAUSE = 2.0

    def __init__(self, what: str, instead: str):
        self.what, self.instead = what, instead
        self.until = 0.0

    def open(self) -> bool:
        return time.monotonic() < self.until

    def trip(self, error: Exception) -> None:
        if not self.open():
            logger.warning("%s: Redis unreachable (%s); %s.", self.what, error, self.instead)
        self.until = time.monotonic() + self.PAUSE

    def close(self) -> None:
        self.until = 0.0


class ProcessCounts:
    """Counters and small values with a lifetime, in this process, with the part of
    Django's cache API the counters use. Bounded: past ``limit`` entries, the expired go
    first, then those least recently counted."""

    def __init__(self, limit: int = 10_000):
        self.limit = limit
        self._entries: OrderedDict[str, tuple[Any, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _live(self, key: str) -> tuple[Any, float] | None:
        entry = self._entries.get(key)
        if entry is not None and entry[1] <= time.time():
            del self._entries[key]
            return None
        return entry

    def _put(self, key: str, value: Any, timeout: float) -> None:
        self._entries[key] = (value, time.time() + timeout)
        self._entries.move_to_end(key)
        if len(self._entries) > self.limit:
            now = time.time()
            for stale in [name for name, (_value, until) in self._entries.items() if until <= now]:
                del self._entries[stale]
            while len(self._entries) > self.limit:
                self._entries.popitem(last=False)

    def add(self, key: str, value: Any, timeout: float) -> bool:
        with self._lock:
            if self._live(key) is not None:
                return False
            self._put(key, value, timeout)
            return True

    def incr(self, key: str, delta: int = 1) -> int:
        with self._lock:
            entry = self._live(key)
            if entry is None:
                raise ValueError(f"Key {key!r} not found.")  # as Django's cache
            value = entry[0] + delta
            self._entries[key] = (value, entry[1])
            self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: Any, timeout: float) -> None:
        with self._lock:
            self._put(key, value, timeout)

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        with self._lock:
            found = {key: self._live(key) for key in keys}
        return {key: entry[0] for key, entry in found.items() if entry is not None}

    def delete_many(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


process_counts = ProcessCounts()
counters_breaker = Breaker("Counters", "counting in this process until it answers")

T = TypeVar("T")


def counting(operation: Callable[[Any], T]) -> T:
    """``operation(store)`` on Django's cache (Redis in production), or on this process's
    counts when Redis fails or failed a moment ago."""
    if not counters_breaker.open():
        try:
            return operation(cache)
        except COUNTER_ERRORS as error:
            counters_breaker.trip(error)
    return operation(process_counts)


def forget_redis_failures() -> None:
    """Forget what this process counted while Redis failed, and that it failed (tests start
    each case with a reachable Redis and nothing counted)."""
    process_counts.clear()
    counters_breaker.close()
