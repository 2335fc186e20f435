"""A configuration that breaks an invariant is refused by ``manage.py check``."""

from django.core.checks import run_checks
from django.test import override_settings


def error_ids() -> set[str]:
    return {message.id for message in run_checks() if message.is_serious()}


def test_the_shipped_configuration_passes():
    assert error_ids() == set()


@override_settings(CELERY_VISIBILITY_TIMEOUT=300, CELERY_RETRY_BACKOFF_MAX=600)
def test_a_visibility_timeout_below_the_retry_backoff_is_refused():
    # A message redelivered while its task waits to retry would run twice.
    assert "core.E001" in error_ids()


@override_settings(ADMIN_LOGIN_FAILURES_PER_ACCOUNT=0)
def test_a_login_limit_of_zero_is_refused():
    assert "core.E002" in error_ids()


def test_the_page_cache_in_the_counters_database_is_refused(settings):
    """Pages would evict the login brake's counters, or fill the database until Redis
    refuses them room."""
    counters = "redis://127.0.0.1:6379/4"
    redis_cache = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {"default": {"BACKEND": redis_cache, "LOCATION": counters}}
    settings.CELERY_BROKER_URL = counters
    for same in (counters, "redis://127.0.0.1/4", "redis://127.0.0.1:6379/0?db=4"):
        settings.PAGE_CACHE_REDIS_URL = same
        assert "core.E003" in error_ids(), same
    for apart in ("redis://127.0.0.1:6379/5", "redis://127.0.0.1:6380/4", ""):
        settings.PAGE_CACHE_REDIS_URL = apart
        assert "core.E003" not in error_ids(), apart
