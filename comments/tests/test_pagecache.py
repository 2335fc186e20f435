"""The page cache with comments on the page: a stored article page is the same bytes for
every reader (no one reader's form token in it), a commenter with a comment waiting gets a
page of their own, and an approved or redacted comment shows on the next request on its
article and the comments feed and nowhere else. (core/tests/test_pagecache.py tests the
machinery, articles/tests/test_pagecache.py the articles' pages.)"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from articles.desk.publishing import save_article, unpublish_article
from articles.tests.factories import ArticleFactory, TagFactory
from articles.tests.stories import two_stories
from comments.lifecycle import approve_comment
from comments.models import Comment
from core import pagecache
from core.tests.pagecache_helpers import get, page_queries, state, states, warm, with_cookies

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def site():
    """The two stories, an approved comment on the first, and the comments feed."""
    site = two_stories()
    site.comment = Comment.objects.create(
        article=site.a,
        author_name="قارئ",
        author_email="r@example.com",
        text="تعليق منشور",
        status="approved",
    )
    site.urls["comments_feed"] = "/ar/comments/feed/"
    return site


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


# --- query strings -----------------------------------------------------------------------------------


def test_parameters_a_page_does_not_have_are_redirected_or_not_found(site):
    assert Client().get("/ar/?page=02")["Location"] == "/ar/?page=2"
    assert Client().get(site.urls["a"] + "?page=2").status_code == 301
    assert Client().get(site.urls["a"] + "?page=2")["Location"].endswith("/")
    assert Client().get("/ar/?page=abc").status_code == 404
    assert Client().get("/ar/?page=999").status_code == 404
    assert Client().get(site.urls["a"] + "?cpage=5").status_code == 404


# --- a change shows exactly where it shows ------------------------------------------------------------


def test_an_approved_comment_changes_its_article_its_cards_counts_and_the_comments_feed_only(site, commit):
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
    # The lists that show its card count its comments: they are rendered again, no other.
    counted = {name: after.pop(name) for name in ("home", "world", "iran", "hala")}
    assert set(counted.values()) <= {"miss", "stale"}
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


def test_while_one_process_renders_a_soft_change_the_others_serve_the_page_a_moment_longer(site, commit):
    """An approved comment takes nothing back: while another process renders the page anew
    (its claim in Redis), readers get the previous copy instead of rendering it too. A
    retraction never waits like that."""
    from core.shared_redis import page_cache_redis
    from core.site import request_origin

    client, prefix = page_cache_redis()
    url = site.urls["a"]
    Client().get(url)
    asked = RequestFactory().get(url)  # the key the test client's requests are stored under
    key = pagecache.page_key(request_origin(asked.META).url, asked.path, "")
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
