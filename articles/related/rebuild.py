"""Every «شاهد أيضاً» list recomputed at once, for an import or ``rebuild_related``.

Batch code: it compares signatures as a sparse matrix (numpy, SciPy), which the web
processes never load; one article at a time is ``store.update_related``.
"""

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

import numpy as np
import scipy.sparse as sp
from django.db import connection, transaction
from psycopg.types.json import Jsonb

from articles.keys import RELATED_ALL
from articles.models import (
    Article,
    RelatedArticle,
    RelatedExclusion,
    RelatedNeighbourhood,
    RelatedTerm,
    TermFrequency,
)
from core.invalidation import invalidate

from . import scoring
from .store import (
    CANDIDATES,
    DOCUMENTS,
    INDEXED_STATUSES,
    LIST_SIZE,
    counts_of,
    facts_for,
    languages,
    store_pins,
    stored_topic,
    text_fields,
)


def rebuild(progress: Callable[[int, int], None] | None = None, block: int = 256) -> dict[str, int]:
    """Recompute every signature, the document frequencies and every list.

    Signatures are compared as a sparse matrix, a block of rows at a time, so memory
    stays bounded by the block, not by the square of the archive; rows are written in
    bounded batches (COPY on PostgreSQL).
    """
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
            RelatedNeighbourhood.objects.filter(language=language).delete()
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
            nearest = _nearest(matrix, block, progress)
            topics = _topics(matrix, nearest)
            del matrix
            nearest = _topic_similarities(topics, nearest)
            neighbourhoods = [scoring.neighbourhood(values.tolist()) for _columns, values in nearest]
            _write(
                RelatedNeighbourhood,
                ["article_id", "language", "mean", "floor", "topic"],
                (
                    (pk, language, n.mean, n.floor, _topic_of(topics, row, terms_by_id))
                    for row, (pk, n) in enumerate(zip(ids, neighbourhoods, strict=True))
                ),
            )
            del topics
            neighbourhood_of = {pk: n.mean for pk, n in zip(ids, neighbourhoods, strict=True)}
            facts = {
                pk: replace(fact, neighbourhood=neighbourhood_of[pk]) for pk, fact in facts_for(ids).items()
            }
            lists = []
            for row, (columns, values) in enumerate(nearest):
                source = facts[ids[row]]
                pairs = [(facts[ids[j]], float(v)) for j, v in zip(columns, values, strict=True)]
                excluded = exclusions.get(ids[row], frozenset())
                ranked = scoring.best(source, pairs, excluded, LIST_SIZE)
                lists += [
                    (ids[row], related, language, rank, value, False)
                    for rank, (related, value) in enumerate(ranked)
                ]
            _write(RelatedArticle, ["article_id", "related_id", "language", "rank", "score", "pinned"], lists)
    for article in Article.objects.filter(related_pins__isnull=False).distinct():
        store_pins(article)
    invalidate(RELATED_ALL)
    return totals


