"""What the desk's safety net costs on PostgreSQL: a save with its revision and audit
entry, the history page, the admin's folded search, and the article page with and
without correction notes, at growing archive sizes.

    .venv/bin/python bench/desk_speed.py [--sizes N,N | --quick] [--saves N] [--seed S]
        [--keep] [--database-url URL]

Creates (and at the end drops) a PostgreSQL database whose name must contain "bench"
(with ``bench/_common.py``), migrates it, and for each size in turn (2,000 and
20,000 articles by default; 500 and 2,000 with ``--quick``) grows the archive with
``load_demo``'s generator, then times, in this process:

1. ``save_article`` by an editor on sampled articles (slug checks, the row, its revision
   and its audit entry): p50 / p90, queries per save, and the revision's stored size;
2. the article's revisions page in the admin, after 20 saves of one article;
3. the admin's article search (``?q=`` over the folded title, standfirst and text of every
   article, drafts included) for a word present in a few articles and for one in none;
4. the Arabic article page, queries and time, for an article without notes and for one
   with a correction (its notes cost a query only when there are some).

Production-like settings (DJANGO_DEBUG=0, a throwaway key, static files collected into a
temporary folder); no Redis (the page cache is in this process); tasks go to an in-memory
broker and stay there (related lists and mail are a worker's work, not the save's).
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from _common import (
    POSTGRES,
    capture,
    collect_static,
    configure_environment,
    database_name,
    drop_database,
    generate,
    host_line,
    percentile_above,
    recreate_database,
    setup_django,
)

DEFAULT_DATABASE_URL = f"{POSTGRES}/newsroom_desk_bench"


def timed(call) -> tuple[float, int, object]:
    with capture() as queries:
        started = time.perf_counter()
        result = call()
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), result


def editor_user():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, _created = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get(name="Editor"))
    return get_user_model().objects.get(pk=user.pk)  # permissions cache fresh


def measure_saves(editor, count: int, rng: random.Random) -> dict:
    from django.db import connection

    from articles.desk.publishing import save_article
    from articles.models import Article

    ids = list(Article.objects.values_list("pk", flat=True))
    times, queries = [], []
    for pk in rng.sample(ids, min(count, len(ids))):
        article = Article.objects.get(pk=pk)
        article.standfirst_ar = f"مقدمة معدلة {rng.random()}"
        elapsed, asked, _ = timed(lambda article=article: save_article(article, by=editor))
        times.append(elapsed)
        queries.append(asked)
    # The stored size of the latest revisions, as PostgreSQL keeps them (jsonb, compressed).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(content) FROM articles_revision ORDER BY id DESC LIMIT %s", [count]
        )
        sizes = [row[0] for row in cursor.fetchall()]
    return {
        "p50": percentile_above(times, 0.5),
        "p90": percentile_above(times, 0.9),
        "queries": statistics.median(queries),
        "revision_bytes": statistics.median(sizes),
    }


def admin_client(editor):
    from django.test import Client

    from core.tests.twofactor import log_in_verified

    client = Client()
    log_in_verified(client, editor)
    return client


def measure_admin(client, editor) -> dict:
    from articles.desk.publishing import save_article
    from articles.models import Article

    article = Article.objects.order_by("-pk").first()
    for n in range(20):
        article.standfirst_ar = f"نسخة {n}"
        save_article(article, by=editor)
    history, history_queries, response = timed(
        lambda: client.get(f"/admin/articles/article/{article.pk}/revisions/?show=20")
    )
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    rare = Article.objects.order_by("pk").first().title_ar.split()[-1]
    found, _q, found_page = timed(lambda: client.get("/admin/articles/article/", {"q": rare}))
    missing, _q, _page = timed(lambda: client.get("/admin/articles/article/", {"q": "كلمةغيرموجودة"}))
    # The search alone, without the page around it.
    query_only, _q, _count = timed(lambda: Article.objects.filter(search_text__contains="مباحثات").count())
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
        explain = "EXPLAIN SELECT count(*) FROM articles_article WHERE search_text LIKE %s"
        cursor.execute(explain, ["%مباحثات%"])
        plan = " / ".join(row[0].strip() for row in cursor.fetchall())
    return {
        "history": history,
        "history_queries": history_queries,
        "search_found": found,
        "search_found_count": found_page.context["cl"].result_count if found_page.context else None,
        "search_missing": missing,
        "search_query": query_only,
        "plan": plan,
    }


def measure_page(editor) -> dict:
    from django.core.cache import cache
    from django.test import Client

    from articles.desk.publishing import add_correction
    from articles.models import Article, Correction

    plain, noted = Article.objects.live().order_by("-pk")[:2]
    add_correction(
        noted, by=editor, kind=Correction.Kind.CORRECTION, texts={"ar": "صُحّح رقم في الفقرة الثانية."}
    )
    reader = Client()
    reader.get(Article.objects.live().order_by("pk").first().url_in("ar"))  # warm the process up
    figures = {}
    for name, article in (("plain", plain), ("corrected", noted)):
        cache.clear()
        elapsed, asked, response = timed(lambda article=article: reader.get(article.url_in("ar")))
        assert response.status_code == 200, (response.status_code, response.get("Location"))
        figures[name] = (elapsed, asked)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    sizes = [int(n) for n in ("500,2000" if args.quick else args.sizes).split(",")]
    database_name(args.database_url)
    configure_environment(args.database_url)
    # Queued to an in-memory broker and left there: in production the related lists and
    # mail are a worker's work, not the save's.
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")  # django.test.Client speaks http
    recreate_database(args.database_url)
    try:
        setup_django()
        from django.core.management import call_command

        from articles.models import Article

        call_command("migrate", verbosity=0)
        static = tempfile.TemporaryDirectory(prefix="desk-bench-static-")
        collect_static(Path(static.name))
        rng = random.Random(args.seed)
        rows = []
        for size in sizes:
            missing = size - Article.objects.count()
            if missing > 0:
                generate(missing, args.seed + size)
            editor = editor_user()
            saves = measure_saves(editor, args.saves, rng)
            admin = measure_admin(admin_client(editor), editor)
            page = measure_page(editor)
            rows.append((Article.objects.count(), saves, admin, page))
            print(f"{size}: done", flush=True)
        report(rows)
    finally:
        if not args.keep:
            drop_database(args.database_url)


def report(rows) -> None:
    print(f"\n{host_line()}\n")
    print("| Articles | Save p50 | p90 | Queries/save | Revision | History page | Search (found) | (none) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for count, saves, admin, _page in rows:
        print(
            f"| {count:,} | {saves['p50'] * 1000:.1f} ms | {saves['p90'] * 1000:.1f} ms "
            f"| {saves['queries']:.0f} "
            f"| {saves['revision_bytes'] / 1024:.1f} KiB | {admin['history'] * 1000:.0f} ms "
            f"({admin['history_queries']} q) | {admin['search_found'] * 1000:.0f} ms "
            f"| {admin['search_missing'] * 1000:.0f} ms |"
        )
    print("\nThe search's query alone (a word in many articles), and its plan:\n")
    for count, _saves, admin, _page in rows:
        print(f"- {count:,} articles: {admin['search_query'] * 1000:.1f} ms; {admin['plan']}")
    print("\n| Articles | Page without notes | Page with a correction |")
    print("| ---: | ---: | ---: |")
    for count, _saves, _admin, page in rows:
        (plain_time, plain_q), (noted_time, noted_q) = page["plain"], page["corrected"]
        print(
            f"| {count:,} | {plain_time * 1000:.0f} ms, {plain_q} queries "
            f"| {noted_time * 1000:.0f} ms, {noted_q} queries |"
        )


if __name__ == "__main__":
    main()
