"""The page behind the link in the confirmation mail (``addresses``)."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .addresses import confirm_address, read_token
from .sender import remember_sender

TEMPLATE = "comments/confirm_address.html"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    """GET asks; only POST (from the button, with its CSRF token) confirms.

    Mail scanners and link previews fetch every URL in a message: a GET that confirmed
    would confirm addresses whose owners never clicked, which is the very thing double
    opt-in is there to prevent. The browser that presses the button keeps the key that
    proves its later comments with this address (``sender``).
    """
    comment_id = read_token(token)
    if comment_id is None:
        return render(request, TEMPLATE, {"state": "invalid"}, status=400)
    if request.method == "POST":
        email_hash = confirm_address(comment_id)
        if email_hash is None:
            return render(request, TEMPLATE, {"state": "invalid"}, status=400)
        response = render(request, TEMPLATE, {"state": "done"})
        remember_sender(response, email_hash)
        return response
    return render(request, TEMPLATE, {"state": "confirm"})
