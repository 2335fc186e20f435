"""How related two articles are. Pure: no ORM, no request.

An article's *signature* is its stems (all but the very common ones), weighted by
sublinear TF and a softened IDF, scaled to unit length, so the dot product of two
signatures is their cosine similarity.

Two articles are compared on their *topics* rather than their own words alone: an
article's topic is its signature plus the mean signature of its
``EXPANSION_NEIGHBOURS`` nearest articles (document expansion, pseudo-relevance feedback
in search engines' terms). A story about a match then meets another match report that
shares none of its names but all of its neighbours' vocabulary. Signatures find the
candidates (the inverted index); topics rank them.

The score corrects the topic cosine for *hubness* (CSLS, Lample et al. 2018): an article that is
close to everything (a round-up, a generic wire story) would otherwise sit in every box.
Each article keeps its neighbourhood, the mean topic cosine of its ``NEIGHBOURS``
candidates; a candidate's score is its topic cosine less half its neighbourhood. The full CSLS
also subtracts the list owner's own neighbourhood, which is the same for every entry of a
list, so it is left out: scores compare within one list. The score then adds what editors
already said (same section, shared tags) and, as a tie-breaker, prefers pieces published
close together. bench/README.md has the measurements behind each constant.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from .text import terms

# A ceiling against pathological texts, not a cut: a long news story has 200-400 distinct
# stems, and cutting signatures to the 100 heaviest cost 0.5-2.5 points of precision@4.
SIGNATURE_TERMS = 1000
NEIGHBOURS = 50  # the neighbourhood's size, for the hubness correction
# Document expansion: on four public corpora, the mean of 30 neighbours at weight 1 (the
# neighbours together count as much as the article itself) added 0.6-2.1 points of
# precision@4; a topic keeps its 300 heaviest terms (150 cost 0.2 points, 500 gained nothing).
EXPANSION_NEIGHBOURS = 30
EXPANSION_WEIGHT = 1.0
TOPIC_TERMS = 300
SECTION_BONUS = 0.03
TAG_BONUS = 0.04  # per shared tag, at most MAX_TAG_BONUS_TAGS of them
MAX_TAG_BONUS_TAGS = 3
# Recency breaks near-ties only: a multiplier (a year apart halved the similarity) let a
# same-day piece on another subject beat the follow-up from last month.
RECENCY_WEIGHT = 0.02
RECENCY_HALF_LIFE_DAYS = 180


def term_counts(title: str, standfirst: str, body: str, language: str) -> Counter:
    # Counting the title twice was tried: on public Arabic news it lowered precision.
    return Counter(terms(title, language) + terms(standfirst, language) + terms(body, language))


# Terms in more than half of the archive would make every article a candidate for every
# other and say next to nothing: signatures leave them out (once the archive is large enough
# for the share to mean something). A cut at 10 % cost 1-5 points of precision@4.
COMMON_TERM_SHARE = 0.5
COMMON_TERM_MIN_DOCUMENTS = 200
# A softened IDF: rare names count, but do not drown the story's subject words. 0.3 scored
# best on four public corpora, 1.0 (true IDF) 0.5-6 points lower.
IDF_POWER = 0.3


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
    return unit(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:size])


def topic(
    own: Mapping[str, float], neighbours: Iterable[tuple[float, Mapping[str, float]]], size: int = TOPIC_TERMS
) -> dict[str, float]:
    """``own`` signature plus ``EXPANSION_WEIGHT`` times the mean of the signatures of its
    ``EXPANSION_NEIGHBOURS`` nearest (given as (cosine, signature)); the ``size`` heaviest
    terms, with unit length. A plain mean scored as well as one weighted by cosine."""
    nearest = sorted((pair for pair in neighbours if pair[0] > 0), key=lambda pair: -pair[0])
    nearest = nearest[:EXPANSION_NEIGHBOURS]
    weights = dict(own)
    share = EXPANSION_WEIGHT / len(nearest) if nearest else 0.0
    for _similarity, other in nearest:
        for term, weight in other.items():
            weights[term] = weights.get(term, 0.0) + share * weight
    return unit(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:size])


def unit(weights: Iterable[tuple[str, float]]) -> dict[str, float]:
    items = list(weights)
    norm = math.sqrt(sum(weight * weight for _, weight in items)) or 1.0
    return {term: weight / norm for term, weight in items}


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
    neighbourhood: float = 0.0  # see ``neighbourhood``


@dataclass(frozen=True)
class Neighbourhood:
    """How close an article is to its ``NEIGHBOURS`` nearest: their mean topic cosine (missing
    neighbours count 0, so that it only grows as the archive does), and the cosine of the
    farthest of them (``floor``), which a newcomer must beat to join them."""

    mean: float
    floor: float


def neighbourhood(similarities: Iterable[float], size: int = NEIGHBOURS) -> Neighbourhood:
    nearest = sorted((value for value in similarities if value > 0), reverse=True)[:size]
    floor = nearest[-1] if len(nearest) == size else 0.0
    return Neighbourhood(sum(nearest) / size, floor)


def joined(current: Neighbourhood, similarity: float, size: int = NEIGHBOURS) -> Neighbourhood:
    """``current`` after a new article at ``similarity`` arrives: it replaces the farthest
    neighbour when closer. The new farthest is unknown without the whole list, so the old
    floor stays: a lower bound, the mean is then exact and the floor lags (it is exact
    again after a rebuild)."""
    if similarity <= current.floor:
        return current
    return Neighbourhood(current.mean + (similarity - current.floor) / size, current.floor)


def recency_penalty(first: datetime | None, second: datetime | None) -> float:
    """From 0 (same moment) towards ``RECENCY_WEIGHT`` (years apart)."""
    if first is None or second is None:
        return 0.0
    days = abs((first - second).total_seconds()) / 86400
    return RECENCY_WEIGHT * days / (days + RECENCY_HALF_LIFE_DAYS)


def score(similarity: float, source: Facts, candidate: Facts) -> float:
    """How high ``candidate`` ranks in ``source``'s list; scores compare within one list.

    Symmetric between two articles of the same neighbourhood; of two candidates equally
    close to the source, the one close to everything (a hub) ranks lower.
    """
    value = similarity - candidate.neighbourhood / 2
    value -= recency_penalty(source.published_at, candidate.published_at)
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
    """The ``limit`` best (article id, score) for ``source``, never itself, an excluded
    one or one with nothing in common (a score may be negative: it is only a rank)."""
    scored = [
        (facts.article_id, score(similarity, source, facts))
        for facts, similarity in candidates
        if facts.article_id != source.article_id and facts.article_id not in excluded and similarity > 0
    ]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
