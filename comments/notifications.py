"""Emails about comments: to moderators when one waits, to readers when someone replies.

Only Celery tasks call these. Sending mail inside a request would make the reader wait
for the mail server, and lose their comment whenever it is down.

Emails about replies are written in the site's default language (every article exists
in Arabic); the confirmation of an address, in the language of the page the comment was
written on, since the reader has not yet seen anything from us in any other.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from core.mail import render_mail, send_separately, unsubscribe_headers
from core.site import public_path, site_name
from core.staff import staff_emails

from .addresses import claim_confirmation_mail, confirmation_path, is_confirmed, mail_language
from .models import Comment
from .unsubscribe import unsubscribe_path

logger = logging.getLogger(__name__)

MODERATE_PERMISSION = "comments.moderate_comment"


def moderator_emails() -> list[str]:
    """Addresses of the active staff who may moderate comments, each once."""
    return staff_emails(MODERATE_PERMISSION)


def review_path(comment: Comment) -> str:
    """The comment's page in the admin, or the admin's front page if comments are not in it."""
    try:
        return reverse("admin:comments_comment_change", args=[comment.pk])
    except NoReverseMatch:
        return reverse("admin:index")


def notify_moderators(comment_id: int) -> int:
    """Email every moderator about a comment held for review; return how many were sent.

    The comment may have been decided (or deleted) between queueing and now: then
    there is nothing to review and nobody is bothered.
    """
    comment = (
        Comment.objects.select_related("article").filter(pk=comment_id, status=Comment.Status.PENDING).first()
    )
    if comment is None:
        return 0
    recipients = moderator_emails()
    if not recipients:
        logger.warning("No moderator has an email address to be told about comment %s", comment.pk)
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = render_mail(
            "comments/email/moderators",
            {
                "comment": comment,
                "article_title": comment.article.title,
                "site": site_name(),
                "review_url": public_path(review_path(comment)),
            },
        )
    sent = send_separately(subject, body, recipients)
    logger.info("Told %d moderators about pending comment %s", sent, comment.pk)
    return sent


def _same_address(first: str, second: str) -> bool:
    return first.strip().casefold() == second.strip().casefold()


def notify_parent_author(comment_id: int) -> bool:
    """Email the author of the comment an approved reply answers, if they asked to be told
    and proved the address theirs, from the browser that confirmed it or by that comment's
    own link (``addresses``): a confirmed address typed by someone else switches nothing on.

    Nobody is emailed about their own reply, nor when their comment was judged spam or
    rejected, nor with a link to an article readers can no longer open. The reply's
    author is named as on the page, but their address never appears in the message.
    """
    reply = (
        Comment.objects.select_related("article", "parent")
        .filter(pk=comment_id, status=Comment.Status.APPROVED, parent__isnull=False)
        .first()
    )
    if reply is None:
        return False
    parent = reply.parent
    if (
        not parent.notify_replies
        or not parent.address_proven
        or not is_confirmed(parent.email_hash)
        or parent.status not in (Comment.Status.APPROVED, Comment.Status.PENDING)
        or not parent.author_email
        or _same_address(parent.author_email, reply.author_email)
        or not reply.article.is_live
    ):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        unsubscribe_url = public_path(unsubscribe_path(parent.pk))
        subject, body = render_mail(
            "comments/email/reply",
            {
                "reply": reply,
                "parent": parent,
                "article_title": reply.article.title,
                "site": site_name(),
                "comment_url": public_path(reply.get_absolute_url()),
                "unsubscribe_url": unsubscribe_url,
            },
        )
    headers = unsubscribe_headers(unsubscribe_url)  # none while SITE_URL is unset
    EmailMessage(subject, body, to=[parent.author_email], headers=headers).send(fail_silently=False)
    logger.info("Told the author of comment %s about reply %s", parent.pk, reply.pk)
    return True


def send_address_confirmation(comment_id: int) -> bool:
    """Mail the link that confirms a comment's address; whether a mail went out.

    The mail names the site only: no commenter's name or text, nor the article, so that
    whoever typed somebody else's address cannot use it to send them a message. At most
    one goes to an address per interval (``claim_confirmation_mail``).
    """
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None or not comment.author_email:
        return False
    with transaction.atomic():
        if not claim_confirmation_mail(comment):
            return False
        with translation.override(mail_language(comment)):
            subject, body = render_mail(
                "comments/email/confirm",
                {"site": site_name(), "confirm_url": public_path(confirmation_path(comment))},
            )
        EmailMessage(subject, body, to=[comment.author_email]).send(fail_silently=False)
    logger.info("Asked the author of comment %s to confirm their address", comment.pk)
    return True
