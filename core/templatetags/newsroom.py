from django import template
from django.utils.translation import get_language, get_language_info

from core import edge
from core.text import cut_at_word, html_to_text

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` or None, for dictionaries keyed by a variable."""
    return mapping.get(key) if mapping else None


@register.filter
def excerpt(article, length=140):
    """The start of an article's body as plain text, cut at a word and ended with «…»."""
    return cut_at_word(html_to_text(article.body), int(length))


@register.filter
def summary(article, length=200):
    """The standfirst, or the start of the body when there is none."""
    return cut_at_word(article.standfirst, int(length)) if article.standfirst else excerpt(article, length)


@register.simple_tag
def text_direction(language=None):
    language = language or get_language()
    return "rtl" if get_language_info(language)["bidi"] else "ltr"


@register.simple_tag
def edge_include(name):
    """Where the part ``name`` (``core.edge``: the «عاجل» alert) goes: the same bytes in
    every stored page whatever the part shows now; Varnish or the page cache puts it in."""
    return edge.include(name)
