"""What a comment's text says about it: links, domains, contact details, scripts.

Pure functions shared by the rules and the learned model. Text is folded with
``normalize_arabic`` first, so diacritics, tatweel, letter variants and Arabic-Indic
digits cannot hide a word, a number or a domain.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from core.text import normalize_arabic

# Zero-width and bidi controls are used to split words invisibly ("via\u200bgra").
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c]")
# "example[.]com", "example (.) com", "example . com", "example dot com" → "example.com".
_OBFUSCATED_DOT = re.compile(r"\s*(?:\[\.\]|\(\.\)|\{\.\}|\s\.\s|\s+dot\s+|\s+نقطه\s+)\s*", re.IGNORECASE)
_SCHEME_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»]+", re.IGNORECASE)
# Bare domains: only common spam TLDs, so "e.g." or "3.5" or "U.S." never count as links.
_TLDS = (
    "com|net|org|info|biz|io|co|me|ly|xyz|top|site|online|shop|store|club|live|link|click|"
    "ru|cn|tk|ml|ga|cf|gq|pw|cc|ws|tv|in|us|uk|de|fr|sa|ae|eg|kw|qa|om|bh|jo|lb|ma|dz|tn|iq|sy|ps|ye|sd|ir|tr"
)
_BARE_DOMAIN = re.compile(
    rf"(?<![\w@.])((?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:{_TLDS}))(?![\w.-]*@)(?:/[^\s]*)?\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Eight or more digits, allowing the spaces, dots and dashes people put in phone numbers.
_PHONE = re.compile(r"(?<!\d)(?:\+|00)?\d(?:[\s.\-()]{0,2}\d){7,14}(?!\d)")
# Dates ("2024-01-15", "15.01.2024"), season spans ("2023-2024") and amounts with dotted
# thousands ("12.500.000") have eight digits and phone separators, so news-style comments
# were held as contact spam. They are blanked before phones are looked for.
_NOT_PHONE = re.compile(
    r"(?<![\d+])(?:\d{4}([-./])\d{1,2}\1\d{1,2}|\d{1,2}([-./])\d{1,2}\2\d{4}"
    r"|(?:19|20)\d{2}\s?[-–]\s?(?:19|20)\d{2}|\d{1,3}(?:\.\d{3}){2,})(?!\d)"
)
_HANDLE = re.compile(r"(?<![\w.])@[a-z0-9_]{3,32}\b", re.IGNORECASE)
# Messaging apps by name, in Latin and in the Arabic spellings spammers use (folded form).
_MESSENGER = re.compile(
    # "whats"/"wats" and "التلي" are bounded: unbounded, they matched "whatsoever", "Watson",
    # "التليفزيون" and "التليفون", and held ordinary comments as contact spam.
    r"whats\s?app|\bwh?ats\b|wa\.me|watsap|telegram|t\.me|viber|snap\s?chat|"
    r"واتس\s?اب|واتساب|وتساب|واتس|الواتس|تلغرام|تليغرام|تليجرام|تلجرام|التلي(?!\w)|سناب|فايبر",
    re.IGNORECASE,
)
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_WORD = re.compile(r"\w+")


# Persian yeh and keheh look like Arabic yaa and kaf, so "کازینو" passed a "كازينو" entry.
# Folded here rather than in normalize_arabic, which search and the recommender share.
_PERSIAN_LOOKALIKES = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})


def fold(text: str) -> str:
    """The comparable form of ``text``: invisible characters dropped, Arabic folded."""
    return normalize_arabic(_INVISIBLE.sub("", text)).translate(_PERSIAN_LOOKALIKES)


def _host(url: str) -> str:
    if "://" not in url:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


@dataclass(frozen=True)
class TextFacts:
    """Everything the rules and the model read from one comment's fields."""

    text: str
    author_name: str = ""
    author_url: str = ""
    author_email: str = ""

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def _undotted(self) -> str:
        return _OBFUSCATED_DOT.sub(".", self.folded)

    @cached_property
    def urls(self) -> list[str]:
        """Links in the text: with a scheme, starting www., or bare domains."""
        text = self._undotted
        found = _SCHEME_URL.findall(text)
        stripped = _SCHEME_URL.sub(" ", _EMAIL.sub(" ", text))
        found += [m.group(0) for m in _BARE_DOMAIN.finditer(stripped)]
        return found

    @property
    def link_count(self) -> int:
        """Links in the text, plus one for the website field, as WordPress counts them."""
        return len(self.urls) + (1 if self.author_url.strip() else 0)

    @cached_property
    def domains(self) -> set[str]:
        hosts = {_host(url) for url in self.urls}
        if self.author_url.strip():
            hosts.add(_host(self.author_url.strip().casefold()))
        hosts.update(email.rsplit("@", 1)[1] for email in _EMAIL.findall(self._undotted))
        if "@" in self.author_email:
            hosts.add(self.author_email.rsplit("@", 1)[1].strip().casefold())
        return {host for host in hosts if host}

    @cached_property
    def phone_numbers(self) -> list[str]:
        without_links = _NOT_PHONE.sub(" ", _SCHEME_URL.sub(" ", self.folded))
        return [re.sub(r"\D", "", m) for m in _PHONE.findall(without_links)]

    @cached_property
    def messengers(self) -> list[str]:
        return [m.group(0) for m in _MESSENGER.finditer(self._undotted)] + _HANDLE.findall(self.folded)

    @cached_property
    def scripts(self) -> dict[str, int]:
        """How many Arabic, Latin and other letters the text has."""
        letters = [c for c in _SCHEME_URL.sub(" ", self.text) if c.isalpha()]
        arabic = sum(1 for c in letters if _ARABIC_LETTER.match(c))
        latin = sum(1 for c in letters if _LATIN_LETTER.match(c))
        return {"arabic": arabic, "latin": latin, "other": len(letters) - arabic - latin}

    @cached_property
    def words(self) -> list[str]:
        return _WORD.findall(self.folded)


def squeeze(text: str) -> str:
    """Letters and digits only: the form in which spaced-out words are compared."""
    return "".join(_WORD.findall(fold(text))).replace("_", "")


def text_key(text: str) -> str:
    """A fixed-length key for 'the same text', stored on comments and examples; empty
    for text with no letters or digits. Here, not with the model: the comment form
    needs it, and the web process should not load scikit-learn."""
    squeezed = squeeze(text)
    return hashlib.sha256(squeezed.encode()).hexdigest() if squeezed else ""
