"""The full-page cache: anonymous readers get stored pages, with their own tokens, and
every change shows on the very next request."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.publishing import save_article
from articles.tests.factories import ArticleFactory
from comments.lifecycle import approve_comment
from comments.models import Comment
from core.pagecache import CSRF_PLACEHOLDER, GENERATION_KEY, bump_generation, pages

pytestmark = pytest.mark.django_db

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN_FIELD = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def article():
    return ArticleFactory(title_ar="رئيس الأمن الروسي يجري محادثات")


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.content.decode()


def test_the_second_reader_gets_the_stored_page_without_touching_the_database(article):
    url = article.get_absolute_url()
    first, first_html = get(Client(), url)
    with CaptureQueriesContext(connection) as queries:
        second, second_html = get(Client(), url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert len(queries) == 0
    assert "رئيس الأمن الروسي يجري محادثات" in second_html
    assert CSRF_FIELD.search(first_html) and CSRF_FIELD.search(second_html)


def test_each_reader_gets_fresh_tokens_of_their_own(article):
    url = article.get_absolute_url()
    pages = [get(Client(), url)[1] for _ in range(3)]
    csrf = {CSRF_FIELD.search(page).group(1) for page in pages}
    assert len(csrf) == 3
    assert all(FORM_TOKEN_FIELD.search(page) for page in pages)
    assert not any(CSRF_PLACEHOLDER in page or "\u2063" in page for page in pages)


def test_the_comment_form_of_a_cached_page_posts(article):
    url = article.get_absolute_url()
    get(Client(), url)  # stores the page
    reader = Client(enforce_csrf_checks=True)
    response, page = get(reader, url)
    assert response["X-Page-Cache"] == "hit"
    form = {
        "csrfmiddlewaretoken": CSRF_FIELD.search(page).group(1),
        "token": FORM_TOKEN_FIELD.search(page).group(1),
        "comment": "تحليل ممتاز، شكراً على هذا التقرير.",
        "author": "سارة",
        "email": "sara@example.com",
        "url": "",
        "parent": "",
        "address": "",
    }
    posted = reader.post(f"/ar/comments/post/{article.pk}/", form)
    assert posted.status_code == 303
    assert Comment.objects.get().author_name == "سارة"

    # The commenter now has a pending-comment cookie: their page is rendered for them, with their
    # pending comment; everybody else still gets the shared page, without it.
    own, own_page = get(reader, url)
    assert "X-Page-Cache" not in own
    assert "تحليل ممتاز، شكراً على هذا التقرير." in own_page
    other, other_page = get(Client(), url)
    assert other["X-Page-Cache"] == "hit"
    assert "تحليل ممتاز، شكراً على هذا التقرير." not in other_page


def test_staff_are_never_served_or_stored(article):
    editor = get_user_model().objects.create_user("layla-editor", is_staff=True, is_superuser=True)
    staff = Client()
    staff.force_login(editor)
    url = article.get_absolute_url()
    response, _page = get(staff, url)
    assert "X-Page-Cache" not in response
    preview = staff.get(f"/ar/preview/{article.pk}/")
    assert "X-Page-Cache" not in preview
    anonymous, page = get(Client(), url)
    assert anonymous["X-Page-Cache"] == "miss"  # nothing the editor saw was stored
    assert "layla-editor" not in page


def test_an_edit_shows_on_the_very_next_request(article, django_capture_on_commit_callbacks):
    url = article.get_absolute_url()
    get(Client(), url)
    with django_capture_on_commit_callbacks(execute=True):
        article.title_ar = "عنوان بعد التعديل"
        save_article(article)
    response, page = get(Client(), url)
    assert response["X-Page-Cache"] == "miss"
    assert "عنوان بعد التعديل" in page


def test_an_approved_comment_shows_on_the_very_next_request(article, django_capture_on_commit_callbacks):
    url = article.get_absolute_url()
    comment = Comment.objects.create(
        article=article, author_name="قارئ", author_email="r@example.com", text="تعليق ينتظر الموافقة"
    )
    assert "تعليق ينتظر الموافقة" not in get(Client(), url)[1]
    assert get(Client(), url)[0]["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        approve_comment(comment)
    assert "تعليق ينتظر الموافقة" in get(Client(), url)[1]
    home = get(Client(), "/ar/")[0]
    assert home["X-Page-Cache"] == "miss"


def test_an_unchanged_page_is_answered_with_not_modified(article):
    url = article.get_absolute_url()
    first, _page = get(Client(), url)
    again = Client().get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_search_and_posts_are_never_stored(article):
    assert "X-Page-Cache" not in Client().get("/ar/search/?q=محادثات")
    assert "X-Page-Cache" not in Client().get("/admin/login/")


# The WSGI door: what gunicorn calls. Hits are answered there, before Django.


def wsgi_get(path, method="GET", host="testserver", cookie=None):
    """Call the site's WSGI application as a server would; (status, headers, body)."""
    from urllib.parse import unquote_to_bytes
    from wsgiref.util import setup_testing_defaults

    from django.core.signals import request_started
    from django.db import close_old_connections
    from django.utils.encoding import iri_to_uri

    from newsroom.wsgi import application

    # A server puts the path's bytes in the environ, as latin-1 (PEP 3333).
    raw_path = unquote_to_bytes(iri_to_uri(path)).decode("iso-8859-1")
    environ = {"REQUEST_METHOD": method, "PATH_INFO": raw_path, "HTTP_HOST": host}
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


