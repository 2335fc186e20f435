"""Dates and counts as readers see them (``{% load dates %}``), in the active language, the
site's time zone and the digits of the reader's side (``NEWSROOM_ARABIC_INDIC_DIGITS``).

- ``{{ value|digits }}``: a count or a written date in those digits.
- ``{% digits %}…{% enddigits %}``: the same for the text of a block (a translated
  sentence with its count), never its markup: links, ``datetime`` and other attributes keep
  their ASCII digits.
- ``{{ value|hijri }}``: the Umm al-Qura date of a day or a moment.
- ``{% moment value %}``: ``<time datetime>`` with the moment written out and its Hijri date
  beside it; static/js/times.js adds "2 hours ago", so that the page itself stays the same
  bytes for every reader at any time (it is shared by the caches).
- ``{% dateline %}``: today, in the header; the page is not kept past midnight.
"""

from datetime import date, datetime

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language

from core import dates
from core.pagecache import valid_until

register = template.Library()


def reader_digits(language: str | None = None) -> dates.Digits:
    """Arabic-Indic digits on the Arabic side when the site asks for them; Latin otherwise."""
    arabic = dates.language_of(language or get_language()) is dates.Language.ARABIC
    return dates.Digits.ARABIC_INDIC if arabic and settings.ARABIC_INDIC_DIGITS else dates.Digits.LATIN


def _local_day(value: date | datetime) -> date:
    """The day ``value`` falls on in the site's time zone."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def digits(value) -> str:
    """``{{ comment_count|digits }}``: the number, or the written date, in the reader's digits."""
    written = dates.with_digits(str(value), reader_digits())
    return mark_safe(written) if isinstance(value, SafeData) else written  # digits add no markup


@register.filter
def hijri(value: date | datetime | None) -> str:
    """«١٩ جمادى الآخرة ١٤٤٨ هـ» / "19 Jumada al-Akhirah 1448 AH"; empty for no date, or one
    outside the Umm al-Qura table."""
    if not value:
        return ""
    language = get_language()
    return dates.hijri_date(_local_day(value), dates.language_of(language), reader_digits(language))


@register.simple_tag
def moment(value: datetime | None, format_name: str = "DATETIME_FORMAT", *, hijri_date=True, relative=True):
    """``{% moment article.published_at %}``: the moment as a ``<time>`` whose ``datetime`` is
    the exact moment (ISO 8601, ASCII digits: for machines) and whose text is the moment
    written out in the reader's language and digits; the Hijri date beside it. With
    ``relative``, the time script adds how long ago it was."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    written = format_html(
        '<time datetime="{}"{}>{}</time>',
        local.isoformat(timespec="seconds"),
        format_html(' data-relative="{}"', reader_digits()) if relative else "",
        digits(date_format(local, format_name)),
    )
    beside = hijri(local) if hijri_date else ""
    if not beside:
        return format_html('<span class="moment">{}</span>', written)
    return format_html(
        '<span class="moment">{} <span class="moment__hijri">{}</span></span>', written, beside
    )


@register.simple_tag(takes_context=True)
def dateline(context) -> SafeString:
    """Today in the site's time zone, Gregorian and Hijri: the day the page was rendered.
    A shared page showing it is kept and shared until midnight at most (``valid_until``),
    so no reader is shown yesterday's date from a cache."""
    now = timezone.localtime()
    request = context.get("request")
    if request is not None:
        valid_until(request, dates.next_midnight(now))
    today = now.date()
    return format_html(
        '<p class="dateline"><time datetime="{}">{}</time> <span class="dateline__hijri">{}</span></p>',
        today.isoformat(),
        digits(date_format(today, "l j F Y")),
        hijri(today),
    )


class DigitsNode(template.Node):
    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist

    def render(self, context) -> str:
        rendered = self.nodelist.render(context)
        # What the block rendered is escaped HTML already; only its text's digits change.
        return mark_safe(dates.with_digits_in_text(rendered, reader_digits()))


@register.tag(name="digits")
def digits_block(parser, token) -> DigitsNode:
    """``{% digits %}{% blocktranslate count counter=n %}…{% enddigits %}``: the counts and
    dates in the block's text written in the reader's digits, its markup left alone."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("'digits' takes no arguments")
    nodelist = parser.parse(("enddigits",))
    parser.delete_first_token()
    return DigitsNode(nodelist)
