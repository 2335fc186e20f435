"""A real varnishd in front of the site, with the VCL the repository ships
(deploy/varnish/default.vcl): it shares what the site marks public, passes what is
personal, is purged by key from a real Celery worker, and stops serving a retracted story
within a second even when no purge can reach it."""

import time

import pytest
from celery import current_app as celery_app
from django.db import connection

from articles.desk.publishing import save_article, unpublish_article
from articles.models import Article
from articles.tests.factories import ArticleFactory, SectionFactory
from comments.lifecycle import approve_comment
from comments.models import Comment
from core.tests.processes import Worker, free_port, wait_for
from core.tests.varnish import Varnish, fetch, have_varnishd

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not have_varnishd(), reason="needs Debian's varnish (.ci/run installs it)"),
    pytest.mark.skipif(
        celery_app.conf.task_always_eager or connection.vendor != "postgresql",
        reason="needs the Redis broker and PostgreSQL (make test)",
    ),
]

# The workers and Varnish share it, as in production (NEWSROOM_PURGE_SECRET).
PURGE_SECRET = "purge-secret-of-the-varnish-tests-0123456789"


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker):
    running = Worker(celery_app.conf.broker_url, NEWSROOM_PURGE_SECRET=PURGE_SECRET).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def held(live_server, django_db_blocker):
    """Varnish that learns of changes only from purges (the worker sends them to its purge
    listener, with the secret)."""
    with django_db_blocker.unblock():  # it asks the live server for a page to know it is up
        varnish = Varnish(
            int(live_server.url.rsplit(":", 1)[1]), purges_only=True, purge_secret=PURGE_SECRET
        ).start()
    yield varnish
    varnish.stop()


@pytest.fixture(scope="module")
def shipped(live_server, django_db_blocker):
    """Varnish exactly as shipped."""
    with django_db_blocker.unblock():
        varnish = Varnish(int(live_server.url.rsplit(":", 1)[1]), purge_secret=PURGE_SECRET).start()
    yield varnish
    varnish.stop()


@pytest.fixture
def story(settings):
    settings.PAGE_CACHE = True
    settings.TRUSTED_PROXIES = 1  # as `make serve-varnish`: the site believes Varnish's headers
    section = SectionFactory(slug="world")
    return ArticleFactory(title_ar="محادثات في طهران", section=section), ArticleFactory(
        title_ar="نهائي الكأس", section=SectionFactory(slug="sport")
    )


def test_varnish_serves_a_shared_page_and_passes_a_commenter(held, story):
    article, _other = story
    url = held.url + article.get_absolute_url()
    first = fetch(url)
    second = fetch(url + "?utm_source=newsletter")
    assert first[0] == second[0] == 200
    assert (first[1]["X-Cache"], second[1]["X-Cache"]) == ("miss", "hit")
    assert first[2] == second[2] and "محادثات في طهران" in second[2]
    assert "xkey" not in {name.lower() for name in second[1]}
    for _ in range(2):
        status, headers, _body = fetch(url, cookie="comment_pending_7=abc")
        assert (status, headers["X-Cache"], headers["Cache-Control"]) == (200, "miss", "private, no-store")


def test_an_approval_purges_its_article_and_nothing_else(held, story, worker, settings):
    settings.PURGE_URLS = [held.purge_url]
    article, other = story
    comment = Comment.objects.create(
        article=article, author_name="قارئ", author_email="r@example.com", text="تعليق ينتظر الموافقة"
    )
    for path in (article.get_absolute_url(), other.get_absolute_url()):
        fetch(held.url + path)
        assert fetch(held.url + path)[1]["X-Cache"] == "hit"
    approve_comment(comment)  # commits: the purge task goes to the worker
    wait_for(
        lambda: "تعليق ينتظر الموافقة" in fetch(held.url + article.get_absolute_url())[2],
        15,
        what="the purge of the article's page",
    )
    assert fetch(held.url + other.get_absolute_url())[1]["X-Cache"] == "hit"


def test_publishing_and_unpublishing_purge_the_pages_they_change(held, story, worker, settings):
    settings.PURGE_URLS = [held.purge_url]
    article, _other = story
    fetch(held.url + "/ar/")
    fetch(held.url + article.get_absolute_url())
    draft = ArticleFactory(title_ar="خبر ينشر الآن", section=article.section, status=Article.Status.DRAFT)
    draft.status = Article.Status.PUBLISHED
    save_article(draft, by=None)
    wait_for(lambda: "خبر ينشر الآن" in fetch(held.url + "/ar/")[2], 15, what="home purged on publish")
    unpublish_article(article, by=None)
    wait_for(
        lambda: fetch(held.url + article.get_absolute_url())[0] == 404, 15, what="article purged on unpublish"
    )
    # Each web process hears of the change on its own (at once, or within a quarter of a
    # second when Redis is slow to tell it): the home page may come from another one.
    wait_for(
        lambda: "محادثات في طهران" not in fetch(held.url + "/ar/")[2], 15, what="home purged on unpublish"
    )


def test_a_retraction_is_gone_within_a_second_with_the_purge_path_down(shipped, story, settings):
    """No purge can reach Varnish; readers keep reading another page meanwhile. Varnish
    hears of the change on that traffic and drops the retracted page: it is a 404 within
    a second, while the pages that did not change stay cached."""
    settings.PURGE_URLS = [f"http://127.0.0.1:{free_port()}/"]  # nothing listens there
    article, other = story
    url, other_url = shipped.url + article.get_absolute_url(), shipped.url + other.get_absolute_url()
    for address in (url, other_url):
        fetch(address)
        assert fetch(address)[1]["X-Cache"] == "hit"
    unpublish_article(article, by=None)
    retracted = time.monotonic()
    while time.monotonic() - retracted < 0.9:
        fetch(other_url)
        time.sleep(0.05)
    status, _headers, body = fetch(url)
    assert time.monotonic() - retracted < 1.2
    assert status == 404 and "نص الخبر" not in body
    assert fetch(other_url)[1]["X-Cache"] == "hit"  # nothing else was thrown away


def test_a_page_nobody_changed_stays_cached_past_the_heartbeat(shipped, story):
    article, _other = story
    url = shipped.url + article.get_absolute_url()
    fetch(url)
    # Varnish asks the site again after half a second without contact (its heartbeat, on
    # varnishd's own clock, which a test cannot move): this page is not dropped.
    time.sleep(0.6)
    fetch(shipped.url + "/ar/")
    assert fetch(url)[1]["X-Cache"] == "hit"
