"""The page cache's machinery, with views of its own: what a shared view stores and what it
must not, a reader's copy revalidated, query strings that make no other page, a process
that learns of a change nobody told it about, and the WSGI door that answers a stored page
before Django builds a request. (articles/ and comments/tests/test_pagecache.py test the
cache on the site's own pages.)"""

import pytest
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path

from core import invalidation, pagecache
from core.invalidation import invalidate
from core.tests.pagecache_helpers import get, page_queries, state, stored_pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

NOTICE = "يفتتح معرض الكتاب أبوابه في التاسعة."


def _varies_on_cookies(request):
    response = HttpResponse(f"for {request.COOKIES.get('who', '')}")
    response["Vary"] = "Cookie"
    return response


def _says_private(request):
    response = HttpResponse("personal")
    response["Cache-Control"] = "private"
    return response


def _same_for_everyone(request):
    return HttpResponse("the same bytes for every reader")


def _notice(request):
    return HttpResponse(NOTICE)


def _bad_request(request, exception):
    # The site's own 400 page is a template of the site's, with links to its pages.
    return HttpResponseBadRequest("bad request")


urlpatterns = [
    path("ar/varies/", pagecache.shared_page(any_language=True)(_varies_on_cookies)),
    path("ar/private/", pagecache.shared_page(any_language=True)(_says_private)),
    path("ar/plain/", pagecache.shared_page(any_language=True)(_same_for_everyone)),
    # A page that shows one thing, named by its key: it is out of date when "notice" changes.
    path("ar/notice/", pagecache.shared_page(keys=("notice",), any_language=True)(_notice)),
]
handler400 = _bad_request


@pytest.fixture(autouse=True)
def _these_views(settings):
    settings.ROOT_URLCONF = __name__


# --- shared pages ---------------------------------------------------------------------------------


def test_a_shared_view_that_answers_private_or_varies_on_cookies_is_not_stored():
    """The view's own headers win over its opt-in: the next personal view is safe."""
    for path_ in ("/ar/varies/", "/ar/private/"):
        first, second = Client().get(path_), Client().get(path_)
        assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    Client().get("/ar/plain/")
    assert Client().get("/ar/plain/")["X-Page-Cache"] == "hit"  # the same view without them is


def test_an_unchanged_page_is_answered_with_not_modified():
    first, _page = get("/ar/notice/")
    again = Client().get("/ar/notice/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


# --- query strings -----------------------------------------------------------------------------------


def test_unknown_parameters_are_the_same_stored_page():
    first, _page = get("/ar/notice/")
    tracked, page = get("/ar/notice/?utm_source=newsletter&fbclid=abc")
    assert tracked["X-Page-Cache"] == "hit" and tracked["ETag"] == first["ETag"]
    assert "utm_source" not in page and "fbclid" not in page


# --- whatever fails --------------------------------------------------------------------------------


def test_a_process_started_after_a_change_does_not_serve_the_old_page(monkeypatch):
    """The change was made elsewhere and nobody told this process: it reads the log when
    it starts, and a page stored before the change is not served."""
    url = "/ar/notice/"
    Client().get(url)
    assert state(url) == "hit"
    invalidate("notice")  # another process's change, no announcement
    monkeypatch.setattr(pagecache, "knowledge", invalidation.Knowledge())
    monkeypatch.setattr(invalidation, "knowledge", pagecache.knowledge)
    pagecache.forget_this_process()  # the page is still in Redis
    assert state(url) == "miss"


# --- the WSGI door: hits are answered before Django builds a request ----------------------------------


def wsgi_get(path, method="GET", host="testserver", cookie=None, query="", **environ_extra):
    """Call the site's WSGI application as a server would; (status, headers, body). The
    application is built as newsroom/wsgi.py builds it: Django's, behind ``CachedPages``.
    ``environ_extra``: more of the environ (``REMOTE_ADDR``, ``HTTP_X_INVALIDATIONS_SEEN``)."""
    from urllib.parse import unquote_to_bytes
    from wsgiref.util import setup_testing_defaults

    from django.core.signals import request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections
    from django.utils.encoding import iri_to_uri

    application = pagecache.CachedPages(get_wsgi_application())
    raw_path = unquote_to_bytes(iri_to_uri(path)).decode("iso-8859-1")  # PEP 3333
    environ = {"REQUEST_METHOD": method, "PATH_INFO": raw_path, "HTTP_HOST": host, "QUERY_STRING": query}
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    environ.update(environ_extra)
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, response_headers):
        answer["status"], answer["headers"] = status, response_headers

    # As the test client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
    return answer["status"], dict(answer["headers"]), body


def test_the_server_answers_a_stored_page_before_django_with_every_header():
    url = "/ar/notice/"
    status, rendered_headers, _body = wsgi_get(url)
    assert (status, rendered_headers["X-Page-Cache"]) == ("200 OK", "miss")
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = wsgi_get(url, query="utm_medium=social")
    assert (status, headers["X-Page-Cache"], page_queries(queries)) == ("200 OK", "hit", [])
    assert NOTICE in body.decode()
    for name in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Content-Language", "xkey"):
        assert headers[name] == rendered_headers[name]
    assert headers["xkey"] == "notice"
    assert int(headers["Content-Length"]) == len(body)
    assert "Set-Cookie" not in headers
    status, head_headers, head_body = wsgi_get(url, method="HEAD")
    assert (status, head_headers["X-Page-Cache"], head_body) == ("200 OK", "hit", b"")


