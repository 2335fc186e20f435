"""The learned model's store: training on every labelled example, and the latest trained
weights decoded for scoring.

Every worker and web process reads the same latest ``SpamModel`` row; a process keeps
the decoded weights only until a newer row appears. Weights are raw float32 bytes,
decoded with ``numpy.frombuffer``: nothing that can run code is ever loaded.

Batch code: numpy and scikit-learn are loaded here, for the worker and the commands;
web-facing modules never import it (import-linter checks).
"""

import logging
import time

import numpy as np
from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from articles.models import Article
from comments.models import SpamExample, SpamModel
from core.text import html_to_text

from . import classifier
from .features import TextFacts
from .learning import LABEL_WEIGHTS, RETRAIN_PENDING_KEY, facts_of

logger = logging.getLogger(__name__)

FEATURE_VERSION = 1  # bump when classifier.features changes: older weights no longer apply
KEEP_MODELS = 3

# The site's own articles are ordinary news text by definition. Passages from the latest
# ones are learned as light "not spam" examples, so that text in the newsroom's register
# is not mistaken for spam just because the moderation history has little of it
# (measured: far fewer news passages flagged or held, spam F1 unchanged; bench/README.md).
BACKGROUND_ARTICLES = 300
BACKGROUND_WEIGHT = 0.3
PASSAGE_LENGTH = 400
PASSAGES_PER_TEXT = 3


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


def current_model() -> classifier.LinearModel | None:
    """The latest trained model, decoded once per process and version."""
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
