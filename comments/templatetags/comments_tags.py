from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from comments.display import block_context

register = template.Library()


@register.inclusion_tag("comments/_block.html", takes_context=True)
def comments_block(context, article):
    """The comments under ``article``; a re-shown form (with errors) comes from the view."""
    request = context["request"]
    block = block_context(request, article, context.get("comment_form"), context.get("comment_message", ""))
    threads = {"threads": block["threads"], "comments_are_open": block["comments_are_open"]}
    return {
        **block,
        # Jinja2 escaped every value it put in; its output is markup.
        "threads_html": mark_safe(render_to_string("comments/_threads.html", threads, using="jinja2")),
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
