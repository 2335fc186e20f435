"""A card's comment count through the page cache: the fronts show what comments count."""

import pytest
from django.utils import translation

from comments.counts import count_label
from comments.models import Comment
from core.tests.pagecache_helpers import get, warm_urls
from fronts.tests.stories import news_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def day():
    return news_day()


def comment(story, status=Comment.Status.APPROVED) -> Comment:
    return Comment.objects.create(
        article=story, author_name="سارة", author_email="sara@example.com", text="تعليق", status=status
    )


def lead_card(page: str) -> str:
    return page.split('class="card card--lead"', 1)[1].split("</article>", 1)[0]


def test_a_cards_comment_count_follows_its_comments(day, commit):
    story = day.stories["world0"]  # the newest: the home page's lead
    comment(story)
    warm_urls(["/ar/"])
    with translation.override("ar"):
        one, two = count_label(1), count_label(2)
    assert f'<a class="card__count" href="{story.get_absolute_url()}#comments">{one}</a>' in lead_card(
        get("/ar/")[1]
    )
    with commit():
        comment(story)
        comment(story, Comment.Status.PENDING)  # not yet for readers
    assert f">{two}</a>" in lead_card(get("/ar/")[1])
