"""The home page and the section fronts: what leads, what follows it, which blocks come next.

A front is a lead story, a few secondary stories, then blocks (named story lists,
``articles.reader.lists``); under it the page lists the latest stories not already shown.
Who chooses is not articles' business: an app on the layer above registers an *arranger*
from its ``AppConfig.ready()`` (the fronts app: the layouts editors arrange), and the home
and section views show what it gives. With none registered, the home page is the newest
story and the latest of each section, and a section page its latest stories.

A slot left empty falls back to the newest live story not already on the page, and a block
leaves out what is above it: no story is shown twice on one page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet

from articles import keys
from articles.models import Article, Section, Tag

from . import lists

PER_SECTION_ON_HOME = 4


@dataclass(frozen=True)
class BlockChoice:
    """A block as arranged: the list it shows (``lists``), what the list is about (a
    section's or a tag's id, for lists that need one) and how many stories."""

    list_name: str
    subject_id: int | None = None
    count: int = PER_SECTION_ON_HOME


@dataclass(frozen=True)
class Arrangement:
    """What leads (an article's id; None: the newest story not otherwise on the page), the
    secondary slots (one id or None each), the blocks in order, and the keys of the
    arrangement itself (an editor's change to it)."""

    lead: int | None = None
    secondary: tuple[int | None, ...] = ()
    blocks: tuple[BlockChoice, ...] = ()
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    name: str  # the list's
    heading: str
    url: str
    articles: list[Article]


@dataclass
class Front:
    """A front as readers see it, and what it shows (``shown``: the stories' ids, which the
    latest list under it leaves out; ``keys``: for the page cache)."""

    lead: Article | None = None
    secondary: list[Article] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    shown: list[int] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)

    def articles(self) -> list[Article]:
        top = [self.lead] if self.lead is not None else []
        return [*top, *self.secondary, *(article for block in self.blocks for article in block.articles)]


# (the section, None for the home page; the moment to show) → its arrangement, or None for
# a front that is only its latest list.
Arranger = Callable[[Section | None, datetime | None], Arrangement | None]

_arrangers: list[Arranger] = []


def register(arranger: Arranger) -> None:
    """The fronts' arranger from now on (one at a time: a second registration replaces it)."""
    _arrangers[:] = [arranger]


def unregister() -> None:
    _arrangers.clear()


def arrangement_for(section: Section | None, now: datetime | None = None) -> Arrangement | None:
    """The home page's (``section`` None) or a section's arrangement at ``now``."""
    if _arrangers:
        return _arrangers[0](section, now)
    return default_arrangement(section)


def default_arrangement(section: Section | None) -> Arrangement | None:
    """Without an editor's choice: the home page leads with the newest story and has a block
    of each section's latest; a section page is its latest list alone."""
    if section is not None:
        return None
    return Arrangement(
        blocks=tuple(
            BlockChoice(lists.ArticleList.SECTION_LATEST, pk, PER_SECTION_ON_HOME)
            for pk in Section.objects.values_list("pk", flat=True)
        ),
        keys=(keys.SECTIONS,),  # a new section gets its block
    )


def with_cards(articles: QuerySet[Article]) -> QuerySet[Article]:
    """What a card shows of a story besides itself: its section and its picture."""
    return articles.select_related("section", "image")


def build(
    arrangement: Arrangement | None,
    *,
    visible: QuerySet[Article],
    fallback: QuerySet[Article],
    now: datetime | None = None,
) -> Front:
    """The front ``arrangement`` makes with the stories a reader may see (``visible``); its
    empty slots take the newest of ``fallback`` (the section's own stories on a section
    front) not already on the page."""
    front = Front()
    if arrangement is None:
        return front
    front.keys.update(arrangement.keys)
    slots = [arrangement.lead, *arrangement.secondary]
    chosen = list(dict.fromkeys(pk for pk in slots if pk is not None))
    found = with_cards(visible).in_bulk(chosen) if chosen else {}
    filled: list[Article | None] = []
    for pk in slots:
        story = found.pop(pk, None) if pk is not None else None  # pop: a story fills one slot
        filled.append(story)
    missing = filled.count(None)
    if missing:
        taken = [story.pk for story in filled if story is not None]
        newest = iter(with_cards(fallback).exclude(pk__in=taken).order_by("-published_at", "-id")[:missing])
        filled = [story if story is not None else next(newest, None) for story in filled]
    front.lead = filled[0]
    front.secondary = [story for story in filled[1:] if story is not None]
    front.shown = [story.pk for story in filled if story is not None]
    front.blocks = _blocks(arrangement.blocks, front, visible, now)
    front.keys.update(keys.article_key(pk) for pk in front.shown)
    return front


def _blocks(choices, front: Front, visible: QuerySet[Article], now: datetime | None) -> list[Block]:
    subjects = _subjects(choices)
    blocks = []
    for choice in choices:
        story_list = lists.get(choice.list_name)
        if story_list is None:
            continue  # an app that registered it is no longer installed
        subject = subjects.get((story_list.about, choice.subject_id))
        if story_list.about != lists.About.NOTHING and subject is None:
            continue  # its section or tag was deleted
        wanted = lists.Wanted(
            count=choice.count, exclude=list(front.shown), visible=visible, subject=subject, now=now
        )
        listed = story_list.fetch(wanted)
        if listed is None:
            continue
        front.keys.update(listed.keys)
        stories = [story for story in listed.articles if story.pk not in front.shown][: choice.count]
        if not stories:
            continue
        front.shown.extend(story.pk for story in stories)
        blocks.append(Block(choice.list_name, listed.heading, listed.url, stories))
    return blocks


def _subjects(choices) -> dict[tuple[lists.About, int | None], Section | Tag]:
    """The sections and tags the blocks are about, in one query each."""
    wanted: dict[lists.About, set[int]] = {lists.About.SECTION: set(), lists.About.TAG: set()}
    for choice in choices:
        story_list = lists.get(choice.list_name)
        if story_list is not None and story_list.about in wanted and choice.subject_id is not None:
            wanted[story_list.about].add(choice.subject_id)
    found: dict[tuple[lists.About, int | None], Section | Tag] = {}
    if wanted[lists.About.SECTION]:
        for pk, section in Section.objects.in_bulk(wanted[lists.About.SECTION]).items():
            found[(lists.About.SECTION, pk)] = section
    if wanted[lists.About.TAG]:
        for pk, tag in Tag.objects.in_bulk(wanted[lists.About.TAG]).items():
            found[(lists.About.TAG, pk)] = tag
    return found
