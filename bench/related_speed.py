"""Speed of the «شاهد أيضاً» related lists on PostgreSQL, at growing archive sizes.

    .venv/bin/python bench/related_speed.py [--sizes N,N | --quick] [--updates N] [--pages N]
        [--profile N] [--seed S] [--keep] [--database-url URL]

Creates (and at the end drops) a PostgreSQL database whose name must contain "bench" and
migrates it. Then, for each archive size in turn (10,000 and 100,000 by default; 2,000
and 10,000 with ``--quick``), the archive is grown to that many generated articles and:

1. generation: ``load_demo --articles K --no-spam-examples`` (K = what is missing), run in
   this process with its closing rebuild left out, since that rebuild is step 2;
2. full rebuild: ``manage.py rebuild_related`` in a child process: wall time, CPU time,
   the child's peak RSS (``os.wait4``) and, from the time stamps of its progress lines,
   the time spent comparing signatures block by block;
3. incremental: new published articles (``articles.demo.synthetic.make_article`` with a
   seed of their own) are saved one at a time and ``update_related(pk)`` (the Celery
   task's body) is timed in this process: p50 / p90 / max, SQL queries per update (and
   the time of the inverted-index candidates queries), how many other lists changed;
4. the article page: GET ``/ar/news/<slug>/`` through django.test.Client for sampled
   articles: queries per page (the same at every size, or the read does not scale) and
   time per page; ``related_articles()`` is timed alone too.

``--profile N`` afterwards cProfiles N more ``update_related`` calls at the largest size
and shows EXPLAIN ANALYZE of one candidates query.

Production-like settings (DJANGO_DEBUG=0, a throwaway secret key) unless the environment
sets them. REDIS_URL, CELERY_BROKER_URL and DATABASE_REPLICA_URL are removed: no task is
queued (the functions are called directly), the page cache is in this process's memory
and every read is on the bench database. With DEBUG off, pages need collected static
files: they are collected into a temporary STATIC_ROOT for this process.
"""

import argparse
import logging
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    POSTGRES,
    capture,
    close_connections,
    collect_static,
    configure_environment,
    database_name,
    drop_database,
    generate,
    machine_lines,
    manage,
    percentile,
    postgres_version,
    profiled,
    recreate_database,
    setup_django,
)

DEFAULT_DATABASE_URL = f"{POSTGRES}/newsroom_related_bench"
DEFAULT_SIZES = "10000,100000"
QUICK_SIZES = "2000,10000"
REBUILD_LINE = re.compile(r"Related lists rebuilt for (.*) in ([0-9.]+) s")
PROGRESS_LINE = re.compile(r"\] (\d+)/(\d+) \(")


# --- the benchmark ------------------------------------------------------------------------


def full_rebuild(env: dict) -> dict:
    """``manage.py rebuild_related`` in a child: wall, CPU, peak RSS, and how long the
    similarity blocks took (from the time stamps of its progress lines)."""
    run = manage(env, "rebuild_related")
    line = REBUILD_LINE.search(run.output)
    if not line:
        raise RuntimeError(f"unexpected rebuild_related output:\n{run.output[-2000:]}")
    # One progress line per block of rows, per language: "[###...] done/total (n%)".
    # From a language's first line to its last are its blocks (all but the first one).
    phases, current = [], None
    for at, text in run.lines:
        progress = PROGRESS_LINE.search(text)
        if not progress:
            continue
        done, total = int(progress.group(1)), int(progress.group(2))
        if current is None or done <= current["done"]:
            current = {"first": at, "last": at, "done": done, "total": total, "blocks": 1}
            phases.append(current)
        else:
            current.update(last=at, done=done, blocks=current["blocks"] + 1)
    # The first block's time is not seen: count it as the mean of the others.
    blocks = sum(
        (p["last"] - p["first"]) * p["blocks"] / (p["blocks"] - 1) for p in phases if p["blocks"] > 1
    )
    return {
        "wall": run.wall,
        "inside": float(line.group(2)),
        "cpu": run.cpu,
        "peak_rss": run.peak_rss,
        "blocks": blocks,
    }


