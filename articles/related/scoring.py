"""How related two articles are. Pure: no ORM, no request.

An article's *signature* is its most distinctive stems, weighted by sublinear TF and a softened IDF,
scaled to unit length, so the dot product of two signatures is their cosine similarity.
The final score adds what editors already said (same section, shared tags) and prefers
pieces published close together, so a breaking story links to its follow-ups rather
than to a year-old piece.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from .text import terms

SIGNATURE_TERMS = 100  # terms kept per article: more change the cosine very little (bench/README.md)
SECTION_BONUS = 0.03
TAG_BONUS = 0.04  # per shared tag, at most MAX_TAG_BONUS_TAGS of them
MAX_TAG_BONUS_TAGS = 3
RECENCY_HALF_LIFE_DAYS = 180  # a year apart halves the weight of the text similarity, and a bit more


def term_counts(title: str, standfirst: str, body: str, language: str) -> Counter:
    # Counting the title twice was tried: on public Arabic news it lowered precision.
    return Counter(terms(title, language) + terms(standfirst, language) + terms(body, language))


# Terms in more than this share of the archive say little about a story and would make
# every article a candidate for every other: signatures leave them out (once the archive
# is large enough for the share to mean something).
COMMON_TERM_SHARE = 0.1
COMMON_TERM_MIN_DOCUMENTS = 200
IDF_POWER = 0.5  # a softened IDF: rare names count, but do not drown the story's common words


def idf(documents_with_term: int, documents: int) -> float:
    return (math.log((1 + documents) / (1 + documents_with_term)) + 1.0) ** IDF_POWER


def signature(
    counts: Mapping[str, int], frequencies: Mapping[str, int], documents: int, size: int = SIGNATURE_TERMS
) -> dict[str, float]:
    """The ``size`` heaviest terms of an article, with unit length."""
    ceiling = common_term_ceiling(documents)
    weights = {
        term: (1.0 + math.log(count)) * idf(frequencies.get(term, 0), documents)
        for term, count in counts.items()
        if frequencies.get(term, 0) <= ceiling
    }
    top = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:size]
    norm = math.sqrt(sum(weight * weight for _, weight in top)) or 1.0
    return {term: weight / norm for term, weight in top}


def common_term_ceiling(documents: int) -> float:
    """Terms in more documents than this are left out of signatures."""
    if documents < COMMON_TERM_MIN_DOCUMENTS:
        return math.inf
    return COMMON_TERM_SHARE * documents


def cosine(first: Mapping[str, float], second: Mapping[str, float]) -> float:
    if len(first) > len(second):
        first, second = second, first
    return sum(weight * second.get(term, 0.0) for term, weight in first.items())


@dataclass(frozen=True)
class Facts:
    """What the score needs to know of an article besides its text."""

    article_id: int
    section_id: int | None
    published_at: datetime | None
    tag_ids: frozenset[int] = field(default_factory=frozenset)


def recency(first: datetime | None, second: datetime | None) -> float:
    if first is None or second is None:
        return 1.0
    days = abs((first - second).total_seconds()) / 86400
    return 1.0 / (1.0 + days / RECENCY_HALF_LIFE_DAYS)


def score(similarity: float, source: Facts, candidate: Facts) -> float:
    """Symmetric: the score of A for B is the score of B for A."""
    if similarity <= 0:
        return 0.0
    value = similarity * recency(source.published_at, candidate.published_at)
    if source.section_id is not None and source.section_id == candidate.section_id:
        value += SECTION_BONUS
    shared = len(source.tag_ids & candidate.tag_ids)
    return value + TAG_BONUS * min(shared, MAX_TAG_BONUS_TAGS)


def best(
    source: Facts,
    candidates: Iterable[tuple[Facts, float]],
    excluded: frozenset[int] = frozenset(),
    limit: int = 8,
) -> list[tuple[int, float]]:
    """The ``limit`` best (article id, score) for ``source``, never itself or an excluded one."""
    scored = [
        (facts.article_id, score(similarity, source, facts))
        for facts, similarity in candidates
        if facts.article_id != source.article_id and facts.article_id not in excluded
    ]
    scored = [(article_id, value) for article_id, value in scored if value > 0]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
