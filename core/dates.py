"""Dates as the site writes them: the Umm al-Qura (Hijri) date beside the Gregorian one,
the digits of the reader's side, and when the day ends.

Pure: no Django, no settings, no request. The language and the digits are arguments, so
the formatting is tested on known days of the Umm al-Qura table (core/tests/test_dates.py);
``core.templatetags.dates`` gives it the active language, the setting and the time zone.

The conversion is hijridate's (the Umm al-Qura tables of the Saudi calendar, 1343–1500 AH,
1924–2077 CE); outside that range there is no Hijri date to show, never a guessed one.
"""

import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from hijridate import Gregorian


class Language(StrEnum):
    """The languages dates are written in; any other is written as English."""

    ARABIC = "ar"
    ENGLISH = "en"


class Digits(StrEnum):
    """How numbers are written, named as Unicode's locale extension names them (``-u-nu-``),
    which the time script (static/js/times.js) hands to the browser as they are."""

    LATIN = "latn"  # 0123456789
    ARABIC_INDIC = "arab"  # ٠١٢٣٤٥٦٧٨٩


HIJRI_MONTHS: dict[Language, tuple[str, ...]] = {
    # As the Umm al-Qura calendar names them («ربيع الآخر», «جمادى الآخرة»).
    Language.ARABIC: (
        "محرم",
        "صفر",
        "ربيع الأول",
        "ربيع الآخر",
        "جمادى الأولى",
        "جمادى الآخرة",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذو الحجة",
    ),
    # Transliterated, as English-language newspapers of the Gulf print them.
    Language.ENGLISH: (
        "Muharram",
        "Safar",
        "Rabi’ al-Awwal",
        "Rabi’ al-Akhir",
        "Jumada al-Ula",
        "Jumada al-Akhirah",
        "Rajab",
        "Sha’ban",
        "Ramadan",
        "Shawwal",
        "Dhu al-Qa’dah",
        "Dhu al-Hijjah",
    ),
}

# The era after the year: «هـ» (hijriyya), AH (anno Hegirae).
HIJRI_ERA: dict[Language, str] = {Language.ARABIC: "هـ", Language.ENGLISH: "AH"}

_DIGITS: dict[Digits, dict[int, str]] = {
    Digits.LATIN: {},
    Digits.ARABIC_INDIC: str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
}


def language_of(code: str | None) -> Language:
    """The language a page in ``code`` (``ar``, ``en``, ``ar-eg``) writes dates in."""
    base = (code or "").split("-")[0].lower()
    return Language.ARABIC if base == Language.ARABIC else Language.ENGLISH


def with_digits(text: str, digits: Digits) -> str:
    """``text`` with its ASCII digits written in ``digits``."""
    return text.translate(_DIGITS[digits])


# A tag, a comment or a character reference (``&#39;``): left as they are, so that attributes
# (links, ``datetime``) and the references' own digits are never changed.
_MARKUP = re.compile(r"(<!--.*?-->|<[^>]*>|&#?[0-9A-Za-z]+;)", re.DOTALL)


def with_digits_in_text(html: str, digits: Digits) -> str:
    """The HTML ``html`` with the digits of its text, and only its text, in ``digits``."""
    if digits is Digits.LATIN:
        return html
    parts = _MARKUP.split(html)
    # split() with one group alternates text (even indexes) and markup (odd ones).
    return "".join(part if index % 2 else with_digits(part, digits) for index, part in enumerate(parts))


def hijri_of(day: date) -> tuple[int, int, int] | None:
    """(year, month, day) of ``day`` in the Umm al-Qura calendar; None outside its table."""
    try:
        converted = Gregorian.fromdate(day).to_hijri()
    except OverflowError:
        return None
    return converted.year, converted.month, converted.day


def hijri_date(day: date, language: Language, digits: Digits = Digits.LATIN) -> str:
    """«١٤ جمادى الآخرة ١٤٤٨ هـ», "14 Jumada al-Akhirah 1448 AH"; empty outside the table."""
    found = hijri_of(day)
    if found is None:
        return ""
    year, month, number = found
    written = f"{number} {HIJRI_MONTHS[language][month - 1]} {year} {HIJRI_ERA[language]}"
    return with_digits(written, digits)


def next_midnight(moment: datetime) -> datetime:
    """The start of the day after ``moment``'s, in ``moment``'s own time zone."""
    following = moment.date() + timedelta(days=1)
    # Where a zone skips midnight (a summer-time change at 00:00), this is the skipped
    # instant, which is also when the new day starts.
    return datetime.combine(following, time(0), tzinfo=moment.tzinfo)
