"""Pure text handling for comments: cleaning what readers type, rendering it inertly."""

import re
import unicodedata

from django.utils.html import escape

# Bidirectional overrides/isolates and zero-width characters: a name could otherwise flip
# the direction of the text around it or hide words from moderators.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_URL = re.compile(r"""\bhttps?://[^\s<>"'«»]+""", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?)]}،؛؟"


def clean_text(value: str) -> str:
    """NFC, no control, bidi-override or zero-width characters, tidy line breaks."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = _CONTROL.sub("", _INVISIBLE.sub("", value))
    return "\n".join(line.rstrip() for line in value.split("\n")).strip()


def clean_line(value: str) -> str:
    """Like clean_text, on one line (names)."""
    return " ".join(clean_text(value).split())


def _link(match: re.Match) -> str:
    url = match.group(0)
    trail = ""
    while url and url[-1] in _TRAILING_PUNCTUATION:
        url, trail = url[:-1], url[-1] + trail
    safe = escape(url)
    return f'<a href="{safe}" rel="nofollow ugc noopener" dir="ltr">{safe}</a>{escape(trail)}'


def render_comment(text: str) -> str:
    """HTML for a comment: everything escaped, paragraphs and line breaks kept,
    http(s) links clickable but marked as user content."""
    paragraphs = [p for p in re.split(r"\n{2,}", text) if p.strip()]
    html = []
    for paragraph in paragraphs:
        pieces, last = [], 0
        for match in _URL.finditer(paragraph):
            pieces.append(escape(paragraph[last : match.start()]))
            pieces.append(_link(match))
            last = match.end()
        pieces.append(escape(paragraph[last:]))
        html.append("<p>" + "".join(pieces).replace("\n", "<br>") + "</p>")
    return "".join(html)


def initials(name: str) -> str:
    """One or two letters for the avatar, from the name (never from the email)."""
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in name.split()]
    letters = [word[0] for word in words if word and word[0].isalnum()]
    return "".join(letters[:1] + letters[-1:] if len(letters) > 1 else letters).upper() or "؟"
