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
from core.tests.pagecache_helpers import get, page_queries, state

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
    pagecache.forget_copies()
    assert state(url) == "miss"


# --- the WSGI door: hits are answered before Django builds a request ----------------------------------


def wsgi_get(path, method="GET", host="testserver", cookie=None, query=""):
    """Call the site's WSGI application as a server would; (status, headers, body). The
    application is built as newsroom/wsgi.py builds it: Django's, behind ``CachedPages``."""
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
