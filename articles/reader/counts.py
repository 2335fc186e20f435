"""Counts on story cards («٣ تعليقات»): what apps on the layer above count about a story.

Comments count their approved comments; a live blog could count its updates. Each app
registers a counter from its ``AppConfig.ready()``; a page with cards asks each counter once
for all its stories (one query per counter, however many cards), and depends on the keys of
what was counted, so a count is re-rendered when it changes (softly, when the app registered
its keys with ``core.pagecache.soft_keys``: a count that lags a moment takes nothing back).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from articles.models import Article
from core.pagecache import depends_on


@dataclass(frozen=True)
class Counter:
    name: str
    count: Callable[[list[int]], dict[int, int]]  # stories' ids → their counts (zero left out)
    keys: Callable[[list[int]], list[str]]  # what the counts depend on
    label: Callable[[int], str]  # «٣ تعليقات», in the active language
    anchor: str = ""  # where on the story's page the counted things are ("#comments")
    order: int = 100


@dataclass(frozen=True)
class CardCount:
    """One count as a card shows it: its words and the link to what was counted."""

    label: str
    url: str


_counters: dict[str, Counter] = {}


def register(
    name: str,
    count: Callable[[list[int]], dict[int, int]],
    *,
    keys: Callable[[list[int]], list[str]],
    label: Callable[[int], str],
    anchor: str = "",
    order: int = 100,
) -> None:
    """Show ``count``'s numbers on story cards. Registering a name again replaces it."""
    _counters[name] = Counter(name, count, keys, label, anchor, order)


def unregister(name: str) -> None:
    _counters.pop(name, None)


def counters() -> list[Counter]:
    return sorted(_counters.values(), key=lambda counter: (counter.order, counter.name))


def attach(request, articles: Iterable[Article]) -> None:
    """Give each card's story its counts (``article.card_counts``), for the whole page at
    once; the page depends on what was counted."""
    stories = list(articles)
    ids = list(dict.fromkeys(story.pk for story in stories))
    registered = counters()
    found = {counter.name: (counter.count(ids) if ids else {}) for counter in registered}
    for counter in registered:
        depends_on(request, *counter.keys(ids))
    for story in stories:
        shown = [
            CardCount(counter.label(number), story.get_absolute_url() + counter.anchor)
            for counter in registered
            if (number := found[counter.name].get(story.pk, 0))
        ]
        story.card_counts = shown  # type: ignore[attr-defined]
