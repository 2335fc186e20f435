"""What a reader sees: language, direction, translations, and a page cost that does not grow."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def html_tag(content: bytes) -> str:
    return re.search(r"<html[^>]*>", content.decode()).group(0)


def test_root_redirects_to_arabic_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_root_respects_a_language_the_reader_chose(client):
    client.cookies["django_language"] = "en"
    assert client.get("/")["Location"] == "/en/"


@pytest.mark.parametrize(("prefix", "lang", "direction"), [("ar", "ar", "rtl"), ("en", "en", "ltr")])
def test_pages_carry_language_and_direction(client, article, prefix, lang, direction):
    urls = [f"/{prefix}/", f"/{prefix}/section/world/", f"/{prefix}/search/?q=x"]
    urls.append(article.url_in(lang))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert html_tag(response.content) == f'<html lang="{lang}" dir="{direction}">', url
    body = client.get(article.url_in(lang)).content.decode()
    assert f'class="article__body" lang="{lang}" dir="{direction}"' in body


def test_article_page_shows_title_byline_body_and_see_also(client, article, section):
    author = AuthorFactory(name_ar="سارة أحمد")
    tag = TagFactory(name_ar="روسيا")
    article.authors.add(author)
    article.tags.add(tag)
    related = ArticleFactory(
        section=section,
        title_ar="الضربات تهز جنوب بيروت بعد زيارة هوكشتاين",
        body_ar="<p>" + "تسبب الهجمات الجوية الإسرائيلية على جنوب بيروت في تصعيد جديد " * 5 + "</p>",
        published_at=timezone.now() - timedelta(days=1),
    )
    other_section = ArticleFactory(section=SectionFactory(), title_ar="خبر من قسم آخر")

    page = client.get(article.get_absolute_url()).content.decode()

    assert '<h1 class="article__title">رئيس الأمن الروسي شويغو يجري محادثات مع كيم جونغ أون</h1>' in page
    assert "<bdi>سارة أحمد</bdi>" in page
    assert "عقد وزير الدفاع الروسي" in page
    assert "شاهد أيضاً" in page
    assert related.title_ar in page
    assert "تسبب الهجمات الجوية الإسرائيلية على جنوب بيروت" in page
    assert "…" in page
    assert other_section.title_ar not in page
    assert "روسيا" in page
    assert '"@type": "NewsArticle"' in page
    assert 'hreflang="en" href="http://testserver/en/news/shoigu-holds-talks/"' in page
    assert 'property="og:title"' in page


def test_missing_english_is_announced_not_mixed(client, section):
    article = ArticleFactory(section=section, arabic_only=True, title_ar="خبر بالعربية فقط")

    response = client.get(f"/en/news/{article.slug_ar}/")
    page = response.content.decode()

    assert response.status_code == 404
    assert "This article is not available in English." in page
    assert f'href="{article.get_absolute_url()}"' in page
    assert "خبر بالعربية فقط" not in page
    assert "خبر بالعربية فقط" not in client.get("/en/").content.decode()
    assert "خبر بالعربية فقط" not in client.get("/en/section/world/").content.decode()


def test_english_address_on_arabic_prefix_redirects_to_arabic_address(client, article):
    response = client.get("/ar/news/shoigu-holds-talks/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_unknown_article_is_404(client, db):
    assert client.get("/ar/news/لا-يوجد/").status_code == 404


def test_tag_and_author_pages_list_their_articles(client, article):
    author = AuthorFactory(slug="sara", name_ar="سارة")
    tag = TagFactory(slug="russia", name_ar="روسيا")
    article.authors.add(author)
    article.tags.add(tag)
    hidden = ArticleFactory(section=article.section, status=Article.Status.DRAFT)
    hidden.tags.add(tag)
    hidden.authors.add(author)
    for url in ("/ar/tag/russia/", "/ar/author/sara/"):
        page = client.get(url).content.decode()
        assert article.title_ar in page
        assert hidden.title_ar not in page


def test_home_is_paginated(client, section, settings):
    settings.ARTICLES_PER_PAGE = 3
    articles = [
        ArticleFactory(section=section, published_at=timezone.now() - timedelta(hours=n))
        for n in range(1, 21)
    ]
    oldest = articles[-1]
    # The front shows the nine newest (lead, four secondary, the section's block of four);
    # the latest list under it the eleven others, three a page.
    assert oldest.title_ar not in client.get("/ar/").content.decode()
    assert oldest.title_ar in client.get("/ar/?page=4").content.decode()
    assert client.get("/ar/?page=5").status_code == 404


def _bulk_articles(start: int, count: int, sections) -> None:
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"خبر {n}",
            title_ar=f"خبر {n}",
            slug=f"bulk-{n}",
            slug_ar=f"bulk-{n}",
            body=f"<p>نص {n}</p>",
            body_ar=f"<p>نص {n}</p>",
            title_en=f"Story {n}",
            language_live_en=True,
            slug_en=f"bulk-story-{n}",
            body_en=f"<p>Text {n}</p>",
            section=sections[n % len(sections)],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 10),
        )
        for n in range(start, start + count)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_archive(client, article):
    sections = [article.section, *(SectionFactory() for _ in range(3))]
    author = AuthorFactory()
    article.authors.add(author)
    article.tags.add(TagFactory(), TagFactory())
    _bulk_articles(0, 40, sections)  # more than the fronts show: every page has its latest list too
    small = {url: _queries(client, url) for url in ("/ar/", article.get_absolute_url(), "/ar/section/world/")}
    _bulk_articles(40, 1000, sections)
    large = {url: _queries(client, url) for url in small}
    assert large == small


def test_a_tag_section_or_author_with_nothing_published_is_no_page(client, db):
    from .factories import AuthorFactory, SectionFactory, TagFactory

    empty_tag = TagFactory(slug="breaking", name_ar="عاجل: بيان مزيف")
    empty_section = SectionFactory(slug="empty")
    empty_author = AuthorFactory(slug="nobody")
    draft = ArticleFactory(status=Article.Status.DRAFT, section=empty_section)
    draft.tags.add(empty_tag)
    draft.authors.add(empty_author)
    for url in ("/ar/tag/breaking/", "/ar/section/empty/", "/ar/author/nobody/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "بيان مزيف" not in response.content.decode()
    home = client.get("/ar/").content.decode()
    assert "/ar/section/empty/" not in home  # the menu lists sections a reader can open
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert client.get("/ar/tag/breaking/").status_code == 200
    assert "/ar/section/empty/" in client.get("/ar/").content.decode()
