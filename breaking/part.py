"""The alert as readers see it: the edge part ``breaking`` (``core.edge``), at the top of
every page, in the page's language."""

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.reader.body import isolate_latin_runs
from core.edge import Part

from .alerts import shown_alert
from .keys import ALERT


def alert_part() -> Part:
    """The newest live alert of the active language, fresh until it ends; nothing when
    there is none (a post or a withdrawal invalidates ``ALERT``)."""
    language = get_language()
    alert = shown_alert(language)
    if alert is None:
        return Part("", keys=(ALERT,))
    # A Latin name in an Arabic line keeps its own order (``<bdi>``); the text is escaped first.
    text = mark_safe(isolate_latin_runs(escape(alert.text_in(language))))
    html = render_to_string("breaking/_alert.html", {"alert": alert, "text": text})
    return Part(html, keys=(ALERT,), until=alert.expires_at)
