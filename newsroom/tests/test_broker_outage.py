"""A broker outage never holds an editor's save: the article is saved, the work it queues
waits in the database, and beat sends it once the broker is back.

Real processes throughout: a Redis of the test's own as the broker, which the test
freezes (it accepts connections and never answers, the worst case for a client) or stops,
and a real Celery worker once it is back. Beat itself only sends the tasks of its schedule
by name, so the test sends them as beat does.
"""

import time

import pytest
from celery import current_app as celery_app
from django.conf import settings
from django.db import connection
from django.utils import timezone

from articles.models import Article, RelatedArticle
from articles.related.store import update_related
from articles.task_names import TaskName
from articles.tests.factories import SectionFactory
from articles.tests.test_admin import change_url, form_data
from articles.tests.test_related import FOOTBALL, make
from core.models import UnsentTask
from core.tests.brokers import private_broker
from core.tests.processes import Worker, wait_for
from core.tests.twofactor import log_in_verified

from .test_journeys import restore_roles

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        celery_app.conf.task_always_eager or connection.vendor != "postgresql",
        reason="needs REDIS_URL and PostgreSQL (make test sets both)",
    ),
]


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """The groups as the migrations make them: a transactional test starts from empty tables."""
    restore_roles()


@pytest.fixture
def broker():
    with private_broker() as server:
        yield server


def run_beat_schedule() -> None:
    """What beat does when its entries come due: send each task by name."""
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        celery_app.send_task(entry["task"])


def publish_in_the_admin(client, article: Article):
    now = timezone.localtime()
    return client.post(
        change_url(article),
        form_data(
            article.section,
            title_ar=article.title_ar,
            body_ar=article.body_ar,
            status=Article.Status.PUBLISHED,
            published_at_0=now.date().isoformat(),
            published_at_1=now.strftime("%H:%M:%S"),
        ),
    )


@pytest.mark.parametrize("outage", ["frozen", "stopped"])
def test_an_article_published_during_a_broker_outage_gets_its_related_lists_afterwards(
    client, editor, broker, outage
):
    sport = SectionFactory(slug="sport")
    older = [make(sport, *text, hours_ago=30 - n) for n, text in enumerate(FOOTBALL[:3])]
    for article in older:
        update_related(article.pk)
    # In another section, so that only the computed list, not the section fallback, shows it.
    new = make(SectionFactory(slug="league"), *FOOTBALL[3], hours_ago=0, status=Article.Status.DRAFT)
    log_in_verified(client, editor)

    if outage == "frozen":
        broker.freeze()
    else:
        broker.stop()
    started = time.monotonic()
    response = publish_in_the_admin(client, new)
    took = time.monotonic() - started  # reported, not asserted: the record below is the point

    assert response.status_code == 302, response.content.decode()[-2000:]
    new.refresh_from_db()
    assert new.status == Article.Status.PUBLISHED
    waiting = list(UnsentTask.objects.values_list("name", "args"))
    assert (TaskName.UPDATE_RELATED, [new.pk]) in waiting, f"the save took {took:.1f} s and kept nothing"
    assert not RelatedArticle.objects.filter(article=older[0], related=new).exists()

    broker.restart_empty()
    worker = Worker(broker.url).start()
    try:
        run_beat_schedule()
        wait_for(
            lambda: RelatedArticle.objects.filter(article=older[0], related=new).exists(),
            what=f"the related lists after the outage (the save took {took:.1f} s)",
        )
    finally:
        worker.stop()
    assert not UnsentTask.objects.exists()
