"""Parts put in at the edge (core/edge.py, and the includes of core/pagecache.py), with a
part and views of their own: where a page includes a part, what the page cache puts there
for a reader and what it leaves to a cache in front that says it can, a part that cannot be
had, and the check that every part is served where pages include it. (breaking/tests test
the «عاجل» alert, the part the site has.)"""

import pytest
from django.core.checks import run_checks
from django.http import HttpResponse, HttpResponseServerError
from django.template import Context, Template
from django.test import Client
from django.urls import path
from django.utils import translation

from core import edge, pagecache
from core.invalidation import invalidate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

SHOWN = {"text": "نشرة الطقس"}


def _weather() -> edge.Part:
    return edge.Part(f"<p>{SHOWN['text']}</p>", keys=("weather",))


def _broken() -> edge.Part:
    raise RuntimeError("the part's own database is away")


def _page(request):
    return HttpResponse(f"<html><body>{edge.include('weather')}<main>الصفحة</main></body></html>")


def _failing_page(request):
    return HttpResponseServerError(f"<html><body>{edge.include('weather')}</body></html>")


def _with_broken_part(request):
    return HttpResponse(f"<html><body>{edge.include('broken')}<main>الصفحة</main></body></html>")


def _server_error(request):
    # The site's own 500 page is a template of the site's, with links to its pages.
    return HttpResponseServerError("server error")


urlpatterns = [
    path("_edge/<slug:name>/<str:language>/", edge.part, name=edge.URL_NAME),
    path("ar/page/", pagecache.shared_page(keys=("page",), any_language=True)(_page)),
    path("ar/personal/", _page),
    path("ar/failing/", _failing_page),
    path("ar/broken/", pagecache.shared_page(any_language=True)(_with_broken_part)),
]
handler500 = _server_error


@pytest.fixture(autouse=True)
def _these_parts(settings, monkeypatch):
    settings.ROOT_URLCONF = __name__
    monkeypatch.setitem(edge._parts, "weather", _weather)
    monkeypatch.setitem(edge._parts, "broken", _broken)
    monkeypatch.setitem(SHOWN, "text", "نشرة الطقس")


def test_a_page_includes_a_registered_part_in_its_language_and_nothing_for_another():
    with translation.override("en"):
        assert edge.include("weather") == '<esi:include src="/_edge/weather/en/"/>'
    assert edge.include("weather") == '<esi:include src="/_edge/weather/ar/"/>'
    assert edge.include("not-installed") == ""
    rendered = Template('{% load newsroom %}{% edge_include "weather" %}').render(Context())
    assert rendered == '<esi:include src="/_edge/weather/ar/"/>'
    with pytest.raises(ValueError):
        edge.register("Not A Name", _weather)


def test_the_reader_gets_the_part_put_in_and_a_change_of_the_part_alone_shows_at_once(commit):
    response = Client().get("/ar/page/")
    assert response.content.decode() == "<html><body><p>نشرة الطقس</p><main>الصفحة</main></body></html>"
    assert Client().get("/ar/page/")["X-Page-Cache"] == "hit"
    SHOWN["text"] = "عاصفة رملية"
    with commit():
        invalidate("weather")
    again = Client().get("/ar/page/")
    assert again["X-Page-Cache"] == "hit" and "عاصفة رملية" in again.content.decode()
    assert again["ETag"] != response["ETag"]


def test_a_cache_in_front_that_can_is_left_the_include(settings):
    settings.TRUSTED_PROXIES = 1
    response = Client().get("/ar/page/", HTTP_SURROGATE_CAPABILITY="varnish=ESI/1.0")
    assert response["Surrogate-Control"] == 'content="ESI/1.0"'
    assert '<esi:include src="/_edge/weather/ar/"/>' in response.content.decode()
    personal = Client().get("/ar/personal/", HTTP_SURROGATE_CAPABILITY="varnish=ESI/1.0")
    assert personal["Surrogate-Control"] == 'content="ESI/1.0"'
    part = Client().get("/_edge/weather/ar/", HTTP_SURROGATE_CAPABILITY="varnish=ESI/1.0")
    assert "Surrogate-Control" not in part and part["xkey"] == "weather"


def test_pages_not_shared_get_their_parts_too_and_a_failing_one_none():
    assert "نشرة الطقس" in Client().get("/ar/personal/").content.decode()
    failing = Client().get("/ar/failing/")
    assert failing.status_code == 500 and failing.content == b"<html><body></body></html>"


def test_a_part_that_cannot_be_had_leaves_nothing_and_the_page_is_served():
    response = Client(raise_request_exception=False).get("/ar/broken/")
    assert response.status_code == 200
    assert response.content.decode() == "<html><body><main>الصفحة</main></body></html>"


def test_only_the_sites_own_markup_is_an_include():
    assert pagecache.includes_of(b'<esi:include src="/_edge/weather/ar/"/>') == ("/_edge/weather/ar/",)
    for other in (
        b'<esi:include src="/admin/"/>',
        b'<esi:include src="https://elsewhere.example/_edge/x/ar/"/>',
        b"&lt;esi:include src=&quot;/_edge/weather/ar/&quot;/&gt;",
        b'<ESI:INCLUDE src="/_edge/weather/ar/"/>',
    ):
        assert pagecache.includes_of(other) == ()
    with pytest.raises(ValueError):
        pagecache.include_markup('/_edge/x"/><script>/ar/')


def test_every_registered_part_must_be_served_where_pages_include_it(settings):
    assert [error.id for error in run_checks() if error.id == "edge.E001"] == []
    settings.ROOT_URLCONF = "core.tests.test_pagecache"  # no edge part there
    assert {error.id for error in run_checks() if error.id.startswith("edge.")} == {"edge.E001"}
