"""The page cache as readers and editors meet it: shared pages are the same bytes for
everyone, a change shows on the next request exactly where it shows and nowhere else, and
a retracted story leaves the cache whatever fails."""

import re
import time
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path

from articles.desk.publishing import save_article, unpublish_article
from articles.models import Article, RelatedPin
from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from comments.lifecycle import approve_comment
from comments.models import Comment
from core import invalidation, pagecache
from core.invalidation import POLL_INTERVAL, invalidate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what commits run (announcements to the processes and the shared caches): first
    for what the test set up, then for the change made inside the block."""

    @contextmanager
    def committed():
        pending, connection.run_on_commit = connection.run_on_commit, []
        for _savepoints, callback, _robust in pending:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return committed


def get(url, client=None, **headers):
    response = (client or Client()).get(url, headers=headers)
    return response, response.content.decode()


def with_cookies(**cookies) -> Client:
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def state(url) -> str:
    response = Client().get(url)
    return response.get("X-Page-Cache", "none") if response.status_code == 200 else str(response.status_code)


def page_queries(queries) -> list[str]:
    """The queries a page cost, leaving out the look at the invalidation log that every
    process makes a few times a second whatever it serves."""
    return [query["sql"] for query in queries if "core_invalidation" not in query["sql"]]


@pytest.fixture
def site():
    """Two stories in different sections, by different writers, with different tags."""
    world, sport = SectionFactory(slug="world"), SectionFactory(slug="sport")
    hala, omar = AuthorFactory(name_ar="هالة"), AuthorFactory(name_ar="عمر")
    iran, football = TagFactory(name_ar="إيران"), TagFactory(name_ar="كرة القدم")
    a = ArticleFactory(
        title_ar="محادثات في طهران",
        body_ar="<p>بدأت في طهران محادثات نووية مع الوكالة الدولية للطاقة الذرية.</p>",
        section=world,
    )
    a.authors.set([hala])
    a.tags.set([iran])
    b = ArticleFactory(
        title_ar="نهائي الكأس", body_ar="<p>فاز الفريق بنهائي كأس كرة القدم بهدفين.</p>", section=sport
    )
    b.authors.set([omar])
    b.tags.set([football])
    comment = Comment.objects.create(
        article=a, author_name="قارئ", author_email="r@example.com", text="تعليق منشور", status="approved"
    )
    return SimpleNamespace(
        a=a,
        b=b,
        world=world,
        sport=sport,
        hala=hala,
        omar=omar,
        iran=iran,
        football=football,
        comment=comment,
        urls={
            "a": a.get_absolute_url(),
            "b": b.get_absolute_url(),
            "home": "/ar/",
            "world": world.get_absolute_url(),
            "sport": sport.get_absolute_url(),
            "iran": iran.get_absolute_url(),
            "football": football.get_absolute_url(),
            "hala": hala.get_absolute_url(),
            "omar": omar.get_absolute_url(),
            "feed": "/ar/feed/",
            "comments_feed": "/ar/comments/feed/",
        },
    )


def warm(site) -> None:
    for url in site.urls.values():
        Client().get(url)
    assert {name: state(url) for name, url in site.urls.items()} == dict.fromkeys(site.urls, "hit")


def states(site) -> dict[str, str]:
    return {name: state(url) for name, url in site.urls.items()}


# --- shared pages ---------------------------------------------------------------------------------


def test_a_stored_page_is_the_same_bytes_for_everyone_and_costs_no_query(site):
    url = site.urls["a"]
    first, first_html = get(url)
    with CaptureQueriesContext(connection) as queries:
        second, second_html = get(url, with_cookies(csrftoken="a" * 32, _ga="GA1.1.2"))
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert page_queries(queries) == []
    assert first_html == second_html and "محادثات في طهران" in second_html
    assert "csrfmiddlewaretoken" not in first_html and "\u2063" not in first_html
    assert not first.cookies and not second.cookies
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=300"
    keys = set(first["xkey"].split())
    assert {f"article:{site.a.pk}", f"comments:{site.a.pk}", "sections"} <= keys
    assert first["Surrogate-Key"] == first["xkey"]


def test_personal_readers_get_private_pages_and_leave_nothing_stored(site):
    url = site.urls["a"]
    editor = get_user_model().objects.create_user("layla-editor", is_staff=True, is_superuser=True)
    staff = Client()
    staff.force_login(editor)
    commenter = with_cookies(comment_pending_1="x")
    for response in (
        staff.get(url),
        commenter.get(url),
        Client().get(url + "?replytocom=" + str(site.comment.pk)),
        staff.get(f"/ar/preview/{site.a.pk}/"),
    ):
        assert "X-Page-Cache" not in response
        assert response["Cache-Control"] == "private, no-store"
        assert "xkey" not in response
    anonymous, page = get(url)
    assert anonymous["X-Page-Cache"] == "miss"  # nothing they saw was stored
    assert "layla-editor" not in page


def test_an_unchanged_page_is_answered_with_not_modified(site):
    first, _page = get(site.urls["a"])
    again = Client().get(site.urls["a"], headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_pages_not_opted_in_are_never_shared(site):
    for url in ("/ar/search/?q=محادثات", "/admin/login/", "/"):
        response = Client().get(url)
        assert "X-Page-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")


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


urlpatterns = [
    path("ar/varies/", pagecache.shared_page(any_language=True)(_varies_on_cookies)),
    path("ar/private/", pagecache.shared_page(any_language=True)(_says_private)),
    path("ar/plain/", pagecache.shared_page(any_language=True)(_same_for_everyone)),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_shared_view_that_answers_private_or_varies_on_cookies_is_not_stored():
    """The view's own headers win over its opt-in: the next personal view is safe."""
    for path_ in ("/ar/varies/", "/ar/private/"):
        first, second = Client().get(path_), Client().get(path_)
        assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    Client().get("/ar/plain/")
    assert Client().get("/ar/plain/")["X-Page-Cache"] == "hit"  # the same view without them is


