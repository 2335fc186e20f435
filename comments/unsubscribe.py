"""One-click opt-out from reply emails, authorised by a signed token in the link.

The token only names a comment; it carries no email address, so a forwarded or
logged link reveals nothing about the reader. It does not expire: an old email's
link must keep working for as long as the reader may still get replies.
"""

import logging

from django.conf import settings
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.mail import read_link_token, sign_link_token

from .models import Comment

logger = logging.getLogger(__name__)

SALT = "comments.unsubscribe"
TEMPLATE = "comments/unsubscribed.html"


def make_token(comment_id: int) -> str:
    return sign_link_token(comment_id, SALT)


def read_token(token: str) -> int | None:
    """The comment id a token was signed for, or None if it was altered or is not ours."""
    return read_link_token(token, SALT)


def unsubscribe_path(comment_id: int) -> str:
    """The opt-out address in the site's default language, the language of the email."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("comments:unsubscribe", kwargs={"token": make_token(comment_id)})


def stop_reply_emails(comment_id: int) -> int:
    """Turn reply emails off for this comment and every other one from the same address.

    The reader asked to stop receiving replies, not to stop them for one thread only.
    Comments without an email hash (publication replies) are matched by id alone, so
    that an empty hash never switches off everyone else's.
    """
    email_hash = Comment.objects.filter(pk=comment_id).values_list("email_hash", flat=True).first()
    if email_hash is None:
        return 0
    targets = (Q(pk=comment_id) | Q(email_hash=email_hash)) if email_hash else Q(pk=comment_id)
    count = Comment.objects.filter(targets, notify_replies=True).update(notify_replies=False)
    logger.info("Reply emails turned off for %d comments (link of comment %s)", count, comment_id)
    return count


# The signed token is the authorisation, and RFC 8058 one-click clients POST without
# any cookie or CSRF token, so CSRF protection would only break them.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """GET asks for confirmation; only POST changes anything.

    Mail scanners and link previews fetch every URL in a message, so a GET that
    unsubscribed would unsubscribe readers who never clicked.
    """
    comment_id = read_token(token)
    if comment_id is None:
        return render(request, TEMPLATE, {"state": "invalid"}, status=400)
    if request.method == "POST":
        stop_reply_emails(comment_id)
        return render(request, TEMPLATE, {"state": "done"})
    return render(request, TEMPLATE, {"state": "confirm"})
