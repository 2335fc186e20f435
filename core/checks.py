"""Invariants of the configuration, refused by ``manage.py check`` (and every command
that runs the checks, e.g. ``runserver`` and ``migrate``) instead of failing in production."""

from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.compatibility)
def visibility_timeout_above_retry_backoff(app_configs, **kwargs) -> list[Error]:
    """Redis gives an unacknowledged message to another worker once its visibility timeout
    runs out. A task waiting longer than that to be retried would be delivered twice, so
    the timeout must stay above the longest retry backoff of any task."""
    timeout = settings.CELERY_VISIBILITY_TIMEOUT
    backoff = settings.CELERY_RETRY_BACKOFF_MAX
    if timeout <= backoff:
        return [
            Error(
                f"CELERY_VISIBILITY_TIMEOUT ({timeout} s) must be above CELERY_RETRY_BACKOFF_MAX "
                f"({backoff} s), the longest a task waits before it is retried.",
                hint="Raise CELERY_VISIBILITY_TIMEOUT or lower CELERY_RETRY_BACKOFF_MAX in the environment.",
                id="core.E001",
            )
        ]
    return []


@register(Tags.security)
def login_throttle_limits(app_configs, **kwargs) -> list[Error]:
    errors = []
    for name in ("ADMIN_LOGIN_FAILURES_PER_ACCOUNT", "ADMIN_LOGIN_FAILURES_PER_ADDRESS"):
        if getattr(settings, name) < 1:
            errors.append(Error(f"{name} must be 1 or more.", id="core.E002"))
    return errors


@register(Tags.security, deploy=True)
def trusted_proxies_declared(app_configs, **kwargs) -> list[Warning]:
    """Behind a proxy, REMOTE_ADDR is the proxy: without NEWSROOM_TRUSTED_PROXIES every
    reader would share one address, and the rate limits and login brake would treat the
    whole readership as one client."""
    if settings.TRUSTED_PROXIES is None:
        return [
            Warning(
                "NEWSROOM_TRUSTED_PROXIES is not set: behind a proxy or a load balancer every reader "
                "has the proxy's address, so comment rate limits and the login brake count them as one.",
                hint="Set it to the number of proxies in front (1 behind one load balancer or Varnish), "
                "to their networks, or to 0 when readers reach this server directly.",
                id="core.W001",
            )
        ]
    return []


def _redis_database(url: str) -> tuple[str, int | None, int] | None:
    """(host, port, database) a Redis URL names, or None when it is not a Redis URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        return None
    query = dict(parse_qsl(parts.query))
    database = query.get("db") or ("0" if parts.scheme == "unix" else parts.path.strip("/")) or "0"
    if not database.isdigit():
        return None
    if parts.scheme == "unix":
        return parts.path, None, int(database)
    try:
        port = parts.port or 6379
    except ValueError:  # not a port: redis-py refuses the URL itself
        return None
    return (parts.hostname or "localhost").lower(), port, int(database)


@register(Tags.caches)
def page_cache_apart_from_counters(app_configs, **kwargs) -> list[Error]:
    """Stored pages fill their Redis to its memory limit. In the database of the login
    brake's and the comment limits' counters, or of Celery's queue, they would evict those
    keys or have Redis refuse them room."""
    pages = _redis_database(settings.PAGE_CACHE_REDIS_URL or "")
    if pages is None:
        return []
    shared = [
        name
        for name, url in (
            ("the cache's (REDIS_URL)", settings.CACHES["default"].get("LOCATION", "")),
            ("Celery's broker", settings.CELERY_BROKER_URL),
        )
        if isinstance(url, str) and _redis_database(url) == pages
    ]
    if not shared:
        return []
    return [
        Error(
            f"NEWSROOM_PAGE_CACHE_REDIS_URL names the same Redis database as {' and '.join(shared)}.",
            hint="Give the page cache a database of its own (unset NEWSROOM_PAGE_CACHE_REDIS_URL for the "
            "one after REDIS_URL's), or better a Redis instance of its own with maxmemory and allkeys-lru.",
            id="core.E003",
        )
    ]


@register(Tags.security, deploy=True)
def public_origin_declared(app_configs, **kwargs) -> list[Warning]:
    """Without NEWSROOM_SITE_URL, pages name the host each request gives, and every allowed
    host (each subdomain a wildcard allows, each port) is an origin of its own, with pages
    of its own in the page cache."""
    if not settings.SITE_URL:
        return [
            Warning(
                "NEWSROOM_SITE_URL is not set: pages link to, and the page cache stores them under, "
                "whichever allowed host and port each request names.",
                hint="Set it to the site's public origin, e.g. https://news.example.",
                id="core.W002",
            )
        ]
    return []
