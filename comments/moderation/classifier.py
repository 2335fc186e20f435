"""The learned part of the judge: a linear model over hashed text features.

Features work for Arabic and English alike: character n-grams of the folded text
(inside and across word edges), with links, numbers and contact details reduced to
markers so that what generalises is their presence, not the particular number.

The model is a vector of weights plus an intercept. It is stored as raw float32 bytes
(see ``learning``), never pickled, so loading it cannot run code.
"""

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression

from .features import TextFacts

HASH_BITS = 20
NGRAM_RANGE = (2, 5)
_URL_OR_DOMAIN = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}\b(?:/\S*)?")
_DIGITS = re.compile(r"\d")
_SPACES = re.compile(r"\s+")


def _ngrams(text: str, low: int, high: int) -> Iterable[str]:
    padded = f" {text} "
    for n in range(low, high + 1):
        for start in range(len(padded) - n + 1):
            yield padded[start : start + n]


def _bucket(value: int, edges: Sequence[int]) -> int:
    return next((i for i, edge in enumerate(edges) if value <= edge), len(edges))


def features(facts: TextFacts) -> list[str]:
    """The tokens a comment is scored on: n-grams and a few markers."""
    text = _URL_OR_DOMAIN.sub(" ↗ ", facts.folded)
    text = _SPACES.sub(" ", _DIGITS.sub("0", text)).strip()
    tokens = list(_ngrams(text, *NGRAM_RANGE))
    tokens += [f"w:{word}" for word in text.split()]
    tokens += [f"domain:{domain}" for domain in facts.domains]
    scripts = facts.scripts
    letters = sum(scripts.values()) or 1
    original = facts.text
    uppercase = sum(1 for c in original if c.isupper())
    tokens += [
        f"m:links:{min(facts.link_count, 3)}",
        f"m:phones:{min(len(facts.phone_numbers), 2)}",
        f"m:messenger:{min(len(facts.messengers), 2)}",
        f"m:website:{bool(facts.author_url.strip())}",
        f"m:length:{_bucket(len(original), (20, 50, 100, 200, 400, 800))}",
        f"m:arabic:{round(4 * scripts['arabic'] / letters)}",
        f"m:upper:{round(4 * uppercase / letters)}",
        f"m:exclaim:{min(original.count('!'), 3)}",
        f"m:currency:{any(c in original for c in '£$€') or 'ريال' in facts.folded}",
    ]
    return tokens


_HASHER = FeatureHasher(n_features=2**HASH_BITS, input_type="string", alternate_sign=False)


def vectorize(batch: Sequence[TextFacts]):
    """Sparse rows of hashed, length-normalised feature counts."""
    matrix = _HASHER.transform(features(facts) for facts in batch).tocsr()
    matrix.data = np.log1p(matrix.data)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return matrix.multiply(1.0 / norms[:, None]).tocsr()


@dataclass(frozen=True)
class LinearModel:
    weights: np.ndarray  # 2**HASH_BITS values
    intercept: float
    spam_examples: int
    ham_examples: int

    def probabilities(self, batch: Sequence[TextFacts]) -> list[float]:
        """The probability that each comment is spam."""
        if not batch:
            return []
        margins = vectorize(batch) @ self.weights + self.intercept
        return [1.0 / (1.0 + math.exp(-float(m))) for m in margins]

    def probability(self, facts: TextFacts) -> float:
        return self.probabilities([facts])[0]


def train(
    examples: Sequence[tuple[TextFacts, bool]],
    sample_weight: Sequence[float] | None = None,
    regularisation: float = 30.0,
) -> LinearModel:
    """Fit a logistic regression on (facts, is_spam) pairs. Needs both classes.

    Classes are balanced, so a site with little spam still learns what spam looks like.
    """
    labels = np.array([is_spam for _, is_spam in examples], dtype=bool)
    spam, ham = int(labels.sum()), int((~labels).sum())
    if not spam or not ham:
        raise ValueError("Training needs at least one spam and one ham example.")
    fit = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=2000, solver="liblinear")
    fit.fit(vectorize([facts for facts, _ in examples]), labels, sample_weight=sample_weight)
    return LinearModel(
        weights=fit.coef_.ravel().astype(np.float32),
        intercept=float(fit.intercept_[0]),
        spam_examples=spam,
        ham_examples=ham,
    )
