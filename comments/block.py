"""The comment block at the end of the article page: the approved comments and the form."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from comments.cache_keys import comments_key
from comments.display import comments_open, form_context, list_context
from core.pagecache import depends_on, fragment
from core.site import canonical_origin


def comments_block(context, article):
    """The comments under ``article`` and the form: the article page's block, registered
    with ``articles.reader.page`` from ``CommentsConfig.ready``.

    On a page shared by every reader the list of comments is a fragment, re-used until a
    comment on this article is approved, edited or removed (and kept apart for an article
    open or closed to comments, whose threads have reply links or not). A commenter's own
    page, with their pending comment, is rendered for them alone. The form costs no query.
    """
    request = context["request"]
    form, message = context.get("comment_form"), context.get("comment_message", "")
    is_open = comments_open(article)

    def render_list():
        shown = list_context(request, article, is_open)
        threads = {"threads": shown["threads"], "comments_are_open": is_open}
        threads_html = render_to_string("comments/_threads.html", threads, using="jinja2")
        # Jinja2 escaped every value it put in; its output is markup.
        shown["threads_html"] = mark_safe(threads_html)
        return render_to_string("comments/_list.html", shown, request), (comments_key(article.pk),)

    if getattr(request, "shareable", False):
        page = request.GET.get("cpage", "")
        origin = canonical_origin(request)  # one copy per origin, never per spelling of a host
        name = f"comments|{origin}|{get_language()}|{article.pk}|{page}|{int(is_open)}"
        list_html = fragment(request, name, render_list)
    else:
        list_html, keys = render_list()
        depends_on(request, *keys)
    form_part = form_context(request, article, is_open, form, message)
    html = render_to_string(
        "comments/_block.html",
        {**form_part, "list_html": mark_safe(list_html), "LANGUAGE_CODE": context.get("LANGUAGE_CODE")},
        request,
    )
    return mark_safe(html)