def analyze() -> None:
    """What autovacuum does shortly after a bulk load: without statistics the planner
    guesses, and the candidates query would be timed on a plan production never sees."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def stored() -> dict:
    from django.db import connection

    from articles.models import Article, RelatedArticle, RelatedTerm, TermFrequency

    sizes = {}
    with connection.cursor() as cursor:
        for model in (RelatedTerm, RelatedArticle, TermFrequency):
            cursor.execute("SELECT pg_total_relation_size(%s)", [model._meta.db_table])
            sizes[model.__name__] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        database = cursor.fetchone()[0]
    return {
        "live": Article.objects.live().count(),
        "terms": RelatedTerm.objects.count(),
        "entries": RelatedArticle.objects.count(),
        "frequencies": TermFrequency.objects.count(),
        "sizes": sizes,
        "database": database,
    }


class NewArticles:
    """Published articles shaped like load_demo's, with text from a seed of their own."""

    def __init__(self, seed: int):
        from articles.demo.synthetic import SECTIONS
        from articles.models import Author, Section, Tag

        self.rng = random.Random(f"related-bench:{seed}")
        self.sections = {s.slug: s for s in Section.objects.filter(slug__in=SECTIONS)}
        self.section_slugs = sorted(self.sections)
        self.tags = {t.slug: t for t in Tag.objects.all()}
        self.author = Author.objects.first()
        self.made = 0

    def create(self) -> int:
        from datetime import timedelta

        from django.conf import settings
        from django.utils import timezone, translation

        from articles.demo.synthetic import make_article
        from articles.desk.publishing import make_slug
        from articles.models import Article

        m = make_article(self.rng, self.section_slugs[self.made % len(self.section_slugs)])
        self.made += 1
        article = Article(
            section=self.sections[m.section],
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(minutes=1),
            title_ar=m.title_ar,
            title_en=m.title_en,
            slug_ar=make_slug(m.title_ar, "ar"),
            slug_en=make_slug(m.title_en, "en"),
            standfirst_ar=m.standfirst_ar,
            standfirst_en=m.standfirst_en,
            body_ar=m.body_ar,
            body_en=m.body_en,
            language_live_en=True,  # as the demo archive's: both languages are indexed and timed
        )
        # As save_article does (without queueing the task, which is what is timed here):
        # modeltranslation copies the active language into the original columns.
        with translation.override(settings.LANGUAGE_CODE):
            article.save()
        article.tags.set([self.tags[slug] for slug in m.tags if slug in self.tags])
        if self.author:
            article.authors.set([self.author])
        return article.pk


def is_candidates_query(sql: str) -> bool:
    return sql.lstrip().startswith("WITH query_terms")


def joined_rows(article_id: int) -> int:
    """Rows of the inverted index that the article's candidates queries (all languages) join."""
    from django.db import connection

    from articles.models import RelatedTerm

    table = RelatedTerm._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {table} q JOIN {table} t ON t.language = q.language AND t.term = q.term "
            "WHERE q.article_id = %s AND t.article_id <> %s",
            [article_id, article_id],
        )
        return cursor.fetchone()[0]


def incremental(new: NewArticles, count: int) -> dict:
    """Time ``update_related`` on ``count`` new articles (after one not counted)."""

    from articles.models import RelatedArticle
    from articles.related.store import update_related

    runs = []
    for _ in range(count + 1):
        pk = new.create()
        with capture() as captured:
            started = time.perf_counter()
            changed = update_related(pk)
            elapsed = time.perf_counter() - started
        queries = captured.captured_queries
        candidates = [float(q["time"]) for q in queries if is_candidates_query(q["sql"])]
        runs.append(
            {
                "ms": elapsed * 1000,
                "queries": len(queries),
                "sql_ms": sum(float(q["time"]) for q in queries) * 1000,
                "candidates_ms": sum(candidates) * 1000,
                "changed": sum(changed.values()),
                "listed": RelatedArticle.objects.filter(article_id=pk).count(),
                # Posting-list rows the candidates query joins: the work that grows with the archive.
                "joined": joined_rows(pk),
            }
        )
    return {"first": runs[0], "runs": runs[1:]}


