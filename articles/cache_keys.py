"""What the reader site's pages show, named as cache keys (see ``core.invalidation``).

A page declares the keys of what it shows; a change invalidates the keys of what it
touched. Lists (home, a section, a tag, an author) are invalidated whenever an article
that is or was in them changes, so their cards need no key of their own; a «شاهد أيضاً»
box names every article it shows, because it is on other articles' pages.
"""

from django.conf import settings

HOME = "home"
FEED = "feed"
SITEMAP = "sitemap"
SECTIONS = "sections"  # the sections' menu, on every page
RELATED_ALL = "related"  # every stored «شاهد أيضاً» list at once (a rebuild)
SCHEDULE = "schedule"  # when the next scheduled article goes live


def article_key(pk: int) -> str:
    return f"article:{pk}"


def section_key(pk: int) -> str:
    return f"section:{pk}"


def tag_key(pk: int) -> str:
    return f"tag:{pk}"


def author_key(pk: int) -> str:
    return f"author:{pk}"


def related_key(pk: int, language: str) -> str:
    """One article's stored «شاهد أيضاً» list in one language (they are computed apart)."""
    return f"related:{pk}:{language}"


def related_keys(pk: int) -> list[str]:
    """The article's lists in every language (an editor's pin or exclusion applies to all)."""
    return [related_key(pk, code) for code, _name in settings.LANGUAGES]
