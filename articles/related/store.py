"""Related lists in the database, kept up to date one article at a time.

``update_related(article_id)`` (run by a Celery task after an article is published or
edited) indexes the article's signature, finds its candidates with an inverted-index
query, builds its topic from the nearest of them (``scoring.topic``), ranks the
candidates by topic, and offers the article to the lists of the articles it is now
related to, replacing their weakest entry when it scores higher. It also stores the
article's topic and neighbourhood (hubness correction, ``scoring.Neighbourhood``) and
moves the neighbourhoods of the candidates it joins. Nothing else is recomputed: older
articles keep their topics, entries already in a list keep the score they got with the
neighbourhood their article had then, and a list the article does not enter is not
re-ranked, until the next rebuild.
``related.rebuild`` does the whole archive at once, for an import (numpy and SciPy, kept
out of this module: the web process reads lists here). The page reads a stored list with
``related_articles`` in one query.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from articles.keys import related_key, related_keys
from articles.models import (
    Article,
    RelatedArticle,
    RelatedExclusion,
    RelatedNeighbourhood,
    RelatedPin,
    RelatedTerm,
    TermFrequency,
)
from core.invalidation import invalidate
from core.text import html_to_text

from . import scoring

LIST_SIZE = 8  # stored per article and language; the page shows the first live ones
CANDIDATES = scoring.NEIGHBOURS  # articles sharing vocabulary that are scored in full
PINNED_RANK = -1000
DOCUMENTS = ""  # the TermFrequency row whose count is the number of indexed articles
INDEXED_STATUSES = (Article.Status.PUBLISHED, Article.Status.SCHEDULED)


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def text_fields(language: str) -> list[str]:
    return [f"title_{language}", f"standfirst_{language}", f"body_{language}"]


def counts_of(values: Iterable[str | None], language: str) -> Counter:
    title, standfirst, body = (value or "" for value in values)
    return scoring.term_counts(title, standfirst, html_to_text(body), language)


def facts_for(article_ids: Iterable[int]) -> dict[int, scoring.Facts]:
    ids = list(article_ids)
    tags: dict[int, set[int]] = defaultdict(set)
    for article_id, tag_id in Article.tags.through.objects.filter(article_id__in=ids).values_list(
        "article_id", "tag_id"
    ):
        tags[article_id].add(tag_id)
    return {
        pk: scoring.Facts(pk, section_id, published_at, frozenset(tags[pk]))
        for pk, section_id, published_at in Article.objects.filter(pk__in=ids).values_list(
            "pk", "section_id", "published_at"
        )
    }


def excluded_for(article_id: int) -> frozenset[int]:
    return frozenset(
        RelatedExclusion.objects.filter(article_id=article_id).values_list("excluded_id", flat=True)
    )


# --- one article at a time ----------------------------------------------------------------


def _frequencies(language: str, terms: Iterable[str]) -> tuple[dict[str, int], int]:
    rows = dict(
        TermFrequency.objects.filter(language=language, term__in=[*terms, DOCUMENTS]).values_list(
            "term", "documents"
        )
    )
    return rows, rows.pop(DOCUMENTS, 0)


def index_article(article: Article, language: str) -> dict[str, float]:
    """Store the article's signature in ``language`` and return it."""
    counts = counts_of((getattr(article, field) for field in text_fields(language)), language)
    already = RelatedTerm.objects.filter(article=article, language=language).exists()
    if not already:
        _increment(language, counts.keys())
    frequencies, documents = _frequencies(language, counts.keys())
    signature = scoring.signature(counts, frequencies, max(documents, 1))
    RelatedTerm.objects.filter(article=article, language=language).delete()
    RelatedTerm.objects.bulk_create(
        [
            RelatedTerm(article=article, language=language, term=term[:64], weight=w)
            for term, w in signature.items()
        ]
    )
    return signature


