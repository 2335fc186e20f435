"""The house rules for article text, applied when an article is saved.

Pure functions on strings: the editor applies the same rules to what is pasted
(``static/admin-extra/editor/paste.js``), and these make sure every other path (a
command, an import, an editor with scripts off) stores the same text.
"""

import re

_PERSIAN = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})  # ی → ي, ک → ك
_TATWEEL = "\u0640"
_DOUBLE_SPACES = re.compile(r"(?: |\u00a0){2,}")
_TAG = re.compile(r"(<[^>]*>)")


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
