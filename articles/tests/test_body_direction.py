"""A block's direction as readers get it: an English quotation stays left-to-right, and a
paragraph that only carried the quotation's mark over (the editor copied it on Enter)
reads in the article's direction again. The browser's view of it is in
newsroom/tests/test_block_direction.py."""

import re

import pytest
from django.utils import timezone, translation

from articles.reader.body import render_body

from .factories import ArticleFactory

ARABIC = "قال المتحدث إن المحادثات ستستمر."
ENGLISH = "We will stand together."
AFTER = "وأضاف أن الوفد سيعود."


def blocks(rendered: str) -> list[str]:
    """Each paragraph's opening tag."""
    return re.findall(r"<p[^>]*>", rendered)


def test_in_an_arabic_story_the_paragraph_after_an_english_quotation_loses_the_copied_mark():
    stored = f'<p>{ARABIC}</p><p dir="ltr">{ENGLISH}</p><p dir="ltr">{AFTER}</p><p dir="ltr">{AFTER}</p>'

    assert blocks(render_body(stored, language_is_rtl=True)) == ["<p>", '<p dir="ltr">', "<p>", "<p>"]


def test_in_an_english_story_the_paragraph_after_an_arabic_quotation_loses_the_copied_mark():
    stored = f'<p>{ENGLISH}</p><p dir="rtl">{ARABIC}</p><p dir="rtl">Talks go on.</p>'

    assert blocks(render_body(stored, language_is_rtl=False)) == ["<p>", '<p dir="rtl">', "<p>"]


@pytest.mark.parametrize(
    "stored",
    [
        # The first letter decides, whatever comes before it: quotes, numbers, an entity.
        f'<p dir="ltr">«2024» &nbsp; {ENGLISH}</p>',
        f'<p dir="ltr"><strong>"</strong>{ENGLISH} {ARABIC}</p>',
        f'<blockquote dir="ltr"><p>{ENGLISH}</p></blockquote>',
        # Nothing to read: the mark is the writer's and harms nothing.
        '<p dir="ltr">2024 - 15%</p>',
    ],
)
def test_a_block_whose_text_begins_in_english_keeps_its_mark(stored):
    assert 'dir="ltr"' in render_body(stored, language_is_rtl=True)


def test_a_mark_inside_a_block_is_not_decided_by_the_next_block():
    stored = f'<p dir="ltr"></p><p>{AFTER}</p><ul><li dir="ltr">{ENGLISH}</li></ul>'

    rendered = render_body(stored, language_is_rtl=True)

    assert rendered.startswith('<p dir="ltr"></p>')
    assert f'<li dir="ltr">{ENGLISH}</li>' in rendered


@pytest.mark.django_db
def test_readers_get_the_story_paragraph_in_the_article_direction(client):
    article = ArticleFactory(
        arabic_only=True,
        body_ar=f'<p>{ARABIC}</p><p dir="ltr">{ENGLISH}</p><p dir="ltr">{AFTER}</p>',
        published_at=timezone.now(),
    )
    with translation.override("ar"):
        page = client.get(article.get_absolute_url()).content.decode()

    assert f'<p dir="ltr">{ENGLISH}</p>' in page
    assert f"<p>{AFTER}</p>" in page