# --- query strings -----------------------------------------------------------------------------------


def test_unknown_parameters_are_the_same_stored_page(site):
    first, _page = get("/ar/")
    tracked, page = get("/ar/?utm_source=newsletter&fbclid=abc")
    assert tracked["X-Page-Cache"] == "hit" and tracked["ETag"] == first["ETag"]
    assert "utm_source" not in page and "fbclid" not in page


def test_parameters_a_page_does_not_have_are_redirected_or_not_found(site):
    assert Client().get("/ar/?page=02")["Location"] == "/ar/?page=2"
    assert Client().get(site.urls["a"] + "?page=2").status_code == 301
    assert Client().get(site.urls["a"] + "?page=2")["Location"].endswith("/")
    assert Client().get("/ar/?page=abc").status_code == 404
    assert Client().get("/ar/?page=999").status_code == 404
    assert Client().get(site.urls["a"] + "?cpage=5").status_code == 404


def test_a_flood_of_query_strings_stores_nothing_new(site):
    from core.shared_redis import cache_redis

    client, prefix = cache_redis()
    Client().get("/ar/")
    Client().get("/ar/?page=2")  # a real page
    stored = set(client.scan_iter(f"{prefix}{pagecache.PAGE_PREFIX}*"))
    for n in range(40):
        Client().get(f"/ar/?x={n}&utm_campaign={n}")
        Client().get(f"/ar/?page=0{n}")
        Client().get(f"{site.urls['a']}?page={n + 2}")
    assert set(client.scan_iter(f"{prefix}{pagecache.PAGE_PREFIX}*")) == stored


# --- a change shows exactly where it shows ------------------------------------------------------------


