"""Background work is queued by task name, once the transaction that asked for it commits.

Domain code never imports its app's ``tasks`` module: ``tasks.py`` sits on top of its app
and imports the domain, so the arrow points one way. The domain names the task instead
(each app keeps its task names in one enum) and this module sends it.

One policy for every task: nothing is sent before the data it refers to is committed (a
worker would not find the row), and a broker that cannot be reached at that moment is
logged, never raised into a request whose work is already saved; periodic sweeps find
such work again (comments waiting for the checker, scheduled articles).
"""

import logging

from celery import current_app
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
