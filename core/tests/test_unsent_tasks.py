"""What the broker did not take when a change committed waits in the database, once per
task and arguments, and is sent when the broker is back; sending never waits long.

A broker of the test's own (core/tests/brokers.py), frozen or stopped.
"""

import json
import logging
from datetime import datetime, timedelta

import pytest
import redis
from celery import current_app
from django.db import transaction
from django.utils import timezone

from core.models import UnsentTask
from core.queue import BROKER_ERRORS, enqueue, enqueue_on_commit, send_unsent

from .brokers import private_broker

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(current_app.conf.task_always_eager, reason="needs REDIS_URL (make test sets it)"),
]

TASK = "articles.tasks.update_related"  # named, not imported: core knows no app


@pytest.fixture
def broker():
    with private_broker() as server:
        yield server


def messages(broker) -> list[dict]:
    """The task messages waiting in the broker's default queue: name, arguments, eta."""
    found = []
    for raw in redis.Redis.from_url(broker.url).lrange("celery", 0, -1):
        headers = json.loads(raw)["headers"]
        found.append({"task": headers["task"], "args": headers["argsrepr"], "eta": headers["eta"]})
    return found


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A change that queues ``tasks`` (name, *args) and commits."""

    def change(*tasks: tuple, countdown: float | None = None) -> None:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            for name, *args in tasks:
                enqueue_on_commit(name, *args, countdown=countdown)

    return change


@pytest.mark.parametrize("outage", ["frozen", "stopped"])
def test_a_task_the_broker_does_not_take_waits_in_the_database(broker, committed, outage):
    if outage == "frozen":
        broker.freeze()
    else:
        broker.stop()

    committed((TASK, 41), ("comments.tasks.notify_reply", 7))

    assert sorted(UnsentTask.objects.values_list("name", "args")) == [
        (TASK, [41]),
        ("comments.tasks.notify_reply", [7]),
    ]


def test_the_same_task_queued_again_during_the_outage_waits_once(broker, committed):
    broker.stop()

    committed((TASK, 41))
    committed((TASK, 41), (TASK, 42))

    assert sorted(UnsentTask.objects.values_list("args", flat=True)) == [[41], [42]]


def test_after_one_timeout_the_next_tasks_are_kept_without_waiting_again(broker, committed, caplog):
    broker.freeze()

    with caplog.at_level(logging.WARNING, logger="core.queue"):
        committed((TASK, 1), (TASK, 2), (TASK, 3))

    reasons = [record.getMessage().split(" not sent ", 1)[1] for record in caplog.records]
    assert reasons[0].startswith("(Timeout reading from socket)")
    assert all("did not answer a moment ago" in reason for reason in reasons[1:]), reasons
    assert UnsentTask.objects.count() == 3


def test_what_waits_is_sent_once_the_broker_is_back_and_then_forgotten(broker, committed):
    broker.stop()
    committed((TASK, 41), (TASK, 42))

    broker.restart_empty()
    assert send_unsent() == 2

    assert sorted((m["task"], m["args"]) for m in messages(broker)) == [(TASK, "(41,)"), (TASK, "(42,)")]
    assert not UnsentTask.objects.exists()
    assert send_unsent() == 0  # nothing is sent twice


def test_while_the_broker_is_still_away_everything_keeps_waiting(broker, committed):
    broker.stop()
    committed((TASK, 41), (TASK, 42))

    assert send_unsent() == 0
    assert UnsentTask.objects.count() == 2


def test_a_countdown_still_ends_when_it_was_asked_to(broker, committed, clock):
    broker.stop()
    committed((TASK, 41), countdown=600)
    clock.advance(200)

    broker.restart_empty()
    send_unsent()

    (message,) = messages(broker)
    # Celery dates the message by the real time, which the test's clock does not move.
    real_now = timezone.now() - timedelta(seconds=clock.offset)
    left = datetime.fromisoformat(message["eta"]) - real_now
    assert timedelta(seconds=390) < left <= timedelta(seconds=400)  # of the 600 asked for


def test_a_task_sent_directly_raises_when_the_broker_is_away(broker):
    # The callers that send directly (the periodic re-queue of comments, purges) log it.
    broker.freeze()
    with pytest.raises(BROKER_ERRORS) as raised:
        enqueue(TASK, 41)
    assert "Timeout" in str(raised.value)
    assert not UnsentTask.objects.exists()
