"""Background work is queued by name, and only once the data it refers to is committed."""

import json

import pytest
import redis
from celery import current_app
from django.db import transaction

from core.queue import enqueue_on_commit

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
