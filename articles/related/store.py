"""Related lists in the database, kept up to date one article at a time.

``update_related(article_id)`` (run by a Celery task after an article is published or
edited) indexes the article's signature, computes its list from an inverted-index query,
and offers the article to the lists of the articles it is now related to, replacing
their weakest entry when it scores higher. Nothing else in the archive is recomputed.
``rebuild`` does the whole archive at once, for an import. The page reads a stored list
with ``related_articles`` in one query.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from newsroom.pagecache import bump_generation
from newsroom.text import html_to_text

from ..models import Article, RelatedArticle, RelatedExclusion, RelatedPin, RelatedTerm, TermFrequency
from . import scoring

LIST_SIZE = 8  # stored per article and language; the page shows the first live ones
CANDIDATES = 50  # articles sharing vocabulary that are scored in full
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


def candidates(article_id: int, language: str, signature: dict[str, float], limit: int = CANDIDATES):
    """(article id, cosine) of the indexed articles sharing the most weighted vocabulary."""
    if not signature:
        return []
    values = ", ".join(["(CAST(%s AS TEXT), CAST(%s AS DOUBLE PRECISION))"] * len(signature))
    params: list = [item for term, weight in signature.items() for item in (term[:64], weight)]
    table = RelatedTerm._meta.db_table
    sql = (
        f"WITH query_terms(term, weight) AS (VALUES {values}) "  # noqa: S608 - placeholders only
        f"SELECT t.article_id, SUM(t.weight * q.weight) AS similarity FROM {table} t "
        "JOIN query_terms q ON q.term = t.term "
        "WHERE t.language = %s AND t.article_id <> %s "
        "GROUP BY t.article_id ORDER BY similarity DESC, t.article_id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, language, article_id, limit])
        return [(row[0], float(row[1])) for row in cursor.fetchall()]


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


def _offer(new: scoring.Facts, language: str, scored: list[tuple[int, float]]) -> int:
    """Put ``new`` into the lists of the articles in ``scored`` (id, score from their side)
    where it beats their weakest entry; returns how many lists changed."""
    if not scored:
        return 0
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
    changed = 0
    for target, value in scored:
        if target in refusing:
            continue
        entries = [(related, old) for related, old in current[target] if related != new.article_id]
        if len(entries) >= LIST_SIZE and value <= min(old for _related, old in entries):
            continue
        entries.append((new.article_id, value))
        entries.sort(key=lambda item: (-item[1], item[0]))
        _store_list(target, language, entries[:LIST_SIZE])
        changed += 1
    return changed


def remove_from_index(article_id: int, language: str | None = None) -> None:
    """The article leaves the recommender (unpublished, archived, no longer translated)."""
    scope = {"language": language} if language else {}
    RelatedTerm.objects.filter(article_id=article_id, **scope).delete()
    RelatedArticle.objects.filter(article_id=article_id, pinned=False, **scope).delete()
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
        return {}
    changed = {}
    excluded = excluded_for(article_id)
    for language in languages():
        if not article.has_translation(language):
            remove_from_index(article_id, language)
            continue
        signature = index_article(article, language)
        found = candidates(article_id, language, signature)
        facts = facts_for([article_id, *(pk for pk, _similarity in found)])
        source = facts[article_id]
        pairs = [(facts[pk], similarity) for pk, similarity in found if pk in facts]
        _store_list(article_id, language, scoring.best(source, pairs, excluded, LIST_SIZE))
        # The score is symmetric: what the new article scores for each candidate is what
        # the candidate scores for it.
        back = [
            (candidate.article_id, scoring.score(similarity, candidate, source))
            for candidate, similarity in pairs
        ]
        changed[language] = _offer(source, language, [(pk, value) for pk, value in back if value > 0])
    store_pins(article)
    transaction.on_commit(bump_generation)
    return changed


def store_pins(article: Article) -> None:
    """Copy the editor's pins into the stored lists, first, in every language."""
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
    excluded = excluded_for(article.pk)
    RelatedArticle.objects.filter(article=article, related_id__in=excluded, pinned=False).delete()


# --- reading ----------------------------------------------------------------------------------


def related_articles(article: Article, language: str, limit: int = 4) -> list[Article]:
    """The «شاهد أيضاً» box: stored entries that are live in ``language``, pins first.

    One query. When nothing has been computed yet (or too little is live), the box is
    filled with the latest articles of the same section, never left broken.
    """
    visible = Article.objects.live().translated(language)
    found = list(
        visible.filter(related_from__article=article, related_from__language=language)
        .exclude(pk=article.pk)
        .order_by("related_from__rank")[:limit]
    )
    if len(found) < limit:
        excluded = {entry.pk for entry in found} | {article.pk}
        found += list(
            visible.filter(section_id=article.section_id)
            .exclude(pk__in=excluded)
            .exclude(pk__in=RelatedExclusion.objects.filter(article=article).values("excluded_id"))
            .order_by("-published_at", "-id")[: limit - len(found)]
        )
    return found


# --- the whole archive at once -----------------------------------------------------------------


