"""Background work for comments. Tasks take ids and call the named functions.

``moderate_comment`` is idempotent (see ``moderation.judge.moderate``), so it is
acknowledged only once done: a worker that dies mid-task leaves the message to be
delivered again. Database hiccups are retried with backoff; the longest countdown
stays below the broker's visibility timeout.
"""

from celery import shared_task
from django.db import DatabaseError

RETRY_BACKOFF_MAX = 600  # seconds; CELERY_VISIBILITY_TIMEOUT must stay above this


@shared_task(
    name="comments.tasks.moderate_comment",
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=8,
    soft_time_limit=120,
)
def moderate_comment(comment_id: int) -> str | None:
    from .moderation.judge import moderate

    return moderate(comment_id)


@shared_task(
    name="comments.tasks.retrain_spam_model",
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    max_retries=5,
)
def retrain_spam_model() -> int | None:
    from .moderation.learning import retrain

    model = retrain()
    return model.pk if model else None


@shared_task(name="comments.tasks.notify_moderators")
def notify_moderators(comment_id: int) -> int:
    from .notifications import notify_moderators as send

    return send(comment_id)


@shared_task(name="comments.tasks.notify_reply")
def notify_reply(comment_id: int) -> None:
    from .notifications import notify_parent_author

    notify_parent_author(comment_id)
