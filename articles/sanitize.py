"""The one place that decides which HTML an article body may carry."""

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "blockquote", "img",
    "figure", "figcaption", "strong", "em", "b", "i",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """Keep paragraphs, headings, lists, links, quotes and images; drop everything else.

    Links get ``rel="noopener noreferrer"``; scripts, styles, event handlers and
    ``javascript:`` URLs never survive.
    """
    if not html:
        return html
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
