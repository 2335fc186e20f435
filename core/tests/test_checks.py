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