def test_the_server_renders_for_a_session_and_refuses_an_unknown_host():
    url = "/ar/notice/"
    wsgi_get(url)
    assert "X-Page-Cache" not in wsgi_get(url, cookie="sessionid=abc")[1]
    assert wsgi_get(url, host="evil.example")[0].startswith("400")


# --- host names: one site, one stored page ---------------------------------------------------------

# The test server's host as a reader may write it: the same site every time.
SPELLINGS = ("TESTSERVER", "testserver.", "testserver:80", "TestServer:0080", "testserver.:00080")


def test_another_spelling_of_the_host_is_answered_from_the_one_stored_page():
    """Case, a trailing dot, the default port written out. Each used to be stored under a
    key of its own, so anyone could fill the cache's memory with copies of one page, and
    with it the Redis that kept the login brake's counters."""
    url = "/ar/notice/"
    Client().get(url)
    stored = stored_pages()
    for host in SPELLINGS:
        response = Client().get(url, HTTP_HOST=host)
        assert (response.status_code, response.get("X-Page-Cache")) == (200, "hit"), host
        assert NOTICE in response.content.decode()
        assert wsgi_get(url, host=host)[1].get("X-Page-Cache") == "hit", host
    assert stored_pages() == stored


def test_a_page_first_asked_for_in_another_spelling_is_answered_but_not_stored():
    url = "/ar/notice/"
    for host in SPELLINGS:
        response = Client().get(url, HTTP_HOST=host)
        assert response.status_code == 200 and NOTICE in response.content.decode()
        assert response["Cache-Control"] == "private, no-store"
    assert stored_pages() == set()
    assert state(url) == "miss"  # stored now, under the site's own spelling
    assert state(url) == "hit"


def test_with_a_public_origin_every_allowed_host_shares_its_pages(settings):
    """Behind a proxy that names the backend by another host, pages are still stored once,
    under the site's public origin; a host the site does not serve is still refused."""
    settings.SITE_URL = "https://news.example"
    settings.ALLOWED_HOSTS = ["news.example", "backend.internal", "testserver"]
    url = "/ar/notice/"
    assert Client().get(url, HTTP_HOST="backend.internal:8001")["X-Page-Cache"] == "miss"
    for host in ("news.example", "NEWS.example.", "testserver"):
        assert Client().get(url, HTTP_HOST=host)["X-Page-Cache"] == "hit", host
        assert wsgi_get(url, host=host)[1]["X-Page-Cache"] == "hit", host
    assert len(stored_pages()) == 1
    assert wsgi_get(url, host="evil.example")[0].startswith("400")
    assert Client().get(url, HTTP_HOST="evil.example").status_code == 400


def test_pages_are_kept_apart_from_the_counters_and_the_queue(settings):
    """The page cache fills its Redis database to whatever limit it has; the login brake's
    and the comment limits' counters, and Celery's queue, are in another."""
    import redis

    Client().get("/ar/notice/")
    stored = stored_pages()
    assert len(stored) == 1
    counters = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    assert counters.exists(*stored) == 0


# --- X-Invalidations-Seen: the cache in front's question, no one else's ----------------------------

TOLD = ("X-Invalidations-Upto", "X-Invalidate-All", "X-Invalidate-Pattern")


def told(headers) -> set[str]:
    return {name for name in TOLD if name in headers}


def test_a_reader_asking_what_changed_is_not_told(settings):
    """Only the proxy in front may ask: a reader's question made every answer poll the log
    and named what the site changed."""
    settings.TRUSTED_PROXIES = None
    url = "/ar/notice/"
    for _ in range(2):  # rendered, then from the store
        assert told(Client().get(url, headers={"X-Invalidations-Seen": "0"}).headers) == set()
        assert told(wsgi_get(url, HTTP_X_INVALIDATIONS_SEEN="0")[1]) == set()
    assert told(Client().get("/ar/plain/", headers={"X-Invalidations-Seen": "0"}).headers) == set()


def test_the_trusted_proxy_is_told_what_changed(settings):
    import ipaddress

    url = "/ar/notice/"
    settings.TRUSTED_PROXIES = 1
    assert "X-Invalidations-Upto" in Client().get(url, headers={"X-Invalidations-Seen": "0"})
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    from_proxy = wsgi_get(url, HTTP_X_INVALIDATIONS_SEEN="0", REMOTE_ADDR="10.0.0.5")[1]
    from_reader = wsgi_get(url, HTTP_X_INVALIDATIONS_SEEN="0", REMOTE_ADDR="198.51.100.7")[1]
    assert "X-Invalidations-Upto" in from_proxy and told(from_reader) == set()


@pytest.mark.parametrize("trusted", [None, 1], ids=["from a reader", "from the proxy"])
def test_an_overlong_x_invalidations_seen_is_no_server_error(settings, trusted):
    """5,000 digits used to be a 500 (Python refuses to read an integer that long)."""
    settings.TRUSTED_PROXIES = trusted
    seen = "9" * 5000
    for url in ("/ar/notice/", "/ar/notice/", "/ar/plain/", "/ar/private/"):
        response = Client().get(url, headers={"X-Invalidations-Seen": seen})
        assert response.status_code == 200, url
        status, headers, _body = wsgi_get(url, HTTP_X_INVALIDATIONS_SEEN=seen)
        assert status == "200 OK", url
        if trusted:  # a cursor it cannot read: the front is told to drop what it holds
            assert headers["X-Invalidate-All"] == response["X-Invalidate-All"] == "1"
