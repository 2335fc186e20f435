"""The house rules for article text, applied when an article is saved.

Pure functions on strings: the editor applies the same rules to what is pasted
(``static/admin-extra/editor/paste.js``), and these make sure every other path (a
command, an import, an editor with scripts off) stores the same text.
"""

import html
import re

_PERSIAN = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})  # ی → ي, ک → ك
_TATWEEL = "\u0640"
_DOUBLE_SPACES = re.compile(r"(?: |\u00a0){2,}")
_TAG = re.compile(r"(<[^>]*>)")
# A body with none of these is text typed or imported without markup.
_BLOCK = re.compile(r"<(?:p|h[1-6]|ul|ol|li|blockquote|figure|table|hr|div|pre)[\s>/]", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n\s*\n")


def house_rules(text: str) -> str:
    """Persian yeh and keheh folded to Arabic, stray tatweel and doubled spaces removed."""
    if not text:
        return text
    return _DOUBLE_SPACES.sub(" ", text.translate(_PERSIAN).replace(_TATWEEL, ""))


def house_rules_html(fragment: str) -> str:
    """``house_rules`` on the text of an HTML fragment, never inside its tags (URLs and
    attribute values are left as they are)."""
    if not fragment:
        return fragment
    return "".join(part if part.startswith("<") else house_rules(part) for part in _TAG.split(fragment))


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
