"""Nothing lost: the comment is saved whatever Redis and the worker are doing, and the
article page costs the same however many comments it has."""

import pytest
from celery import current_app as celery_app
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from core.tests.processes import reset_broker_connections

from .conftest import form_data, make_comment, post_url

UNREACHABLE_REDIS = "redis://127.0.0.1:6390/0"  # nothing listens here: Redis is "down"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": UNREACHABLE_REDIS}
    }
    from django.core.cache import caches

    caches._settings = None  # let the overridden setting take effect for new connections
    old_broker, old_eager = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = UNREACHABLE_REDIS, False
    reset_broker_connections()
    yield
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = old_broker, old_eager
    reset_broker_connections()


@pytest.mark.django_db(transaction=True)
def test_comment_is_saved_while_redis_is_down(client, article, redis_down):
    response = client.post(post_url(article), form_data(article))
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "تعليقك بانتظار المراجعة" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_while_redis_is_down_the_limit_per_address_still_holds(client, article, redis_down, settings):
    """The limit used to be skipped whenever Redis could not be reached: every comment from
    one address was stored. This process counts instead: the reader's first comments are
    stored, the flood is refused."""
    settings.COMMENTS_RATE_LIMIT_PER_IP = 3
    answers = [
        client.post(
            post_url(article), form_data(article, email=f"r{n}@example.com", comment=f"تعليق رقم {n}")
        ).status_code
        for n in range(5)
    ]
    assert answers == [303, 303, 303, 429, 429]
    assert Comment.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_comment_id_is_queued_after_commit(client, article, settings):
    """With Redis up, the committed comment's id is what lands on the broker's queue."""
    import json

    import redis

    if celery_app.conf.task_always_eager:
        pytest.skip("tasks run in-process without REDIS_URL")
    broker = redis.Redis.from_url(celery_app.conf.broker_url)
    broker.delete("celery")
    client.post(post_url(article), form_data(article))
    comment = Comment.objects.get()
    messages = [json.loads(raw) for raw in broker.lrange("celery", 0, -1)]
    broker.delete("celery")
    queued = [m for m in messages if m["headers"]["task"] == "comments.tasks.moderate_comment"]
    assert [m["headers"]["argsrepr"] for m in queued] == [f"({comment.pk},)"]


@pytest.mark.django_db
def test_article_page_query_count_does_not_grow_with_comments(client, article):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(queries)

    top = make_comment(article)
    make_comment(article, parent=top, root=top, depth=1)
    small = count_queries()
    for n in range(30):
        parent = make_comment(article, text=f"t{n}")
        reply = make_comment(article, parent=parent, root=parent, depth=1)
        make_comment(article, parent=reply, root=parent, depth=2)
    assert count_queries() == small
