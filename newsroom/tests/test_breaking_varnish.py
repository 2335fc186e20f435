"""«عاجل» through a real varnishd with the VCL the repository ships: Varnish puts the alert
in the pages it holds (ESI), so an alert is on a cached page within a second of posting and
leaves when it is withdrawn, while the page itself stays a hit: only the alert's own small
object is purged. Even when no purge reaches Varnish, the alert shows within a second on
readers' traffic."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery import current_app as celery_app
from django.db import connection

from articles.tests.factories import ArticleFactory
from breaking.alerts import post_alert, withdraw_alert
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

PURGE_SECRET = "purge-secret-of-the-breaking-tests-0123456789"
NEWS = "عاجل: إغلاق مطار القاهرة بسبب عاصفة رملية"


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker):
    running = Worker(celery_app.conf.broker_url, NEWSROOM_PURGE_SECRET=PURGE_SECRET).start()
    yield running
    running.stop()


def _varnish(live_server, django_db_blocker, **options) -> Varnish:
    with django_db_blocker.unblock():  # it asks the live server for a page to know it is up
        return Varnish(int(live_server.url.rsplit(":", 1)[1]), purge_secret=PURGE_SECRET, **options).start()


@pytest.fixture(scope="module")
def held(live_server, django_db_blocker):
    """Varnish that learns of changes only from purges: nothing else fetches the page again."""
    varnish = _varnish(live_server, django_db_blocker, purges_only=True)
    yield varnish
    varnish.stop()


@pytest.fixture(scope="module")
def shipped(live_server, django_db_blocker):
    varnish = _varnish(live_server, django_db_blocker)
    yield varnish
    varnish.stop()


@pytest.fixture
def article(settings):
    settings.PAGE_CACHE = True
    settings.TRUSTED_PROXIES = 1  # as `make serve-varnish`: the site believes Varnish's headers
    return ArticleFactory(title_ar="محادثات في طهران")


def shown(url: str) -> tuple[bool, str]:
    """Whether the page at ``url`` shows the alert, and Varnish's X-Cache for the page."""
    status, headers, body = fetch(url)
    assert status == 200 and "<esi:include" not in body
    return NEWS in body, headers["X-Cache"]


def test_the_alert_is_on_a_cached_page_within_a_second_and_the_page_stays_a_hit(
    held, article, worker, settings
):
    settings.PURGE_URLS = [held.purge_url]
    url = held.url + article.get_absolute_url()
    fetch(url)
    assert shown(url) == (False, "hit")
    headers = fetch(url)[1]
    assert "ETag" not in headers and "Surrogate-Control" not in headers  # the parts are Varnish's
    alert = post_alert(by=None, text_ar=NEWS)  # committed: the worker purges the alert's key
    posted = time.monotonic()
    wait_for(lambda: shown(url)[0], 5, interval=0.02, what="the alert on the cached page")
    assert time.monotonic() - posted < 1.0
    assert shown(url) == (True, "hit")  # the page is the object Varnish held before
    withdraw_alert(alert, by=None)
    withdrawn = time.monotonic()
    wait_for(lambda: not shown(url)[0], 5, interval=0.02, what="the alert gone")
    assert time.monotonic() - withdrawn < 1.0
    assert shown(url) == (False, "hit")


def test_the_alert_shows_within_a_second_when_no_purge_reaches_varnish(shipped, article, settings):
    settings.PURGE_URLS = [f"http://127.0.0.1:{free_port()}/"]  # nothing listens there
    other = ArticleFactory(title_ar="نهائي الكأس")
    url, other_url = shipped.url + article.get_absolute_url(), shipped.url + other.get_absolute_url()
    for address in (url, other_url):
        fetch(address)
    post_alert(by=None, text_ar=NEWS)
    posted = time.monotonic()
    # Readers read another page meanwhile: Varnish hears of the change on that traffic.
    while time.monotonic() - posted < 0.9:
        fetch(other_url)
        time.sleep(0.05)
    assert shown(url)[0]
    assert time.monotonic() - posted < 1.2


def test_a_readers_claim_to_put_parts_in_changes_nothing(shipped, article):
    post_alert(by=None, text_ar=NEWS)
    claimed = (("Surrogate-Capability", "reader=ESI/1.0"),)
    status, _headers, body = fetch(shipped.url + article.get_absolute_url(), headers=claimed)
    assert status == 200 and NEWS in body and "<esi:include" not in body


class PageWithIncludes(BaseHTTPRequestHandler):
    """A page that includes a part and, as a page must never, another address."""

    received: list[str] = []

    def do_GET(self):
        PageWithIncludes.received.append(self.path)
        if self.path == "/page":
            body = (
                b'<html><body><esi:include src="/_edge/part/ar/"/>'
                b'<esi:include src="/admin/secret/"/></body></html>'
            )
        else:
            body = f"<p>{self.path}</p>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=0, s-maxage=300")
        if self.path == "/page":
            self.send_header("Surrogate-Control", 'content="ESI/1.0"')
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def test_an_include_fetches_nothing_but_a_part():
    server = ThreadingHTTPServer(("127.0.0.1", 0), PageWithIncludes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    varnish = Varnish(server.server_address[1]).start()
    try:
        status, _headers, body = fetch(varnish.url + "/page")
    finally:
        varnish.stop()
        server.shutdown()
        server.server_close()
    assert status == 200
    assert body == "<html><body><p>/_edge/part/ar/</p></body></html>"
    assert "/admin/secret/" not in PageWithIncludes.received