def test_the_server_answers_a_stored_page_before_django_with_every_header(article):
    url = article.get_absolute_url()
    status, rendered_headers, _body = wsgi_get(url)
    assert (status, rendered_headers["X-Page-Cache"]) == ("200 OK", "miss")
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = wsgi_get(url)
    assert (status, headers["X-Page-Cache"], len(queries)) == ("200 OK", "hit", 0)
    assert "رئيس الأمن الروسي يجري محادثات" in body.decode()
    for name in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Content-Language"):
        assert headers[name] == rendered_headers[name]
    assert int(headers["Content-Length"]) == len(body)
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("csrftoken=") and "Max-Age=31449600" in cookie and "SameSite=Lax" in cookie
    assert CSRF_FIELD.search(body.decode()) and "\u2063" not in body.decode()


def test_the_server_keeps_a_readers_csrf_cookie_and_answers_head(article):
    url = article.get_absolute_url()
    wsgi_get(url)
    _status, headers, _body = wsgi_get(url, cookie="csrftoken=" + "a" * 32)
    assert "Set-Cookie" not in headers  # their cookie stays; the token in the page matches it
    status, head_headers, head_body = wsgi_get(url, method="HEAD")
    assert (status, head_headers["X-Page-Cache"], head_body) == ("200 OK", "hit", b"")


def test_the_server_renders_for_a_session_a_change_or_an_unknown_host(article):
    url = article.get_absolute_url()
    wsgi_get(url)
    session = wsgi_get(url, cookie=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert "X-Page-Cache" not in session[1]
    bump_generation()
    assert wsgi_get(url)[1]["X-Page-Cache"] == "miss"
    assert wsgi_get(url, host="evil.example")[0].startswith("400")


def test_a_lost_generation_counter_never_brings_back_old_pages(article):
    """Redis restarted or evicted the counter: pages stored before must not come back."""
    url = article.get_absolute_url()
    wsgi_get(url)
    pages().forget(GENERATION_KEY)
    assert wsgi_get(url)[1]["X-Page-Cache"] == "miss"
    assert wsgi_get(url)[1]["X-Page-Cache"] == "hit"


# A miss is cheap too: the render's queries do not grow with what the page shows.


def _render_queries(url) -> tuple[int, str]:
    bump_generation()  # every page is out of date: this request renders
    with CaptureQueriesContext(connection) as queries:
        response, page = get(Client(), url)
    assert response["X-Page-Cache"] == "miss"
    return len(queries), page


def test_a_rendered_page_takes_the_same_few_queries_with_one_comment_or_sixty(article):
    from articles.related.rebuild import rebuild
    from articles.tests.factories import TagFactory

    def approved(text, parent=None):
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            root=parent,
            depth=1 if parent else 0,
            author_name="قارئ",
            author_email="r@example.com",
            text=text,
            status=Comment.Status.APPROVED,
        )
        return comment

    url = article.get_absolute_url()
    for n in range(5):  # a full «see also» box, so that no fallback query is needed
        ArticleFactory(title_ar=f"رئيس الأمن الروسي في محادثات {n}", section=article.section)
    rebuild()
    approved("التعليق الأول")
    few, _page = _render_queries(url)
    for n in range(40):
        parent = approved(f"تعليق رقم {n}")
        if n % 2:
            approved(f"رد رقم {n}", parent=parent)
    article.tags.add(TagFactory(), TagFactory())
    for n in range(20):
        ArticleFactory(title_ar=f"رئيس الأمن الروسي في محادثات جديدة {n}", section=article.section)
    rebuild()
    many, page = _render_queries(url)
    assert "رد رقم 39" in page and "شاهد أيضاً" in page
    assert many == few
    assert many <= 12


def test_a_scheduled_article_shows_the_moment_it_goes_live(article):
    """Nothing raises the generation when the clock reaches a scheduled time, so a page
    stored before then is only served until then."""
    import time
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    due = timezone.now() + timedelta(seconds=2)
    ArticleFactory(title_ar="خبر مجدول يظهر في موعده", status=Article.Status.SCHEDULED, published_at=due)
    _first, page = get(Client(), "/ar/")
    assert "خبر مجدول يظهر في موعده" not in page
    assert get(Client(), "/ar/")[0]["X-Page-Cache"] == "hit"
    time.sleep(max(0, (due - timezone.now()).total_seconds()) + 0.05)
    after, page = get(Client(), "/ar/")
    assert after["X-Page-Cache"] == "miss"
    assert "خبر مجدول يظهر في موعده" in page
