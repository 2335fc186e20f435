"""The fronts' state changes: saving a layout, scheduling it, publishing it, withdrawing it,
and pinning a story on the home page. The admin, the WordPress import and the demo all call
these.

Each takes the acting user (``by``; None is the system: the import, the demo), checks the
permission itself (``fronts.arrange_front``, the Editor group's), leaves a record in the
fronts' audit trail, and invalidates the one front it touched (``fronts.keys``), in its own
transaction. A change to a draft touches no page.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section, Tag
from articles.reader import lists
from core.invalidation import invalidate

from . import keys
from .models import (
    LIVE_STATUSES,
    MAX_BLOCK_STORIES,
    PICKABLE,
    SECONDARY_SLOTS,
    FrontAction,
    FrontAuditEntry,
    Layout,
    LayoutBlock,
    LayoutStatus,
    LayoutStory,
)

ARRANGE = "fronts.arrange_front"
NOT_AHEAD = _("Choose a time ahead to schedule the layout.")
NOT_LIVE = _("Only a published or scheduled layout can be withdrawn.")


@dataclass(frozen=True)
class BlockSpec:
    """A block as the editor sets it: a story list (``articles.reader.lists``), what it is
    about when the list needs to know, and how many stories."""

    kind: str
    section: Section | None = None
    tag: Tag | None = None
    count: int = 4


def require(by) -> None:
    if by is not None and not by.has_perm(ARRANGE):
        raise PermissionDenied(_("You may not arrange the fronts."))


# What a layout may hold ----------------------------------------------------------------------
# The admin's form asks these before saving, and the state changes again: both refuse in the
# same words.


def check_stories(lead: Article | None, stories: Sequence[Article]) -> None:
    """At most SECONDARY_SLOTS secondary stories, each story once, every one published or
    scheduled."""
    if len(stories) > SECONDARY_SLOTS:
        raise ValidationError(
            _("A front has at most %(count)d secondary stories."),
            code="too_many_stories",
            params={"count": SECONDARY_SLOTS},
        )
    picked = [story for story in (lead, *stories) if story is not None]
    if len({story.pk for story in picked}) != len(picked):
        raise ValidationError(_("A story can be on a front only once."), code="story_twice")
    for story in picked:
        if story.status not in PICKABLE:
            raise ValidationError(
                _("«%(title)s» is not published or scheduled: readers could not see it."),
                code="story_not_published",
                params={"title": str(story)},
            )


def check_block(block: BlockSpec) -> None:
    """A story list that is registered, told what it needs (a section, a tag)."""
    story_list = lists.get(block.kind)
    if story_list is None:
        raise ValidationError(_("There is no such block."), code="unknown_block")
    if story_list.about == lists.About.SECTION and block.section is None:
        raise ValidationError(_("Choose the section this block shows."), code="block_needs_section")
    if story_list.about == lists.About.TAG and block.tag is None:
        raise ValidationError(_("Choose the tag this block shows."), code="block_needs_tag")
    if not 1 <= block.count <= MAX_BLOCK_STORIES:
        raise ValidationError(
            _("A block shows from 1 to %(count)d stories."),
            code="block_count",
            params={"count": MAX_BLOCK_STORIES},
        )


# The state changes ------------------------------------------------------------------------------


@transaction.atomic
def save_layout(
    layout: Layout, *, by, stories: Sequence[Article] = (), blocks: Sequence[BlockSpec] = ()
) -> Layout:
    """Save the layout with its secondary stories and its blocks, in these orders. Its
    status and time stay as they are: a published layout changes on its front at once, a
    draft or a scheduled one touches no page until it goes live."""
    require(by)
    check_stories(layout.lead, stories)
    for block in blocks:
        check_block(block)
    stored = _locked(layout)
    layout.updated_by = by
    layout.save()
    _store_parts(layout, stories, blocks)
    if stored is not None and stored.status in LIVE_STATUSES:
        invalidate(keys.front_key(stored.section_id), keys.front_key(layout.section_id))
    _audit(layout, by, FrontAction.SAVE, _describe(layout, stories, blocks))
    return layout


@transaction.atomic
def schedule_layout(layout: Layout, *, by, at: datetime) -> Layout:
    """The layout goes live on its front at ``at`` by itself (a time ahead)."""
    require(by)
    if at <= timezone.now():
        raise ValidationError(NOT_AHEAD, code="not_ahead")
    return _go_live(layout, by, LayoutStatus.SCHEDULED, at, FrontAction.SCHEDULE)


@transaction.atomic
def publish_layout(layout: Layout, *, by) -> Layout:
    """The layout is its front's from now on, until a newer one goes live."""
    require(by)
    return _go_live(layout, by, LayoutStatus.PUBLISHED, timezone.now(), FrontAction.PUBLISH)


