"""Which layout a front shows, and the arrangement readers get from it.

Registered with ``articles.reader.front`` from ``FrontsConfig.ready``: the home and section
views ask for a front's arrangement on each render, and get the layout in force at that
moment (the clock decides, so a layout scheduled for 06:00 is shown from 06:00 with nothing
to run; ``next_change`` tells the page cache to keep pages only until then).
"""

from datetime import datetime

from django.utils import timezone

from articles.models import Section
from articles.reader import front, lists

from . import keys
from .models import LIVE_STATUSES, SECONDARY_SLOTS, Layout


def layout_in_force(section_id: int | None, now: datetime | None = None) -> Layout | None:
    return Layout.objects.of_front(section_id).in_force(now or timezone.now()).first()


def arrangement_of(layout: Layout) -> front.Arrangement:
    """A layout as the reader site arranges it: the empty secondary slots are left for the
    newest stories not otherwise on the page."""
    stories = [story.article_id for story in layout.stories.all()][:SECONDARY_SLOTS]
    slots: list[int | None] = [*stories, *([None] * (SECONDARY_SLOTS - len(stories)))]
    return front.Arrangement(
        lead=layout.lead_id,
        secondary=tuple(slots),
        blocks=tuple(_block_choice(block) for block in layout.blocks.all()),
        keys=(keys.front_key(layout.section_id),),
    )


def _block_choice(block) -> front.BlockChoice:
    story_list = lists.get(block.kind)
    about = story_list.about if story_list is not None else lists.About.NOTHING
    subject = {lists.About.SECTION: block.section_id, lists.About.TAG: block.tag_id}.get(about)
    return front.BlockChoice(block.kind, subject, block.count)


def arrangement(section: Section | None, now: datetime | None = None) -> front.Arrangement:
    """The arrangement of the home page (``section`` None) or of a section's front at ``now``.
    A front without a layout in force has every slot empty (the newest stories), and the
    home page the latest of each section under them."""
    section_id = section.pk if section is not None else None
    layout = layout_in_force(section_id, now)
    if layout is not None:
        return arrangement_of(layout)
    default = front.default_arrangement(section) or front.Arrangement()
    return front.Arrangement(
        secondary=(None,) * SECONDARY_SLOTS,
        blocks=default.blocks,
        keys=(*default.keys, keys.front_key(section_id)),
    )


def in_force_by_front(now: datetime) -> dict[int | None, int]:
    """The layout each front shows at ``now`` (a section's id, None for the home page)."""
    shown: dict[int | None, int] = {}
    for pk, section_id in Layout.objects.in_force(now).values_list("pk", "section_id"):
        shown.setdefault(section_id, pk)
    return shown


def next_change(now: datetime | None = None) -> datetime | None:
    """When the next scheduled layout goes live by the clock, or None."""
    return (
        Layout.objects.filter(status__in=LIVE_STATUSES, live_from__gt=now or timezone.now())
        .order_by("live_from")
        .values_list("live_from", flat=True)
        .first()
    )
