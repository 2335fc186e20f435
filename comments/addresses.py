"""Double opt-in for commenters' email addresses.

Anyone can type anyone's address into the comment form. Until the owner of an address
opens the link mailed to it, the newsroom sends it nothing else: no reply notification,
and at most one confirmation mail per ``COMMENTS_CONFIRMATION_INTERVAL`` however often
somebody asks (that mail carries no commenter's text, so it cannot carry a message to the
victim either).

A confirmed address is not a confirmed sender: whoever types it later proves nothing.
So a comment is *proven* (``Comment.address_proven``) only when it came from the browser
that confirmed its address (``sender``), or when the owner opened that comment's own
link. Reply mail goes only to proven comments, and only they can earn trust with the
spam checker; any other comment that asks for reply mail gets a confirmation mail of its
own (within the same limit per address).

The link names a comment, signed and dated; it carries no address and no hash of one,
and confirms the address that comment was posted with, for that comment.
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


def needs_confirmation(comment: Comment) -> bool:
    """It asks for reply mail, and its sender has not proven the address is theirs."""
    return comment.notify_replies and bool(comment.email_hash) and not comment.address_proven


def ask_for_confirmation(comment: Comment) -> None:
    """After the commit, mail the comment's address a confirmation link, unless its sender
    proved the address already (the task checks again, and applies the per-address limit)."""
    if needs_confirmation(comment):
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
    does not count). An address confirmed before is asked again for a comment its sender
    did not prove, under the same limit: that is how an impostor is told apart."""
    if not needs_confirmation(comment):
        return False
    now = now or timezone.now()
    address, _created = CommenterAddress.objects.select_for_update().get_or_create(
        email_hash=comment.email_hash
    )
    interval = timedelta(seconds=settings.COMMENTS_CONFIRMATION_INTERVAL)
    if address.confirmation_sent_at and now - address.confirmation_sent_at < interval:
        logger.info("Confirmation for comment %s not sent: one went to that address recently", comment.pk)
        return False
    address.confirmation_sent_at = now
    address.save(update_fields=["confirmation_sent_at"])
    return True


@transaction.atomic
def confirm_address(comment_id: int) -> str | None:
    """The owner of the comment's address opened its link and pressed the button: the
    address is confirmed, and this comment proven (its reply mail is on). Returns the
    address's hash, for the key the owner's browser keeps (``sender``); None for a
    comment that no longer exists or has no address.

    Only this comment: others typed with the address may be anyone's.
    """
    email_hash = Comment.objects.filter(pk=comment_id).values_list("email_hash", flat=True).first()
    if not email_hash:
        return None
    address, _created = CommenterAddress.objects.select_for_update().get_or_create(email_hash=email_hash)
    if address.confirmed_at is None:
        address.confirmed_at = timezone.now()
        address.save(update_fields=["confirmed_at"])
        logger.info("Address of comment %s confirmed", comment_id)
    if Comment.objects.filter(pk=comment_id, address_proven=False).update(address_proven=True):
        logger.info("Comment %s proven by its address's owner", comment_id)
    return email_hash
