"""The one place that decides which HTML an article body may carry.

It is the editor's schema (``articles/desk/editor.py``) in nh3's terms: what the editor writes
is kept as it is, and anything else (pasted, imported, typed by hand) is cut down to it.
"""

import nh3

BLOCK_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr", "figure", "figcaption"}
TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}
INLINE_TAGS = {"br", "a", "strong", "em", "b", "i", "img", "bdi", "span"}
ALLOWED_TAGS = BLOCK_TAGS | TABLE_TAGS | INLINE_TAGS
# A paragraph, heading, quote, list item or cell may say its direction (an English
# quotation in an Arabic story); a span or quote its language.
_DIRECTED = {"p", "h2", "h3", "h4", "blockquote", "li", "td", "th", "figcaption"}
ALLOWED_ATTRIBUTES = {
    **{tag: {"dir"} for tag in _DIRECTED},
    "a": {"href", "title"},
    # data-file: the media library's id of an image placed in the text.
    "img": {"src", "alt", "width", "height", "data-file"},
    "blockquote": {"cite", "dir", "lang"},
    "span": {"lang", "dir"},
    "bdi": {"dir"},
    "ol": {"start"},
    "td": {"dir", "colspan", "rowspan"},
    "th": {"dir", "colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}
DIRECTIONS = {"rtl", "ltr", "auto"}


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "dir" and value.lower() not in DIRECTIONS:
        return None
    if attribute in {"colspan", "rowspan", "start", "width", "height", "data-file"} and not value.isdigit():
        return None
    return value


def sanitize_html(html: str) -> str:
    """Keep paragraphs, headings, lists, quotes, tables, rules, links, images and their
    directions; drop everything else.

    Links get ``rel="noopener noreferrer"``; scripts, styles, event handlers and
    ``javascript:`` URLs never survive.
    """
    if not html:
        return html
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