def test_an_approved_comment_changes_its_article_and_the_comments_feed_only(site, commit):
    warm(site)
    pending = Comment.objects.create(
        article=site.a, author_name="قارئة", author_email="q@example.com", text="تعليق جديد ينتظر"
    )
    assert states(site) == dict.fromkeys(site.urls, "hit")  # a pending comment changes nothing
    with commit():
        approve_comment(pending)
    assert "تعليق جديد ينتظر" in get(site.urls["a"])[1]
    after = states(site)
    assert after.pop("a") == "hit"  # just rendered again
    assert after.pop("comments_feed") == "miss"
    assert after == dict.fromkeys(after, "hit")


def test_a_moderator_redacting_a_comment_changes_the_page(site, commit):
    warm(site)
    with commit():
        site.comment.text = "[حُذف جزء من التعليق]"
        site.comment.save()
    response, page = get(site.urls["a"])
    assert response["X-Page-Cache"] == "miss"
    assert "[حُذف جزء من التعليق]" in page and "تعليق منشور" not in page
    assert state(site.urls["b"]) == "hit"


def test_an_edit_changes_the_article_and_its_lists_not_the_others(site, commit):
    warm(site)
    with commit():
        site.a.title_ar = "عنوان بعد التعديل"
        save_article(site.a, by=None)
    after = states(site)
    for name in ("a", "home", "world", "iran", "hala", "feed"):
        assert after.pop(name) == "miss", name
    assert after.pop("comments_feed") == "miss"  # it names the article of its comment
    assert after == {"b": "hit", "sport": "hit", "football": "hit", "omar": "hit"}
    assert "عنوان بعد التعديل" in get(site.urls["a"])[1]


def test_publishing_shows_on_home_and_its_section_at_once(site, commit):
    warm(site)
    draft = ArticleFactory(title_ar="خبر جديد في الرياضة", section=site.sport, status=Article.Status.DRAFT)
    assert state(site.urls["sport"]) == "hit"  # a draft changes nothing
    with commit():
        draft.status = Article.Status.PUBLISHED
        save_article(draft, by=None)
    assert "خبر جديد في الرياضة" in get("/ar/")[1]
    assert "خبر جديد في الرياضة" in get(site.urls["sport"])[1]
    assert state(site.urls["world"]) == "hit"
    assert state(site.urls["a"]) == "hit"


def test_an_unpublished_article_is_gone_from_every_page_on_the_next_request(site, commit):
    ArticleFactory(title_ar="خبر آخر من العالم", section=site.world)  # the section stays in the menu
    warm(site)
    with commit():
        unpublish_article(site.a, by=None)
    assert Client().get(site.urls["a"]).status_code == 404
    assert "محادثات في طهران" not in get("/ar/")[1]
    assert "محادثات في طهران" not in get(site.urls["world"])[1]
    assert state(site.urls["b"]) == "hit"


def test_a_deleted_article_is_gone_on_the_next_request(site, commit):
    warm(site)
    with commit():
        site.a.delete()
    assert Client().get(site.urls["a"]).status_code == 404
    assert "محادثات في طهران" not in get("/ar/")[1]


def test_renaming_an_author_changes_every_byline(site, commit):
    """A byline removed for a journalist's safety must not stay in the cache."""
    warm(site)
    with commit():
        site.hala.name_ar = "مراسل الموقع"
        site.hala.save()
    response, page = get(site.urls["a"])
    assert response["X-Page-Cache"] == "miss"
    assert "مراسل الموقع" in page and "هالة" not in page
    assert state(site.urls["b"]) == "hit"


def test_deleting_a_tag_takes_it_off_its_articles(site, commit):
    warm(site)
    with commit():
        site.iran.delete()
    assert "إيران" not in get(site.urls["a"])[1]
    assert Client().get(site.urls["iran"]).status_code == 404
    assert state(site.urls["b"]) == "hit"


def test_renaming_a_section_changes_the_menu_everywhere(site, commit):
    warm(site)
    with commit():
        site.sport.name_ar = "الرياضة العالمية"
        site.sport.save()
    assert "الرياضة العالمية" in get(site.urls["a"])[1]
    assert "الرياضة العالمية" in get("/ar/")[1]


