"""The fronts' state changes: who may make them, what each leaves in the audit trail, and
what a layout may not hold (refused with a code, nothing saved)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.models import Article
from articles.reader.lists import ArticleList
from fronts.arranging import (
    BlockSpec,
    pin_on_home,
    publish_layout,
    save_layout,
    schedule_layout,
    withdraw_layout,
)
from fronts.models import FrontAction, FrontAuditEntry, Layout, LayoutStatus

from .stories import news_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return news_day()


def a_layout(day, **fields) -> Layout:
    return Layout(section=None, title="واجهة الصباح", lead=day.stories["sport2"], **fields)


def test_an_editor_saves_publishes_schedules_and_withdraws_each_on_the_record(day, editor):
    layout = a_layout(day)
    save_layout(
        layout,
        by=editor,
        stories=[day.stories["world3"], day.stories["economy1"]],
        blocks=[
            BlockSpec(ArticleList.TAG_LATEST, tag=day.iran),
            BlockSpec(ArticleList.SECTION_LATEST, section=day.sections["sport"]),
        ],
    )
    publish_layout(layout, by=editor)
    schedule_layout(layout, by=editor, at=timezone.now() + timedelta(hours=6))
    withdraw_layout(layout, by=editor)

    layout.refresh_from_db()
    assert layout.status == LayoutStatus.WITHDRAWN and layout.updated_by == editor
    assert [story.article for story in layout.stories.all()] == [
        day.stories["world3"],
        day.stories["economy1"],
    ]
    assert [(block.kind, block.tag, block.section) for block in layout.blocks.all()] == [
        (ArticleList.TAG_LATEST, day.iran, None),
        (ArticleList.SECTION_LATEST, None, day.sections["sport"]),
    ]
    entries = list(FrontAuditEntry.objects.order_by("id"))
    assert [entry.action for entry in entries] == [
        FrontAction.SAVE,
        FrontAction.PUBLISH,
        FrontAction.SCHEDULE,
        FrontAction.WITHDRAW,
    ]
    assert {entry.user for entry in entries} == {editor}
    with translation.override(settings.LANGUAGE_CODE):  # recorded in the site's language
        assert {entry.front for entry in entries} == {gettext("The home page")}
    assert "خبر sport رقم 2" in entries[0].detail and "خبر world رقم 3" in entries[0].detail


@pytest.mark.parametrize("role", ["writer", "copy_editor", "moderator"])
def test_no_one_else_arranges_a_front(day, request, role):
    someone = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        save_layout(a_layout(day), by=someone)
    layout = a_layout(day)
    save_layout(layout, by=None)  # the system may (the import, the demo)
    for change in (publish_layout, withdraw_layout):
        with pytest.raises(PermissionDenied):
            change(layout, by=someone)
    with pytest.raises(PermissionDenied):
        schedule_layout(layout, by=someone, at=timezone.now() + timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        pin_on_home(day.stories["world0"], by=someone)
    layout.refresh_from_db()
    assert layout.status == LayoutStatus.DRAFT
    assert not FrontAuditEntry.objects.filter(user=someone).exists()


def refused(code: str, change) -> None:
    with pytest.raises(ValidationError) as caught:
        change()
    assert caught.value.code == code


def test_what_a_layout_may_not_hold_is_refused_with_its_reason(day, editor):
    stories = day.stories
    draft = stories["economy4"]
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    draft.refresh_from_db()
    five = [stories[f"world{n}"] for n in range(5)]
    refused("too_many_stories", lambda: save_layout(a_layout(day), by=editor, stories=five))
    refused("story_twice", lambda: save_layout(a_layout(day), by=editor, stories=[stories["sport2"]]))
    refused("story_not_published", lambda: save_layout(a_layout(day), by=editor, stories=[draft]))
    refused("unknown_block", lambda: save_layout(a_layout(day), by=editor, blocks=[BlockSpec("most-read")]))
    refused(
        "block_needs_section",
        lambda: save_layout(a_layout(day), by=editor, blocks=[BlockSpec(ArticleList.SECTION_LATEST)]),
    )
    refused(
        "block_needs_tag",
        lambda: save_layout(a_layout(day), by=editor, blocks=[BlockSpec(ArticleList.TAG_LATEST)]),
    )
    assert not Layout.objects.exists()
    layout = a_layout(day)
    save_layout(layout, by=editor)
    refused("not_ahead", lambda: schedule_layout(layout, by=editor, at=timezone.now() - timedelta(minutes=1)))
    refused("not_live", lambda: withdraw_layout(layout, by=editor))
    assert list(FrontAuditEntry.objects.values_list("action", flat=True)) == [FrontAction.SAVE]


def test_a_pinned_story_leads_and_what_led_moves_down(day, editor):
    layout = a_layout(day)
    save_layout(layout, by=editor, stories=[day.stories[f"world{n}"] for n in range(4)])
    publish_layout(layout, by=editor)

    pin_on_home(day.stories["economy3"], by=None)

    layout.refresh_from_db()
    assert layout.lead == day.stories["economy3"]
    assert [story.article for story in layout.stories.all()] == [
        day.stories["sport2"],
        *(day.stories[f"world{n}"] for n in range(3)),
    ]
    pin = FrontAuditEntry.objects.get(action=FrontAction.PIN)
    assert pin.user is None and pin.layout == layout


def test_pinning_with_no_layout_makes_one_that_is_live(day):
    pin_on_home(day.stories["economy3"], by=None)
    layout = Layout.objects.get()
    assert (layout.section, layout.lead, layout.status) == (
        None,
        day.stories["economy3"],
        LayoutStatus.PUBLISHED,
    )
    assert layout.live_from <= timezone.now()
