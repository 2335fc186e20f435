"""The «شاهد أيضاً» lists as they are kept in production: publishing queues the task on
commit and a real Celery worker, on a real Redis and the PostgreSQL test database, runs it."""

import pytest
from celery import current_app as celery_app
from django.db import connection

from articles.desk.publishing import publish_article
from articles.models import Article, RelatedArticle
from articles.related.store import update_related
from core.tests.processes import Worker, wait_for

from .factories import SectionFactory
from .test_related import FOOTBALL, make, see_also

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        celery_app.conf.task_always_eager or connection.vendor != "postgresql",
        reason="needs REDIS_URL and PostgreSQL (make test sets both)",
    ),
]


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker):
    running = Worker(celery_app.conf.broker_url).start()
    yield running
    running.stop()


def test_publishing_adds_the_article_to_older_boxes_without_a_manual_call(client, worker):
    sport = SectionFactory(slug="sport")
    older = [make(sport, *text, hours_ago=30 - n) for n, text in enumerate(FOOTBALL[:3])]
    for article in older:
        update_related(article.pk)
    # In another section, so that only the computed list, not the section fallback, can show it.
    new = make(SectionFactory(slug="league"), *FOOTBALL[3], hours_ago=0, status=Article.Status.DRAFT)

    publish_article(new, by=None)  # the editor's publish: the task is queued once this commits

    try:
        wait_for(lambda: RelatedArticle.objects.filter(article=older[0], related=new).exists(), what="worker")
    except AssertionError as error:
        raise AssertionError(worker.output()[-3000:]) from error
    assert new.title_ar in see_also(client, older[0])
    assert set(RelatedArticle.objects.filter(article=new).values_list("related_id", flat=True)) == {
        article.pk for article in older
    }
