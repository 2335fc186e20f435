"""WordPress's eXtended RSS export (WXR 1.0-1.2), read as a stream.

``read_wxr(file)`` yields the channel's facts, authors and categories as they come, then one
``Item`` per ``<item>`` (posts, pages, attachments...), each with its terms, meta and
comments, and a ``Malformed`` for an item that cannot be read or for a file that ends
early. Elements are cleared once read, so a multi-gigabyte export is read in bounded
memory.

Hostile XML is refused, not expanded: the parser is defusedxml's, which forbids DTD
entity declarations and external entities (billion laughs, XXE) with ``DTDForbidden`` /
``EntitiesForbidden`` / ``ExternalReferenceForbidden`` (all ``HostileExport`` here).

The ``wp`` namespace differs between exports (``http`` or ``https``, 1.0, 1.1 or 1.2), so
elements are matched by the namespace's meaning, not its exact URI.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

NO_DATE = "0000-00-00 00:00:00"


class HostileExport(Exception):
    """The file declares entities or external references: refused as a whole."""


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""


@dataclass
class Category:
    """A category as the channel lists it, with its id and its parent's slug: posts name
    their categories by slug only, and a plugin's "primary category" by id."""

    term_id: int
    slug: str
    name: str
    parent: str


@dataclass
class Term:
    domain: str  # "category", "post_tag", or a custom taxonomy
    slug: str  # percent-decoded (Arabic slugs arrive encoded)
    name: str


@dataclass
class Comment:
    comment_id: int
    parent_id: int
    author: str
    email: str
    url: str
    ip: str
    date: datetime | None
    content: str
    approved: str  # "1", "0", "spam", "trash"
    kind: str  # "", "comment", "pingback", "trackback"


@dataclass
class Item:
    post_id: int
    post_type: str
    status: str
    title: str
    link: str
    guid: str
    content: str
    excerpt: str
    date: datetime | None  # UTC when the export has it (post_date_gmt), else naive site time
    creator: str
    slug: str
    parent_id: int
    sticky: bool
    attachment_url: str
    password_protected: bool = False
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    language: str = ""


@dataclass
class Malformed:
    post_id: str
    reason: str


# Reading -----------------------------------------------------------------------------


def _kind(tag: str) -> tuple[str, str]:
    """(namespace meaning, local name) of an ElementTree tag."""
    if not tag.startswith("{"):
        return "", tag
    uri, _brace, local = tag[1:].partition("}")
    if "wordpress.org/export/" in uri:
        return ("excerpt" if "excerpt" in uri else "wp"), local
    if "purl.org/rss/1.0/modules/content" in uri:
        return "content", local
    if "purl.org/dc/elements" in uri:
        return "dc", local
    return uri, local


def _text(element, meaning: str, local: str, strip: bool = True) -> str:
    """The text of the child ``meaning:local``; contents keep their blank lines (they
    separate paragraphs)."""
    for child in element:
        if _kind(child.tag) == (meaning, local):
            return (child.text or "").strip() if strip else (child.text or "")
    return ""


def _int(value: str) -> int:
    return int(value) if value and value.strip().lstrip("-").isdigit() else 0


def parse_date(gmt: str, local: str = "") -> datetime | None:
    """The GMT date when the export has a real one (drafts carry 0000-00-00), else the
    site's local time, naive (the importer knows the site's zone)."""
    for value, aware in ((gmt, True), (local, False)):
        value = (value or "").strip()
        if not value or value == NO_DATE:
            continue
        try:
            parsed = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        return parsed.replace(tzinfo=UTC) if aware else parsed
    return None


def _comment(element) -> Comment:
    def text(local):
        return _text(element, "wp", local)

    return Comment(
        comment_id=_int(text("comment_id")),
        parent_id=_int(text("comment_parent")),
        author=text("comment_author"),
        email=text("comment_author_email"),
        url=text("comment_author_url"),
        ip=text("comment_author_IP"),
        date=parse_date(text("comment_date_gmt"), text("comment_date")),
        content=_text(element, "wp", "comment_content", strip=False),
        approved=text("comment_approved"),
        kind=text("comment_type"),
    )


