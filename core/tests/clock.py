"""A clock the tests move on instead of sleeping (the ``clock`` fixture, root conftest.py).

What comes due by the clock — a scheduled article going live, a stored page fresh only
until then, the end of a login wait — comes due at once, and nothing else changes: the
data stays as the code under test left it.
"""

import time
from datetime import timedelta

from django.utils import timezone

from core.shared_redis import counter_redis, page_cache_redis


class Clock:
    """Moves the time of day this process reads: ``time.time()`` and Django's
    ``timezone.now()``, in this thread and in the live server's. The cache's entries age
    with it: Django's in-memory cache reads ``time.time()``, and Redis, which keeps its own
    time, has every remaining lifetime in its keys shortened by as much, the counters' and
    the page cache's (what would have expired is deleted). ``time.monotonic()`` is left
    alone: it measures timeouts, and PostgreSQL's clock is not this process's to move.
    """

    def __init__(self, monkeypatch):
        self.offset = 0.0
        real_time, real_now = time.time, timezone.now
        monkeypatch.setattr(time, "time", lambda: real_time() + self.offset)
        monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(seconds=self.offset))

    def advance(self, seconds: float) -> None:
        self.offset += seconds
        gone = int(seconds * 1000)
        for kept in (counter_redis(), page_cache_redis()):
            if kept is not None:
                _age(*kept, gone)


def _age(client, prefix: str, gone: int) -> None:
    for key in client.scan_iter(match=f"{prefix}*"):
        left = client.pttl(key)
        if left < 0:  # no lifetime (-1), or gone meanwhile (-2)
            continue
        if left <= gone:
            client.delete(key)
        else:
            client.pexpire(key, left - gone)
