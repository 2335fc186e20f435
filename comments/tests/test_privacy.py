"""The promise: a commenter's email reaches nothing the public can fetch, in any form."""

import hashlib
import logging

import pytest
from django.test import Client

from comments.lifecycle import approve_comment
from comments.models import Comment

from .conftest import form_data, post_url

pytestmark = pytest.mark.django_db

SENTINEL = "sentinel.q7x9k2@example.org"


def forms_of(email: str) -> list[str]:
    return [
        email,
        email.replace("@", "&#64;"),
        email.replace("@", "%40"),
        hashlib.md5(email.encode()).hexdigest(),  # noqa: S324 - looking for a Gravatar-style hash
        hashlib.sha256(email.encode()).hexdigest(),
        hashlib.md5(email.strip().lower().encode()).hexdigest(),  # noqa: S324
    ]


def test_sentinel_email_is_never_published(client, article, caplog):
    caplog.set_level(logging.INFO)
    client.post(
        post_url(article), form_data(article, email=SENTINEL, author="سارة", comment="نص للاختبار هنا")
    )
    comment = Comment.objects.get()
    approve_comment(comment)
    slug_en = article.slug_en
    urls = [
        article.get_absolute_url(),
        f"/en/news/{slug_en}/",
        "/ar/",
        "/en/",
        "/ar/section/world/",
        "/ar/search/?q=شويغو",
        "/ar/feed/",
        "/en/feed/",
        "/ar/section/world/feed/",
        "/ar/comments/feed/",
        "/en/comments/feed/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/robots.txt",
        "/ar/no-such-page/",
        f"/ar/comments/post/{article.pk}/",
    ]
    public = Client()
    seen = []
    for url in urls:
        response = public.get(url)
        assert response.status_code < 500, url
        seen.append((url, response.content.decode(errors="replace")))
    # The comment itself is public, so the check is meaningful.
    assert "نص للاختبار هنا" in dict(seen)[article.get_absolute_url()]
    for url, body in seen:
        for form in forms_of(SENTINEL):
            assert form not in body, (url, form)
    for record in caplog.records:
        for form in forms_of(SENTINEL):
            assert form not in record.getMessage()


def test_email_is_stored_for_moderators(client, article):
    client.post(post_url(article), form_data(article, email=SENTINEL))
    comment = Comment.objects.get()
    assert comment.author_email == SENTINEL
    assert comment.email_hash and comment.email_hash not in forms_of(SENTINEL)


def test_addresses_are_kept_only_as_keyed_hashes_and_networks(client, article):
    client.post(
        post_url(article), form_data(article), REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="TestBrowser/1"
    )
    comment = Comment.objects.get()
    assert comment.ip_network == "203.0.113.0/24"
    assert "203.0.113.77" not in comment.ip_hash
    assert comment.ip_hash != hashlib.sha256(b"203.0.113.77").hexdigest()
    assert comment.user_agent_hash and "TestBrowser" not in comment.user_agent_hash
