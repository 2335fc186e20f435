"""A layout previewed as readers will see it, for the editors who arrange fronts."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from articles.reader.views import render_home, render_section
from core.twofactor import second_factor_required

from .arranging import ARRANGE
from .current import arrangement_of
from .models import Layout


@staff_member_required
@second_factor_required
@require_safe
def preview(request, pk):
    """The home page or the section front that ``pk``'s layout makes, at the moment it goes
    live (now, for one that is live or a draft), in the language of the address. Never
    stored by any cache, never indexed."""
    if not request.user.has_perm(ARRANGE):
        raise Http404
    layout = get_object_or_404(Layout.objects.select_related("section"), pk=pk)
    now = timezone.now()
    at = max(now, layout.live_from) if layout.live_from else now
    extra = {"preview_banner": _banner(layout, at, now)}
    if layout.section is None:
        response = render_home(request, arrangement_of(layout), now=at, extra=extra)
    else:
        response = render_section(request, layout.section, arrangement_of(layout), now=at, extra=extra)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def _banner(layout: Layout, at, now) -> str:
    title = format_html("<bdi>{}</bdi>", layout.title)
    if at > now:
        words = gettext("Preview of the layout «%(title)s», as readers will see it from %(time)s.")
        shown = {"title": title, "time": escape(date_format(timezone.localtime(at), "DATETIME_FORMAT"))}
    else:
        words = gettext("Preview of the layout «%(title)s», as readers would see it now.")
        shown = {"title": title}
    # The sentence is escaped; what goes into it is markup escaped above.
    return mark_safe(escape(words) % shown)
