"""Error pages in the reader's language.

They are rendered without the request, so no context processor runs: the 500 page
is shown when the database may be down, and neither page may leak request data.
"""

import logging

from django.http import HttpResponseBadRequest, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_bidi, gettext, gettext_noop

from .site import site_name

logger = logging.getLogger(__name__)

_BARE_PAGE = (
    '<!DOCTYPE html>\n<html lang="{}" dir="{}"><head><meta charset="utf-8"><title>{}</title></head>'
    '<body><h1>{}</h1><p><a href="/">{}</a></p></body></html>\n'
)


def _render(template_name: str, heading: str) -> str:
    try:
        return loader.render_to_string(template_name, {"site_name": site_name()})
    except Exception:
        # An error page that fails (a missing template, static manifest or URL) must
        # still answer with something readable instead of turning into another error.
        logger.exception("Could not render the %s error page", template_name)
        heading = gettext(heading)
        return format_html(
            _BARE_PAGE,
            get_language(),
            "rtl" if get_language_bidi() else "ltr",
            heading,
            heading,
            gettext("Home"),
        )


def bad_request(request, exception):
    """Oversized or malformed requests (e.g. a comment body over the upload limit)."""
    return HttpResponseBadRequest(_render("400.html", gettext_noop("Request not accepted")))


def page_not_found(request, exception):
    return HttpResponseNotFound(_render("404.html", gettext_noop("Page not found")))


def server_error(request):
    return HttpResponseServerError(_render("500.html", gettext_noop("Server error")))
