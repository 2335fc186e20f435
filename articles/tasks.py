"""Background work for articles. Tasks take ids and call the domain's named functions;
nothing in the domain imports this module (it queues these tasks by name)."""

from celery import shared_task
from django.db import DatabaseError

from articles.desk.mail import notify_desk as _notify_desk
from articles.desk.publishing import publish_due_articles as _publish_due_articles
from articles.media.library import make_renditions as _make_renditions
from articles.related.store import update_related as _update_related
from core.queue import retry_on

from .task_names import TaskName


@shared_task(name=TaskName.PUBLISH_DUE_ARTICLES)
def publish_due_articles() -> int:
    return _publish_due_articles()


@shared_task(
    name=TaskName.UPDATE_RELATED,
    acks_late=True,  # idempotent: recomputing a list gives the same list
    **retry_on(DatabaseError, max_retries=5),
)
def update_related(article_id: int) -> dict[str, int]:
    return _update_related(article_id)


@shared_task(
    name=TaskName.MAKE_RENDITIONS,
    acks_late=True,  # idempotent: an image whose renditions are current is left alone
    soft_time_limit=300,
    **retry_on(DatabaseError, OSError, max_retries=5),
)
def make_renditions(image_id: int) -> int:
    listing = _make_renditions(image_id)
    return sum(len(entries) for formats in listing.get("shapes", {}).values() for entries in formats.values())


@shared_task(
    name=TaskName.NOTIFY_DESK,
    **retry_on(OSError, max_retries=5),  # the mail server is down: try again later
)
def notify_desk(article_id: int, event: str) -> int:
    return _notify_desk(article_id, event)
