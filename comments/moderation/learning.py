"""The model's memory: labelled examples and trained weights, both in the database.

Every worker and web process reads the same latest ``SpamModel`` row; a process keeps
the decoded weights only until a newer row appears. Weights are raw float32 bytes,
decoded with ``numpy.frombuffer``: nothing that can run code is ever loaded.
"""

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from redis.exceptions import RedisError

from ..models import Comment, SpamExample, SpamModel
from ..privacy import email_hash
from .features import TextFacts, text_key

if TYPE_CHECKING:
    from .classifier import LinearModel

# The classifier (numpy, scikit-learn) is imported where a model is trained or scored: a
# moderator's decision in the admin records a label here, and the web process that serves
# the admin should not load the model's libraries for it.

logger = logging.getLogger(__name__)

FEATURE_VERSION = 1  # bump when classifier.features changes: older weights no longer apply
KEEP_MODELS = 3
# A rejected comment is unwanted but usually human: it pulls the model towards holding
# similar comments without teaching it that they are plain spam.
LABEL_WEIGHTS = {SpamExample.Label.SPAM: 1.0, SpamExample.Label.HAM: 1.0, SpamExample.Label.REJECTED: 0.5}
STATUS_LABELS = {
    Comment.Status.APPROVED: SpamExample.Label.HAM,
    Comment.Status.SPAM: SpamExample.Label.SPAM,
    Comment.Status.REJECTED: SpamExample.Label.REJECTED,
}
RETRAIN_PENDING_KEY = "comments:spam:retrain-pending"
# The site's own articles are ordinary news text by definition. Passages from the latest
# ones are learned as light "not spam" examples, so that text in the newsroom's register
# is not mistaken for spam just because the moderation history has little of it
# (measured: far fewer news passages flagged or held, spam F1 unchanged; bench/README.md).
BACKGROUND_ARTICLES = 300
BACKGROUND_WEIGHT = 0.3
PASSAGE_LENGTH = 400
PASSAGES_PER_TEXT = 3


def facts_of(comment: Comment | SpamExample) -> TextFacts:
    return TextFacts(
        text=comment.text,
        author_name=comment.author_name,
        author_url=comment.author_url,
        author_email=getattr(comment, "author_email", ""),
    )


def record_label(comment: Comment) -> SpamExample | None:
    """Keep a moderator's decision on ``comment`` as an example, replacing an earlier one."""
    label = STATUS_LABELS.get(comment.status)
    if label is None or comment.is_staff_reply:
        return None
    example, _created = SpamExample.objects.update_or_create(
        comment=comment,
        defaults={
            "label": label,
            "source": SpamExample.Source.MODERATOR,
            "text": comment.text,
            "author_name": comment.author_name,
            "author_url": comment.author_url,
            "email_hash": comment.email_hash,
            "text_key": comment.text_key or text_key(comment.text),
        },
    )
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
    from ..tasks import retrain_spam_model

    delay = settings.COMMENTS_SPAM_RETRAIN_DELAY
    try:
        if not cache.add(RETRAIN_PENDING_KEY, 1, timeout=delay + 60):
            return
    except (RedisError, OSError):
        logger.warning("Spam model retraining scheduled without de-duplication: cache unreachable.")
    retrain_spam_model.apply_async(countdown=delay)


def retrain() -> SpamModel | None:
    """Train on every labelled example and store the result; None when a class is missing."""
    try:
        cache.delete(RETRAIN_PENDING_KEY)
    except (RedisError, OSError):
        logger.warning("Spam model retraining: cache unreachable.")
    examples = []
    weights = []
    for example in SpamExample.objects.only("label", "text", "author_name", "author_url").iterator(2000):
        examples.append((facts_of(example), example.label != SpamExample.Label.HAM))
        weights.append(LABEL_WEIGHTS[example.label])
    if not any(spam for _, spam in examples) or all(spam for _, spam in examples):
        return None
    labelled = (sum(spam for _, spam in examples), sum(not spam for _, spam in examples))
    for passage in article_passages(BACKGROUND_ARTICLES):
        examples.append((TextFacts(passage), False))
        weights.append(BACKGROUND_WEIGHT)
    from . import classifier

    started = time.perf_counter()
    model = classifier.train(examples, sample_weight=weights)
    stored = SpamModel.objects.create(
        hash_bits=classifier.HASH_BITS,
        feature_version=FEATURE_VERSION,
        weights=model.weights.astype("<f4").tobytes(),
        intercept=model.intercept,
        spam_examples=labelled[0],
        ham_examples=labelled[1],
        seconds=time.perf_counter() - started,
    )
    old = SpamModel.objects.values_list("id", flat=True)[KEEP_MODELS:]
    SpamModel.objects.filter(id__in=list(old)).delete()
    logger.info(
        "Spam model %s trained on %s spam and %s ham examples in %.1f s.",
        stored.pk,
        stored.spam_examples,
        stored.ham_examples,
        stored.seconds,
    )
    return stored


def article_passages(limit: int) -> list[str]:
    """Titles, standfirsts and the opening passages of the latest live articles, in
    every language they are written in."""
    from articles.models import Article
    from newsroom.text import html_to_text

    fields = [
        f"{name}_{code}" for code, _name in settings.LANGUAGES for name in ("title", "standfirst", "body")
    ]
    passages = []
    for values in Article.objects.live().order_by("-published_at").values_list(*fields)[:limit]:
        for field_name, value in zip(fields, values, strict=True):
            text = html_to_text(value) if field_name.startswith("body") else (value or "")
            for start in range(0, min(len(text), PASSAGE_LENGTH * PASSAGES_PER_TEXT), PASSAGE_LENGTH):
                passage = text[start : start + PASSAGE_LENGTH].strip()
                if len(passage) > 20:
                    passages.append(passage)
    return passages


_loaded: dict[str, object] = {"id": None, "model": None}


def current_model() -> "LinearModel | None":
    """The latest trained model, decoded once per process and version."""
    import numpy as np

    from . import classifier

    latest = (
        SpamModel.objects.filter(hash_bits=classifier.HASH_BITS, feature_version=FEATURE_VERSION)
        .values_list("id", flat=True)
        .first()
    )
    if latest is None:
        return None
    if _loaded["id"] != latest:
        row = SpamModel.objects.get(pk=latest)
        # Stored as float32 to halve the row; scored as float64, or every product with a
        # sparse float64 matrix would first copy all the weights.
        weights = np.frombuffer(bytes(row.weights), dtype="<f4").astype(np.float64)
        _loaded["model"] = classifier.LinearModel(
            weights=weights,
            intercept=row.intercept,
            spam_examples=row.spam_examples,
            ham_examples=row.ham_examples,
        )
        _loaded["id"] = latest
    return _loaded["model"]  # type: ignore[return-value]
