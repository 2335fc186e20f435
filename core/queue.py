"""Background work is queued by task name, once the transaction that asked for it commits.

Domain code never imports its app's ``tasks`` module: ``tasks.py`` sits on top of its app
and imports the domain, so the arrow points one way. The domain names the task instead
(each app keeps its task names in one enum) and this module sends it.

One policy for every task: nothing is sent before the data it refers to is committed (a
worker would not find the row), and a broker that cannot be reached at that moment is
logged, never raised into a request whose work is already saved; periodic sweeps find
such work again (comments waiting for the checker, scheduled articles).

Retrying follows one policy too (``retry_on``): a task retried after a failure waits
longer each time, never longer than ``CELERY_RETRY_BACKOFF_MAX``, which the system check
``core.E001`` keeps below the broker's visibility timeout.
"""

import logging
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(name: str, *args, countdown: float | None = None) -> None:
    """Send the task called ``name`` now; raises what the broker raises.

    Without a broker (``CELERY_TASK_ALWAYS_EAGER``, e.g. a bare ``runserver``) the task
    runs here, in this process, as Celery's own ``delay`` would run it.
    """
    app = current_app
    if app.conf.task_always_eager:
        app.loader.import_default_modules()  # the apps' tasks modules, as a worker loads them
        app.tasks[name].apply(args=args)
        return
    app.send_task(name, args=args, countdown=countdown)


def enqueue_on_commit(name: str, *args, countdown: float | None = None) -> None:
    """Send the task called ``name`` once the current transaction commits (at once when
    there is none). A failure to send is logged; the committed data stays as it is."""

    def send() -> None:
        enqueue(name, *args, countdown=countdown)

    send.__qualname__ = f"enqueue {name}"  # what Django logs when sending fails
    transaction.on_commit(send, robust=True)


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
