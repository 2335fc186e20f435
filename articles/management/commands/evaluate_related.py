"""Measure the recommender on a labelled corpus, with the code that runs in production."""

import json
import random
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, RelatedArticle, RelatedTerm, Section, TermFrequency
from articles.related.rebuild import rebuild
from articles.related.store import INDEXED_STATUSES, update_related

# The site never indexes an article without a title (``Article.objects.written_in``); a
# title with no letters adds no term, so the body alone is compared.
UNTITLED = "…"


class Command(BaseCommand):
    help = (
        "Load FILE.jsonl (one JSON object a line: id, title, body, category, language) as "
        "published articles in a transaction that is rolled back, compute related lists with "
        "the production code (the archive rebuild, or one article at a time with --incremental), "
        "and print precision@k: the share of recommendations in the source article's category. "
        "The category is only the label scored against: every article goes into one section, "
        "without tags. Coverage is the share of articles that got k recommendations. Under the "
        "summary line, one line per category (its precision@k and size), then the macro "
        "average of the categories. A line with an empty title (some corpora have none) gets "
        f"{UNTITLED!r} as its title, which has no word to compare on."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--k", type=int, default=4)
        parser.add_argument(
            "--incremental", action="store_true", help="add articles one at a time (update_related)"
        )
        parser.add_argument(
            "--archive",
            type=float,
            default=0.0,
            metavar="SHARE",
            help=(
                "with --incremental: this share of the articles (drawn at random) is an archive "
                "rebuilt at once, as an import leaves it, before the others are added one at a time"
            ),
        )

    def handle(self, *args, file: Path, k: int, incremental: bool, archive: float, **options):
        if not 0 <= archive < 1:
            raise CommandError("--archive is a share: from 0 up to (not including) 1.")
        items = self._read(file)
        with transaction.atomic():
            self._set_aside_the_site()
            ids, category = self._load(items)
            started = time.perf_counter()
            if incremental:
                # In a shuffled order: corpora are often sorted by category, and in file
                # order each article would meet an archive of mostly its own category.
                order = random.Random(0).sample(ids, len(ids))  # noqa: S311 (not a secret)
                kept = int(archive * len(order))
                if kept:
                    self._rebuild_only(order[:kept])
                for pk in order[kept:]:
                    update_related(pk)
            else:
                rebuild()
            elapsed = time.perf_counter() - started
            found = self._recommendations(ids, k)
            transaction.set_rollback(True)
        precision, coverage = self._score(ids, found, category, k)
        self.stdout.write(
            f"precision@{k}={precision:.4f} chance={self._chance(items):.4f} coverage={coverage:.4f} "
            f"n={len(ids)} ms_per_article={1000 * elapsed / len(ids):.2f}"
        )
        by_category = self._by_category(ids, found, category)
        for name, (value, size) in sorted(by_category.items()):
            self.stdout.write(f"  category={name} precision@{k}={value:.4f} n={size}")
        macro = sum(value for value, _size in by_category.values()) / len(by_category)
        self.stdout.write(f"macro precision@{k}={macro:.4f} categories={len(by_category)}")

    def _read(self, file: Path) -> list[dict]:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        items = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                items.append(
                    {
                        "title": str(item["title"]),
                        "body": str(item["body"]),
                        "category": str(item["category"]),
                        "language": str(item.get("language") or "ar"),
                    }
                )
            except (ValueError, KeyError, TypeError) as error:
                raise CommandError(
                    f"{file}, line {number}: needs title, body and category ({error})"
                ) from error
        if not items:
            raise CommandError(f"{file}: no articles.")
        return items

    @staticmethod
    def _set_aside_the_site() -> None:
        """Inside the rolled-back transaction, the site's own articles leave the index, so
        that only the corpus is recommended and scored."""
        Article.objects.filter(status__in=INDEXED_STATUSES).update(status=Article.Status.DRAFT)
        RelatedTerm.objects.all().delete()
        TermFrequency.objects.all().delete()
        RelatedArticle.objects.all().delete()

    def _load(self, items: list[dict]) -> tuple[list[int], dict[int, tuple[str, str]]]:
        section = Section.objects.create(name="evaluation", slug=f"evaluation-{time.time_ns()}")
        now = timezone.now()
        title_length = Article._meta.get_field("title").max_length
        run = time.time_ns()
        articles = []
        for number, item in enumerate(items):
            language = item["language"]
            title = item["title"].strip()[:title_length] or UNTITLED
            slug = f"evaluation-{run}-{number}"
            fields = {f"title_{language}": title, f"body_{language}": item["body"], f"slug_{language}": slug}
            if language != settings.LANGUAGE_CODE:
                # Another language's version is indexed only once an editor has published it.
                fields[f"language_live_{language}"] = True
            articles.append(
                Article(
                    section=section,
                    status=Article.Status.PUBLISHED,
                    published_at=now,
                    # The untranslated columns hold the default language; they must still be unique.
                    title=title if language == "ar" else "",
                    body=item["body"] if language == "ar" else "",
                    slug=slug,
                    **fields,
                )
            )
        created = Article.objects.bulk_create(articles, batch_size=1000)
        ids = [article.pk for article in created]
        return ids, {pk: (item["category"], item["language"]) for pk, item in zip(ids, items, strict=True)}

    @staticmethod
    def _rebuild_only(ids: list[int]) -> None:
        """The rebuild, seeing ``ids`` alone (the others wait as drafts)."""
        waiting = Article.objects.filter(status=Article.Status.PUBLISHED).exclude(pk__in=ids)
        later = list(waiting.values_list("pk", flat=True))
        waiting.update(status=Article.Status.DRAFT)
        rebuild()
        Article.objects.filter(pk__in=later).update(status=Article.Status.PUBLISHED)

    def _recommendations(self, ids: list[int], k: int) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {pk: [] for pk in ids}
        for article_id, related_id in (
            RelatedArticle.objects.filter(article_id__in=ids)
            .order_by("article_id", "rank")
            .values_list("article_id", "related_id")
        ):
            if len(found[article_id]) < k:
                found[article_id].append(related_id)
        return found

    def _score(self, ids, found, category, k) -> tuple[float, float]:
        hits = total = full = 0
        for pk in ids:
            related = found[pk]
            hits += sum(1 for other in related if category[other][0] == category[pk][0])
            total += len(related)
            full += len(related) >= k
        return (hits / total if total else 0.0), full / len(ids)

    @staticmethod
    def _by_category(ids, found, category) -> dict[str, tuple[float, int]]:
        """Per category: (precision of its articles' recommendations, its article count)."""
        hits: Counter = Counter()
        total: Counter = Counter()
        size: Counter = Counter()
        for pk in ids:
            own = category[pk][0]
            size[own] += 1
            total[own] += len(found[pk])
            hits[own] += sum(1 for other in found[pk] if category[other][0] == own)
        return {name: (hits[name] / total[name] if total[name] else 0.0, size[name]) for name in size}

    @staticmethod
    def _chance(items: list[dict]) -> float:
        """What a random recommender of the same language would score: the sum of squared
        category shares within each language, weighted by the language's share."""
        by_language = Counter(item["language"] for item in items)
        chance = 0.0
        for language, count in by_language.items():
            shares = Counter(item["category"] for item in items if item["language"] == language)
            chance += count / len(items) * sum((n / count) ** 2 for n in shares.values())
        return chance
