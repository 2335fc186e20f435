"""Hostile addresses, generated: every URL pattern the site has, with anything in its
variable parts, its query string or its cookies, gets a 4xx or a page, never a server
error (a NUL byte reached PostgreSQL from five routes before)."""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.tests.factories import ArticleFactory
from core.tests.twofactor import log_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    """A live article, so that real pages (and their comment forms) are among the answers."""
    return ArticleFactory(slug_ar="خبر", slug_en="news")


NASTY = [
    "\x00",
    "a\x00b",
    "%00",
    "%",
    "%zz",
    "..",
    "%2e%2e",
    "../../etc/passwd",
    "\u202eevil\u202c",
    "\ufeff",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "9" * 30,
    "-1",
    "٣",
    "ش" * 3000,
    " ",
    "a/b",
]
# Lone surrogates cannot be sent in a URL at all (they have no UTF-8 form).
segment = st.one_of(
    st.sampled_from(NASTY), st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)
)
VARIABLE = re.compile(r"<[^>]+>|\(\?P<[^>]+>[^)]*\)|\.\*")


def routes(patterns=None, prefix=""):
    """Every pattern of the URLconf, as its route text (``ar/news/<str:slug>/``)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


ROUTES = sorted(set(routes()))
LANGUAGES = ("ar", "en")


def address(route: str, language: str, fill: list[str], raw: bool) -> str:
    """The route with each variable part replaced by a hostile one, percent-encoded
    (or, with ``raw``, as typed: ``%00`` stays ``%00``)."""
    parts = iter(fill)
    text = route.replace("^", "").replace("$", "")
    text = VARIABLE.sub(lambda _m: next(parts, "x") if raw else quote(next(parts, "x"), safe=""), text)
    if text.startswith("ar/"):
        text = language + text[2:]
    return "/" + text


def test_every_route_is_covered():
    assert len(ROUTES) > 40
    assert "ar/news/<str:slug>/" in ROUTES and "admin/articles/article/<path:object_id>/change/" in ROUTES


HOSTILE = settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@HOSTILE
@given(
    route=st.sampled_from(ROUTES),
    language=st.sampled_from(LANGUAGES),
    fill=st.lists(segment, min_size=3, max_size=3),
    raw=st.booleans(),
    query=st.one_of(st.just(""), segment.map(lambda value: "q=" + quote(value) + "&page=" + quote(value))),
    method=st.sampled_from(["get", "post", "head"]),
    staff=st.booleans(),
)
def test_no_route_answers_a_hostile_address_with_a_server_error(
    route, language, fill, raw, query, method, staff, admin_user, article
):
    client = Client(headers={"Sec-Fetch-Site": "same-origin"}, raise_request_exception=False)
    if staff:
        log_in_verified(client, admin_user)
    path = address(route, language, fill, raw)

    response = getattr(client, method)(path + ("?" + query if query else ""))

    assert response.status_code < 500, (method, path, query, response.status_code)


@pytest.mark.parametrize(
    "path",
    ["/ar/news/%00/", "/ar/section/%00/", "/ar/tag/a%00b/", "/ar/author/%00/", "/ar/section/%00/feed/"],
)
def test_a_nul_byte_in_a_slug_is_not_found_in_the_readers_language(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert 'lang="ar"' in response.text
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("query", ["q=%00", "page=1%00", "a%00=1"])
def test_a_nul_byte_in_a_query_is_refused(admin_client, query):
    assert admin_client.get("/ar/search/?" + query).status_code == 400
    assert admin_client.get("/admin/articles/article/?" + query).status_code == 400


def test_a_nul_byte_in_a_cookie_is_refused(client):
    client.cookies["sessionid"] = "abcdefghij\x00"

    assert client.get("/ar/").status_code == 400
    assert client.get("/admin/").status_code == 400