def pages(count: int, seed: int) -> dict:
    """GET article pages of sampled articles: rendered (a page-cache miss), then again
    (a hit); queries and time per page. Each page is fetched once before that (not
    counted) only for the first, which fills template and URL caches."""
    from django.test import Client
    from django.utils import translation

    from articles.models import Article, RelatedArticle
    from articles.related.store import related_articles

    rng = random.Random(f"related-pages:{seed}")
    ids = list(Article.objects.live().translated("ar").values_list("pk", flat=True))
    sample = rng.sample(ids, min(count + 1, len(ids)))
    by_pk = Article.objects.in_bulk(sample)
    warm_up, chosen = by_pk[sample[0]], [by_pk[pk] for pk in sample[1:]]
    client = Client()

    def get(url: str) -> tuple[float, int, str]:
        with capture() as captured:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return elapsed * 1000, len(captured.captured_queries), response.get("X-Page-Cache", "off")

    urls = {a.pk: {code: a.url_in(code) for code in ("ar", "en")} for a in [warm_up, *chosen]}
    get(urls[warm_up.pk]["ar"])  # templates compiled, URL resolvers filled: not what a page costs
    result = {"times": [], "queries": set(), "cache": set(), "hit_times": [], "hit_queries": set()}
    result.update(queries_en=set(), related_ms=[], related_queries=set())
    for article in chosen:
        ms, queries, cache = get(urls[article.pk]["ar"])
        result["times"].append(ms)
        result["queries"].add(queries)
        result["cache"].add(cache)
        if cache != "off":
            ms, queries, _cache = get(urls[article.pk]["ar"])
            result["hit_times"].append(ms)
            result["hit_queries"].add(queries)
        if urls[article.pk]["en"] and len(result["times"]) <= 5:
            result["queries_en"].add(get(urls[article.pk]["en"])[1])
        with capture() as captured:
            started = time.perf_counter()
            related_articles(article, "ar", 4)
            result["related_ms"].append((time.perf_counter() - started) * 1000)
        result["related_queries"].add(len(captured.captured_queries))
    translation.activate("ar")
    # Boxes served from a stored list, without the section fallback.
    result["full"] = sum(RelatedArticle.objects.filter(article=a, language="ar").count() >= 4 for a in chosen)
    result["count"] = len(chosen)
    return result


def profile_updates(new: NewArticles, count: int) -> str:
    from django.db import connection

    from articles.models import RelatedTerm
    from articles.related.store import candidates, update_related

    ids = [new.create() for _ in range(count)]
    each, stats = profiled(update_related, ids, 20)

    # The candidates query of the last article, as update_related sends it.
    signature = dict(
        RelatedTerm.objects.filter(article_id=ids[-1], language="ar").values_list("term", "weight")
    )
    captured = []

    def explain(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explain):
        candidates(ids[-1], "ar", signature)
    sql, params = captured[-1]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return f"update_related() in-process: {each:.1f} ms per article over {count}\n{stats}\n{plan}"


# --- the report ----------------------------------------------------------------------------


def mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"


def machine() -> list[str]:
    import django
    import numpy
    import psycopg
    import scipy

    return machine_lines(
        f"Django {django.get_version()}, psycopg {psycopg.__version__}, numpy {numpy.__version__}, "
        f"scipy {scipy.__version__}, PostgreSQL {postgres_version()}"
    )


def numbers(values: set[int]) -> str:
    return ", ".join(map(str, sorted(values))) or "-"


def spread(values: list[float], unit: str = "ms", digits: int = 0) -> str:
    return (
        f"p50 {percentile(values, 0.5):.{digits}f} {unit}, p90 {percentile(values, 0.9):.{digits}f} {unit}, "
        f"max {max(values):.{digits}f} {unit}"
    )


