"""Background work for comments. Tasks take ids and call the domain's named functions;
nothing in the domain imports this module (it queues these tasks by name).

``moderate_comment`` is idempotent (see ``lifecycle.check_comment``), so it is
acknowledged only once done: a worker that dies mid-task leaves the message to be
delivered again. Database hiccups are retried with the backoff every task shares
(``core.queue.retry_on``), whose longest countdown (``CELERY_RETRY_BACKOFF_MAX``) stays
below the broker's visibility timeout (system check ``core.E001``).
"""

from celery import shared_task
from django.db import DatabaseError

from comments.moderation.judge import judge
from comments.moderation.training import retrain
from core.queue import retry_on

from . import notifications
from .lifecycle import check_comment
from .task_names import TaskName


@shared_task(
    name=TaskName.MODERATE_COMMENT,
    acks_late=True,
    soft_time_limit=120,
    **retry_on(DatabaseError, max_retries=8),
)
def moderate_comment(comment_id: int) -> str | None:
    decision = check_comment(comment_id, judge)
    return None if decision is None else str(decision)


@shared_task(
    name=TaskName.RETRAIN_SPAM_MODEL,
    acks_late=True,
    **retry_on(DatabaseError, max_retries=5),
)
def retrain_spam_model() -> int | None:
    model = retrain()
    return model.pk if model else None


@shared_task(name=TaskName.NOTIFY_MODERATORS)
def notify_moderators(comment_id: int) -> int:
    return notifications.notify_moderators(comment_id)


@shared_task(name=TaskName.NOTIFY_REPLY)
def notify_reply(comment_id: int) -> None:
    notifications.notify_parent_author(comment_id)


@shared_task(name=TaskName.SEND_ADDRESS_CONFIRMATION)
def send_address_confirmation(comment_id: int) -> bool:
    return notifications.send_address_confirmation(comment_id)
