"""The fronts as readers see them: what an editor arranged leads, empty slots take the newest
stories, no story is on a page twice, a scheduled layout goes live by the clock, and a
withdrawn one gives its front back."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.desk.publishing import unpublish_article
from articles.reader.lists import ArticleList
from articles.tests.factories import ArticleFactory
from fronts.arranging import BlockSpec, publish_layout, save_layout, schedule_layout, withdraw_layout
from fronts.models import Layout

from .stories import block_headings, lead_title, news_day, secondary_titles, story_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return news_day()


def page(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def arrange(section, lead, stories=(), blocks=(), *, by=None, title="واجهة") -> Layout:
    layout = Layout(section=section, title=title, lead=lead)
    save_layout(layout, by=by, stories=list(stories), blocks=list(blocks))
    publish_layout(layout, by=by)
    return layout


def test_the_editors_lead_secondary_stories_and_blocks_lead_the_home_page(day, editor):
    stories = day.stories
    arrange(
        None,
        stories["economy4"],  # an older story: an editor's choice, not the newest
        [stories["sport3"], stories["world2"]],
        [
            BlockSpec(ArticleList.TAG_LATEST, tag=day.iran),
            BlockSpec(ArticleList.SECTION_LATEST, section=day.sections["sport"]),
        ],
        by=editor,
    )
    home = page("/ar/")
    assert lead_title(home) == "خبر economy رقم 4"
    # Two chosen, then the two newest stories not otherwise on the page fill the last slots.
    assert secondary_titles(home) == [
        "خبر sport رقم 3",
        "خبر world رقم 2",
        "خبر world رقم 0",
        "خبر sport رقم 0",
    ]
    assert block_headings(home) == ["إيران", "الرياضة"]


def test_a_section_front_has_its_own_layout_and_its_own_stories_in_empty_slots(day, editor):
    world = day.sections["world"]
    arrange(world, day.stories["sport1"], by=editor)  # a story of another section may lead
    front = page(world.get_absolute_url())
    assert lead_title(front) == "خبر sport رقم 1"
    assert secondary_titles(front) == [f"خبر world رقم {n}" for n in range(4)]
    assert lead_title(page("/ar/")) == "خبر world رقم 0"  # the home page is not arranged: newest


@pytest.mark.parametrize("arranged", [False, True], ids=["as-it-comes", "arranged"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_story_is_twice_on_any_front(day, editor, arranged, language):
    stories = day.stories
    if arranged:
        for section in (None, *day.sections.values()):
            # The same stories everywhere, blocks overlapping the top and each other.
            arrange(
                section,
                stories["world1"],
                [stories["world0"], stories["sport0"], stories["world1"]][:2],
                [
                    BlockSpec(ArticleList.SECTION_LATEST, section=day.sections["world"]),
                    BlockSpec(ArticleList.TAG_LATEST, tag=day.iran),
                    BlockSpec(ArticleList.SECTION_LATEST, section=day.sections["sport"], count=8),
                ],
                by=editor,
            )
    for name, url in day.fronts.items():
        links = story_links(page(url.replace("/ar/", f"/{language}/", 1)))
        assert links, name
        assert len(links) == len(set(links)), name


def test_a_story_in_a_slot_that_is_no_longer_live_gives_its_slot_to_the_newest(day, editor):
    arrange(None, day.stories["economy4"], [day.stories["sport3"]], by=editor)
    unpublish_article(day.stories["economy4"], by=editor)
    home = page("/ar/")
    assert "خبر economy رقم 4" not in home
    assert lead_title(home) == "خبر world رقم 0"


def test_a_scheduled_layout_goes_live_by_the_clock(day, editor, clock):
    arrange(None, day.stories["economy4"], by=editor, title="واجهة الليل")
    morning = Layout(section=None, title="واجهة الصباح", lead=day.stories["sport4"])
    save_layout(morning, by=editor)
    schedule_layout(morning, by=editor, at=timezone.now() + timedelta(hours=6))
    assert lead_title(page("/ar/")) == "خبر economy رقم 4"
    clock.advance(6 * 60 * 60 + 1)
    assert lead_title(page("/ar/")) == "خبر sport رقم 4"


def test_a_draft_layout_changes_nothing_and_a_withdrawn_one_gives_the_front_back(day, editor):
    arrange(None, day.stories["economy4"], by=editor)
    draft = Layout(section=None, title="مسودة", lead=day.stories["sport4"])
    save_layout(draft, by=editor)
    assert lead_title(page("/ar/")) == "خبر economy رقم 4"
    publish_layout(draft, by=editor)
    assert lead_title(page("/ar/")) == "خبر sport رقم 4"
    withdraw_layout(draft, by=editor)
    assert lead_title(page("/ar/")) == "خبر economy رقم 4"


def test_the_latest_list_leaves_out_what_the_front_shows_and_goes_on_on_later_pages(day, settings):
    settings.ARTICLES_PER_PAGE = 4
    for number in range(10):  # older than the day's: under the front
        ArticleFactory(
            section=day.sections["economy"], published_at=timezone.now() - timedelta(days=1, hours=number)
        )
    first = page("/ar/")
    second = page("/ar/?page=2")
    assert set(story_links(first)).isdisjoint(story_links(second))
