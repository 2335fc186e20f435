"""The fronts through the page cache: a layout changed shows on the next request on its own
front and nowhere else, a scheduled one the moment it goes live, and a story unpublished leaves
every front that shows it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.desk.publishing import unpublish_article
from articles.reader.lists import ArticleList
from core.tests.pagecache_helpers import get, state, warm_urls
from fronts.arranging import BlockSpec, publish_layout, save_layout, schedule_layout
from fronts.models import Layout

from .stories import lead_title, news_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def day():
    return news_day()


def published(section, lead, stories=(), blocks=(), *, by=None) -> Layout:
    layout = Layout(section=section, title="واجهة", lead=lead)
    save_layout(layout, by=by, stories=list(stories), blocks=list(blocks))
    publish_layout(layout, by=by)
    return layout


def test_a_home_layout_changes_the_home_page_and_no_section_front(day, editor, commit):
    warm_urls(day.fronts.values())
    with commit():
        published(None, day.stories["economy4"], by=editor)
    response, home = get("/ar/")
    assert response["X-Page-Cache"] == "miss" and lead_title(home) == "خبر economy رقم 4"
    for name in ("world", "sport", "economy"):
        assert state(day.fronts[name]) == "hit", name


def test_a_section_layout_changes_that_front_only(day, editor, commit):
    warm_urls(day.fronts.values())
    with commit():
        published(day.sections["sport"], day.stories["sport4"], by=editor)
    assert lead_title(get(day.fronts["sport"])[1]) == "خبر sport رقم 4"
    for name in ("home", "world", "economy"):
        assert state(day.fronts[name]) == "hit", name


def test_a_draft_layout_changes_no_page(day, editor, commit):
    warm_urls(day.fronts.values())
    with commit():
        save_layout(Layout(section=None, title="مسودة", lead=day.stories["sport4"]), by=editor)
    assert {name: state(url) for name, url in day.fronts.items()} == dict.fromkeys(day.fronts, "hit")


def test_an_unpublished_story_leaves_every_front_on_the_next_request(day, editor, commit):
    """A world story leads the home page and the sport front, and is in an economy front's
    tag block: it leaves all of them at once."""
    story = day.stories["world1"]
    published(None, story, by=editor)
    published(day.sections["sport"], story, by=editor)
    published(
        day.sections["economy"], None, blocks=[BlockSpec(ArticleList.TAG_LATEST, tag=day.iran)], by=editor
    )
    warm_urls(day.fronts.values())
    assert all(story.title_ar in get(url)[1] for url in day.fronts.values())
    with commit():
        unpublish_article(story, by=editor)
    for name, url in day.fronts.items():
        assert story.title_ar not in get(url)[1], name


def test_a_scheduled_layout_shows_the_moment_it_goes_live(day, editor, commit, clock):
    warm_urls(day.fronts.values())
    with commit():
        morning = Layout(section=None, title="واجهة الصباح", lead=day.stories["sport4"])
        save_layout(morning, by=editor)
        schedule_layout(morning, by=editor, at=timezone.now() + timedelta(minutes=10))
    assert lead_title(get("/ar/")[1]) == "خبر world رقم 0"
    assert state("/ar/") == "hit"
    clock.advance(10 * 60 + 1)
    assert lead_title(get("/ar/")[1]) == "خبر sport رقم 4"
