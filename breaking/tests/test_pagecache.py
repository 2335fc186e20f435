"""The alert through the page cache: posting one changes no stored page, byte for byte,
while every page shows it on its next request, still a hit; it leaves the same way when it
is withdrawn or ends. Varnish (trusted, saying it can) is given the pages as stored, to put
the alert in itself. Needs Redis (``REDIS_URL``): the stored pages are read there."""

from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.tests.stories import two_stories
from breaking.alerts import post_alert, withdraw_alert
from core import pagecache
from core.tests.pagecache_helpers import get, page_queries, state, warm
from core.tests.test_pagecache import wsgi_get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

NEWS = "عاجل: زلزال بقوة ست درجات يضرب جنوب تركيا"
VARNISH = {"HTTP_SURROGATE_CAPABILITY": "varnish=ESI/1.0"}


@pytest.fixture
def site():
    return two_stories()


def stored(url: str) -> pagecache.Page:
    """The page the shared store holds for ``url`` (a reader's request, as the test client's)."""
    kept = pagecache.store()
    assert hasattr(kept, "client"), "these tests read Redis: run them with REDIS_URL"
    page = kept.get_many([pagecache.PAGE_PREFIX + pagecache.page_key("http://testserver", unquote(url), "")])[
        0
    ]
    assert isinstance(page, pagecache.Page), url
    return page


def test_posting_changes_no_stored_page_and_every_page_shows_it_next(site, commit):
    warm(site)
    before = {name: stored(url) for name, url in site.urls.items() if name != "feed"}
    with commit():
        post_alert(by=None, text_ar=NEWS)
    for name, url in site.urls.items():
        if name == "feed":
            continue
        response, page = get(url)
        assert (response["X-Page-Cache"], NEWS in page) == ("hit", True), name
        assert stored(url) == before[name]  # the same object: same bytes, same stamp, same keys
        assert '<esi:include src="/_edge/breaking/ar/"/>' in before[name].body.decode()


def test_withdrawn_it_leaves_every_page_which_stays_a_hit(site, commit):
    with commit():
        alert = post_alert(by=None, text_ar=NEWS)
    warm(site)
    assert NEWS in get(site.urls["a"])[1]
    with commit():
        withdraw_alert(alert, by=None)
    response, page = get(site.urls["a"])
    assert (response["X-Page-Cache"], NEWS in page, "data-breaking" in page) == ("hit", False, False)


def test_it_ends_by_the_clock_with_nothing_to_announce_it(site, commit, clock):
    with commit():
        post_alert(by=None, text_ar=NEWS, lasts=timedelta(minutes=5))
    warm(site)
    clock.advance(5 * 60 - 1)
    assert NEWS in get(site.urls["world"])[1]
    clock.advance(2)
    response, page = get(site.urls["world"])
    assert (response["X-Page-Cache"], NEWS in page) == ("hit", False)


def test_a_readers_copy_from_before_the_alert_is_not_current(site, commit):
    first, _page = get(site.urls["a"])
    assert Client().get(site.urls["a"], headers={"If-None-Match": first["ETag"]}).status_code == 304
    with commit():
        post_alert(by=None, text_ar=NEWS)
    again = Client().get(site.urls["a"], headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200 and NEWS in again.content.decode()
    assert again["ETag"] != first["ETag"]
    assert Client().get(site.urls["a"], headers={"If-None-Match": again["ETag"]}).status_code == 304


def test_once_stored_the_alert_costs_a_page_no_query(site, commit):
    with commit():
        post_alert(by=None, text_ar=NEWS)
    warm(site)
    with CaptureQueriesContext(connection) as queries:
        for url in site.urls.values():
            Client().get(url)
        part = Client().get("/_edge/breaking/ar/")
    assert page_queries(queries) == []
    assert part["X-Page-Cache"] == "hit" and NEWS in part.content.decode()


def test_the_wsgi_door_puts_the_alert_in_a_stored_page(site, commit):
    url = site.urls["a"]
    Client().get(url)
    with commit():
        post_alert(by=None, text_ar=NEWS)
    status, headers, body = wsgi_get(url)  # the part is not stored yet: Django puts it in
    assert status.startswith("200") and NEWS in body.decode()
    status, headers, body = wsgi_get(url)  # both stored: answered before Django
    assert status.startswith("200") and NEWS in body.decode()
    assert dict(headers)["X-Page-Cache"] == "hit"
    assert int(dict(headers)["Content-Length"]) == len(body)


def test_varnish_is_given_the_page_as_stored_to_put_the_alert_in_itself(site, commit, settings):
    settings.TRUSTED_PROXIES = 1  # as `make serve-varnish`
    with commit():
        post_alert(by=None, text_ar=NEWS)
    url = site.urls["a"]
    for _ in range(2):  # rendered, then stored
        response = Client().get(url, **VARNISH)
        page = response.content.decode()
        assert response["Surrogate-Control"] == 'content="ESI/1.0"'
        assert '<esi:include src="/_edge/breaking/ar/"/>' in page and NEWS not in page
        assert response["ETag"] == stored(url).etag
    _status, headers, body = wsgi_get(url, **VARNISH)
    assert dict(headers)["Surrogate-Control"] == 'content="ESI/1.0"' and body == stored(url).body
    assert NEWS in get(url)[1]  # a reader straight to the site


def test_a_reader_claiming_to_put_parts_in_is_not_believed(site, commit, settings):
    settings.TRUSTED_PROXIES = None  # no proxy in front: every connection is a reader's
    with commit():
        post_alert(by=None, text_ar=NEWS)
    for _ in range(2):
        response = Client().get(site.urls["a"], **VARNISH)
        assert "Surrogate-Control" not in response and NEWS in response.content.decode()
    assert state(site.urls["a"]) == "hit"


def test_personal_pages_get_the_alert_from_its_stored_part(site, commit, editor):
    from core.tests.twofactor import log_in_verified

    with commit():
        post_alert(by=editor, text_ar=NEWS)
    Client().get("/_edge/breaking/ar/")
    client = Client()
    log_in_verified(client, editor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ar/search/?q=طهران")
    assert NEWS in response.content.decode()
    assert not any("breaking_alert" in sql for sql in page_queries(queries))
