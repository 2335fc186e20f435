"""Named story lists: the blocks a front is made of (a section's latest, a tag's latest, and
what other apps add: a live blog's "live now", "most read").

A front (``articles.reader.front``) is a lead, a few secondary stories and then blocks, each
block a list named here. Articles provides the lists of its own taxonomy; an app on the
layer above registers its lists from its ``AppConfig.ready()``, as article-page blocks are
registered (``articles.reader.page``), and the editors' layout screen offers every list
registered. A list never repeats a story already on the page: it is given the stories shown
before it and leaves them out.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from articles import keys
from articles.models import Article, Section, Tag


class About(StrEnum):
    """What a list needs to be told to know its stories."""

    NOTHING = "nothing"  # "most read", "live now": one list for the whole site
    SECTION = "section"
    TAG = "tag"


@dataclass(frozen=True)
class Listed:
    """A list's stories as a block shows them: its heading, where the heading leads (or
    nowhere), the stories, and the keys of what it shows besides the stories themselves."""

    heading: str
    url: str
    articles: list[Article]
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Wanted:
    """What a block asks of its list: how many stories, which to leave out (those already on
    the page), the articles a reader may see now, and the section or tag it is about."""

    count: int
    exclude: Collection[int]
    visible: QuerySet[Article]  # live now (or at a preview's moment), in the page's language
    subject: Section | Tag | None = None
    now: datetime | None = None


# (what the block asks) → the block's stories, or None when it has nothing to show.
Fetch = Callable[[Wanted], Listed | None]


@dataclass(frozen=True)
class StoryList:
    name: str
    label: str | Promise  # as editors see it on the layout screen
    fetch: Fetch
    about: About = About.NOTHING


_lists: dict[str, StoryList] = {}


def register(name: str, label: str | Promise, fetch: Fetch, *, about: About = About.NOTHING) -> None:
    """Offer ``fetch``'s list as a block of fronts. Registering a name again replaces it
    (``ready()`` may run more than once in one process)."""
    _lists[name] = StoryList(name, label, fetch, About(about))


def unregister(name: str) -> None:
    _lists.pop(name, None)


def get(name: str) -> StoryList | None:
    return _lists.get(name)


def registered() -> list[StoryList]:
    """Every list, as the layout screen offers them (by name, for a stable order)."""
    return sorted(_lists.values(), key=lambda story_list: story_list.name)


# Articles' own lists ---------------------------------------------------------------------------


class ArticleList(StrEnum):
    SECTION_LATEST = "section-latest"
    TAG_LATEST = "tag-latest"


def _latest(wanted: Wanted, subject: Section | Tag, filed: dict, key: str) -> Listed:
    stories = (
        wanted.visible.filter(**filed)
        .exclude(pk__in=list(wanted.exclude))
        .select_related("section", "image")
        .order_by("-published_at", "-id")[: wanted.count]
    )
    return Listed(heading=subject.name, url=subject.get_absolute_url(), articles=list(stories), keys=(key,))


def section_latest(wanted: Wanted) -> Listed | None:
    """The newest stories of a section (a section's rename changes its heading: its key)."""
    section = wanted.subject
    if not isinstance(section, Section):
        return None
    return _latest(wanted, section, {"section": section}, keys.section_key(section.pk))


def tag_latest(wanted: Wanted) -> Listed | None:
    """The newest stories with a tag."""
    tag = wanted.subject
    if not isinstance(tag, Tag):
        return None
    return _latest(wanted, tag, {"tags": tag}, keys.tag_key(tag.pk))


register(ArticleList.SECTION_LATEST, _("A section's latest"), section_latest, about=About.SECTION)
register(ArticleList.TAG_LATEST, _("A tag's latest"), tag_latest, about=About.TAG)
