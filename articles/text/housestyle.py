"""The house rules for article text, applied when an article is saved.

Pure functions on strings. ``RULES`` is the one statement of the rules: the editor applies
the same table to whatever is pasted, from ``static/admin-extra/editor/housestyle.js``,
which ``python manage.py housestyle_js`` writes from it (a test fails when that file is
stale, and another runs the editor's code under Node.js on the same cases as this one).
These functions make sure every other path (a command, an import, an editor with scripts
off, text typed rather than pasted) stores the same text.
"""

import re

# The house rules, in the order they apply: what the rule does, a regular expression and
# the literal text each match becomes. The expressions use only what Python's re and
# JavaScript's RegExp read alike (characters, \uXXXX escapes, classes, counts), so the
# editor applies them as they are written here.
RULES: tuple[tuple[str, str, str], ...] = (
    ("Persian yeh ی becomes Arabic yeh ي", r"\u06cc", "\u064a"),
    ("Persian keheh ک becomes Arabic kaf ك", r"\u06a9", "\u0643"),
    ("stray tatweel ـ is removed", r"\u0640", ""),
    # A single non-breaking space stays (between a number and its unit, say).
    ("two or more spaces, non-breaking (U+00A0) or not, become one space", r"[ \u00a0]{2,}", " "),
)
# re.sub reads backslashes in a replacement; the table's replacements are literal text.
_RULES = tuple((re.compile(pattern), replacement.replace("\\", r"\\")) for _, pattern, replacement in RULES)
_TAG = re.compile(r"(<[^>]*>)")
# A non-breaking space as HTML writes it (a browser's HTML, the editor's and nh3's, never
# has the character itself), so that the rules see it in a fragment's text.
_NBSP_REFERENCE = re.compile(r"&(?:nbsp|#0*160|#[xX]0*[aA]0);")


def house_rules(text: str) -> str:
    """Persian yeh and keheh folded to Arabic, stray tatweel removed, doubled spaces
    (non-breaking ones too) made one."""
    if not text:
        return text
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def house_rules_html(fragment: str) -> str:
    """``house_rules`` on the text of an HTML fragment, never inside its tags (URLs and
    attribute values are left as they are). A non-breaking space written ``&nbsp;`` (or
    ``&#160;``) counts as one."""
    if not fragment:
        return fragment
    return "".join(
        part if part.startswith("<") else house_rules(_NBSP_REFERENCE.sub("\u00a0", part))
        for part in _TAG.split(fragment)
    )
