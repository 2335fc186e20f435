from django import template

from comments.display import block_context

register = template.Library()


@register.inclusion_tag("comments/_block.html", takes_context=True)
def comments_block(context, article):
    """The comments under ``article``; a re-shown form (with errors) comes from the view."""
    request = context["request"]
    return {
        **block_context(request, article, context.get("comment_form"), context.get("comment_message", "")),
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
