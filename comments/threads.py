"""What the public sees of a comment, and how a page of threads is put together."""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from .models import MAX_DEPTH
from .text import initials, render_comment


@dataclass
class PublicComment:
    """A comment reduced to what may be published: no email, no network traces."""

    id: int
    parent_id: int | None
    depth: int
    author_name: str
    author_url: str
    html: str
    created_at: datetime
    is_staff_reply: bool
    pending: bool = False
    children: list["PublicComment"] = field(default_factory=list)

    @property
    def initials(self) -> str:
        return initials(self.author_name)

    @property
    def can_reply(self) -> bool:
        return not self.pending and self.depth < MAX_DEPTH - 1


def safe_url(url: str) -> str:
    """A commenter's website only as a web address: the form allows nothing else, but a
    comment imported or edited elsewhere must not put a javascript: link on the page."""
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else ""


# The only columns a page reads: the email and the network traces are never even loaded.
PUBLIC_COLUMNS = (
    "id", "parent_id", "depth", "author_name", "author_url", "text", "created_at", "is_staff_reply",
)  # fmt: skip


def to_public(comment: dict, pending: bool = False) -> PublicComment:
    """``comment``: the ``PUBLIC_COLUMNS`` of one row."""
    return PublicComment(
        id=comment["id"],
        parent_id=comment["parent_id"],
        depth=comment["depth"],
        author_name=comment["author_name"],
        author_url=safe_url(comment["author_url"]),
        html=render_comment(comment["text"]),
        created_at=comment["created_at"],
        is_staff_reply=comment["is_staff_reply"],
        pending=pending,
    )


def build_threads(top_level, replies, own_pending=()) -> list[PublicComment]:
    """Nest ``replies`` (any depth, oldest first) under the ``top_level`` comments; each
    a row of ``PUBLIC_COLUMNS``.

    The reader's own pending comments join the tree where their parent is shown;
    a pending top-level comment goes at the end.
    """
    roots = [to_public(c) for c in top_level]
    by_id = {node.id: node for node in roots}
    for comment in replies:
        parent = by_id.get(comment["parent_id"])
        if parent is not None:
            node = to_public(comment)
            parent.children.append(node)
            by_id[node.id] = node
    for comment in own_pending:
        node = to_public(comment, pending=True)
        if comment["parent_id"] is None:
            roots.append(node)
        elif comment["parent_id"] in by_id:
            by_id[comment["parent_id"]].children.append(node)
    return roots
