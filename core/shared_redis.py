"""One Redis client per process for the hot paths that talk to the cache's Redis.

Django's Redis cache builds a new client object for every call, which costs more
than the round trip itself; the page cache and the comment rate limits, called on
every request, keep one client and batch their commands.
"""

import redis
from django.conf import settings

_clients: dict[str, redis.Redis] = {}


def cache_redis() -> tuple[redis.Redis, str] | None:
    """(client, key prefix) of the default cache when it is Redis, else None."""
    config = settings.CACHES["default"]
    if config["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        return None
    location = config["LOCATION"]
    if location not in _clients:
        # A short timeout: a cache that hangs would hang every reader.
        _clients[location] = redis.Redis.from_url(location, socket_timeout=2, socket_connect_timeout=2)
    prefix = config.get("KEY_PREFIX", "")
    return _clients[location], f"{prefix}:" if prefix else ""
