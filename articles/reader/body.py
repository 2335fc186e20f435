"""What readers get of a stored article body: embeds as privacy-preserving placeholders,
images from the media library as responsive pictures, and Latin runs inside Arabic text
isolated so that they read in the right order.

The stored HTML stays as the editor wrote it; this runs when the body fragment is
rendered (and is kept in the fragment cache with it).
"""

import html
import re
from collections.abc import Callable

from django.utils.html import format_html
from django.utils.translation import gettext

from articles.text.blocks import LIBRARY_IMAGE, ensure_blocks

from .embeds import Embed, embed_for

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")
_VOID = {"br", "hr", "img", "wbr"}
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# A run of Latin words, with what may sit between them inside the run (a space, a dot,
# an apostrophe, a hyphen...); punctuation at its ends belongs to the Arabic sentence.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:(?:[ .'’&:/@#%+_-]|&amp;)+[A-Za-z0-9]+)*")
# The blocks the editor marks with a direction (articles.text.sanitize), and their mark.
_DIRECTED_BLOCK = re.compile(r"<(?P<name>p|h[2-4]|blockquote|li|td|th|figcaption)[\s>]", re.IGNORECASE)
_DIRECTION_MARK = re.compile(r'\sdir="(?P<dir>ltr|rtl)"', re.IGNORECASE)
# A letter with a direction of its own: Arabic, or Latin (accented letters included).
_STRONG_LETTER = re.compile(f"{_ARABIC.pattern}|[A-Za-z\u00c0-\u024f]")
# A paragraph that is only a link, or only a URL: an embed when the URL is a post.
_LONE_LINK = re.compile(
    r'<p(?: dir="[a-z]+")?>\s*(?:<a href="(?P<href>[^"]+)"[^>]*>[^<]*</a>|(?P<text>https?://[^\s<]+))\s*</p>'
)


def render_body(stored: str, language_is_rtl: bool, picture: Callable[[re.Match], str] | None = None) -> str:
    """The body as readers get it. ``picture`` turns a library image's ``<img>`` into
    its responsive markup (``articles.media.library``)."""
    if not stored:
        return stored
    # Bodies saved before the editor (or written straight to the database) may have no
    # block markup: shown as paragraphs, as they are stored on their next save.
    text = _LONE_LINK.sub(_embed_or_link, ensure_blocks(stored))
    if picture is not None:
        text = LIBRARY_IMAGE.sub(picture, text)
    text = drop_carried_over_directions(text, "rtl" if language_is_rtl else "ltr")
    if language_is_rtl:
        text = isolate_latin_runs(text)
    return text


def drop_carried_over_directions(fragment: str, own: str) -> str:
    """Blocks marked with the other direction whose text begins in the article's own
    script are shown in the article's direction.

    The editor used to copy a block's direction to the paragraph begun by Enter at its
    end, so stories saved then have the Arabic paragraphs after an English quotation
    marked left-to-right. A writer marks a block left-to-right for English text, so a
    marked block whose first letter is Arabic carries a copied mark: the first letter is
    also how browsers decide a paragraph's direction when nothing says it (``dir=auto``).
    """
    parts = _TAG.split(fragment)
    for n, part in enumerate(parts):
        block = _DIRECTED_BLOCK.match(part)
        mark = _DIRECTION_MARK.search(part) if block else None
        if not (block and mark) or mark["dir"].lower() == own:
            continue
        if _first_letter_direction(parts, n, block["name"].lower()) == own:
            parts[n] = part[: mark.start()] + part[mark.end() :]
    return "".join(parts)


def _first_letter_direction(parts: list[str], opening: int, name: str) -> str | None:
    """The direction of the first letter that has one in the block ``name`` opened at
    ``parts[opening]``, up to its closing tag; None when it has none."""
    depth = 0
    for part in parts[opening + 1 :]:
        if part.startswith("<"):
            found = _TAG_NAME.match(part)
            if found and found.group(1).lower() == name:
                depth += -1 if part.startswith("</") else 1
                if depth < 0:
                    return None
            continue
        letter = _STRONG_LETTER.search(html.unescape(part))
        if letter:
            return "rtl" if _ARABIC.match(letter.group(0)) else "ltr"
    return None


def _embed_or_link(match: re.Match) -> str:
    url = html.unescape(match["href"] or match["text"])
    embed = embed_for(url)
    return placeholder(embed) if embed else match.group(0)


def placeholder(embed: Embed) -> str:
    """A figure that names the provider and loads nothing from it: the reader's click
    (``static/js/embeds.js``) puts the frame in; without scripts the link still works."""
    return format_html(
        '<figure class="embed embed--{provider}" data-embed-frame="{frame}" data-embed-ratio="{ratio}" '
        'data-embed-title="{title}">'
        '<div class="embed__notice"><p class="embed__title">{title}</p>'
        '<p class="embed__privacy">{privacy}</p>'
        '<button type="button" class="embed__load" hidden>{load}</button></div>'
        '<figcaption><a href="{url}" rel="nofollow noopener noreferrer" dir="ltr">{url}</a></figcaption>'
        "</figure>",
        provider=embed.provider,
        frame=embed.frame,
        ratio=embed.ratio,
        title=gettext("Post on %(provider)s") % {"provider": embed.name},
        privacy=gettext(
            "Showing it loads content from %(provider)s, which may set cookies and learn that you "
            "visited this page."
        )
        % {"provider": embed.name},
        load=gettext("Show the post from %(provider)s") % {"provider": embed.name},
        url=embed.url,
    )


def isolate_latin_runs(fragment: str) -> str:
    """Wrap each run of Latin words inside Arabic text in ``<bdi>``.

    In a right-to-left paragraph, punctuation and numbers next to a Latin name ("CNN.",
    "iPhone 15 Pro") take their direction from their neighbours and can jump to the
    wrong side; an isolated run keeps its own order and leaves the Arabic sentence's
    alone. Text already isolated, or in a left-to-right block, is left as it is.
    """
    out, stack = [], []
    for part in _TAG.split(fragment):
        if not part:
            continue
        if part.startswith("<"):
            _track(part, stack)
            out.append(part)
        elif any(stack) or not _ARABIC.search(part):
            out.append(part)
        else:
            out.append(_LATIN_RUN.sub(lambda run: f"<bdi>{run.group(0)}</bdi>", part))
    return "".join(out)


def _track(tag: str, stack: list[bool]) -> None:
    """Keep ``stack`` as the open elements, each True when it isolates its text already."""
    name_match = _TAG_NAME.match(tag)
    if not name_match:
        return
    name = name_match.group(1).lower()
    if name in _VOID or tag.endswith("/>"):
        return
    if tag.startswith("</"):
        if stack:
            stack.pop()
        return
    isolating = name in {"bdi", "code", "pre"} or 'dir="ltr"' in tag or 'dir="auto"' in tag
    stack.append(isolating)
