from celery import shared_task
from django.db import DatabaseError

from .publishing import publish_due_articles as _publish_due_articles


@shared_task(name="articles.tasks.publish_due_articles")
def publish_due_articles() -> int:
    return _publish_due_articles()


@shared_task(
    name="articles.tasks.update_related",
    acks_late=True,  # idempotent: recomputing a list gives the same list
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def update_related(article_id: int) -> dict[str, int]:
    from .related.store import update_related as update

    return update(article_id)
