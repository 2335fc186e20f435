from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from core.pagecache import fragment

from .. import cache_keys as keys
from ..models import Section

register = template.Library()


@register.simple_tag(takes_context=True)
def sections_nav(context, current=None):
    """The sections' menu, on every page; kept as a fragment until a section changes."""
    request = context.get("request")
    current_pk = getattr(current, "pk", None)

    def render():
        html = render_to_string(
            "articles/_sections_nav.html",
            {"nav_sections": Section.objects.with_live_articles(), "current": current_pk},
            request,
        )
        return html, (keys.SECTIONS,)

    if request is None:
        return render()[0]
    return fragment(request, f"sections-nav|{get_language()}|{current_pk or ''}", render)
