"""``{% site_links %}``: the footer's links (``core.site_links``), on every page.

The footer is one fragment per language, shared by every stored page and depending only on
the keys its links show: renaming a page reaches every page's footer on the next request,
as a new section reaches the sections' menu, and a change to a page's text re-renders no
other page.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from core.pagecache import fragment
from core.site_links import SiteLink, footer_links

register = template.Library()


def links_html(links: list[SiteLink], current: str = "") -> str:
    if not links:
        return ""
    items = format_html_join(
        "\n",
        '<li><a href="{}"{}>{}</a></li>',
        (
            (link.url, mark_safe(' aria-current="page"') if link.url == current else "", link.text)
            for link in links
        ),
    )
    return format_html(
        '<nav class="site-links" aria-label="{}">\n<ul>\n{}\n</ul>\n</nav>', gettext("About the site"), items
    )


@register.simple_tag(takes_context=True)
def site_links(context, current: str = "") -> SafeString:
    """The footer's links in the active language; ``current``: the address of the page being
    shown, when it is one of them (marked for screen readers)."""
    request = context.get("request")

    def render() -> tuple[str, list[str]]:
        links, keys = footer_links()
        return links_html(links, current), keys

    if request is None:  # the error pages are rendered without one
        return mark_safe(render()[0])
    return fragment(request, f"site-links|{get_language()}|{current}", render)
