"""A photo taken down leaves a real Varnish (the VCL the repository ships, in front of a
gunicorn serving the site as `make serve` does) by its key, purged by a real Celery worker:
its files and the pages of the stories that showed it, which it held as fresh for a day.

The web process is gunicorn rather than the test's live server, whose own handler answers
/media/ before the site's view would (Django's test server serves the media folder itself).
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from celery import current_app as celery_app
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.media.library import make_renditions
from articles.models import Image
from core.tests.processes import Worker, database_url_for_workers, free_port, wait_for
from core.tests.twofactor import log_in_verified
from core.tests.varnish import Varnish, fetch, have_varnishd

from .factories import ArticleFactory
from .images import library_image

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not have_varnishd(), reason="needs Debian's varnish (.ci/run installs it)"),
    pytest.mark.skipif(
        celery_app.conf.task_always_eager or connection.vendor != "postgresql",
        reason="needs the Redis broker and PostgreSQL (make test)",
    ),
]


class Web:
    """gunicorn with one worker, on the test database and broker, as `make serve` runs it."""

    def __init__(self, broker_url: str):
        self.port = free_port()
        self.broker_url = broker_url
        self.process: subprocess.Popen | None = None

    def start(self) -> "Web":
        env = {**os.environ, "DATABASE_URL": database_url_for_workers(), "REDIS_URL": self.broker_url}
        env.update(HOST="127.0.0.1", PORT=str(self.port), WEB_CONCURRENCY="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--config", "newsroom/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, 60, what="gunicorn")
        return self

    def _answers(self) -> bool:
        try:
            return fetch(f"http://127.0.0.1:{self.port}/robots.txt")[0] == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker):
    running = Worker(celery_app.conf.broker_url).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def varnish(django_db_setup):
    """Varnish that learns of changes only from the worker's purges, in front of gunicorn."""
    web = Web(celery_app.conf.broker_url).start()
    started = Varnish(web.port, purges_only=True).start()
    yield started
    started.stop()
    web.stop()


def test_a_deleted_photo_leaves_varnish_with_the_story_that_showed_it(varnish, worker, settings, editor):
    settings.PURGE_URLS = [varnish.purge_url]
    image = library_image(title="صورة ستُسحب", credit="رويترز")
    make_renditions(image.pk)
    image.refresh_from_db()
    rendition = image.renditions["shapes"]["original"]["webp"][0][2]
    story = ArticleFactory(
        title_ar="خبر فيه صورة",
        body_ar=f'<p>نص.</p><figure><img src="/x.jpg" data-file="{image.pk}"></figure>',
    )
    files = [varnish.url + urlsplit(default_storage.url(name)).path for name in (image.file.name, rendition)]
    page = varnish.url + story.get_absolute_url()
    for url in [*files, page]:
        fetch(url)
        assert fetch(url)[1]["X-Cache"] == "hit", url
    assert rendition in fetch(page)[2]

    client = Client()
    log_in_verified(client, editor)
    response = client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})

    assert response.status_code == 302 and not Image.objects.filter(pk=image.pk).exists()
    for url in files:
        wait_for(lambda url=url: fetch(url)[0] == 404, 15, what=f"{url} purged")
    wait_for(lambda: rendition not in fetch(page)[2], 15, what="the story's page purged")
    assert fetch(page)[0] == 200