def section(
    size: int, elapsed: float, grown: dict, rebuilt: dict, kept: dict, updates: dict, page: dict
) -> list[str]:
    runs = updates["runs"]
    first = updates["first"]
    queries = sorted({r["queries"] for r in runs})
    changed = [r["changed"] for r in runs]
    sizes = kept["sizes"]
    return [
        f"Archive of {size:,} generated articles ({kept['live']:,} live):",
        f"  generated {grown['added']:,} articles with load_demo's generator in {grown['generation']:.1f} s "
        f"(this stage took {elapsed / 60:.1f} min in all)",
        f"  full rebuild, manage.py rebuild_related: {rebuilt['wall']:.1f} s wall ({rebuilt['inside']:.1f} s "
        f"inside rebuild(), of which ~{rebuilt['blocks']:.1f} s in the similarity blocks), CPU "
        f"{rebuilt['cpu']:.1f} s, peak RSS {mib(rebuilt['peak_rss'])}",
        f"  stored: {kept['terms']:,} signature terms ({mib(sizes['RelatedTerm'])} with indexes), "
        f"{kept['entries']:,} list entries ({mib(sizes['RelatedArticle'])}), {kept['frequencies']:,} "
        f"term frequencies; database {mib(kept['database'])}",
        f"  update_related, {len(runs)} new articles: {spread([r['ms'] for r in runs], digits=1)} "
        f"(the first, not counted: {first['ms']:.0f} ms)",
        f"    SQL queries per update: {queries[0]}{f'-{queries[-1]}' if len(queries) > 1 else ''}; "
        f"SQL time p50 {percentile([r['sql_ms'] for r in runs], 0.5):.1f} ms, of which the candidates "
        f"queries (ar + en) p50 {percentile([r['candidates_ms'] for r in runs], 0.5):.1f} ms, joining "
        f"p50 {percentile([r['joined'] for r in runs], 0.5):,.0f} index rows",
        f"    other lists changed per update (ar + en): p50 {percentile(changed, 0.5):.0f}, "
        f"max {max(changed)}; "
        f"own list: {min(r['listed'] for r in runs)}-{max(r['listed'] for r in runs)} entries",
        f"  article page GET /ar/news/<slug>/, {page['count']} articles, rendered (page cache "
        f"{'/'.join(sorted(page['cache']))}): {numbers(page['queries'])} queries (/en/: "
        f"{numbers(page['queries_en'])}), {spread(page['times'], digits=1)}",
        *(
            [
                f"    again, from the page cache: {numbers(page['hit_queries'])} queries, "
                f"{spread(page['hit_times'], digits=1)}"
            ]
            if page["hit_times"]
            else []
        ),
        f"    related_articles() alone: {numbers(page['related_queries'])} query, "
        f"p50 {percentile(page['related_ms'], 0.5):.2f} ms; boxes from a stored list: {page['full']}/"
        f"{page['count']}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help=f"archive sizes, ascending (default {DEFAULT_SIZES})")
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES}")
    parser.add_argument("--updates", type=int, default=20, help="new articles timed per size (default 20)")
    parser.add_argument("--pages", type=int, default=50, help="article pages fetched per size (default 50)")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="also cProfile N update_related calls at the end"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="created and dropped; its name must contain 'bench'",
    )
    args = parser.parse_args()
    try:
        chosen = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
        sizes = [int(s) for s in chosen.split(",")]
    except ValueError:
        parser.error("--sizes takes numbers separated by commas")
    if sizes != sorted(set(sizes)) or sizes[0] < 100:
        parser.error("--sizes must be ascending, distinct and at least 100")
    if args.updates < 1 or args.pages < 1:
        parser.error("--updates and --pages must be positive")
    database_name(args.database_url)

    env = configure_environment(args.database_url)
    recreate_database(args.database_url)
    static = Path(tempfile.mkdtemp(prefix="bench-related-static-"))
    try:
        setup_django()
        # The seed articles' update_related runs eagerly (no broker): its log lines are noise here.
        logging.getLogger("celery").setLevel(logging.WARNING)
        logging.getLogger("kombu").setLevel(logging.ERROR)
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        collect_static(static)
        idle = manage(env, "shell", "-c", "import numpy, scipy.sparse")
        print(
            f"Related articles: archive sizes {', '.join(f'{s:,}' for s in sizes)}; "
            f"{' '.join(sys.argv[1:]) or 'defaults'}",
            flush=True,
        )
        generated, lines = 0, []
        for size in sizes:
            started = time.perf_counter()
            grown = generate(size - generated, args.seed)
            generated = size
            rebuilt = full_rebuild(env)
            analyze()
            kept = stored()
            new = NewArticles(args.seed + size)
            updates = incremental(new, args.updates)
            page = pages(args.pages, args.seed + size)
            elapsed = time.perf_counter() - started
            block = section(size, elapsed, grown, rebuilt, kept, updates, page)
            print("\n".join(block), flush=True)
            lines += ["", *block]
        report = [
            *machine(),
            f"Idle:     a Django process with numpy and scipy imported: peak RSS {mib(idle.peak_rss)}",
            *lines,
        ]
        print("\n" + "\n".join(report), flush=True)
        if args.profile:
            print("\n" + profile_updates(new, args.profile), flush=True)
    finally:
        close_connections()
        if args.keep:
            print(f"kept {args.database_url}: drop it when done", file=sys.stderr)
        else:
            drop_database(args.database_url)
        shutil.rmtree(static, ignore_errors=True)


if __name__ == "__main__":
    main()