def test_a_pinned_article_shows_in_see_also_at_once(site, commit):
    from articles.related.store import store_pins

    warm(site)
    with commit():  # as the article's admin page saves a pin
        RelatedPin.objects.create(article=site.a, related=site.b)
        store_pins(site.a)
    page = get(site.urls["a"])[1]
    assert "نهائي الكأس" in page.split('id="see-also-heading"', 1)[1]
    assert state(site.urls["b"]) == "hit"


def test_recomputed_related_lists_change_the_pages_they_are_on(site, commit):
    from articles.related.store import update_related

    update_related(site.a.pk)
    update_related(site.b.pk)
    warm(site)
    twin = ArticleFactory(
        title_ar="محادثات في طهران حول الاتفاق",
        body_ar="<p>تستأنف في طهران محادثات نووية مع الوكالة الدولية حول الاتفاق.</p>",
        section=site.world,
    )
    assert state(site.urls["b"]) == "hit"
    with commit():
        update_related(twin.pk)
    assert "محادثات في طهران حول الاتفاق" in get(site.urls["a"])[1].split('id="see-also-heading"', 1)[1]
    assert state(site.urls["b"]) == "hit"


def test_a_renamed_slug_redirects_from_the_old_address(site, commit):
    old = site.urls["a"]
    warm(site)
    with commit():
        site.a.slug_ar = "طهران-محادثات"
        save_article(site.a, by=None)
    moved = Client().get(old)
    assert (moved.status_code == 301 and "طهران-محادثات" in moved["Location"]) or "%D8" in moved["Location"]


# --- whatever fails --------------------------------------------------------------------------------


def test_a_change_redis_was_not_told_of_shows_within_a_poll(site, commit, monkeypatch):
    """Redis unreachable at the moment of the unpublish: the change is in the database's
    log, and every process reads the log at least every POLL_INTERVAL."""
    import redis

    warm(site)
    dead = redis.Redis(host="127.0.0.1", port=1, socket_timeout=0.1, socket_connect_timeout=0.1)
    monkeypatch.setattr(invalidation, "cache_redis", lambda timeout=2.0: (dead, ""))
    with commit():
        unpublish_article(site.a, by=None)
    time.sleep(POLL_INTERVAL + 0.05)
    assert Client().get(site.urls["a"]).status_code == 404


def test_a_process_started_after_a_change_does_not_serve_the_old_page(site, monkeypatch):
    """The change was made elsewhere and nobody told this process: it reads the log when
    it starts, and a page stored before the change is not served."""
    url = site.urls["a"]
    Client().get(url)
    assert state(url) == "hit"
    invalidate(f"article:{site.a.pk}")  # another process's change, no announcement
    monkeypatch.setattr(pagecache, "knowledge", invalidation.Knowledge())
    monkeypatch.setattr(invalidation, "knowledge", pagecache.knowledge)
    pagecache.forget_copies()
    assert state(url) == "miss"


def test_a_body_holding_the_old_placeholders_leaks_nothing(site, commit):
    """Pages used to carry per-reader tokens behind markers that stored text could contain."""
    with commit():
        site.b.body_ar = '<p>نص \u2063csrf\u2063 و \u2063form-token-99999999999999999999\u2063</p><img src="https://x.example/\u2063csrf\u2063">'
        save_article(site.b, by=None)
    first, first_page = get(site.urls["b"])
    second, second_page = get(site.urls["b"], with_cookies(csrftoken="b" * 32))
    assert first.status_code == second.status_code == 200
    assert first_page == second_page
    assert "b" * 32 not in second_page


# --- the WSGI door: hits are answered before Django builds a request ----------------------------------


def wsgi_get(path, method="GET", host="testserver", cookie=None, query=""):
    """Call the site's WSGI application as a server would; (status, headers, body)."""
    from urllib.parse import unquote_to_bytes
    from wsgiref.util import setup_testing_defaults

    from django.core.signals import request_started
    from django.db import close_old_connections
    from django.utils.encoding import iri_to_uri

    from newsroom.wsgi import application

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


