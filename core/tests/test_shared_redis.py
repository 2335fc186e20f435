"""The Redis clients the site keeps: a Redis that drops every connection costs a request
one attempt and one more, never redis-py's ten with a growing pause; and what this process
counts while Redis cannot."""

import socket
import threading

import pytest
from django.core.cache import cache
from redis.exceptions import RedisError

from core.shared_redis import ProcessCounts, counter_redis, page_cache_redis


class DroppingRedis:
    """A port that accepts connections and closes them at once, counting them."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.listener.getsockname()[1]}/0"

    def _serve(self) -> None:
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:  # closed: the test is over
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def dropping(settings):
    server = DroppingRedis()
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
        }
    }
    settings.PAGE_CACHE_REDIS_URL = server.url
    yield server
    server.close()


@pytest.mark.parametrize(
    "call",
    [
        lambda: counter_redis()[0].get("x"),
        lambda: page_cache_redis()[0].get("x"),
        lambda: cache.get("x"),  # Django's cache: the login brake's
    ],
    ids=["the counters' client", "the page cache's client", "Django's cache"],
)
def test_a_call_to_a_redis_that_drops_connections_is_tried_at_most_twice(dropping, call):
    with pytest.raises(RedisError):
        call()
    assert 1 <= dropping.connections <= 2


def test_what_this_process_counts_ends_with_its_window(clock):
    counts = ProcessCounts()
    assert counts.add("k", 0, timeout=10) and not counts.add("k", 0, timeout=10)
    assert [counts.incr("k"), counts.incr("k")] == [1, 2]
    clock.advance(10)
    assert counts.get_many(["k"]) == {}
    with pytest.raises(ValueError):
        counts.incr("k")  # as Django's cache: a counter that ended must be started again


def test_what_this_process_counts_is_bounded(clock):
    counts = ProcessCounts(limit=3)
    counts.set("old", 1, timeout=1)
    clock.advance(2)
    for key in ("a", "b", "c"):
        counts.set(key, 1, timeout=60)
    counts.incr("a")  # counted lately: kept
    counts.set("d", 1, timeout=60)
    assert counts.get_many(["old", "a", "b", "c", "d"]) == {"a": 2, "c": 1, "d": 1}
