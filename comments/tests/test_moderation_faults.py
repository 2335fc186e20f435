"""Nothing is lost or decided twice when the worker dies or Redis stops: the comment
waits as pending, and the periodic re-queue gets it judged once things are back."""

import psycopg
import pytest
from celery import current_app as celery_app
from django.db import connection

from comments.lifecycle import requeue_unchecked
from comments.models import Comment, ModerationEvent
from core.tests.processes import (
    RedisServer,
    Worker,
    database_url_for_workers,
    reset_broker_connections,
    wait_for,
)

from .conftest import form_data, post_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        celery_app.conf.task_always_eager or connection.vendor != "postgresql",
        reason="needs REDIS_URL and PostgreSQL (make test sets both)",
    ),
]


def post(client, article, text: str) -> Comment:
    response = client.post(
        post_url(article), form_data(article, comment=text, email=f"{hash(text)}@example.com")
    )
    assert response.status_code == 303
    return Comment.objects.latest("id")


def checker_events(comment: Comment) -> int:
    return ModerationEvent.objects.filter(comment=comment, actor=ModerationEvent.Actor.CHECKER).count()


def decided(comment_id: int) -> Comment | None:
    comment = Comment.objects.get(pk=comment_id)
    return comment if comment.judged_at else None


def lock_row(comment_id: int) -> psycopg.Connection:
    """Hold the comment's row lock from another connection: the task blocks mid-way."""
    holder = psycopg.connect(database_url_for_workers().replace("postgres://", "postgresql://", 1))
    holder.execute("SELECT id FROM comments_comment WHERE id = %s FOR UPDATE", [comment_id])
    return holder


def blocked_on_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


@pytest.fixture
def broker():
    """A Redis of the test's own, on its own port, that the test may stop."""
    server = RedisServer().start()
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = server.url
    reset_broker_connections()
    yield server
    celery_app.conf.broker_url = previous
    reset_broker_connections()
    server.stop()


def test_worker_killed_mid_task_the_comment_is_still_decided_once(client, article, broker):
    # A short visibility timeout stands in for the production hour: an unacknowledged
    # message goes back to the queue once the dead worker's lease runs out.
    first = Worker(
        broker.url,
        CELERY_VISIBILITY_TIMEOUT="3",
        CELERY_UNACKED_RESTORE_SECONDS="1",
        CELERY_UNACKED_MUTEX_EXPIRE="2",
    ).start()
    comment = Comment.objects.create(
        article=article, author_name="قارئ", author_email="a@example.com", text="تعليق على الخبر"
    )
    holder = lock_row(comment.pk)
    try:
        from comments.lifecycle import queue_moderation

        queue_moderation(comment.pk)
        wait_for(blocked_on_lock, what="the task to reach the locked row")
        first.kill()
        assert decided(comment.pk) is None
    finally:
        holder.close()  # the lock goes with the connection

    second = Worker(
        broker.url,
        CELERY_VISIBILITY_TIMEOUT="3",
        CELERY_UNACKED_RESTORE_SECONDS="1",
        CELERY_UNACKED_MUTEX_EXPIRE="2",
    ).start()
    try:
        judged = wait_for(lambda: decided(comment.pk), timeout=60, what="redelivery to the new worker")
    finally:
        second.stop()
    assert judged.status != Comment.Status.PENDING or judged.reasons
    assert checker_events(judged) == 1


def test_worker_child_killed_mid_task_the_message_is_redelivered(client, article, broker):
    worker = Worker(broker.url).start()
    try:
        comment = Comment.objects.create(
            article=article, author_name="قارئ", author_email="b@example.com", text="تعليق آخر على الخبر"
        )
        holder = lock_row(comment.pk)
        try:
            from comments.lifecycle import queue_moderation

            queue_moderation(comment.pk)
            wait_for(blocked_on_lock, what="the task to reach the locked row")
            (child,) = worker.children()
            import os
            import signal

            os.kill(child, signal.SIGKILL)
            wait_for(lambda: worker.children() and worker.children() != [child], what="a new worker child")
        finally:
            holder.close()
        judged = wait_for(lambda: decided(comment.pk), timeout=30, what="the requeued task")
    finally:
        worker.stop()
    assert checker_events(judged) == 1


def test_redis_stopped_while_posting_comments_are_kept_and_judged_after_it_returns(client, article, broker):
    worker = Worker(broker.url).start()
    try:
        before = post(client, article, "تعليق قبل توقف الخادم")
        wait_for(lambda: decided(before.pk), what="the checker")

        broker.stop()
        during = [post(client, article, f"تعليق رقم {n} أثناء توقف الخادم") for n in range(3)]
        page = client.get(article.get_absolute_url()).content.decode()
        assert "تعليقك بانتظار المراجعة" in page
        assert all(decided(comment.pk) is None for comment in during)

        broker.start()
        reset_broker_connections()
        assert requeue_unchecked(older_than_seconds=0) == len(during)
        for comment in during:
            wait_for(lambda comment=comment: decided(comment.pk), timeout=60, what="the re-queued comments")
    finally:
        worker.stop()
    assert all(checker_events(comment) == 1 for comment in during)
    assert Comment.objects.count() == 4