def test_the_server_answers_a_stored_page_before_django_with_every_header(site):
    url = site.urls["a"]
    status, rendered_headers, _body = wsgi_get(url)
    assert (status, rendered_headers["X-Page-Cache"]) == ("200 OK", "miss")
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = wsgi_get(url, query="utm_medium=social")
    assert (status, headers["X-Page-Cache"], page_queries(queries)) == ("200 OK", "hit", [])
    assert "محادثات في طهران" in body.decode()
    for name in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Content-Language", "xkey"):
        assert headers[name] == rendered_headers[name]
    assert int(headers["Content-Length"]) == len(body)
    assert "Set-Cookie" not in headers
    status, head_headers, head_body = wsgi_get(url, method="HEAD")
    assert (status, head_headers["X-Page-Cache"], head_body) == ("200 OK", "hit", b"")


def test_the_server_renders_for_a_session_and_refuses_an_unknown_host(site):
    url = site.urls["a"]
    wsgi_get(url)
    assert "X-Page-Cache" not in wsgi_get(url, cookie="sessionid=abc")[1]
    assert wsgi_get(url, host="evil.example")[0].startswith("400")


# --- cheap misses -------------------------------------------------------------------------------------


def test_an_article_whose_comments_and_related_box_did_not_change_renders_in_three_queries(site, commit):
    from articles.related.rebuild import rebuild

    for n in range(4):  # a computed «see also» box, full
        ArticleFactory(
            title_ar=f"محادثات طهران {n}",
            body_ar="<p>محادثات نووية في طهران مع الوكالة الدولية.</p>",
            section=site.world,
        )
    rebuild()
    url = site.urls["a"]
    Client().get(url)
    with commit():
        site.a.standfirst_ar = "مقدمة جديدة"
        save_article(site.a, by=None)
    with CaptureQueriesContext(connection) as queries:
        response, page = get(url)
    assert response["X-Page-Cache"] == "miss" and "مقدمة جديدة" in page
    assert len(page_queries(queries)) <= 3, page_queries(queries)


def _full_miss_queries(url) -> tuple[int, str]:
    from django.core.cache import cache

    cache.clear()  # nothing stored: no page, no fragment
    pagecache.forget_copies()
    with CaptureQueriesContext(connection) as queries:
        response, page = get(url)
    assert response["X-Page-Cache"] == "miss"
    return len(page_queries(queries)), page


def test_a_full_miss_takes_the_same_few_queries_with_one_comment_or_sixty(site):
    from articles.related.rebuild import rebuild

    def approved(text, parent=None):
        return Comment.objects.create(
            article=site.a,
            parent=parent,
            root=parent,
            depth=1 if parent else 0,
            author_name="قارئ",
            author_email="r@example.com",
            text=text,
            status=Comment.Status.APPROVED,
        )

    url = site.urls["a"]
    for n in range(5):  # a full «see also» box
        ArticleFactory(title_ar=f"محادثات في طهران {n}", section=site.world)
    rebuild()
    few, _page = _full_miss_queries(url)
    for n in range(40):
        parent = approved(f"تعليق رقم {n}")
        if n % 2:
            approved(f"رد رقم {n}", parent=parent)
    site.a.tags.add(TagFactory(), TagFactory())
    for n in range(20):
        ArticleFactory(title_ar=f"محادثات جديدة في طهران {n}", section=site.world)
    rebuild()
    many, page = _full_miss_queries(url)
    assert "رد رقم 39" in page and "شاهد أيضاً" in page
    assert many == few
    assert many <= 10


def test_a_scheduled_article_shows_the_moment_it_goes_live(site):
    """Nothing announces the clock reaching a scheduled time: a page stored before then is
    served only until then."""
    from datetime import timedelta

    from django.utils import timezone

    due = timezone.now() + timedelta(seconds=2)
    ArticleFactory(title_ar="خبر مجدول يظهر في موعده", status=Article.Status.SCHEDULED, published_at=due)
    _first, page = get("/ar/")
    assert "خبر مجدول يظهر في موعده" not in page
    assert state("/ar/") == "hit"
    time.sleep(max(0, (due - timezone.now()).total_seconds()) + 0.05)
    after, page = get("/ar/")
    assert after["X-Page-Cache"] == "miss"
    assert "خبر مجدول يظهر في موعده" in page


