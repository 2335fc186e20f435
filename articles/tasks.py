from celery import shared_task

from .publishing import publish_due_articles as _publish_due_articles


@shared_task(name="articles.tasks.publish_due_articles")
def publish_due_articles() -> int:
    return _publish_due_articles()