def _item(element) -> Item:
    def wp(local):
        return _text(element, "wp", local)

    item = Item(
        post_id=_int(wp("post_id")),
        post_type=wp("post_type") or "post",
        status=wp("status"),
        title=_text(element, "", "title"),
        link=_text(element, "", "link"),
        guid=_text(element, "", "guid"),
        content=_text(element, "content", "encoded", strip=False),
        excerpt=_text(element, "excerpt", "encoded", strip=False),
        date=parse_date(wp("post_date_gmt"), wp("post_date")),
        creator=_text(element, "dc", "creator"),
        slug=unquote(wp("post_name")),
        parent_id=_int(wp("post_parent")),
        sticky=wp("is_sticky") == "1",
        attachment_url=wp("attachment_url"),
        password_protected=bool(wp("post_password")),
    )
    for child in element:
        meaning, local = _kind(child.tag)
        if (meaning, local) == ("", "category") and child.get("domain"):
            slug = unquote(child.get("nicename") or "")
            item.terms.append(Term(domain=child.get("domain"), slug=slug, name=(child.text or "").strip()))
        elif (meaning, local) == ("wp", "postmeta"):
            key = _text(child, "wp", "meta_key")
            if key:
                item.meta[key] = _text(child, "wp", "meta_value")
        elif (meaning, local) == ("wp", "comment"):
            item.comments.append(_comment(child))
    if not item.post_id:
        raise ValueError("no wp:post_id")
    return item


def _category(element) -> Category:
    return Category(
        term_id=_int(_text(element, "wp", "term_id")),
        slug=unquote(_text(element, "wp", "category_nicename")),
        name=_text(element, "wp", "cat_name"),
        parent=unquote(_text(element, "wp", "category_parent")),
    )


def _author(element) -> Author:
    return Author(
        login=_text(element, "wp", "author_login"),
        email=_text(element, "wp", "author_email"),
        display_name=_text(element, "wp", "author_display_name"),
    )


CHANNEL_FIELDS = {("", "title"): "title", ("", "link"): "link", ("wp", "base_site_url"): "base_site_url",
                  ("wp", "base_blog_url"): "base_blog_url", ("", "language"): "language"}  # fmt: skip


def _forget(parent, element) -> None:
    # Read and done with: nothing of it stays in memory.
    element.clear()
    if parent is not None:
        parent.remove(element)


def read_wxr(source) -> Iterator[Channel | Author | Category | Item | Malformed]:
    """The export's channel (once, before the first item), its authors, categories and items.

    Raises ``HostileExport`` for a file that declares entities or external references.
    A file that ends early or breaks off yields a ``Malformed`` and stops there: what was
    read before it stands.
    """
    channel, channel_sent, depth = Channel(), False, 0
    last_post_id, channel_element = "", None
    events = iterparse(source, events=("start", "end"), forbid_dtd=False)
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 2:
                    channel_element = element
                continue
            depth -= 1
            kind = _kind(element.tag)
            if depth == 2 and kind in CHANNEL_FIELDS:  # rss > channel > field
                setattr(channel, CHANNEL_FIELDS[kind], (element.text or "").strip())
            elif depth == 2 and kind == ("wp", "author"):
                yield _author(element)
                _forget(channel_element, element)
            elif depth == 2 and kind == ("wp", "category"):
                yield _category(element)
                _forget(channel_element, element)
            elif depth == 2 and kind == ("", "item"):
                if not channel_sent:
                    channel_sent = True
                    yield channel
                last_post_id = _text(element, "wp", "post_id")
                try:
                    yield _item(element)
                except (ValueError, TypeError) as error:
                    yield Malformed(post_id=last_post_id, reason=str(error))
                _forget(channel_element, element)
        if not channel_sent:
            yield channel
    except DefusedXmlException as hostile:
        raise HostileExport(type(hostile).__name__) from hostile
    except ParseError as broken:
        yield Malformed(post_id=last_post_id, reason=f"the file breaks off or is not XML: {broken}")
