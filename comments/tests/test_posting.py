"""The «اترك تعليقاً» form: what a commenter sees, sends, and gets back."""

import re
import time

import pytest
from django.test import Client

from comments.models import Comment
from comments.protection import form_token

from .conftest import form_data, make_comment, post_url

pytestmark = pytest.mark.django_db


def test_form_has_wordpress_fields_required_marks_and_the_promise(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    assert "اترك تعليقاً" in page
    assert "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *" in page
    for name in ("comment", "author", "email"):
        assert f'name="{name}"' in page
        assert f'id="{name}"' in page
    assert page.count('aria-required="true"') == 3
    assert page.count(" required ") >= 3
    assert 'name="url"' in page and 'name="parent"' in page
    assert 'name="remember" type="checkbox" value="yes">' in page  # off by default
    # The page is the same for every reader: no token of one reader in it.
    assert 'name="csrfmiddlewaretoken"' not in page
    assert 'name="token"' in page


def test_posted_comment_waits_for_moderation_seen_only_by_its_author(client, article):
    response = client.post(post_url(article), form_data(article))
    comment = Comment.objects.get()
    assert response.status_code == 303
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.status == Comment.Status.PENDING

    own_page = client.get(article.get_absolute_url()).content.decode()
    assert "تعليقك بانتظار المراجعة" in own_page
    assert "تحليل ممتاز" in own_page

    stranger_page = Client().get(article.get_absolute_url()).content.decode()
    assert "تحليل ممتاز" not in stranger_page
    assert "تعليقك بانتظار المراجعة" not in stranger_page


def test_the_first_comment_waiting_is_not_headed_no_comments_for_its_author(client, article):
    client.post(post_url(article), form_data(article))

    own_page = client.get(article.get_absolute_url()).content.decode()
    heading = re.search(r'<h2 id="comments-title">(.*?)</h2>', own_page).group(1)
    assert heading == "التعليقات"
    assert own_page.index(heading) < own_page.index("تعليقك بانتظار المراجعة")
    assert "لا تعليقات" not in own_page

    # Everyone else still reads that there are none.
    assert "لا تعليقات" in Client().get(article.get_absolute_url()).content.decode()


def test_own_pending_comment_rides_on_a_signed_cookie_for_that_article_only(client, article):
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.utils.encoding import iri_to_uri

    response = client.post(post_url(article), form_data(article))
    comment = Comment.objects.get()
    cookie = response.cookies[f"{settings.COMMENTS_PENDING_COOKIE_PREFIX}{comment.pk}"]
    # Sent back only with the article's own page: the reader's other pages stay shared.
    assert cookie["path"] == iri_to_uri(article.get_absolute_url())
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not Session.objects.exists()

    # A cookie made up by hand for someone else's comment shows nothing.
    other = make_comment(article, status=Comment.Status.PENDING, text="تعليق قارئ آخر ينتظر")
    forger = Client()
    forger.cookies[f"{settings.COMMENTS_PENDING_COOKIE_PREFIX}{other.pk}"] = cookie.value
    forged_page = forger.get(article.get_absolute_url()).content.decode()
    assert "تعليق قارئ آخر ينتظر" not in forged_page
    assert "تحليل ممتاز" not in forged_page


def test_approved_comment_is_public_with_count(client, article):
    make_comment(article, author_name="خالد", text="رأي منشور")
    make_comment(article, status=Comment.Status.SPAM, text="رابح جوائز")
    make_comment(article, status=Comment.Status.REJECTED, text="مرفوض")
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "<bdi>خالد</bdi>" in page
    assert "رأي منشور" in page
    assert "رابح جوائز" not in page and "مرفوض" not in page
    assert "تعليق واحد" in page or "1 comment" not in page


def test_empty_form_shows_arabic_errors_keeps_nothing(client, article):
    response = client.post(post_url(article), form_data(article, comment="", author="", email=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    assert "يرجى كتابة تعليقك." in page
    assert "يرجى إدخال اسمك." in page
    assert "يرجى إدخال بريدك الإلكتروني." in page


def test_invalid_form_keeps_what_the_reader_typed(client, article):
    response = client.post(
        post_url(article), form_data(article, email="not-an-email", comment="نص طويل أكتبه")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "نص طويل أكتبه" in page
    assert 'value="not-an-email"' in page
    assert "يرجى إدخال عنوان بريد إلكتروني صحيح." in page


def test_english_page_gets_english_errors(client, article):
    response = client.post(f"/en/comments/post/{article.pk}/", form_data(article, author=""))
    assert response.status_code == 400
    assert "Please enter your name." in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("author", "ا" * 101),
        ("comment", "ا"),
        ("comment", "ا" * 5001),
        ("email", "sara@"),
        ("url", "javascript:alert(1)"),
        ("url", "ftp://example.com/"),
    ],
)
def test_limits_are_enforced(client, article, field, value):
    response = client.post(post_url(article), form_data(article, **{field: value}))
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_website_is_kept_when_valid(client, article):
    client.post(post_url(article), form_data(article, url="https://sara.example/blog"))
    assert Comment.objects.get().author_url == "https://sara.example/blog"


def test_tampered_or_missing_token_is_a_plain_400(client, article, section=None):
    other_article_token = form_token(article.pk + 1000, now=time.time() - 60)
    for token in ("", "garbage", form_data(article)["token"] + "x", other_article_token):
        response = client.post(post_url(article), form_data(article, token=token))
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/plain")
    assert Comment.objects.count() == 0


def test_expired_form_asks_to_resubmit_and_keeps_the_text(client, article, settings):
    settings.COMMENTS_FORM_MAX_AGE = 60
    old = form_token(article.pk, now=time.time() - 3600)
    response = client.post(post_url(article), form_data(article, token=old, comment="نصي المحفوظ"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "نصي المحفوظ" in page
    assert "يرجى مراجعة تعليقك وإرساله مرة أخرى" in page
    assert Comment.objects.count() == 0


def test_honeypot_and_speed_are_flagged_for_moderation(client, article):
    client.post(post_url(article), form_data(article, address="http://spam.example"))
    client.post(
        post_url(article),
        form_data(article, email="fast@example.com", comment="سريع جداً", token=form_token(article.pk)),
    )
    flags = dict(Comment.objects.values_list("author_email", "flags"))
    assert flags["sara@example.com"] == ["honeypot"]
    assert flags["fast@example.com"] == ["too_fast"]
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.PENDING}


def test_rate_limit_per_email_answers_429_in_arabic(client, article, settings):
    settings.COMMENTS_RATE_LIMIT_PER_EMAIL = 2
    statuses = [
        client.post(post_url(article), form_data(article, comment=f"تعليق رقم {n}")).status_code
        for n in range(3)
    ]
    assert statuses == [303, 303, 429]
    assert Comment.objects.count() == 2
    response = client.post(post_url(article), form_data(article, comment="تعليق آخر"))
    assert "أنت ترسل التعليقات بسرعة كبيرة" in response.content.decode()


def test_rate_limit_per_address(client, article, settings):
    settings.COMMENTS_RATE_LIMIT_PER_IP = 1
    first = client.post(post_url(article), form_data(article), REMOTE_ADDR="203.0.113.9")
    second = client.post(
        post_url(article), form_data(article, email="b@example.com", comment="آخر"), REMOTE_ADDR="203.0.113.9"
    )
    other = client.post(
        post_url(article),
        form_data(article, email="c@example.com", comment="ثالث"),
        REMOTE_ADDR="198.51.100.7",
    )
    assert (first.status_code, second.status_code, other.status_code) == (303, 429, 303)


def test_duplicate_is_refused_as_a_duplicate(client, article):
    client.post(post_url(article), form_data(article, comment="نفس الكلام"))
    response = client.post(post_url(article), form_data(article, comment="  نَفس   الكلام "))
    assert response.status_code == 409
    assert "تعليق مكرر" in response.content.decode()
    assert Comment.objects.count() == 1


def test_html_and_script_render_inert(client, article):
    make_comment(
        article, author_name="<b>x</b>", text='<script>alert("x")</script> <img src=x onerror=alert(1)>'
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page
    assert "<img src=x" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page


def test_links_in_comments_are_marked_user_generated(client, article):
    make_comment(article, text="المصدر: https://example.com/report", author_url="https://blog.example/")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://example.com/report" rel="nofollow ugc noopener" dir="ltr">' in page
    assert 'href="https://blog.example/" rel="nofollow ugc noopener external"' in page


def test_bidi_overrides_and_zero_width_characters_are_removed(client, article):
    client.post(
        post_url(article), form_data(article, author="سارة\u202eevil\u200b", comment="نص\u2066 مخفي\u200f")
    )
    comment = Comment.objects.get()
    assert comment.author_name == "سارةevil"
    assert "\u2066" not in comment.text and "\u200f" not in comment.text


def test_nul_bytes_and_invalid_utf8_never_500(client, article):
    response = client.post(post_url(article), form_data(article, comment="نص\x00خبيث"))
    assert response.status_code == 400
    body = b"comment=%FF%FE%FD&author=%C3%28&email=a%40b.c&token=x"
    response = client.post(post_url(article), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_oversized_body_is_refused(client, article):
    response = client.post(post_url(article), form_data(article, comment="ا" * 3_000_000))
    assert response.status_code == 400
    assert "تعذر قبول ما أُرسل" in response.content.decode()
    assert Comment.objects.count() == 0


def test_replies_nest_and_stop_at_the_depth_limit(client, article):
    top = make_comment(article, text="أول")
    response = client.post(post_url(article), form_data(article, parent=str(top.pk), comment="رد أول"))
    assert response.status_code == 303
    reply = Comment.objects.get(parent=top)
    assert (reply.depth, reply.root_id) == (1, top.pk)
    Comment.objects.filter(pk=reply.pk).update(status=Comment.Status.APPROVED)
    second = make_comment(article, parent=reply, root=top, depth=2, text="رد ثان", email="x@example.com")
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"?replytocom={top.pk}#respond" in page
    assert f"?replytocom={second.pk}#respond" not in page  # third level: no deeper replies
    response = client.post(post_url(article), form_data(article, parent=str(second.pk), comment="عميق"))
    assert response.status_code == 400


def test_parent_must_be_an_approved_comment_of_this_article(client, article):
    from articles.tests.factories import ArticleFactory

    elsewhere = make_comment(ArticleFactory(section=article.section))
    pending = make_comment(article, status=Comment.Status.PENDING)
    for parent in (elsewhere.pk, pending.pk, 999999):
        response = client.post(post_url(article), form_data(article, parent=str(parent)))
        assert response.status_code == 400
    assert Comment.objects.count() == 2


def test_no_posting_to_drafts_or_closed_articles(client, article, settings):
    from articles.models import Article

    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert client.post(post_url(article), form_data(article)).status_code == 404
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED, comments_open=False)
    response = client.post(post_url(article), form_data(article))
    assert response.status_code == 403
    assert "التعليقات مغلقة" in response.content.decode()
    assert "اترك تعليقاً" not in client.get(article.get_absolute_url()).content.decode()
    assert Comment.objects.count() == 0


def test_comments_close_after_the_configured_number_of_days(client, article, settings):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(days=15))
    assert client.post(post_url(article), form_data(article)).status_code == 403
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    assert client.post(post_url(article), form_data(article)).status_code == 303


def test_long_threads_are_paginated_fifty_top_level_a_page(client, article):
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name=f"قارئ {n}",
            author_email="a@example.com",
            text=f"تعليق-{n}-نهاية",
            status=Comment.Status.APPROVED,
        )
        for n in range(55)
    )
    first = client.get(article.get_absolute_url()).content.decode()
    second = client.get(article.get_absolute_url() + "?cpage=2").content.decode()
    assert "تعليق-0-نهاية" in first and "تعليق-49-نهاية" in first and "تعليق-50-نهاية" not in first
    assert "تعليق-50-نهاية" in second and "تعليق-0-نهاية" not in second
    assert "55" in first


@pytest.mark.parametrize(
    "headers",
    [
        {},  # says nothing about where it started
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another subdomain
        {"Origin": "https://attacker.example"},
        {"Origin": "null"},
        {"Referer": "https://attacker.example/page"},
        {"Referer": "http://testserver.attacker.example/"},
    ],
)
def test_a_forged_cross_site_post_is_refused(article, headers):
    forged = Client(enforce_csrf_checks=True, headers=headers)
    response = forged.post(post_url(article), form_data(article))
    assert response.status_code == 403
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://testserver"},
        {"Referer": "http://testserver/ar/news/x/"},
    ],
)
def test_a_same_site_post_without_javascript_or_token_is_accepted(article, headers):
    """The shared page's form as an old browser or one without JavaScript sends it."""
    reader = Client(enforce_csrf_checks=True, headers=headers)
    page = reader.get(article.get_absolute_url()).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = reader.post(post_url(article), form_data(article, token=token))
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert "too_fast" not in comment.flags  # no timing evidence without the script


def test_the_forms_script_gets_a_token_that_times_the_reader_not_the_cached_page(client, article):
    """On a shared page the script asks for a timed token when the reader starts writing:
    sending within seconds of that is flagged, however old the cached page is."""
    answer = client.get(f"/ar/comments/form-token/{article.pk}/")
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "private, no-store"
    token = answer.json()["token"]
    response = client.post(post_url(article), form_data(article, token=token, email="quick@example.com"))
    assert response.status_code == 303
    assert Comment.objects.get(author_email="quick@example.com").flags == ["too_fast"]


def test_a_shared_pages_token_works_for_that_article_only(client, article):
    from articles.tests.factories import ArticleFactory
    from comments.protection import shared_form_token

    other = ArticleFactory()
    response = client.post(post_url(article), form_data(article, token=shared_form_token(other.pk)))
    assert response.status_code == 400
    response = client.post(post_url(article), form_data(article, token=shared_form_token(article.pk) + "x"))
    assert response.status_code == 400
    assert not Comment.objects.exists()
