"""Feeds, sitemaps, robots.txt and error pages: what crawlers and feed readers are shown."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles.models import Article, Author, Section, Tag
from articles.reader import sitemaps
from core import errors
from core.site import site_name

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "dc": "http://purl.org/dc/elements/1.1/",
}
ARABIC_LETTER = re.compile("[\u0621-\u064a]")

db = pytest.mark.django_db


@pytest.fixture
def world(db):
    return Section.objects.create(name_ar="عالم", name_en="World", slug="world")


@pytest.fixture
def sport(db):
    return Section.objects.create(name_ar="رياضة", name_en="Sport", slug="sport")


def make_article(section, key, *, english=True, hours_ago=1, status=Article.Status.PUBLISHED, **fields):
    """An article titled after ``key`` in each language it is written in."""
    values = {
        "title_ar": f"خبر {key}",
        "slug_ar": f"خبر-{key}",
        "body_ar": f"<p>نص الخبر {key} باللغة العربية.</p>",
        "section": section,
        "status": status,
        "published_at": timezone.now() - timedelta(hours=hours_ago),
    }
    if english:
        values.update(title_en=f"Story {key}", slug_en=f"story-{key}", body_en=f"<p>The {key} story.</p>")
        values["language_live_en"] = True  # published in English by an editor
    values.update(fields)
    return Article.objects.create(**values)


def parse(response) -> ET.Element:
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own output, not untrusted input


def feed_items(client, url: str) -> list[ET.Element]:
    return parse(client.get(url)).findall("./channel/item")


def feed_titles(client, url: str) -> set[str]:
    return {item.findtext("title") for item in feed_items(client, url)}


def sitemap_urls(client, url: str) -> dict[str, ET.Element]:
    """<url> elements by their decoded <loc>."""
    root = parse(client.get(url))
    return {unquote(node.findtext("sm:loc", namespaces=NS)): node for node in root.findall("sm:url", NS)}


def hreflangs(node: ET.Element) -> dict[str, str]:
    return {
        link.get("hreflang"): unquote(link.get("href"))
        for link in node.findall("xhtml:link[@rel='alternate']", NS)
    }


@pytest.fixture
def mixed(world):
    """One article of every state a reader must or must not see."""
    return {
        "published": make_article(world, "published"),
        "due": make_article(world, "due", status=Article.Status.SCHEDULED),
        "arabic_only": make_article(world, "arabic-only", english=False),
        "draft": make_article(world, "draft", status=Article.Status.DRAFT),
        "future": make_article(world, "future", status=Article.Status.SCHEDULED, hours_ago=-5),
        "archived": make_article(world, "archived", status=Article.Status.ARCHIVED),
    }


# Feeds


@db
def test_feed_lists_only_articles_readers_may_see(client, mixed):
    assert feed_titles(client, "/ar/feed/") == {"خبر published", "خبر due", "خبر arabic-only"}


@db
def test_english_feed_is_english_and_omits_untranslated_articles(client, mixed):
    channel = parse(client.get("/en/feed/")).find("channel")
    assert channel.findtext("language") == "en"
    assert {item.findtext("title") for item in channel.findall("item")} == {"Story published", "Story due"}
    links = {item.findtext("link") for item in channel.findall("item")}
    assert links == {"http://testserver/en/news/story-published/", "http://testserver/en/news/story-due/"}
    with translation.override("en"):
        assert site_name() in channel.findtext("title")


@db
def test_arabic_feed_declares_its_language(client, mixed):
    channel = parse(client.get("/ar/feed/")).find("channel")
    assert channel.findtext("language") == "ar"
    with translation.override("ar"):
        assert site_name() in channel.findtext("title")
    link = channel.find("item[title='خبر published']").findtext("link")
    assert unquote(link) == "http://testserver/ar/news/خبر-published/"


@db
def test_feed_item_carries_description_dates_authors_and_categories(client, world):
    article = make_article(world, "rich", standfirst_en="A short standfirst.")
    make_article(world, "plain")
    article.tags.add(Tag.objects.create(name_ar="اقتصاد", name_en="Economy", slug="economy"))
    article.authors.add(
        Author.objects.create(name_ar="ليلى", name_en="Layla", slug="layla"),
        # Not yet transliterated: the Arabic name stands in rather than no byline.
        Author.objects.create(name_ar="سمير", slug="samir"),
    )
    items = {item.findtext("title"): item for item in feed_items(client, "/en/feed/")}

    rich = items["Story rich"]
    assert rich.findtext("description") == "A short standfirst."
    assert items["Story plain"].findtext("description") == "The plain story."
    assert rich.findtext("pubDate")
    assert rich.findtext("dc:creator", namespaces=NS) == "Layla, سمير"
    assert [c.text for c in rich.findall("category")] == ["World", "Economy"]
    assert rich.find("guid").get("isPermaLink") == "false"


@db
def test_section_feed_lists_only_that_section(client, world, sport):
    make_article(world, "in-world")
    make_article(sport, "in-sport")
    make_article(sport, "sport-draft", status=Article.Status.DRAFT)
    channel = parse(client.get("/en/section/sport/feed/")).find("channel")
    assert {item.findtext("title") for item in channel.findall("item")} == {"Story in-sport"}
    assert "Sport" in channel.findtext("title")
    assert channel.findtext("link") == "http://testserver/en/section/sport/"


@db
def test_unknown_section_feed_is_not_found(client):
    assert client.get("/ar/section/no-such-section/feed/").status_code == 404


@db
def test_feed_costs_the_same_number_of_queries_however_many_articles(client, world):
    tag = Tag.objects.create(name_ar="وسم", name_en="Tag", slug="tag")
    author = Author.objects.create(name_ar="كاتب", name_en="Writer", slug="writer")

    def add(key):
        article = make_article(world, key)
        article.tags.add(tag)
        article.authors.add(author)

    add("one")
    with CaptureQueriesContext(connection) as few:
        assert len(feed_items(client, "/en/section/world/feed/")) == 1
    for n in range(5):
        add(f"more-{n}")
    with CaptureQueriesContext(connection) as many:
        assert len(feed_items(client, "/en/section/world/feed/")) == 6
    assert len(many) == len(few)


# Sitemaps


@db
def test_sitemap_lists_live_articles_with_hreflang_alternates(client, mixed):
    urls = sitemap_urls(client, "/sitemap.xml")
    ar_url = "http://testserver/ar/news/خبر-published/"
    en_url = "http://testserver/en/news/story-published/"
    assert ar_url in urls and en_url in urls
    expected = {"ar": ar_url, "en": en_url, "x-default": ar_url}
    assert hreflangs(urls[ar_url]) == expected
    assert hreflangs(urls[en_url]) == expected
    assert urls[en_url].findtext("sm:lastmod", namespaces=NS)
    assert "http://testserver/en/news/story-due/" in urls


@db
def test_sitemap_has_no_english_address_for_an_untranslated_article(client, mixed):
    urls = sitemap_urls(client, "/sitemap.xml")
    ar_url = "http://testserver/ar/news/خبر-arabic-only/"
    assert hreflangs(urls[ar_url]) == {"ar": ar_url, "x-default": ar_url}
    assert not any("arabic-only" in url for url in urls if url.startswith("http://testserver/en/"))


@db
def test_sitemap_leaves_out_articles_readers_may_not_see(client, mixed):
    locations = " ".join(sitemap_urls(client, "/sitemap.xml"))
    for key in ("draft", "future", "archived"):
        assert key not in locations


@db
def test_sitemap_lists_home_pages_and_sections(client, world):
    Section.objects.create(name_ar="ثقافة", slug="culture")
    urls = sitemap_urls(client, "/sitemap.xml")
    for url in ("/ar/", "/en/", "/ar/section/world/", "/en/section/world/", "/ar/section/culture/"):
        assert f"http://testserver{url}" in urls
    # A section without an English name has no English page worth indexing.
    assert "http://testserver/en/section/culture/" not in urls
    assert hreflangs(urls["http://testserver/en/"])["x-default"] == "http://testserver/ar/"


@db
def test_sitemaps_and_robots_use_the_configured_public_origin(client, world, settings):
    settings.SITE_URL = "https://news.example"
    make_article(world, "origin")
    assert "https://news.example/en/news/story-origin/" in sitemap_urls(client, "/sitemap.xml")
    assert "https://news.example/en/news/story-origin/" in sitemap_urls(client, "/news-sitemap.xml")
    assert "Sitemap: https://news.example/sitemap.xml" in client.get("/robots.txt").text
    links = {item.findtext("link") for item in feed_items(client, "/en/feed/")}
    assert links == {"https://news.example/en/news/story-origin/"}


@db
def test_news_sitemap_lists_the_last_two_days_in_each_language(client, mixed, world):
    make_article(world, "old", hours_ago=72)
    root = parse(client.get("/news-sitemap.xml"))
    entries = {}
    for node in root.findall("sm:url", NS):
        news = node.find("news:news", NS)
        entries[unquote(node.findtext("sm:loc", namespaces=NS))] = {
            "name": news.findtext("news:publication/news:name", namespaces=NS),
            "language": news.findtext("news:publication/news:language", namespaces=NS),
            "title": news.findtext("news:title", namespaces=NS),
            "date": news.findtext("news:publication_date", namespaces=NS),
        }
    base = "http://testserver"
    assert set(entries) == {
        f"{base}/ar/news/خبر-published/",
        f"{base}/en/news/story-published/",
        f"{base}/ar/news/خبر-due/",
        f"{base}/en/news/story-due/",
        f"{base}/ar/news/خبر-arabic-only/",
    }
    english = entries[f"{base}/en/news/story-published/"]
    assert english["language"] == "en"
    assert english["title"] == "Story published"
    assert english["name"]
    assert english["date"].startswith(str(mixed["published"].published_at.date()))
    arabic = entries[f"{base}/ar/news/خبر-published/"]
    assert (arabic["language"], arabic["title"]) == ("ar", "خبر published")


@db
def test_news_sitemap_is_capped(client, world, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_MAX_URLS", 3)
    make_article(world, "older", hours_ago=2)
    make_article(world, "newer", hours_ago=1)
    locations = list(sitemap_urls(client, "/news-sitemap.xml"))
    assert len(locations) == 3
    # Newest first, so it is the older article that loses its English entry.
    assert ["newer" in url for url in locations] == [True, True, False]
    assert "older" in locations[2]


@db
@pytest.mark.parametrize("url", ["/sitemap.xml", "/news-sitemap.xml"])
def test_sitemaps_cost_the_same_number_of_queries_however_many_articles(client, world, url):
    make_article(world, "first")
    with CaptureQueriesContext(connection) as few:
        assert any("first" in loc for loc in sitemap_urls(client, url))
    for n in range(5):
        make_article(world, f"more-{n}", english=n % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        assert any("more-4" in loc for loc in sitemap_urls(client, url))
    assert len(many) == len(few)


# robots.txt


def test_robots_txt_lists_sitemaps_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    for path in ("/admin/", "/*/preview/", "/*/search/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    assert "Disallow: /" not in lines


# Error pages


def html_tag(content: bytes) -> str:
    return re.search(r"<html[^>]*>", content.decode()).group(0)


def heading(content: bytes) -> str:
    return re.search(r"<h1>(.*?)</h1>", content.decode(), re.S).group(1)


@db
def test_arabic_address_gets_an_arabic_404(client):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    assert html_tag(response.content) == '<html lang="ar" dir="rtl">'
    assert ARABIC_LETTER.search(heading(response.content))
    assert 'href="/ar/"' in response.text
    assert "/static/css/site.css" in response.text


@db
def test_english_address_gets_an_english_404(client):
    response = client.get("/en/no-such-page/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 404
    assert html_tag(response.content) == '<html lang="en" dir="ltr">'
    assert heading(response.content) == "Page not found"
    assert 'href="/en/"' in response.text


@db
def test_unknown_article_gets_the_404_page(client):
    response = client.get("/en/news/no-such-story/")
    assert response.status_code == 404
    assert html_tag(response.content) == '<html lang="en" dir="ltr">'


# No database fixture: any query the handler made would fail the test.
@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_server_error_page_is_in_the_active_language_without_the_database(language, direction):
    request = RequestFactory().get("/secret-path-xyz/?token=secret-token-xyz")
    with translation.override(language):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert html_tag(response.content) == f'<html lang="{language}" dir="{direction}">'
    assert f'href="/{language}/"' in response.text
    if language == "ar":
        assert ARABIC_LETTER.search(heading(response.content))
    else:
        assert heading(response.content) == "Server error"
    assert "xyz" not in response.text


def test_server_error_page_survives_a_broken_template(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(errors.loader, "render_to_string", broken)
    with translation.override("ar"):
        response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert html_tag(response.content) == '<html lang="ar" dir="rtl">'
    assert ARABIC_LETTER.search(heading(response.content))
    assert "manifest" not in response.text