def rebuild(progress: Callable[[int, int], None] | None = None, block: int = 256) -> dict[str, int]:
    """Recompute every signature, the document frequencies and every list.

    Signatures are compared as a sparse matrix, a block of rows at a time, so memory
    stays bounded by the block, not by the square of the archive; rows are written in
    bounded batches (COPY on PostgreSQL).
    """
    import numpy as np
    import scipy.sparse as sp

    totals = {}
    exclusions = all_exclusions()
    indexed = Article.objects.filter(status__in=INDEXED_STATUSES)
    for language in languages():
        fields = text_fields(language)
        vocabulary: dict[str, int] = {}
        ids, rows = [], []
        for pk, *values in indexed.translated(language).values_list("pk", *fields).iterator(2000):
            counts = counts_of(values, language)
            term_ids = np.fromiter(
                (vocabulary.setdefault(t, len(vocabulary)) for t in counts), dtype=np.int32
            )
            rows.append((term_ids, np.fromiter(counts.values(), dtype=np.float32)))
            ids.append(pk)
        total = len(ids)
        totals[language] = total
        with transaction.atomic():
            RelatedTerm.objects.filter(language=language).delete()
            RelatedArticle.objects.filter(language=language, pinned=False).delete()
            TermFrequency.objects.filter(language=language).delete()
            if not total:
                continue
            documents = np.bincount(
                np.concatenate([term_ids for term_ids, _ in rows]), minlength=len(vocabulary)
            )
            terms_by_id = [""] * len(vocabulary)
            for term, index in vocabulary.items():
                terms_by_id[index] = term[:64]
            vocabulary.clear()
            _write(
                TermFrequency,
                ["language", "term", "documents"],
                [(language, DOCUMENTS, total)]
                + [(language, term, int(count)) for term, count in zip(terms_by_id, documents, strict=True)],
            )
            idf = (np.log((1 + total) / (1 + documents)) + 1.0) ** scoring.IDF_POWER
            kept_ids, kept_weights = [], []
            common = documents > scoring.common_term_ceiling(total)
            for term_ids, counts in rows:
                weights = (1.0 + np.log(counts)) * idf[term_ids]
                weights[common[term_ids]] = 0.0
                order = np.lexsort((term_ids, -weights))[: scoring.SIGNATURE_TERMS]
                order = order[weights[order] > 0]
                weights = weights[order]
                kept_ids.append(term_ids[order])
                kept_weights.append((weights / (np.sqrt((weights**2).sum()) or 1.0)).astype(np.float32))
            rows.clear()
            lengths = np.fromiter((len(kept) for kept in kept_ids), dtype=np.int64, count=total)
            indptr = np.concatenate([[0], np.cumsum(lengths)])
            matrix = sp.csr_matrix(
                (np.concatenate(kept_weights), np.concatenate(kept_ids), indptr),
                shape=(total, len(terms_by_id)),
            )
            del kept_ids, kept_weights
            _write(
                RelatedTerm,
                ["article_id", "language", "term", "weight"],
                (
                    (ids[row], language, terms_by_id[matrix.indices[k]], float(matrix.data[k]))
                    for row in range(total)
                    for k in range(matrix.indptr[row], matrix.indptr[row + 1])
                ),
            )
            facts = facts_for(ids)
            transposed = matrix.T.tocsr()
            lists = []
            for start in range(0, total, block):
                # Sparse: a row holds only the articles sharing a (not too common) term.
                similarities = (matrix[start : start + block] @ transposed).tocsr()
                for offset in range(similarities.shape[0]):
                    index = start + offset
                    begin, end = similarities.indptr[offset], similarities.indptr[offset + 1]
                    columns, values = similarities.indices[begin:end], similarities.data[begin:end]
                    keep = columns != index
                    columns, values = columns[keep], values[keep]
                    if len(values) > CANDIDATES:
                        top = np.argpartition(-values, CANDIDATES)[:CANDIDATES]
                        columns, values = columns[top], values[top]
                    source = facts[ids[index]]
                    pairs = [(facts[ids[j]], float(v)) for j, v in zip(columns, values, strict=True) if v > 0]
                    excluded = exclusions.get(ids[index], frozenset())
                    ranked = scoring.best(source, pairs, excluded, LIST_SIZE)
                    lists += [
                        (ids[index], related, language, rank, value, False)
                        for rank, (related, value) in enumerate(ranked)
                    ]
                if progress:
                    progress(min(start + block, total), total)
            _write(RelatedArticle, ["article_id", "related_id", "language", "rank", "score", "pinned"], lists)
    for article in Article.objects.filter(related_pins__isnull=False).distinct():
        store_pins(article)
    return totals


WRITE_BATCH = 20_000


def _write(model, columns: list[str], rows: Iterable[tuple]) -> None:
    """Insert many rows: COPY on PostgreSQL, bounded bulk_create batches elsewhere."""
    import itertools

    rows = iter(rows)
    if connection.vendor == "postgresql":
        names = ", ".join(model._meta.get_field(column).column for column in columns)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    while batch := list(itertools.islice(rows, WRITE_BATCH)):
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in batch])


def all_exclusions() -> dict[int, frozenset[int]]:
    grouped: dict[int, set[int]] = defaultdict(set)
    for article_id, excluded_id in RelatedExclusion.objects.values_list("article_id", "excluded_id"):
        grouped[article_id].add(excluded_id)
    return {article_id: frozenset(excluded) for article_id, excluded in grouped.items()}
