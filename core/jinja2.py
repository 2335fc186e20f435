"""The Jinja2 environment for the few templates that render many times per page.

Django's template language stays the default. Jinja2 compiles a template to Python, so
a loop over fifty comments costs a fraction of fifty ``{% include %}`` renders.
Translations come from Django's catalogues (``{{ _("…") }}`` is also what
``makemessages`` extracts), and dates are formatted as Django's ``date`` filter
formats them, in the active language and time zone, with the reader's digits
(``core.templatetags.dates``).
"""

import functools

from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from django.utils.timezone import template_localtime
from jinja2 import Environment

from .dates import Digits, with_digits
from .templatetags.dates import reader_digits


def _date(value, format_string=None):
    language = translation.get_language()
    zone = timezone.get_current_timezone_name()
    return _formatted(value, format_string, language, zone, reader_digits(language))


@functools.lru_cache(maxsize=8192)
def _formatted(value, format_string, language, zone, digits: Digits) -> str:
    """A page shows the same comments' dates over and over: each is formatted once per
    language, time zone and digits (the arguments besides ``value`` are the cache's key)."""
    local = template_localtime(value)
    if format_string == "c":  # ISO 8601 to the second (HTML allows 3 fraction digits at most)
        return local.isoformat(timespec="seconds")
    return with_digits(date_filter(local, format_string), digits)


def environment(**options) -> Environment:
    options.pop("autoescape", None)  # Django's backend asks for it too; never let it be off
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_translations(translation, newstyle=True)
    env.filters["date"] = _date
    return env
