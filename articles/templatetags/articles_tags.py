from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi

from articles import keys
from articles.media import library as media
from articles.media.library import body_picture, images_in_body
from articles.models import Image, Section
from articles.reader import cards, page
from articles.reader.body import render_body
from core.pagecache import fragment

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


@register.filter
def reader_body(article):
    """The article's body as readers get it (``articles.reader.body``): embeds as placeholders,
    library images as responsive pictures, Latin runs in Arabic text isolated."""
    images = Image.objects.in_bulk(images_in_body(article.body))
    # Sanitised when saved; what render_body adds is our own escaped markup.
    return mark_safe(render_body(article.body, get_language_bidi(), picture=body_picture(images)))


@register.simple_tag
def picture(image, shape, sizes, lazy=True, css_class=""):
    """``{% picture article.image "16:9" "100vw" lazy=False %}``: see ``articles.media.library.picture``."""
    return media.picture(image, shape, sizes, lazy=lazy, css_class=css_class)


@register.simple_tag
def card_picture(article, role):
    """``{% card_picture article "lead" %}``: the picture of a story's card in its role, sized
    for the card's box (``articles.reader.cards``)."""
    return cards.card_picture(article, role)


@register.simple_tag
def og_image(image):
    """(url, width, height) of the picture link previews show, or None."""
    return media.og_image(image)


@register.simple_tag(takes_context=True)
def page_blocks(context, article, place):
    """``{% page_blocks article "end" %}``: the blocks other apps registered for that place
    of the article page (``articles.reader.page``), comments among them."""
    return page.render_blocks(context, article, place)
