"""Dates and counts on readers' pages: the Hijri date beside the Gregorian one, the date line,
and Arabic-Indic digits where the site writes dates and counts when NEWSROOM_ARABIC_INDIC_DIGITS
is on — never in addresses, ``datetime`` attributes or structured data, which machines read."""

import html
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from comments.models import Comment
from core.dates import Digits, Language, hijri_date

pytestmark = pytest.mark.django_db

ARABIC_INDIC = re.compile("[٠-٩]")


@pytest.fixture
def story():
    section = SectionFactory(slug="world", name_ar="عالم", name_en="World")
    article = ArticleFactory(
        section=section,
        title_ar="محادثات في بيونغ يانغ",
        slug_ar="محادثات-بيونغ-يانغ",
        title_en="Talks in Pyongyang",
        slug_en="talks-in-pyongyang",
        published_at=timezone.now() - timedelta(hours=2),
    )
    article.authors.add(AuthorFactory(slug="sara", name_ar="سارة", name_en="Sara"))
    for number in range(3):
        Comment.objects.create(
            article=article,
            author_name="قارئ",
            author_email=f"reader{number}@example.com",
            text="تعليق",
            status=Comment.Status.APPROVED,
        )
    return article


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def attribute_values(text: str) -> list[str]:
    return [html.unescape(value) for value in re.findall(r'\s[\w:-]+="([^"]*)"', text)]


def structured_data(text: str) -> str:
    return "".join(re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S))


def byline(text: str) -> str:
    return re.search(r'<p class="article__byline">(.*?)</p>', text, re.S).group(1)


def test_the_article_shows_its_hijri_date_beside_the_gregorian_one_in_both_languages(client, story, settings):
    settings.ARABIC_INDIC_DIGITS = False
    day = timezone.localtime(story.published_at).date()
    arabic, english = page(client, story.url_in("ar")), page(client, story.url_in("en"))
    assert f'<span class="moment__hijri">{hijri_date(day, Language.ARABIC)}</span>' in byline(arabic)
    assert f'<span class="moment__hijri">{html.escape(hijri_date(day, Language.ENGLISH))}</span>' in byline(
        english
    )
    with translation.override("ar"):
        from django.utils.formats import date_format

        written = date_format(timezone.localtime(story.published_at), "DATETIME_FORMAT")
    moment = timezone.localtime(story.published_at).isoformat(timespec="seconds")
    assert f'<time datetime="{moment}" data-relative="latn">{written}</time>' in byline(arabic)


def test_the_date_line_gives_today_in_both_calendars_and_both_languages(client, story, settings):
    settings.ARABIC_INDIC_DIGITS = False
    today = timezone.localdate()
    for language in ("ar", "en"):
        header = page(client, f"/{language}/").split("</header>")[0]
        line = re.search(r'<p class="dateline">(.*?)</p>', header, re.S).group(1)
        assert f'<time datetime="{today.isoformat()}">' in line
        assert str(today.year) in line
        assert html.escape(hijri_date(today, Language(language))) in line


def test_with_the_setting_arabic_pages_write_dates_and_counts_in_arabic_indic_digits(client, story, settings):
    settings.ARABIC_INDIC_DIGITS = True
    settings.ARTICLES_PER_PAGE = 1
    tag = TagFactory(slug="korea", name_ar="كوريا", name_en="Korea")
    for hours in (3, 4):
        ArticleFactory(section=story.section, published_at=timezone.now() - timedelta(hours=hours)).tags.add(
            tag
        )
    story.tags.add(tag)

    article = page(client, story.url_in("ar"))
    day = timezone.localtime(story.published_at).date()
    assert hijri_date(day, Language.ARABIC, Digits.ARABIC_INDIC) in byline(article)
    written = re.search(r'<time datetime="[^"]+" data-relative="arab">([^<]+)</time>', article).group(1)
    assert ARABIC_INDIC.search(written) and not re.search("[0-9]", written)
    assert re.search(r'<h2 id="comments-title">٣ [^<]+</h2>', article)
    dateline = re.search(r'<p class="dateline">(.*?)</p>', article, re.S).group(1)
    assert str(timezone.localdate().year).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) in dateline

    listing = page(client, "/ar/tag/korea/?page=2")
    pages = re.search(r'<nav class="pagination"[^>]*>(.*?)</nav>', listing, re.S).group(1)
    assert re.search(r"<span>[^<]*٢[^<]*٣[^<]*</span>", pages)
    assert 'href="?page=1"' in pages and 'href="?page=3"' in pages

    for text in (article, listing):
        # Machines read these: addresses, datetime attributes, structured data.
        assert not [value for value in attribute_values(text) if ARABIC_INDIC.search(value)]
        assert not ARABIC_INDIC.search(structured_data(text))
    data = json.loads(structured_data(article))
    assert data["datePublished"] == story.published_at.isoformat()


def test_the_english_side_and_the_default_keep_latin_digits(client, story, settings):
    settings.ARABIC_INDIC_DIGITS = True
    assert not ARABIC_INDIC.search(page(client, story.url_in("en")))
    assert not ARABIC_INDIC.search(page(client, "/en/"))
    settings.ARABIC_INDIC_DIGITS = False
    arabic = page(client, story.url_in("ar"))
    assert not ARABIC_INDIC.search(arabic)
    assert re.search(r'<h2 id="comments-title">3 [^<]+</h2>', arabic)
