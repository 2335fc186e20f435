"""Invariants of the configuration, refused by ``manage.py check`` (and every command
that runs the checks, e.g. ``runserver`` and ``migrate``) instead of failing in production."""

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
