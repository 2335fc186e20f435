"""What an import of a WordPress export knows as it goes: the site it comes from, what it
has made so far, the report of every item, and the old addresses it keeps.

Every object is keyed by the export's site URL and its WordPress id (``ImportedItem``),
so running the import again changes nothing and a nightly run adds only what is new.
"""

import html
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.utils.html import strip_tags

from articles.models import ImportedItem, LegacyAddress

from .reader import Author as WXRAuthor
from .reader import Category


@dataclass
class Report:
    """What the import did with every item: imported, updated nothing, or skipped and why."""

    imported: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)  # found here already (same slug), not made
    skipped: list[tuple[str, str, str, str]] = field(default_factory=list)  # (kind, id, reason, detail)
    # Imported, with something to look at: (kind, id, remark, detail).
    notes: list[tuple[str, str, str, str]] = field(default_factory=list)

    def count(self, table: dict, kind: str) -> None:
        table[kind] = table.get(kind, 0) + 1

    def skip(self, kind: str, external_id, reason: str, detail: str = "") -> None:
        self.skipped.append((kind, str(external_id), reason, detail))

    def note(self, kind: str, external_id, remark: str, detail: str = "") -> None:
        self.notes.append((kind, str(external_id), remark, detail))


@dataclass
class Site:
    """The export being imported and what has been made of it so far in this run."""

    source: str
    language: str
    time_zone: object
    report: Report
    dry_run: bool = False
    import_pages: bool = False
    media_from: Path | None = None
    authors: dict[str, WXRAuthor] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)  # by slug
    # Authors and terms already found or made in this run: each is looked up once, not
    # once per post that names it.
    made: dict[tuple[str, str], object] = field(default_factory=dict)


def plain(text: str) -> str:
    """WordPress's titles, excerpts and names are HTML («News &amp; Politics»); ours are text."""
    return html.unescape(strip_tags(text or "")).strip()


def once(site: Site, kind: str, key: str, make):
    if (kind, key) not in site.made:
        site.made[(kind, key)] = make()
    return site.made[(kind, key)]


def source_of(base_site_url: str, link: str) -> str:
    return (base_site_url or link or "export").rstrip("/").lower()


# Keys --------------------------------------------------------------------------------


def imported_id(site: Site, kind: str, external_id) -> int | None:
    return (
        ImportedItem.objects.filter(source=site.source, kind=kind, external_id=str(external_id))
        .values_list("object_id", flat=True)
        .first()
    )


def remember(site: Site, kind: str, external_id, object_id: int) -> None:
    if site.dry_run:
        return
    # One statement; a key already there (another run got there first) is left as it is.
    item = ImportedItem(source=site.source, kind=kind, external_id=str(external_id), object_id=object_id)
    ImportedItem.objects.bulk_create([item], ignore_conflicts=True)


def legacy_path(url_or_path: str) -> str:
    """The form old addresses are stored and looked up in: the path, percent-decoded,
    without its trailing slash (``/`` stays ``/``)."""
    parts = urlsplit(url_or_path)
    path = unquote(parts.path).replace("\x00", "") or "/"
    return path.rstrip("/") or "/"


def keep_address(site: Site, path: str, **target) -> None:
    if site.dry_run or not path or path == "/":
        return
    # The first object to claim an old address keeps it.
    LegacyAddress.objects.bulk_create([LegacyAddress(path=path[:500], **target)], ignore_conflicts=True)
