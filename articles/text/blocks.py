"""The body's block grammar: what a stored body is made of, as the editor writes it.

Pure functions on strings. A body is a sequence of blocks (paragraphs, headings, lists,
quotes, figures, tables); a photo from the media library is an ``<img>`` carrying its
``data-file`` id, which pages turn into a responsive picture and the library counts as a use.
"""

import html
import re

# A body with none of these is text typed or imported without markup.
_BLOCK = re.compile(r"<(?:p|h[1-6]|ul|ol|li|blockquote|figure|table|hr|div|pre)[\s>/]", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n\s*\n")
LIBRARY_IMAGE = re.compile(r'<img [^>]*data-file="(?P<id>\d+)"[^>]*>')


def has_blocks(fragment: str) -> bool:
    return bool(_BLOCK.search(fragment or ""))


def ensure_blocks(fragment: str) -> str:
    """A body without block markup, as paragraphs: a blank line separates paragraphs and
    a single line break stays a line break (what WordPress's wpautop does), so text that
    was stored or imported without ``<p>`` is never shown as one block."""
    if not fragment or not fragment.strip() or has_blocks(fragment):
        return fragment
    text = fragment.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [part.strip() for part in _BLANK_LINE.split(text) if part.strip()]
    if len(paragraphs) == 1 and "\n" in paragraphs[0]:
        # No blank lines at all: each line was a paragraph (typical of pasted plain text).
        paragraphs = [line.strip() for line in paragraphs[0].split("\n") if line.strip()]
    return "".join(f"<p>{_keep_inline(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)


def _keep_inline(text: str) -> str:
    # Inline markup (links, bold) is kept; a bare "<" or "&" that is not markup is text.
    if "<" in text or "&" in text:
        return text
    return html.escape(text, quote=False)
