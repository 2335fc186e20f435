"""The comments are the article page's block: registered by the comments app with the
article page's registry (articles never imports comments), at the end of the page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.reader import page
from articles.tests.factories import ArticleFactory
from comments.block import comments_block

pytestmark = pytest.mark.django_db


def test_the_comment_form_ends_the_article_page_through_the_registry(client, article):
    assert [block.render for block in page.blocks(page.Place.END) if block.name == "comments"] == [
        comments_block
    ]
    ArticleFactory(section=article.section, published_at=timezone.now() - timedelta(days=1))  # «شاهد أيضاً»
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("شاهد أيضاً") < html.index('id="commentform"')


def test_without_the_registered_block_the_article_page_has_no_comments(client, article):
    page.unregister("comments")
    try:
        html = client.get(article.get_absolute_url()).content.decode()
    finally:
        page.register("comments", comments_block, place=page.Place.END)
    assert 'id="commentform"' not in html and "اترك تعليقاً" not in html
    assert article.title_ar in html