@transaction.atomic
def withdraw_layout(layout: Layout, *, by) -> Layout:
    """Off its front: the front shows the layout it showed before (or its newest stories)."""
    require(by)
    stored = _locked(layout)
    if stored is None or stored.status not in LIVE_STATUSES:
        raise ValidationError(NOT_LIVE, code="not_live")
    layout.status = LayoutStatus.WITHDRAWN
    layout.updated_by = by
    layout.save(update_fields=["status", "updated_by", "updated_at"])
    invalidate(keys.front_key(layout.section_id), keys.SCHEDULE)
    _audit(layout, by, FrontAction.WITHDRAW)
    return layout


@transaction.atomic
def pin_on_home(article: Article, *, by) -> Layout:
    """``article`` leads the home page from now on, in the layout in force (one is made when
    there is none): what led before becomes the first secondary story, and the last
    secondary story makes room. WordPress's sticky posts come in so (the newest last)."""
    require(by)
    check_stories(article, ())
    now = timezone.now()
    layout = Layout.objects.select_for_update().of_front(None).in_force(now).first()
    if layout is None:
        with translation.override(settings.LANGUAGE_CODE):
            title = gettext("Pinned stories")
        layout = Layout(section=None, title=title, status=LayoutStatus.PUBLISHED, live_from=now)
        previous: list[Article] = []
        blocks: list[BlockSpec] = []
    else:
        previous = [story.article for story in layout.stories.select_related("article")]
        if layout.lead is not None:
            previous.insert(0, layout.lead)
        blocks = [
            BlockSpec(block.kind, block.section, block.tag, block.count)
            for block in layout.blocks.select_related("section", "tag")
        ]
    stories = [story for story in previous if story.pk != article.pk][:SECONDARY_SLOTS]
    layout.lead = article
    layout.updated_by = by
    layout.save()
    _store_parts(layout, stories, blocks)
    invalidate(keys.front_key(None))
    _audit(layout, by, FrontAction.PIN, str(article))
    return layout


# Their parts ---------------------------------------------------------------------------------------


def _locked(layout: Layout) -> Layout | None:
    """The layout as stored, its row locked until the change commits (None: a new one)."""
    if layout.pk is None:
        return None
    return Layout.objects.select_for_update().filter(pk=layout.pk).first()


def _go_live(layout: Layout, by, status: str, at: datetime, action: str) -> Layout:
    _locked(layout)
    layout.status, layout.live_from, layout.updated_by = status, at, by
    layout.save(update_fields=["status", "live_from", "updated_by", "updated_at"])
    # Readers see it at ``at`` by the clock; the pages stored until then are kept only
    # until then (SCHEDULE: the moment ``fronts.current.next_change`` gives has changed).
    invalidate(keys.front_key(layout.section_id), keys.SCHEDULE)
    _audit(layout, by, action, timezone.localtime(at).isoformat(timespec="minutes"))
    return layout


def _store_parts(layout: Layout, stories: Sequence[Article], blocks: Sequence[BlockSpec]) -> None:
    layout.stories.all().delete()
    layout.blocks.all().delete()
    LayoutStory.objects.bulk_create(
        LayoutStory(layout=layout, position=number, article=story) for number, story in enumerate(stories)
    )
    LayoutBlock.objects.bulk_create(
        LayoutBlock(
            layout=layout,
            position=number,
            kind=block.kind,
            section=block.section,
            tag=block.tag,
            count=block.count,
        )
        for number, block in enumerate(blocks)
    )


def _describe(layout: Layout, stories: Sequence[Article], blocks: Sequence[BlockSpec]) -> str:
    """What the layout holds, for the audit trail (in the site's language, as stored)."""
    with translation.override(settings.LANGUAGE_CODE):
        parts = [f"{gettext('Lead')}: {layout.lead or '—'}"]
        parts += [f"{number}. {story}" for number, story in enumerate(stories, start=1)]
        parts += [_block_words(block) for block in blocks]
    return "\n".join(parts)


def _block_words(block: BlockSpec) -> str:
    story_list = lists.get(block.kind)
    name = str(story_list.label) if story_list is not None else block.kind
    subject = block.section or block.tag
    return f"{name} ({subject}) ×{block.count}" if subject is not None else f"{name} ×{block.count}"


def _audit(layout: Layout, by, action: str, detail: str = "") -> FrontAuditEntry:
    with translation.override(settings.LANGUAGE_CODE):
        front = layout.front_name
    return FrontAuditEntry.objects.create(
        layout=layout,
        layout_title=layout.title[:120],
        front=front[:120],
        user=by,
        action=action,
        detail=detail,
    )
