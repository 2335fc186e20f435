"""Background work is queued by task name, once the transaction that asked for it commits.

Domain code never imports its app's ``tasks`` module: ``tasks.py`` sits on top of its app
and imports the domain, so the arrow points one way. The domain names the task instead
(each app keeps its task names in one enum) and this module sends it.

One policy for every task: nothing is sent before the data it refers to is committed (a
worker would not find the row), and a broker that cannot be reached at that moment never
holds up nor fails a request whose work is already saved. Sending waits at most
``CELERY_PUBLISH_TIMEOUT`` (half a second), with no retry: kombu's own connection retries
and socket timeouts would keep an editor's save waiting for many seconds on a broker that
accepts connections and never answers. What could not be sent waits in the database
(``core.models.UnsentTask``) and beat's ``send_unsent_tasks`` sends it once the broker
is back (``send_unsent``).

Retrying follows one policy too (``retry_on``): a task retried after a failure waits
longer each time, never longer than ``CELERY_RETRY_BACKOFF_MAX``, which the system check
``core.E001`` keeps below the broker's visibility timeout.
"""

import hashlib
import json
import logging
import time
import weakref
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu import pools
from kombu.exceptions import KombuError, OperationalError

from .models import UnsentTask

logger = logging.getLogger(__name__)

# What a broker that is down or not answering raises (connection refused, timeouts, a pool
# with no free producer).
BROKER_ERRORS = (OSError, KombuError)

# How long a process leaves a broker alone after it failed to take a task, and when it last
# failed, by producer pool: a new pool (a new broker address, or kombu's pools.reset()) is
# tried at once.
AWAY_SECONDS = 5
_failed_at: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()


def enqueue(name: str, *args, countdown: float | None = None) -> None:
    """Send the task called ``name`` now; raises one of ``BROKER_ERRORS`` when the broker
    does not take it within ``CELERY_PUBLISH_TIMEOUT``.

    Without a broker (``CELERY_TASK_ALWAYS_EAGER``, e.g. a bare ``runserver``) the task
    runs here, in this process, as Celery's own ``delay`` would run it.
    """
    if current_app.conf.task_always_eager:
        _run_here(name, args)
        return
    _publish(name, args, countdown)


def enqueue_on_commit(name: str, *args, countdown: float | None = None) -> None:
    """Send the task called ``name`` once the current transaction commits (at once when
    there is none). A task the broker does not take is kept for beat to send later; the
    committed data stays as it is."""

    def send() -> None:
        if current_app.conf.task_always_eager:
            _run_here(name, args)
            return
        try:
            _publish(name, args, countdown)
        except BROKER_ERRORS as error:
            keep_unsent(name, args, countdown=countdown, error=error)

    send.__qualname__ = f"enqueue {name}"  # what Django logs when sending fails
    transaction.on_commit(send, robust=True)


def _run_here(name: str, args: Sequence) -> None:
    app = current_app
    app.loader.import_default_modules()  # the apps' tasks modules, as a worker loads them
    app.tasks[name].apply(args=args)


def _publish(name: str, args: Sequence, countdown: float | None) -> None:
    """One attempt, on a connection of its own whose every step (connecting, each read and
    write, waiting for a free producer) gives up after ``CELERY_PUBLISH_TIMEOUT``. Workers
    and beat keep the broker settings' longer timeouts for their own connections.

    After a failure this process does not try that broker again for ``AWAY_SECONDS``: a
    bulk action that publishes fifty articles waits once, not fifty times.
    """
    app = current_app
    wait = settings.CELERY_PUBLISH_TIMEOUT
    connection = app.connection_for_write(
        connect_timeout=wait,
        transport_options={"socket_connect_timeout": wait, "socket_timeout": wait, "max_retries": 0},
    )
    # kombu keeps one pool per broker address and settings, for the life of the process.
    pool = pools.producers[connection]
    if time.monotonic() - _failed_at.get(pool, -AWAY_SECONDS) < AWAY_SECONDS:
        raise OperationalError("the broker did not answer a moment ago")
    try:
        with pool.acquire(block=True, timeout=wait) as producer:
            app.send_task(name, args=tuple(args), countdown=countdown, producer=producer, retry=False)
    except BROKER_ERRORS:
        _failed_at[pool] = time.monotonic()
        raise


def keep_unsent(name: str, args: Sequence, *, countdown: float | None = None, error: Exception) -> None:
    """Keep a task the broker did not take, for ``send_unsent``; one row per task and
    arguments, however often it was queued meanwhile."""
    logger.warning("Task %s%r not sent (%s); kept for beat to send.", name, tuple(args), error)
    now = timezone.now()
    UnsentTask.objects.bulk_create(
        [
            UnsentTask(
                name=name,
                args=list(args),
                digest=_digest(name, args),
                due_at=now + timedelta(seconds=countdown or 0),
                created_at=now,
                error=str(error)[:300],
            )
        ],
        ignore_conflicts=True,
    )


def _digest(name: str, args: Sequence) -> str:
    identity = json.dumps([name, list(args)], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(identity.encode()).hexdigest()


def send_unsent(limit: int = 1000) -> int:
    """Send the tasks that wait, oldest first, and forget each one sent; returns how many.

    Stops at the first the broker refuses (it is still away: the rest wait for the next
    run). Rows are locked while they are sent, and skipped by a run that finds them locked,
    so two runs at once never send one twice.
    """
    sent = 0
    with transaction.atomic():
        waiting = UnsentTask.objects.select_for_update(skip_locked=True).order_by("id")[:limit]
        for task in waiting:
            left = (task.due_at - timezone.now()).total_seconds()
            try:
                enqueue(task.name, *task.args, countdown=left if left > 0 else None)
            except BROKER_ERRORS as error:
                logger.warning("Unsent tasks still waiting: the broker did not take %s (%s).", task, error)
                break
            task.delete()
            sent += 1
    return sent


def retry_on(*exceptions: type[BaseException], max_retries: int | None) -> dict[str, Any]:
    """The options of ``@shared_task`` that retry a task when it raises one of
    ``exceptions``, at most ``max_retries`` times (``None``: until it succeeds).

    Every retried task waits the same way: exponentially longer after each failure, with
    random jitter so that tasks which failed together (a database restart) do not all come
    back at the same moment, and never longer than ``CELERY_RETRY_BACKOFF_MAX``. A longer
    wait would outlast the broker's visibility timeout, and a late-acknowledged task would
    be handed to a second worker meanwhile; ``core.E001`` checks the two settings, and
    holds for every task only because every task takes its backoff from here.

    What to retry, how often, and ``acks_late`` (for idempotent tasks only) stay with
    each task::

        @shared_task(name=..., acks_late=True, **retry_on(DatabaseError, max_retries=5))
    """
    if not exceptions:
        raise TypeError("retry_on() needs the exceptions to retry on")
    return {
        "autoretry_for": exceptions,
        "retry_backoff": True,
        "retry_backoff_max": settings.CELERY_RETRY_BACKOFF_MAX,
        "retry_jitter": True,
        "max_retries": max_retries,
    }
