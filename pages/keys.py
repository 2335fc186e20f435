"""What readers' pages show of the site's pages, named as cache keys (``core.invalidation``).

A page's own address shows ``page:N``. The footer of every page on the site lists the
pages by title in their order (``PAGES``): it is a key of its own, so that a change to a
page's text, which is on its own page and in the sitemap only, leaves every other stored
page of the site as it is, while a new title, address or order reaches every footer.
"""

from django.conf import settings

from articles.keys import SITEMAP

PAGES = "pages"  # the footer's list of pages, on every page of the site


def page_key(pk: int) -> str:
    return f"page:{pk}"


def _live(snapshot: dict, language: str) -> bool:
    return bool(snapshot.get(f"live_{language}"))


def _differs(before: dict, after: dict, names: list[str]) -> bool:
    return any(before.get(name) != after.get(name) for name in names)


def keys_touched(pk: int, before: dict, after: dict) -> list[str]:
    """The keys a change from snapshot ``before`` to ``after`` touches (``pages.revisions``
    makes them). Only what readers can read in some language, before or after, counts: an
    unpublished English draft being written invalidates nothing."""
    read = [code for code, _name in settings.LANGUAGES if _live(before, code) or _live(after, code)]
    if not read:
        return []
    shown = [f"{field}_{code}" for code in read for field in ("title", "slug", "body", "live")]
    listed = [f"{field}_{code}" for code in read for field in ("title", "slug", "live")]
    found = [page_key(pk), SITEMAP] if _differs(before, after, shown) else []
    if _differs(before, after, [*listed, "position"]):
        found.append(PAGES)
    return found


def readers_see_a_change(pk: int, before: dict, after: dict) -> bool:
    """The page itself changed for readers (what its ``modified_at`` and the sitemap's
    lastmod say); a new place in the footer alone is no change to the page."""
    return page_key(pk) in keys_touched(pk, before, after)
