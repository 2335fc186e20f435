"""Scheduled housekeeping for comments, run by Celery beat."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .lifecycle import anonymise_old_traces, delete_old_spam, requeue_unchecked
from .task_names import TaskName

DEFAULT_TRACE_RETENTION_DAYS = 30


def trace_retention_days() -> int:
    return int(getattr(settings, "COMMENTS_TRACE_RETENTION_DAYS", DEFAULT_TRACE_RETENTION_DAYS))


def purge_traces(days: int | None = None, now=None) -> int:
    """Forget the network traces of comments older than the retention period; return how many."""
    days = trace_retention_days() if days is None else days
    return anonymise_old_traces((now or timezone.now()) - timedelta(days=days))


@shared_task(name=TaskName.PURGE_COMMENT_TRACES)
def purge_comment_traces() -> int:
    return purge_traces()


@shared_task(name=TaskName.REQUEUE_UNCHECKED_COMMENTS)
def requeue_unchecked_comments() -> int:
    """Comments the checker never saw (lost message, broker outage) are queued again."""
    return requeue_unchecked(settings.COMMENTS_MODERATION_REQUEUE_AFTER)


@shared_task(name=TaskName.DELETE_OLD_SPAM)
def delete_old_spam_comments() -> int:
    return delete_old_spam(settings.COMMENTS_SPAM_RETENTION_DAYS)