def _nearest(matrix, block: int, progress) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per row, the ``CANDIDATES`` other rows of highest positive cosine (columns, cosines)."""
    transposed = matrix.T.tocsr()
    total = matrix.shape[0]
    nearest = []
    for start in range(0, total, block):
        # Sparse: a row holds only the articles sharing a (not too common) term.
        similarities = (matrix[start : start + block] @ transposed).tocsr()
        for offset in range(similarities.shape[0]):
            begin, end = similarities.indptr[offset], similarities.indptr[offset + 1]
            columns, values = similarities.indices[begin:end], similarities.data[begin:end]
            keep = (columns != start + offset) & (values > 0)
            columns, values = columns[keep], values[keep]
            if len(values) > CANDIDATES:
                top = np.argpartition(-values, CANDIDATES)[:CANDIDATES]
                columns, values = columns[top], values[top]
            nearest.append((columns, values))
        if progress:
            progress(min(start + block, total), total)
    return nearest


def _topics(matrix, nearest, block: int = 1024):
    """Every row's topic (``scoring.topic``) as a sparse matrix with unit rows."""
    total = matrix.shape[0]
    mix_rows, mix_columns, mix_shares = [], [], []
    for row, (columns, values) in enumerate(nearest):
        if len(values) > scoring.EXPANSION_NEIGHBOURS:
            top = np.argpartition(-values, scoring.EXPANSION_NEIGHBOURS)[: scoring.EXPANSION_NEIGHBOURS]
            columns, values = columns[top], values[top]
        if len(values):
            mix_rows.append(np.full(len(values), row, dtype=np.int64))
            mix_columns.append(columns)
            mix_shares.append(np.full(len(values), scoring.EXPANSION_WEIGHT / len(values)))
    mix = sp.csr_matrix(
        (
            np.concatenate(mix_shares or [np.zeros(0)]).astype(np.float32),
            (
                np.concatenate(mix_rows or [np.zeros(0, np.int64)]),
                np.concatenate(mix_columns or [np.zeros(0, np.int64)]),
            ),
        ),
        shape=(total, total),
    )
    indices, data, lengths = [], [], []
    for start in range(0, total, block):
        expanded = (matrix[start : start + block] + mix[start : start + block] @ matrix).tocsr()
        for offset in range(expanded.shape[0]):
            begin, end = expanded.indptr[offset], expanded.indptr[offset + 1]
            columns, values = expanded.indices[begin:end], expanded.data[begin:end]
            order = np.lexsort((columns, -values))[: scoring.TOPIC_TERMS]
            values = values[order]
            indices.append(columns[order])
            data.append((values / (np.sqrt((values**2).sum()) or 1.0)).astype(np.float32))
            lengths.append(len(order))
    indptr = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
    return sp.csr_matrix((np.concatenate(data), np.concatenate(indices), indptr), shape=matrix.shape)


def _topic_similarities(topics, nearest, block: int = 512) -> list[tuple[np.ndarray, np.ndarray]]:
    """``nearest`` with each pair's topic cosine in place of its signatures'."""
    result = []
    for start in range(0, len(nearest), block):
        chunk = nearest[start : start + block]
        rows = np.concatenate([np.full(len(columns), start + i) for i, (columns, _v) in enumerate(chunk)])
        columns = np.concatenate([columns for columns, _values in chunk]).astype(np.int64)
        values = np.asarray(topics[rows].multiply(topics[columns]).sum(axis=1)).ravel()
        offsets = np.cumsum([len(columns) for columns, _values in chunk])[:-1]
        result += [
            (columns, values)
            for columns, values in zip(np.split(columns, offsets), np.split(values, offsets), strict=True)
        ]
    return result


def _topic_of(topics, row: int, terms_by_id: list[str]) -> dict[str, float]:
    begin, end = topics.indptr[row], topics.indptr[row + 1]
    return stored_topic(
        {
            terms_by_id[t]: float(w)
            for t, w in zip(topics.indices[begin:end], topics.data[begin:end], strict=True)
        }
    )


WRITE_BATCH = 20_000


def _write(model, columns: list[str], rows: Iterable[tuple]) -> None:
    """Insert many rows: COPY on PostgreSQL, bounded bulk_create batches elsewhere."""
    rows = iter(rows)
    if connection.vendor == "postgresql":
        names = ", ".join(model._meta.get_field(column).column for column in columns)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row([Jsonb(value) if isinstance(value, dict) else value for value in row])
        return
    while batch := list(itertools.islice(rows, WRITE_BATCH)):
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in batch])


def all_exclusions() -> dict[int, frozenset[int]]:
    grouped: dict[int, set[int]] = defaultdict(set)
    for article_id, excluded_id in RelatedExclusion.objects.values_list("article_id", "excluded_id"):
        grouped[article_id].add(excluded_id)
    return {article_id: frozenset(excluded) for article_id, excluded in grouped.items()}
