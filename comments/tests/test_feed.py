"""The latest comments feed: only what readers may see, and never who wrote it by address."""

import hashlib
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory
from comments.feeds import FEED_LENGTH
from comments.models import Comment
from comments.privacy import email_hash

pytestmark = pytest.mark.django_db

SENTINEL = "Sentinel.Reader+feed@Example.org"
DC = "{http://purl.org/dc/elements/1.1/}"


def make_comment(article, key, *, email="reader@example.com", status=Comment.Status.APPROVED, **fields):
    values = {"author_name": f"قارئ {key}", "text": f"تعليق {key}", "status": status}
    values.update(fields)
    return Comment.objects.create(article=article, author_email=email, email_hash=email_hash(email), **values)


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own output, not untrusted input


def items(client, url: str) -> dict[str, ET.Element]:
    """<item> elements by their description (the comment's text)."""
    return {item.findtext("description"): item for item in parse(client.get(url)).findall("./channel/item")}


@pytest.fixture
def bilingual(db):
    return ArticleFactory(title_ar="خبر بلغتين", title_en="A story in two languages", slug_en="two-languages")


@pytest.fixture
def arabic_only(db):
    return ArticleFactory(arabic_only=True, title_ar="خبر بالعربية فقط")


@pytest.fixture
def mixed(bilingual, arabic_only):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    scheduled = ArticleFactory(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1)
    )
    make_comment(bilingual, "approved")
    make_comment(arabic_only, "arabic")
    make_comment(bilingual, "pending", status=Comment.Status.PENDING)
    make_comment(bilingual, "spam", status=Comment.Status.SPAM)
    make_comment(bilingual, "rejected", status=Comment.Status.REJECTED)
    make_comment(draft, "on-draft")
    make_comment(scheduled, "on-scheduled")


def test_arabic_feed_lists_approved_comments_on_live_articles(client, mixed):
    assert set(items(client, "/ar/comments/feed/")) == {"تعليق approved", "تعليق arabic"}


def test_english_feed_leaves_out_articles_not_in_english(client, mixed):
    channel = parse(client.get("/en/comments/feed/")).find("channel")

    assert channel.findtext("language") == "en"
    assert [item.findtext("description") for item in channel.findall("item")] == ["تعليق approved"]


def test_item_names_the_commenter_and_links_to_the_comment(client, bilingual):
    comment = make_comment(bilingual, "one", author_name="ليلى")

    arabic = items(client, "/ar/comments/feed/")["تعليق one"]
    english = items(client, "/en/comments/feed/")["تعليق one"]

    assert "ليلى" in arabic.findtext("title")
    assert "خبر بلغتين" in arabic.findtext("title")
    assert "A story in two languages" in english.findtext("title")
    assert arabic.findtext(f"{DC}creator") == "ليلى"
    assert arabic.findtext("pubDate")
    assert english.findtext("link") == f"http://testserver/en/news/two-languages/#comment-{comment.pk}"
    assert arabic.findtext("link").endswith(f"#comment-{comment.pk}")
    assert arabic.findtext("link").startswith("http://testserver/ar/news/")


def test_links_use_the_public_origin(client, bilingual, settings):
    settings.SITE_URL = "https://news.example"
    comment = make_comment(bilingual, "one")

    item = items(client, "/en/comments/feed/")["تعليق one"]

    assert item.findtext("link") == f"https://news.example/en/news/two-languages/#comment-{comment.pk}"


def test_feed_never_carries_the_email_address_or_a_hash_of_it(client, bilingual):
    make_comment(bilingual, "sentinel", email=SENTINEL)
    forbidden = set()
    for address in (SENTINEL, SENTINEL.lower()):
        forbidden |= {
            address,
            hashlib.md5(address.encode()).hexdigest(),  # noqa: S324 - looking for it, not using it
            hashlib.sha256(address.encode()).hexdigest(),
        }
    forbidden.add(email_hash(SENTINEL))

    for url in ("/ar/comments/feed/", "/en/comments/feed/"):
        response = client.get(url)
        content = response.content.decode().casefold()
        assert "تعليق sentinel" in response.content.decode()
        for value in forbidden:
            assert value.casefold() not in content
        assert parse(response).find("./channel/item/author") is None


def test_what_readers_typed_is_shown_as_text_not_markup(client, bilingual):
    make_comment(bilingual, "markup", author_name="<b>Bold</b> & co", text="<script>alert(1)</script> & more")

    item = items(client, "/en/comments/feed/")["&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"]

    assert item.findtext("title").startswith("&lt;b&gt;Bold&lt;/b&gt; &amp; co")


def test_feed_shows_the_latest_comments_only(client, bilingual):
    Comment.objects.bulk_create(
        Comment(
            article=bilingual,
            author_name="قارئ",
            author_email="reader@example.com",
            text=f"تعليق {number}",
            status=Comment.Status.APPROVED,
        )
        for number in range(FEED_LENGTH + 2)
    )
    # The oldest two get an earlier time than the rest.
    oldest = Comment.objects.order_by("id")[:2]
    Comment.objects.filter(pk__in=[c.pk for c in oldest]).update(
        created_at=timezone.now() - timedelta(days=1)
    )

    shown = items(client, "/ar/comments/feed/")

    assert len(shown) == FEED_LENGTH
    assert "تعليق 0" not in shown
    assert "تعليق 1" not in shown


def test_feed_takes_the_same_queries_however_many_comments(client, bilingual, arabic_only):
    make_comment(bilingual, "first")
    with CaptureQueriesContext(connection) as few:
        client.get("/ar/comments/feed/")
    for key in range(5):
        make_comment(ArticleFactory(), f"more {key}")
        make_comment(arabic_only, f"again {key}")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/ar/comments/feed/")

    assert len(items(client, "/ar/comments/feed/")) == 11
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
