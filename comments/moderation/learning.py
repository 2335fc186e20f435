"""What the model learns from: labelled examples, kept in the database, and the request
to retrain once a moderator has decided.

Safe for web processes (a moderator's decision in the admin records a label here): the
training itself and the stored weights are ``training``, which loads numpy and
scikit-learn and runs in the worker and in commands.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from redis.exceptions import RedisError

from comments.models import Comment, SpamExample
from comments.privacy import email_hash
from comments.task_names import TaskName
from core.queue import enqueue

from .features import TextFacts, text_key

logger = logging.getLogger(__name__)

# A rejected comment is unwanted but usually human: it pulls the model towards holding
# similar comments without teaching it that they are plain spam.
LABEL_WEIGHTS: dict[str, float] = {
    SpamExample.Label.SPAM: 1.0,
    SpamExample.Label.HAM: 1.0,
    SpamExample.Label.REJECTED: 0.5,
}
STATUS_LABELS: dict[str, str] = {
    Comment.Status.APPROVED: SpamExample.Label.HAM,
    Comment.Status.SPAM: SpamExample.Label.SPAM,
    Comment.Status.REJECTED: SpamExample.Label.REJECTED,
}
RETRAIN_PENDING_KEY = "comments:spam:retrain-pending"


def facts_of(comment: Comment | SpamExample) -> TextFacts:
    return TextFacts(
        text=comment.text,
        author_name=comment.author_name,
        author_url=comment.author_url,
        author_email=getattr(comment, "author_email", ""),
    )


def record_label(comment: Comment, *, first: bool = False) -> SpamExample | None:
    """Keep a moderator's decision on ``comment`` as an example, replacing an earlier one
    (``first``: the comment is new, there is none to replace, as in an import)."""
    label = STATUS_LABELS.get(comment.status)
    if label is None or comment.is_staff_reply:
        return None
    fields = {
        "label": label,
        "source": SpamExample.Source.MODERATOR,
        "text": comment.text,
        "author_name": comment.author_name,
        "author_url": comment.author_url,
        "email_hash": comment.email_hash,
        "text_key": comment.text_key or text_key(comment.text),
    }
    if first:
        example = SpamExample.objects.create(comment=comment, **fields)
    else:
        example, _created = SpamExample.objects.update_or_create(comment=comment, defaults=fields)
    transaction.on_commit(schedule_retraining, robust=True)
    return example


@dataclass(frozen=True)
class Row:
    """One labelled example from a file."""

    text: str
    is_spam: bool
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""


def import_examples(rows: Iterable[Row]) -> tuple[int, int]:
    """Store rows as imported moderation history; returns (added, skipped as already known)."""
    known = set(SpamExample.objects.values_list("text_key", "label"))
    new, skipped = [], 0
    for row in rows:
        label = SpamExample.Label.SPAM if row.is_spam else SpamExample.Label.HAM
        key = text_key(row.text)
        if not key or (key, label) in known:
            skipped += 1
            continue
        known.add((key, label))
        new.append(
            SpamExample(
                label=label,
                source=SpamExample.Source.IMPORT,
                text=row.text,
                author_name=row.author_name[:100],
                author_url=row.author_url[:200],
                email_hash=email_hash(row.author_email),
                text_key=key,
            )
        )
    SpamExample.objects.bulk_create(new, batch_size=1000)
    return len(new), skipped


def schedule_retraining() -> None:
    """Retrain soon. Decisions made within the delay are learned in one run."""
    delay = settings.COMMENTS_SPAM_RETRAIN_DELAY
    try:
        if not cache.add(RETRAIN_PENDING_KEY, 1, timeout=delay + 60):
            return
    except (RedisError, OSError):
        logger.warning("Spam model retraining scheduled without de-duplication: cache unreachable.")
    enqueue(TaskName.RETRAIN_SPAM_MODEL, countdown=delay)
