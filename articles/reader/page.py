"""The article page's blocks: what other apps show under an article.

The article page belongs to articles (the article, its «شاهد أيضاً» box); what hangs off
it — the comments today, live coverage and share links next — belongs to apps on the layer
above, which articles may not import. Each of them registers its block from its
``AppConfig.ready()``, as django-contrib-comments' moderator registers models, and the page
renders the registered blocks of each place in their order.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article

# (the page's template context, the article) → the block's HTML, already escaped.
Render = Callable[[object, Article], str]


class Place(StrEnum):
    """Where on the article page a block goes."""

    AFTER_ARTICLE = "after_article"  # under the article's text, before «شاهد أيضاً»
    END = "end"  # under «شاهد أيضاً», at the end of the page


@dataclass(frozen=True)
class Block:
    name: str
    render: Render
    place: Place = Place.END
    order: int = 100  # lower first within its place
    in_preview: bool = False  # also on a staff member's preview of an unpublished article


_blocks: dict[str, Block] = {}


def register(
    name: str, render: Render, *, place: Place = Place.END, order: int = 100, in_preview: bool = False
) -> None:
    """Show ``render``'s block on every article page. Registering a name again replaces its
    block (``ready()`` may run more than once in one process)."""
    _blocks[name] = Block(name, render, Place(place), order, in_preview)


def unregister(name: str) -> None:
    _blocks.pop(name, None)


def blocks(place: Place, *, preview: bool = False) -> list[Block]:
    """The blocks of ``place`` in the order they are shown."""
    chosen = [
        block for block in _blocks.values() if block.place == place and (block.in_preview or not preview)
    ]
    return sorted(chosen, key=lambda block: (block.order, block.name))


def render_blocks(context, article: Article, place: Place) -> SafeString:
    """Every block of ``place`` for ``article``, in order."""
    preview = bool(context.get("preview"))
    parts = [block.render(context, article) for block in blocks(Place(place), preview=preview)]
    # Each block's render escaped what it put in; joined, they are markup.
    return format_html_join("", "{}", ((mark_safe(part),) for part in parts if part))
