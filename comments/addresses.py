"""Double opt-in for commenters' email addresses.

Anyone can type anyone's address into the comment form. Until the owner of an address
opens the link mailed to it, the newsroom sends it nothing else: no reply notification,
and at most one confirmation mail per ``COMMENTS_CONFIRMATION_INTERVAL`` however often
somebody asks (that mail carries no commenter's text, so it cannot carry a message to the
victim either). A commenter's trust with the spam checker is earned only by a confirmed
address, so a stranger's approved comments lend an impostor nothing.

The link names a comment, signed and dated; it carries no address and no hash of one,
and confirms the address that comment was posted with.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.mail import read_link_token, sign_link_token
from core.queue import enqueue_on_commit

from .models import Comment, CommenterAddress
from .task_names import TaskName

logger = logging.getLogger(__name__)

SALT = "comments.confirm-address"


def is_confirmed(email_hash: str) -> bool:
    return bool(email_hash) and CommenterAddress.objects.confirmed().filter(email_hash=email_hash).exists()


def ask_for_confirmation(comment: Comment) -> None:
    """After the commit, mail the comment's address a confirmation link, unless it is
    confirmed already (the task checks again, and applies the per-address limit)."""
    if comment.notify_replies and comment.email_hash and not is_confirmed(comment.email_hash):
        enqueue_on_commit(TaskName.SEND_ADDRESS_CONFIRMATION, comment.pk)


def make_token(comment_id: int) -> str:
    return sign_link_token(comment_id, SALT)


def read_token(token: str) -> int | None:
    """The comment id a token was signed for; None when altered, foreign or too old."""
    return read_link_token(token, SALT, max_age=settings.COMMENTS_CONFIRMATION_MAX_AGE)


def confirmation_path(comment: Comment) -> str:
    """The link, in the language of the page the comment was written on."""
    with translation.override(mail_language(comment)):
        return reverse("comments:confirm_address", kwargs={"token": make_token(comment.pk)})


def mail_language(comment: Comment) -> str:
    languages = {code for code, _name in settings.LANGUAGES}
    return comment.language if comment.language in languages else settings.LANGUAGE_CODE


def claim_confirmation_mail(comment: Comment, now=None) -> bool:
    """Whether a confirmation mail may go to this comment's address now; if so, the
    sending is recorded (in the caller's transaction, so a mail that fails to go out
    does not count)."""
    now = now or timezone.now()
    address, _created = CommenterAddress.objects.select_for_update().get_or_create(
        email_hash=comment.email_hash
    )
    if address.confirmed_at is not None:
        return False
    interval = timedelta(seconds=settings.COMMENTS_CONFIRMATION_INTERVAL)
    if address.confirmation_sent_at and now - address.confirmation_sent_at < interval:
        logger.info("Confirmation for comment %s not sent: one went to that address recently", comment.pk)
        return False
    address.confirmation_sent_at = now
    address.save(update_fields=["confirmation_sent_at"])
    return True


@transaction.atomic
def confirm_address(comment_id: int) -> bool:
    """The owner of the comment's address opened the link: it is confirmed from now on."""
    email_hash = Comment.objects.filter(pk=comment_id).values_list("email_hash", flat=True).first()
    if not email_hash:
        return False
    address, _created = CommenterAddress.objects.select_for_update().get_or_create(email_hash=email_hash)
    if address.confirmed_at is None:
        address.confirmed_at = timezone.now()
        address.save(update_fields=["confirmed_at"])
        logger.info("Address of comment %s confirmed", comment_id)
    return True
