"""The dates template library (core/templatetags/dates.py): the active language, the site's
time zone and the digits setting applied to what templates write, never to their markup."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation


def render(source: str, language: str = "ar", **context) -> str:
    with translation.override(language):
        return Template("{% load dates %}" + source).render(Context(context))


# 2026-11-24 21:30 UTC is already the 25th in Riyadh (UTC+3): 15 Jumada al-Akhirah 1448.
LATE_EVENING_UTC = datetime(2026, 11, 24, 21, 30, tzinfo=UTC)


@pytest.fixture
def riyadh(settings):
    settings.TIME_ZONE = "Asia/Riyadh"
    with timezone.override("Asia/Riyadh"):
        yield


def test_counts_keep_latin_digits_unless_the_site_asks(settings):
    settings.ARABIC_INDIC_DIGITS = False
    assert render("{{ n|digits }}", n=1448) == "1448"
    settings.ARABIC_INDIC_DIGITS = True
    assert render("{{ n|digits }}", n=1448) == "١٤٤٨"
    assert render("{{ n|digits }}", "en", n=1448) == "1448"  # the English side keeps its own


def test_the_hijri_date_is_the_day_in_the_site_s_time_zone(riyadh, settings):
    settings.ARABIC_INDIC_DIGITS = False
    assert render("{{ moment|hijri }}", moment=LATE_EVENING_UTC) == "15 جمادى الآخرة 1448 هـ"
    assert render("{{ moment|hijri }}", "en", moment=LATE_EVENING_UTC) == "15 Jumada al-Akhirah 1448 AH"
    settings.ARABIC_INDIC_DIGITS = True
    assert render("{{ moment|hijri }}", moment=LATE_EVENING_UTC) == "١٥ جمادى الآخرة ١٤٤٨ هـ"


def test_a_moment_is_a_time_element_with_the_exact_moment_for_machines(riyadh, settings):
    settings.ARABIC_INDIC_DIGITS = True
    html = render("{% moment when %}", when=LATE_EVENING_UTC)
    assert html == (
        '<span class="moment"><time datetime="2026-11-25T00:30:00+03:00" data-relative="arab">'
        "٢٥ نوفمبر ٢٠٢٦، ٠٠:٣٠</time> "
        '<span class="moment__hijri">١٥ جمادى الآخرة ١٤٤٨ هـ</span></span>'
    )
    english = render("{% moment when %}", "en", when=LATE_EVENING_UTC)
    assert (
        'datetime="2026-11-25T00:30:00+03:00" data-relative="latn">25 November 2026, 00:30</time>' in english
    )
    assert "15 Jumada al-Akhirah 1448 AH" in english
    plain = render("{% moment when hijri_date=False relative=False %}", when=LATE_EVENING_UTC)
    assert plain == (
        '<span class="moment"><time datetime="2026-11-25T00:30:00+03:00">٢٥ نوفمبر ٢٠٢٦، ٠٠:٣٠</time></span>'
    )


def test_the_digits_block_changes_text_never_links_or_attributes(settings):
    settings.ARABIC_INDIC_DIGITS = True
    html = render(
        '{% digits %}<a href="?page={{ n }}" data-n="{{ n }}">صفحة {{ n }} من 12</a>{% enddigits %}', n=2
    )
    assert html == '<a href="?page=2" data-n="2">صفحة ٢ من ١٢</a>'
    assert render("{% digits %}صفحة {{ n }}{% enddigits %}", "en", n=2) == "صفحة 2"


def test_the_dateline_shows_today_and_keeps_shared_pages_until_midnight(riyadh, settings, clock):
    settings.ARABIC_INDIC_DIGITS = False
    # Moved to 23:59:30 in Riyadh today.
    now = timezone.localtime()
    clock.advance((now.replace(hour=23, minute=59, second=30) - now).total_seconds())
    request = RequestFactory().get("/ar/")
    with translation.override("ar"):
        html = Template("{% load dates %}{% dateline %}").render(Context({"request": request}))
    today = timezone.localdate()
    assert f'<time datetime="{today.isoformat()}">' in html
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    assert request.cache_fresh_until == midnight.timestamp()