def _increment(language: str, terms: Iterable[str]) -> None:
    """One more indexed article, containing ``terms``: raise their document counts."""
    wanted = {term[:64] for term in terms} | {DOCUMENTS}
    existing = set(
        TermFrequency.objects.filter(language=language, term__in=wanted).values_list("term", flat=True)
    )
    TermFrequency.objects.bulk_create(
        [TermFrequency(language=language, term=term, documents=0) for term in wanted - existing],
        ignore_conflicts=True,
        batch_size=1000,
    )
    TermFrequency.objects.filter(language=language, term__in=wanted).update(documents=F("documents") + 1)


@dataclass(frozen=True)
class Candidate:
    article_id: int
    similarity: float
    neighbourhood: scoring.Neighbourhood


def candidates(
    article_id: int, language: str, signature: dict[str, float], limit: int = CANDIDATES
) -> list[Candidate]:
    """The indexed articles sharing the most weighted vocabulary, by cosine, with their
    neighbourhoods (one query)."""
    if not signature:
        return []
    values = ", ".join(["(CAST(%s AS TEXT), CAST(%s AS DOUBLE PRECISION))"] * len(signature))
    params: list = [item for term, weight in signature.items() for item in (term[:64], weight)]
    table = RelatedTerm._meta.db_table
    neighbourhoods = RelatedNeighbourhood._meta.db_table
    sql = (
        f"WITH query_terms(term, weight) AS (VALUES {values}), "  # noqa: S608 - placeholders only
        f"nearest AS (SELECT t.article_id, SUM(t.weight * q.weight) AS similarity FROM {table} t "
        "JOIN query_terms q ON q.term = t.term "
        "WHERE t.language = %s AND t.article_id <> %s "
        "GROUP BY t.article_id ORDER BY similarity DESC, t.article_id LIMIT %s) "
        "SELECT nearest.article_id, nearest.similarity, COALESCE(n.mean, 0), COALESCE(n.floor, 0) "
        f"FROM nearest LEFT JOIN {neighbourhoods} n "
        "ON n.article_id = nearest.article_id AND n.language = %s "
        "ORDER BY nearest.similarity DESC, nearest.article_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, language, article_id, limit, language])
        return [
            Candidate(row[0], float(row[1]), scoring.Neighbourhood(float(row[2]), float(row[3])))
            for row in cursor.fetchall()
        ]


def _store_neighbourhoods(language: str, neighbourhoods: dict[int, scoring.Neighbourhood]) -> None:
    RelatedNeighbourhood.objects.bulk_create(
        [
            RelatedNeighbourhood(article_id=pk, language=language, mean=value.mean, floor=value.floor)
            for pk, value in neighbourhoods.items()
        ],
        update_conflicts=True,
        unique_fields=["article", "language"],
        update_fields=["mean", "floor"],
    )


def _join_neighbourhoods(
    article_id: int,
    language: str,
    own: scoring.Neighbourhood,
    topic: dict[str, float],
    found: list[Candidate],
):
    """Store the article's neighbourhood and topic and, the first time it is indexed, move
    the neighbourhoods it joins (an edit must not count the article twice). The topics of
    the articles it joins stay as they are until the next rebuild."""
    first_time = not RelatedNeighbourhood.objects.filter(article_id=article_id, language=language).exists()
    moved = {}
    if first_time:
        for candidate in found:
            value = scoring.joined(candidate.neighbourhood, candidate.similarity)
            if value != candidate.neighbourhood:
                moved[candidate.article_id] = value
    _store_neighbourhoods(language, moved)
    RelatedNeighbourhood.objects.bulk_create(
        [
            RelatedNeighbourhood(
                article_id=article_id,
                language=language,
                mean=own.mean,
                floor=own.floor,
                topic=stored_topic(topic),
            )
        ],
        update_conflicts=True,  # an upsert: two updates of one article may run at once
        unique_fields=["article", "language"],
        update_fields=["mean", "floor", "topic"],
    )


def stored_topic(topic: dict[str, float]) -> dict[str, float]:
    # Five decimals: ranks do not move, and the JSON is a third shorter.
    return {term[:64]: round(weight, 5) for term, weight in topic.items()}


def _neighbour_signatures(language: str, found: list[Candidate]) -> list[tuple[float, dict[str, float]]]:
    """(cosine, signature) of the candidates nearest by signature, for the article's topic."""
    nearest = {c.article_id: c.similarity for c in found[: scoring.EXPANSION_NEIGHBOURS]}
    signatures: dict[int, dict[str, float]] = defaultdict(dict)
    for pk, term, weight in RelatedTerm.objects.filter(language=language, article_id__in=nearest).values_list(
        "article_id", "term", "weight"
    ):
        signatures[pk][term] = weight
    return [(similarity, signatures[pk]) for pk, similarity in nearest.items()]


def _by_topic(language: str, topic: dict[str, float], found: list[Candidate]) -> list[Candidate]:
    """The candidates with their topic cosine to ``topic`` in place of their signature's.

    An article indexed before topics existed has none until the next rebuild; its
    signature's cosine stands in."""
    topics = dict(
        RelatedNeighbourhood.objects.filter(
            language=language, article_id__in=[c.article_id for c in found]
        ).values_list("article_id", "topic")
    )
    return [
        replace(c, similarity=scoring.cosine(topic, topics[c.article_id])) if topics.get(c.article_id) else c
        for c in found
    ]


def _store_list(article_id: int, language: str, entries: list[tuple[int, float]]) -> None:
    RelatedArticle.objects.filter(article_id=article_id, language=language, pinned=False).delete()
    RelatedArticle.objects.bulk_create(
        [
            RelatedArticle(
                article_id=article_id, related_id=related, language=language, rank=rank, score=value
            )
            for rank, (related, value) in enumerate(entries)
        ],
        ignore_conflicts=True,  # a pinned entry for the same article stays as it is
    )


def _offer(new: scoring.Facts, language: str, scored: list[tuple[int, float]]) -> list[int]:
    """Put ``new`` into the lists of the articles in ``scored`` (id, score from their side)
    where it beats their weakest entry; returns the articles whose list changed."""
    if not scored:
        return []
    targets = [article_id for article_id, _value in scored]
    current: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for article_id, related_id, value in RelatedArticle.objects.filter(
        article_id__in=targets, language=language, pinned=False
    ).values_list("article_id", "related_id", "score"):
        current[article_id].append((related_id, value))
    refusing = set(
        RelatedExclusion.objects.filter(article_id__in=targets, excluded_id=new.article_id).values_list(
            "article_id", flat=True
        )
    )
    changed = []
    for target, value in scored:
        if target in refusing:
            continue
        entries = [(related, old) for related, old in current[target] if related != new.article_id]
        if len(entries) >= LIST_SIZE and value <= min(old for _related, old in entries):
            continue
        entries.append((new.article_id, value))
        entries.sort(key=lambda item: (-item[1], item[0]))
        _store_list(target, language, entries[:LIST_SIZE])
        changed.append(target)
    return changed


def remove_from_index(article_id: int, language: str | None = None) -> None:
    """The article leaves the recommender (unpublished, archived, no longer translated)."""
    scope = {"language": language} if language else {}
    RelatedTerm.objects.filter(article_id=article_id, **scope).delete()
    RelatedNeighbourhood.objects.filter(article_id=article_id, **scope).delete()
    RelatedArticle.objects.filter(article_id=article_id, pinned=False, **scope).delete()
    # The boxes it was in name it (article key) and are invalidated with it.
    RelatedArticle.objects.filter(related_id=article_id, pinned=False, **scope).delete()


@transaction.atomic
def update_related(article_id: int) -> dict[str, int]:
    """Index one article and refresh its list and the lists it now belongs to.

    Returns, per language, how many other lists changed.
    """
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return {}
    if article.status not in INDEXED_STATUSES:
        remove_from_index(article_id)
        invalidate(*related_keys(article_id))
        return {}
    changed = {}
    touched = {related_key(article_id, code) for code in languages()}
    excluded = excluded_for(article_id)
    for language in languages():
        if not article.has_translation(language):
            remove_from_index(article_id, language)
            continue
        signature = index_article(article, language)
        found = candidates(article_id, language, signature)
        topic = scoring.topic(signature, _neighbour_signatures(language, found))
        found = _by_topic(language, topic, found)
        facts = facts_for([article_id, *(candidate.article_id for candidate in found)])
        own = scoring.neighbourhood(candidate.similarity for candidate in found)
        source = replace(facts[article_id], neighbourhood=own.mean)
        pairs = [
            (replace(facts[c.article_id], neighbourhood=c.neighbourhood.mean), c.similarity)
            for c in found
            if c.article_id in facts
        ]
        _store_list(article_id, language, scoring.best(source, pairs, excluded, LIST_SIZE))
        _join_neighbourhoods(article_id, language, own, topic, found)
        # What the new article scores in each candidate's list: the same cosine, less the
        # new article's own neighbourhood.
        back = [
            (candidate.article_id, scoring.score(similarity, candidate, source))
            for candidate, similarity in pairs
            if similarity > 0
        ]
        offered = _offer(source, language, back)
        changed[language] = len(offered)
        touched.update(related_key(pk, language) for pk in offered)
    store_pins(article)
    invalidate(*touched)
    return changed


def store_pins(article: Article) -> None:
    """Copy the editor's pins into the stored lists, first, in every language."""
    invalidate(*related_keys(article.pk))
    RelatedArticle.objects.filter(article=article, pinned=True).delete()
    pins = list(RelatedPin.objects.filter(article=article).select_related("related"))
    rows = []
    for language in languages():
        for position, pin in enumerate(pins):
            if pin.related.has_translation(language):
                RelatedArticle.objects.filter(
                    article=article, language=language, related=pin.related
                ).delete()
                rows.append(
                    RelatedArticle(
                        article=article,
                        related=pin.related,
                        language=language,
                        rank=PINNED_RANK + position,
                        score=1.0,
                        pinned=True,
                    )
                )
    RelatedArticle.objects.bulk_create(rows)


def drop_exclusions(article: Article) -> None:
    """Take excluded articles out of the stored list at once."""
    invalidate(*related_keys(article.pk))
    excluded = excluded_for(article.pk)
    RelatedArticle.objects.filter(article=article, related_id__in=excluded, pinned=False).delete()


# --- reading ----------------------------------------------------------------------------------


def related_articles(article: Article, language: str, limit: int = 4) -> list[Article]:
    """The «شاهد أيضاً» box: stored entries that are live in ``language``, pins first.

    One query. When nothing has been computed yet (or too little is live), the box is
    filled with the latest articles of the same section, never left broken.
    """
    return related_box(article, language, limit)[0]


def related_box(article: Article, language: str, limit: int = 4) -> tuple[list[Article], bool]:
    """``related_articles``, and whether the section's latest had to fill the box (the box
    then changes whenever that section does)."""
    visible = Article.objects.live().translated(language)
    found = list(
        visible.filter(related_from__article=article, related_from__language=language)
        .exclude(pk=article.pk)
        .order_by("related_from__rank")[:limit]
    )
    filled = len(found) < limit
    if filled:
        excluded = {entry.pk for entry in found} | {article.pk}
        found += list(
            visible.filter(section_id=article.section_id)
            .exclude(pk__in=excluded)
            .exclude(pk__in=RelatedExclusion.objects.filter(article=article).values("excluded_id"))
            .order_by("-published_at", "-id")[: limit - len(found)]
        )
    return found, filled
