"""Background work for the caches and the task queue. Nothing in core imports this module."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .invalidation import HISTORY
from .models import Invalidation
from .purge import send_purge
from .queue import retry_on, send_unsent
from .task_names import TaskName


@shared_task(
    name=TaskName.PURGE_SHARED_CACHE,
    acks_late=True,  # idempotent: purging twice drops nothing more
    # OSError: URLError, refused connections, timeouts. A purge is retried until the
    # cache answers, never dropped.
    **retry_on(OSError, max_retries=None),
)
def purge_shared_cache(target: str, keys: list[str]) -> int:
    return send_purge(target, keys)


@shared_task(name=TaskName.FORGET_OLD_INVALIDATIONS)
def forget_old_invalidations() -> int:
    """Entries older than twice the history window are of use to no process any more."""
    cutoff = timezone.now() - timedelta(seconds=2 * HISTORY)
    deleted, _by_model = Invalidation.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@shared_task(name=TaskName.SEND_UNSENT_TASKS)
def send_unsent_tasks() -> int:
    """Tasks a broker outage kept from being sent when their change was saved."""
    return send_unsent()
