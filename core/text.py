"""Arabic-aware text normalisation shared by search, the recommender and moderation.

Pure functions: no Django, no I/O.
"""

import re
import unicodedata

# Harakat, tanween, shadda, sukun, superscript alef and Quranic marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_VARIANTS = {
    "\u0622": "\u0627",  # آ → ا
    "\u0623": "\u0627",  # أ → ا
    "\u0625": "\u0627",  # إ → ا
    "\u0671": "\u0627",  # ٱ → ا
    "\u0649": "\u064a",  # ى → ي
}
_TAA_MARBUTA = {"\u0629": "\u0647"}  # ة → ه
_LETTER_VARIANTS = str.maketrans({**_VARIANTS, **_TAA_MARBUTA})
_VARIANTS_BUT_TAA_MARBUTA = str.maketrans(_VARIANTS)
TAA_MARBUTA = str.maketrans(_TAA_MARBUTA)
# Arabic-Indic and extended (Persian) digits → ASCII digits.
_DIGITS = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
)
_WHITESPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")


def normalize_arabic(text: str, fold_taa_marbuta: bool = True) -> str:
    """Fold the spelling variants Arabic readers treat as the same word.

    Removes diacritics and tatweel, unifies alef/yaa/taa-marbuta/hamza-seat forms,
    maps Arabic-Indic digits to ASCII, lower-cases Latin and collapses whitespace.
    With ``fold_taa_marbuta=False``, «ة» is kept (a stemmer needs it to recognise a
    word's ending); fold the stems with ``TAA_MARBUTA`` afterwards.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_LETTER_VARIANTS if fold_taa_marbuta else _VARIANTS_BUT_TAA_MARBUTA)
    text = text.translate(_DIGITS)
    return _WHITESPACE.sub(" ", text).strip().casefold()


def html_to_text(html: str) -> str:
    """Plain text of a sanitised HTML fragment, with block boundaries kept as spaces."""
    from html import unescape

    return _WHITESPACE.sub(" ", unescape(_TAG.sub(" ", html or ""))).strip()


def cut_at_word(text: str, limit: int, ellipsis: str = " …") -> str:
    """Shorten ``text`` to at most ``limit`` characters, cutting between words."""
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > 0 else text[:limit]
    return cut.rstrip(" ،,.؛;:") + ellipsis
