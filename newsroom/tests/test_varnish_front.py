"""What a reader sends to Varnish never speaks for the fronts: the scheme comes from the
listener the request arrived on, the host has one spelling, and the headers only a proxy
may set (Varnish's invalidation cursor, SCRIPT_NAME, the scheme claims, any name with an
underscore) never reach the site. First against a backend that records what it receives,
then against the site as production runs it: gunicorn with newsroom/gunicorn.conf.py
behind the shipped VCL."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import current_app as celery_app
from django.db import connection

from articles.tests.factories import ArticleFactory
from core.tests.processes import database_url_for_workers, free_port, wait_for
from core.tests.varnish import RecordingBackend, Varnish, fetch, have_varnishd

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not have_varnishd(), reason="needs Debian's varnish (.ci/run installs it)")


# --- what reaches the site -------------------------------------------------------------------------


CURSOR = "42"  # what the backend tells Varnish it has seen, as the site does


@pytest.fixture(scope="module")
def backend():
    running = RecordingBackend(cursor=CURSOR).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def varnish(backend):
    running = Varnish(backend.port).start()
    yield running
    running.stop()


def values(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [value for header, value in headers if header.lower() == name.lower()]


READER_CLAIMS = (
    ("SCRIPT_NAME", "/evil"),
    ("PATH_INFO", "/admin/"),
    ("Script_Name", "/evil"),
    ("X-Invalidations-Seen", "0"),
    ("x-invalidations-seen", "1"),
    ("X_Invalidations_Seen", "2"),
    ("X-Invalidations_Seen", "3"),
    ("X-Forwarded-Proto", "https"),
    ("X_Forwarded_Proto", "https"),
    ("X-Forwarded-Ssl", "on"),
    ("X-Forwarded-Protocol", "ssl"),
    ("X-Forwarded-Host", "evil.example"),
    ("Forwarded", "proto=https;host=evil.example"),
    ("X-Purge-Secret", "guess"),
    ("Proxy", "http://evil.example:3128"),
)


def test_what_only_the_fronts_may_say_never_reaches_the_site(varnish, backend):
    fetch(varnish.url + "/warm/up")  # Varnish hears the site's cursor
    status, _headers, _body = fetch(
        varnish.url + "/story/claims", headers=(*READER_CLAIMS, ("Accept-Language", "ar"))
    )
    assert status == 200
    received = backend.headers_of("/story/claims")
    assert [name for name, _value in received if "_" in name] == []
    assert values(received, "X-Forwarded-Proto") == ["http"]
    assert values(received, "X-Invalidations-Seen") == [CURSOR]  # Varnish's own, only
    for name in ("X-Forwarded-Ssl", "X-Forwarded-Protocol", "X-Forwarded-Host", "Forwarded"):
        assert values(received, name) == []
    for name in ("X-Purge-Secret", "Proxy"):
        assert values(received, name) == []
    assert values(received, "Accept-Language") == ["ar"]  # what is the reader's passes


def test_a_header_named_in_connection_cannot_take_the_scheme_away(varnish, backend):
    fetch(
        varnish.https_url + "/story/hop",
        headers=(("Connection", "keep-alive, X-Forwarded-Proto, X-Invalidations-Seen"),),
    )
    assert values(backend.headers_of("/story/hop"), "X-Forwarded-Proto") == ["https"]


@pytest.mark.parametrize(
    ("listener", "claimed", "scheme"),
    [("url", "https", "http"), ("https_url", "http", "https"), ("https_url", "", "https")],
)
def test_the_scheme_comes_from_the_listener_never_from_the_reader(
    varnish, backend, listener, claimed, scheme
):
    path = f"/story/scheme-{listener}-{claimed or 'none'}"
    sent = (("X-Forwarded-Proto", claimed),) if claimed else ()
    fetch(getattr(varnish, listener) + path, headers=sent)
    assert values(backend.headers_of(path), "X-Forwarded-Proto") == [scheme]


@pytest.mark.parametrize(
    ("listener", "sent", "host"),
    [
        ("url", "News.Example", "news.example"),
        ("url", "news.example.", "news.example"),
        ("url", "NEWS.example.:80", "news.example"),
        ("url", "news.example:8080", "news.example:8080"),
        ("url", "news.example:443", "news.example:443"),
        ("https_url", "news.example:443", "news.example"),
        ("https_url", "news.example.:443", "news.example"),
        ("url", "[::1]:80", "[::1]"),
    ],
)
def test_the_host_has_one_spelling(varnish, backend, listener, sent, host):
    path = f"/story/host-{listener}-{quote(sent)}"
    fetch(getattr(varnish, listener) + path, headers=(("Host", sent),))
    assert values(backend.headers_of(path), "Host") == [host]


# --- the site as production runs it ----------------------------------------------------------------


class Gunicorn:
    """``make serve``'s gunicorn (newsroom/gunicorn.conf.py), one worker, on the test
    database. Its own page cache is off: each answer is rendered from what the test made."""

    def __init__(self):
        self.port = free_port()
        self.log = Path(tempfile.mkstemp(prefix="gunicorn-test-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Gunicorn":
        environment = {
            **os.environ,
            "DATABASE_URL": database_url_for_workers(),
            "REDIS_URL": celery_app.conf.broker_url,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "1",
            "NEWSROOM_PAGE_CACHE": "0",
            "NEWSROOM_TRUSTED_PROXIES": "1",  # as `make serve-varnish`
            "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--config", "newsroom/gunicorn.conf.py"],
            cwd=ROOT,
            env=environment,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self._answers, 60, what="gunicorn")
        return self

    def _answers(self) -> bool:
        assert self.process.poll() is None, self.log.read_text(errors="replace")
        try:
            return fetch(self.url + "/robots.txt")[0] == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)
        self.log.unlink(missing_ok=True)


needs_the_site = pytest.mark.skipif(
    celery_app.conf.task_always_eager or connection.vendor != "postgresql",
    reason="needs Redis and PostgreSQL (make test)",
)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    running = Gunicorn().start()
    yield running
    running.stop()


@pytest.fixture
def front(site):
    """Varnish as shipped in front of it, empty for each test (without its heartbeat, which
    would send a request to the site now and then whatever it holds)."""
    running = Varnish(site.port, purges_only=True).start()
    yield running
    running.stop()


def canonical(body: str) -> str:
    start = body.index('<link rel="canonical" href="') + len('<link rel="canonical" href="')
    return body[start : body.index('"', start)]


@needs_the_site
@pytest.mark.django_db(transaction=True)
def test_a_readers_script_name_neither_breaks_nor_moves_the_site(site, front):
    """gunicorn takes SCRIPT_NAME from a header of a proxy it trusts (Varnish, on this
    machine): a reader's would make the site answer 500, or serve its pages under a prefix."""
    for origin in (front.url, site.url):  # through Varnish, and straight to gunicorn from this machine
        for claimed in ("/evil", "prefix"):
            path = ArticleFactory().get_absolute_url()
            script_name = path.rstrip("/") if claimed == "prefix" else claimed
            sent = fetch(origin + path, headers=(("Host", "localhost"), ("SCRIPT_NAME", script_name)))
            plain = fetch(origin + path, headers=(("Host", "localhost"),))
            assert plain[0] == 200
            assert (sent[0], sent[2]) == (200, plain[2]), (origin, claimed)
        moved = fetch(origin + "/evil" + path, headers=(("Host", "localhost"), ("SCRIPT_NAME", "/evil")))
        assert moved[0] == 404 and 'href="/evil/' not in moved[2], origin


@needs_the_site
@pytest.mark.django_db(transaction=True)
def test_pages_link_the_scheme_of_the_listener_and_one_spelling_of_the_host(site, front):
    path = ArticleFactory(title_ar="نهائي الكأس").get_absolute_url()
    first = fetch(front.url + path, headers=(("Host", "localhost"),))
    assert first[0] == 200 and canonical(first[2]) == "http://localhost" + path
    for spelling in ("LOCALHOST", "localhost.", "Localhost.:80", "localhost:80"):
        claims = (("Host", spelling), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Ssl", "on"))
        status, headers, body = fetch(front.url + path, headers=claims)
        assert (status, headers["X-Cache"], body) == (200, "hit", first[2]), spelling
    secure = fetch(front.https_url + path, headers=(("Host", "Localhost:443"), ("X-Forwarded-Proto", "http")))
    assert secure[0] == 200 and canonical(secure[2]) == "https://localhost" + path
