"""One Redis client per process for the hot paths that talk to the cache's Redis.

Django's Redis cache builds a new client object for every call, which costs more
than the round trip itself; the page cache and the comment rate limits, called on
every request, keep one client and batch their commands.
"""

import redis
from django.conf import settings

_clients: dict[tuple[str, float], redis.Redis] = {}


def cache_redis(timeout: float = 2.0) -> tuple[redis.Redis, str] | None:
    """(client, key prefix) of the default cache when it is Redis, else None.

    A short timeout: a cache that hangs would hang every reader. The page cache asks for a
    much shorter one than the rate limits, since it can always do without Redis.
    """
    config = settings.CACHES["default"]
    if config["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        return None
    location = config["LOCATION"]
    if (location, timeout) not in _clients:
        _clients[(location, timeout)] = redis.Redis.from_url(
            location, socket_timeout=timeout, socket_connect_timeout=timeout
        )
    prefix = config.get("KEY_PREFIX", "")
    return _clients[(location, timeout)], f"{prefix}:" if prefix else ""
