"""Background work is queued by name, and only once the data it refers to is committed;
every task that retries waits as ``retry_on`` says."""

import json

import pytest
import redis
from celery import current_app
from django.conf import settings
from django.db import DatabaseError, transaction
from django.test import override_settings

from core.queue import enqueue_on_commit, retry_on

pytestmark = pytest.mark.django_db

TASK = "articles.tasks.update_related"


def queued_ids(name: str) -> list[list]:
    """Arguments of the messages for task ``name`` waiting in the broker's default queue."""
    if current_app.conf.task_always_eager or not str(current_app.conf.broker_url).startswith("redis"):
        pytest.skip("needs the Redis broker (make test sets REDIS_URL)")
    queue = redis.Redis.from_url(str(current_app.conf.broker_url))
    found = []
    for raw in queue.lrange("celery", 0, -1):
        message = json.loads(raw)
        if message["headers"]["task"] == name:
            found.append(message["headers"]["argsrepr"])
    return found


def test_a_task_is_sent_only_after_the_commit(django_capture_on_commit_callbacks):
    before = len(queued_ids(TASK))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(TASK, 987654)
        assert len(queued_ids(TASK)) == before  # not yet: a worker would not find the row
    assert queued_ids(TASK)[before:] == ["(987654,)"]


def test_a_rolled_back_change_queues_nothing(django_capture_on_commit_callbacks):
    before = len(queued_ids(TASK))
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                enqueue_on_commit(TASK, 123456)
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert len(queued_ids(TASK)) == before


@override_settings(CELERY_RETRY_BACKOFF_MAX=42)
def test_retry_on_gives_the_shared_backoff_and_the_tasks_own_limits():
    assert retry_on(DatabaseError, OSError, max_retries=5) == {
        "autoretry_for": (DatabaseError, OSError),
        "retry_backoff": True,
        "retry_backoff_max": 42,
        "retry_jitter": True,
        "max_retries": 5,
    }
    assert retry_on(OSError, max_retries=None)["max_retries"] is None  # until it succeeds


def test_retry_on_nothing_is_refused():
    with pytest.raises(TypeError):
        retry_on(max_retries=5)


def test_every_task_that_retries_waits_at_most_the_checked_backoff():
    # core.E001 compares the visibility timeout with this one setting: it holds for every
    # task only if none sets a backoff of its own.
    current_app.loader.import_default_modules()
    retried = {name: task for name, task in current_app.tasks.items() if getattr(task, "autoretry_for", ())}
    assert TASK in retried
    for name, task in retried.items():
        assert task.retry_backoff is True, name
        assert task.retry_backoff_max == settings.CELERY_RETRY_BACKOFF_MAX, name
        assert task.retry_jitter is True, name
