"""The article page's blocks: what an app registers is shown on every article page, in its
place and order, escaped by the app, and kept off staff previews unless the app asks."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.reader import page
from articles.tests.factories import ArticleFactory
from core.tests.twofactor import log_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered():
    """Blocks registered by a test, taken away again after it."""
    names = []

    def register(name, render, **options):
        names.append(name)
        page.register(name, render, **options)

    yield register
    for name in names:
        page.unregister(name)


def between(html: str, first: str, second: str) -> str:
    return html[html.index(first) + len(first) : html.index(second)]


def test_a_registered_block_is_on_the_article_page_in_its_place_and_order(client, article, registered):
    ArticleFactory(section=article.section, published_at=timezone.now() - timedelta(days=1))  # «شاهد أيضاً»
    registered("share", lambda context, shown: format_html('<p id="share">{}</p>', shown.pk), order=10)
    registered(
        "live", lambda context, shown: '<p id="live">live</p>', place=page.Place.AFTER_ARTICLE, order=20
    )
    registered("corrections", lambda context, shown: '<p id="second">second</p>', order=20)

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'<p id="share">{article.pk}</p>' in html
    assert html.index('id="share"') < html.index('id="second"')  # by order within the end
    assert html.index("</article>") < html.index('id="live"') < html.index("شاهد أيضاً")
    assert html.index("شاهد أيضاً") < html.index('id="share"')


def test_a_block_renders_with_the_pages_context(client, article, registered):
    registered(
        "language", lambda context, shown: format_html('<p id="lang">{}</p>', context["LANGUAGE_CODE"])
    )
    assert '<p id="lang">en</p>' in client.get(article.url_in("en")).content.decode()


def test_previews_show_only_the_blocks_made_for_them(client, article, registered, editor):
    registered("public-only", lambda context, shown: '<p id="public">public</p>')
    registered("desk-too", lambda context, shown: '<p id="desk">desk</p>', in_preview=True)
    log_in_verified(client, editor)

    preview = client.get(reverse("articles:preview", args=[article.pk])).content.decode()

    assert 'id="desk"' in preview and 'id="public"' not in preview


def test_registering_a_name_again_replaces_its_block(client, article, registered):
    registered("share", lambda context, shown: '<p id="old">old</p>')
    registered("share", lambda context, shown: '<p id="new">new</p>')
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="new"' in html and 'id="old"' not in html
    assert [block.name for block in page.blocks(page.Place.END)].count("share") == 1
