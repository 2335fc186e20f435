"""Dates as the site writes them (core/dates.py, pure): the Umm al-Qura date on known days
of the Saudi calendar, in both languages, the digits of each side, and the next midnight."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.dates import (
    HIJRI_ERA,
    HIJRI_MONTHS,
    Digits,
    Language,
    hijri_date,
    hijri_of,
    language_of,
    next_midnight,
    with_digits,
    with_digits_in_text,
)

# Days the Umm al-Qura calendar starts a month on, as Saudi Arabia announced them.
KNOWN_DAYS = [
    (date(2023, 3, 23), (1444, 9, 1)),  # Ramadan 1444
    (date(2024, 3, 11), (1445, 9, 1)),  # Ramadan 1445
    (date(2024, 4, 10), (1445, 10, 1)),  # Eid al-Fitr 1445
    (date(2024, 7, 7), (1446, 1, 1)),  # the new year 1446
    (date(2025, 3, 1), (1446, 9, 1)),  # Ramadan 1446
    (date(2025, 3, 30), (1446, 10, 1)),  # Eid al-Fitr 1446
    (date(2026, 11, 24), (1448, 6, 14)),
]


@pytest.mark.parametrize(("day", "expected"), KNOWN_DAYS)
def test_known_days_of_the_umm_al_qura_calendar(day, expected):
    assert hijri_of(day) == expected


def test_the_hijri_date_in_arabic_with_either_digits():
    day = date(2026, 11, 24)
    assert hijri_date(day, Language.ARABIC) == "14 جمادى الآخرة 1448 هـ"
    assert hijri_date(day, Language.ARABIC, Digits.ARABIC_INDIC) == "١٤ جمادى الآخرة ١٤٤٨ هـ"


def test_the_hijri_date_in_english_is_transliterated():
    assert hijri_date(date(2024, 3, 11), Language.ENGLISH) == "1 Ramadan 1445 AH"
    assert hijri_date(date(2026, 11, 24), Language.ENGLISH) == "14 Jumada al-Akhirah 1448 AH"
    assert hijri_date(date(2024, 10, 5), Language.ENGLISH) == "2 Rabi’ al-Akhir 1446 AH"


def test_a_day_outside_the_table_has_no_hijri_date_rather_than_a_guess():
    assert hijri_of(date(1900, 1, 1)) is None
    assert hijri_date(date(2100, 1, 1), Language.ARABIC) == ""


def test_every_language_names_twelve_months_and_an_era():
    for language in Language:
        assert len(HIJRI_MONTHS[language]) == 12
        assert HIJRI_ERA[language]


def test_the_page_language_decides_how_dates_are_written():
    assert language_of("ar") is Language.ARABIC
    assert language_of("ar-eg") is Language.ARABIC
    assert language_of("en") is Language.ENGLISH
    assert language_of("fr") is Language.ENGLISH
    assert language_of(None) is Language.ENGLISH


def test_arabic_indic_digits():
    assert with_digits("29 نوفمبر 2026، 10:45", Digits.ARABIC_INDIC) == "٢٩ نوفمبر ٢٠٢٦، ١٠:٤٥"
    assert with_digits("29 November 2026", Digits.LATIN) == "29 November 2026"


def test_only_the_text_of_markup_changes_digits_never_its_attributes_or_references():
    html = (
        '<a href="?page=2" data-n="3">صفحة 2 من 5</a> &#39;7&#x27; <!-- 8 --> '
        '<time datetime="2026-11-29">29</time>'
    )
    assert with_digits_in_text(html, Digits.ARABIC_INDIC) == (
        '<a href="?page=2" data-n="3">صفحة ٢ من ٥</a> &#39;٧&#x27; <!-- 8 --> '
        '<time datetime="2026-11-29">٢٩</time>'
    )
    assert with_digits_in_text(html, Digits.LATIN) == html


def test_the_next_midnight_is_in_the_moment_s_own_time_zone():
    riyadh = ZoneInfo("Asia/Riyadh")
    late = datetime(2026, 11, 29, 23, 59, 30, tzinfo=riyadh)
    assert next_midnight(late) == datetime(2026, 11, 30, 0, 0, tzinfo=riyadh)
    assert next_midnight(datetime(2026, 12, 31, 0, 0, tzinfo=riyadh)) == datetime(2027, 1, 1, tzinfo=riyadh)
    # 21:00 UTC is already the next day in Riyadh (UTC+3): its midnight is a day later.
    assert next_midnight(
        datetime(2026, 11, 29, 21, 0, tzinfo=ZoneInfo("UTC")).astimezone(riyadh)
    ) == datetime(2026, 12, 1, tzinfo=riyadh)


def test_a_midnight_skipped_by_summer_time_is_the_start_of_the_new_day():
    # Santiago moved its clocks from 00:00 to 01:00 on 2024-09-08.
    santiago = ZoneInfo("America/Santiago")
    ends = next_midnight(datetime(2024, 9, 7, 22, 0, tzinfo=santiago))
    assert ends.timestamp() == datetime(2024, 9, 8, 1, 0, tzinfo=santiago).timestamp()
