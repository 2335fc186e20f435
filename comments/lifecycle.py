"""State changes of a comment. The views, the admin, tasks and commands call these.

Background work is queued by task name after the commit (``core.queue``): this module
never imports ``tasks``, which imports it. The spam checker's verdict is applied here
(``check_comment``); the judge that reaches it only reads.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import KombuError

from articles.models import Article
from comments.moderation.features import text_key
from comments.moderation.learning import record_label
from comments.moderation.verdict import Verdict
from comments.moderation.vocabulary import Decision
from core.queue import enqueue, enqueue_on_commit

from .addresses import ask_for_confirmation
from .models import Comment, ModerationEvent
from .privacy import email_hash, keyed_hash, truncated_network
from .task_names import TaskName

logger = logging.getLogger(__name__)


@dataclass
class Submission:
    """A comment as the form accepted it, with what the request tells about its sender."""

    article: Article
    author_name: str
    author_email: str
    text: str
    author_url: str = ""
    parent: Comment | None = None
    notify_replies: bool = False
    # The browser proved the address is its sender's (``sender.proves_address``).
    address_proven: bool = False
    ip: str = ""
    user_agent: str = ""
    language: str = ""
    flags: list[str] = field(default_factory=list)


def _thread_position(parent: Comment | None) -> dict:
    """Where a new comment sits: its thread's top-level comment and its depth."""
    if parent is None:
        return {"root": None, "depth": 0}
    return {"root": parent.root or parent, "depth": parent.depth + 1}


def submit_comment(submission: Submission) -> Comment:
    """Store a new comment as pending, then hand it to moderation once it is committed.

    The row is committed before anything is queued: if the broker is down the comment
    still exists, waiting as pending, and the reader is told it was received.
    """
    parent = submission.parent
    with transaction.atomic():
        comment = Comment.objects.create(
            article=submission.article,
            parent=parent,
            **_thread_position(parent),
            author_name=submission.author_name,
            author_email=submission.author_email,
            author_url=submission.author_url,
            text=submission.text,
            notify_replies=submission.notify_replies,
            address_proven=submission.address_proven,
            flags=submission.flags,
            email_hash=email_hash(submission.author_email),
            ip_hash=keyed_hash(submission.ip, "ip"),
            ip_network=truncated_network(submission.ip),
            user_agent_hash=keyed_hash(submission.user_agent, "user-agent"),
            text_key=text_key(submission.text),
            language=submission.language,
        )
        enqueue_on_commit(TaskName.MODERATE_COMMENT, comment.pk)
        ask_for_confirmation(comment)
    return comment


def queue_moderation(comment_id: int) -> None:
    """Send a committed comment's id to the moderation worker now; raises what the
    broker raises.

    Failing to reach the broker loses nothing: the comment stays pending and the
    periodic sweep queues it again.
    """
    enqueue(TaskName.MODERATE_COMMENT, comment_id)


def _set_status(comment: Comment, status: str, moderator=None) -> Comment:
    previous = comment.status
    comment.status = status
    comment.moderated_at = timezone.now()
    comment.moderated_by = moderator
    comment.save(update_fields=["status", "moderated_at", "moderated_by"])
    # What readers see changes with an approval or a removal: comments.signals invalidates
    # the article's comments, in this transaction.
    if status == Comment.Status.APPROVED and previous != status and comment.parent_id:
        enqueue_on_commit(TaskName.NOTIFY_REPLY, comment.pk)
    return comment


def _decide(comment: Comment, status: str, moderator=None) -> Comment:
    """A moderator's decision: applied, kept in the history, and learned from."""
    with transaction.atomic():
        _set_status(comment, status, moderator)
        ModerationEvent.objects.create(
            comment=comment,
            actor=ModerationEvent.Actor.MODERATOR,
            moderator=moderator,
            decision=status,
        )
        if moderator is not None:
            record_label(comment)
    return comment


def approve_comment(comment: Comment, moderator=None) -> Comment:
    return _decide(comment, Comment.Status.APPROVED, moderator)


def mark_comment_spam(comment: Comment, moderator=None) -> Comment:
    return _decide(comment, Comment.Status.SPAM, moderator)


def reject_comment(comment: Comment, moderator=None) -> Comment:
    return _decide(comment, Comment.Status.REJECTED, moderator)


CHECKER_STATUSES = {Decision.APPROVE: Comment.Status.APPROVED, Decision.SPAM: Comment.Status.SPAM}


def check_comment(comment_id: int, judge: Callable[[Comment], Verdict]) -> Decision | None:
    """The spam checker's turn on a pending comment: ``judge`` reads it (the worker passes
    ``moderation.judge.judge``) and its verdict is applied; None when there is nothing to do.

    Safe to run twice or concurrently: the row is locked, and a comment already
    checked, or decided by a moderator, is left as it is.
    """
    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("article")
            .filter(Q(pk=comment_id), Q(status=Comment.Status.PENDING), Q(judged_at__isnull=True))
            .first()
        )
        if comment is None:
            return None
        verdict = judge(comment)
        record_check(comment, verdict, now=timezone.now())
        return verdict.decision


def record_check(comment: Comment, verdict: Verdict, now) -> Comment:
    """The spam checker's verdict on a pending comment: its score and reasons are kept,
    and it is approved, marked as spam, or left for a moderator (who is told)."""
    comment.score = verdict.score
    comment.reasons = verdict.reasons
    comment.judged_at = now
    comment.save(update_fields=["score", "reasons", "judged_at"])
    status = CHECKER_STATUSES.get(verdict.decision)
    if status is not None:
        _set_status(comment, status)
    else:
        enqueue_on_commit(TaskName.NOTIFY_MODERATORS, comment.pk)
    ModerationEvent.objects.create(
        comment=comment,
        actor=ModerationEvent.Actor.CHECKER,
        decision=status or Decision.HOLD,
        score=verdict.score,
        reasons=verdict.reasons,
    )
    return comment


def requeue_unchecked(older_than_seconds: int, limit: int = 1000) -> int:
    """Queue again the comments the checker has not judged after ``older_than_seconds``
    (a message lost, or a broker that was down); return how many were sent."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    stale = (
        Comment.objects.waiting_for_checker()
        .filter(created_at__lt=cutoff)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=cutoff))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for comment_id in list(stale):
        try:
            queue_moderation(comment_id)
        except (OSError, KombuError) as error:
            logger.warning("Re-queueing comments stopped, the broker is unreachable: %s", error)
            break
        Comment.objects.filter(pk=comment_id).update(queued_at=timezone.now())
        sent += 1
    return sent


def delete_old_spam(older_than_days: int) -> int:
    """Delete spam older than ``older_than_days``; what was learned from it is kept."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    _total, by_model = Comment.objects.filter(status=Comment.Status.SPAM, created_at__lt=cutoff).delete()
    return by_model.get(Comment._meta.label, 0)


def reply_as_publication(parent: Comment, text: str, moderator, name: str, email: str) -> Comment:
    """A moderator's reply from the admin, published at once under the publication's name."""
    with transaction.atomic():
        comment = Comment.objects.create(
            article=parent.article,
            parent=parent,
            **_thread_position(parent),
            author_name=name,
            author_email=email,
            text=text,
            user=moderator,
            is_staff_reply=True,
        )
        return approve_comment(comment, moderator)


def anonymise_old_traces(before) -> int:
    """Forget the hashed address, network and browser of comments older than ``before``."""
    return (
        Comment.objects.filter(created_at__lt=before)
        .exclude(ip_hash="", ip_network="", user_agent_hash="")
        .update(ip_hash="", ip_network="", user_agent_hash="")
    )
