"""The links in the footer of every page: the site's own pages (about us, contact, privacy
policy…) and whatever other app names there.

Core knows no app: each app registers what it links from its ``AppConfig.ready()``, as
``articles.reader.page`` takes article-page blocks, with the keys of what its links show
(``core.invalidation``). The footer is on every page, so it is one fragment
(``core.templatetags.site_links``) that depends on those keys alone: a page of the site is
re-rendered when a link changes (a page renamed, published, withdrawn), and never
because of anything else the linked pages show.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SiteLink:
    """A link as readers see it: its text and address in the active language."""

    text: str
    url: str


@dataclass(frozen=True)
class LinkSource:
    name: str
    links: Callable[[], Iterable[SiteLink]]  # in the active language
    keys: tuple[str, ...]
    order: int = 100  # lower first


_sources: dict[str, LinkSource] = {}


def register(
    name: str, links: Callable[[], Iterable[SiteLink]], *, keys: Iterable[str], order: int = 100
) -> None:
    """Put ``links()`` in the footer; ``keys`` name everything they show. Registering a name
    again replaces it (``ready()`` may run more than once in one process)."""
    _sources[name] = LinkSource(name, links, tuple(keys), order)


def unregister(name: str) -> None:
    _sources.pop(name, None)


def sources() -> list[LinkSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.name))


def footer_links() -> tuple[list[SiteLink], list[str]]:
    """Every registered link in the active language, in order, and the keys they show."""
    links: list[SiteLink] = []
    keys: list[str] = []
    for source in sources():
        links.extend(source.links())
        keys.extend(source.keys)
    return links, keys