def test_stored_pages_carry_no_canonical_with_tracking_parameters(site):
    _response, page = get(site.urls["a"] + "?utm_source=x")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    assert "utm_source" not in canonical


def test_a_retraction_is_gone_within_a_second_with_redis_paused(site, commit, settings):
    """Redis frozen (SIGSTOP) while the article is unpublished and afterwards: the process
    serves nothing it cannot check against the log in PostgreSQL, and waits for Redis only
    briefly."""
    import os
    import signal

    from core.tests.processes import RedisServer

    server = RedisServer().start()
    try:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": server.url}
        }
        url = site.urls["a"]
        Client().get(url)
        assert state(url) == "hit"
        os.kill(server.process.pid, signal.SIGSTOP)
        try:
            with commit():
                unpublish_article(site.a, by=None)
            time.sleep(1.0)
            asked = time.monotonic()
            response = Client().get(url)
            assert response.status_code == 404
            assert time.monotonic() - asked < 1.0
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
    finally:
        server.stop()


def test_the_shipped_vcl_keeps_the_same_parameters_and_personal_cookies_as_the_site(settings):
    """Varnish strips query parameters and passes personal requests by its own rules
    (deploy/varnish/default.vcl): they must be the site's."""
    from pathlib import Path

    vcl = (Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "default.vcl").read_text()
    kept = re.search(r"\(\?!\(\?:([a-z|]+)\)=\)", vcl).group(1).split("|")
    assert sorted(kept) == sorted(pagecache.key_params())
    personal = re.search(r'req\.http\.Cookie ~ "\(\^\|;\\s\*\)\(([^)]+)\)="', vcl).group(1)
    assert settings.SESSION_COOKIE_NAME in personal.split("|")
    assert f"{settings.COMMENTS_PENDING_COOKIE_PREFIX}[0-9]+" in personal.split("|")
    assert "replytocom" in vcl


def test_while_one_process_renders_a_soft_change_the_others_serve_the_page_a_moment_longer(site, commit):
    """An approved comment takes nothing back: while another process renders the page anew
    (its claim in Redis), readers get the previous copy instead of rendering it too. A
    retraction never waits like that."""
    from core.shared_redis import cache_redis

    client, prefix = cache_redis()
    url = site.urls["a"]
    Client().get(url)
    asked = RequestFactory().get(url)  # the key the test client's requests are stored under
    key = pagecache.page_key(asked.META, asked.path, "")
    pending = Comment.objects.create(
        article=site.a, author_name="قارئة", author_email="q@example.com", text="تعليق وافق عليه المشرف"
    )
    with commit():
        approve_comment(pending)
    client.set(prefix + pagecache.RENDER_CLAIM + key, 1, px=2000)  # another process renders it
    response, page = get(url)
    assert response["X-Page-Cache"] == "stale" and "تعليق وافق عليه المشرف" not in page
    client.delete(prefix + pagecache.RENDER_CLAIM + key)
    response, page = get(url)
    assert response["X-Page-Cache"] == "miss" and "تعليق وافق عليه المشرف" in page

    client.set(prefix + pagecache.RENDER_CLAIM + key, 1, px=2000)
    with commit():
        unpublish_article(site.a, by=None)
    assert Client().get(url).status_code == 404


def test_a_section_enters_the_menu_with_its_first_article_and_leaves_with_its_last(site, commit):
    culture = SectionFactory(slug="culture")
    warm(site)
    assert "/ar/section/culture/" not in get("/ar/")[1]
    with commit():
        first = ArticleFactory(title_ar="معرض الكتاب", section=culture)
    assert "/ar/section/culture/" in get(site.urls["b"])[1]
    with commit():
        unpublish_article(first, by=None)
    assert "/ar/section/culture/" not in get(site.urls["b"])[1]
