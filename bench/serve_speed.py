"""Pages per second, as `make serve` serves them, against the server's ceiling.

    python bench/serve_speed.py [--duration 6] [--runs 3] [--connections 32] [--port 8790]

Builds the standard workload in a database of its own (1,000 articles, the seed article
with 50 approved comments and its related box), starts the site with the same gunicorn
configuration as `make serve` (DEBUG off, Redis, persistent connections) and measures
with wrk on loopback:

- the article page from the page cache (warm), the home page from the page cache;
- the comment POST: every request a new comment as a browser sends it from the site
  (Sec-Fetch-Site: same-origin, the form's timed token), its own text, email and client
  address (the site trusts X-Forwarded-For here, as behind a proxy), answered 303 once
  the comment is in the database;
- the article page rendered on every request (page cache off, so no fragment is re-used
  either): the cost of a full miss;
- the ceiling: a bare Django view returning the article page's bytes from memory, with
  the site's settings and middleware under the same gunicorn configuration
  (bench/ceiling.py); for reference, the same view after running the SQL statements of
  one render of the article page, or of one comment POST (what the database work costs
  by itself), and a bare WSGI callable without Django.

Prints requests per second, p50 and p99 latency (each the median of three timed runs, as
the issue measured the other systems) and the ratio to the ceiling for each,
and the peak memory of all server processes together: PSS, which counts the pages the
gunicorn workers share with their master once (RSS would count them once per process;
it is printed too).
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

from _common import (
    ROOT,
    SEED_TITLE,
    Server,
    build_workload,
    cpu_model,
    django_shell,
    drop_workload,
    flush_redis,
    form_tokens,
    parse_wrk,
    site_environment,
    wrk_output,
)


def wrk(url: str, duration: int, connections: int, script: str | None = None, env=None) -> dict:
    return parse_wrk(wrk_output(url, duration, connections, script, env))


def captured_sql(article: str, env: dict) -> dict[str, list[str]]:
    """The SQL statements of one render of the article page and of one comment POST."""
    code = f"""
import json, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from articles.models import Article
from comments.privacy import email_hash
from comments.protection import form_token
client = Client(HTTP_HOST="127.0.0.1")
client.get({article!r})
with CaptureQueriesContext(connection) as page:
    client.get({article!r})
seed = Article.objects.get(title_ar__startswith={SEED_TITLE!r})
form = {{"token": form_token(seed.pk, now=time.time() - 60), "comment": "تعليق لقياس الكتابة",
        "author": "قارئ", "email": "measure@example.com", "url": "", "parent": "", "address": ""}}
poster = Client(HTTP_HOST="127.0.0.1", HTTP_SEC_FETCH_SITE="same-origin")
with CaptureQueriesContext(connection) as post:
    answer = poster.post(f"/ar/comments/post/{{seed.pk}}/", form, REMOTE_ADDR="10.250.0.1")
assert answer.status_code == 303, answer.status_code
print(json.dumps({{"page": [q["sql"] for q in page.captured_queries],
                  "post": [q["sql"] for q in post.captured_queries],
                  "post_email_hash": email_hash("measure@example.com")}}))
"""
    return json.loads(django_shell(code, {**env, "NEWSROOM_PAGE_CACHE": "0"}))


def measure(name, server, url, options, results, script=None, env=None, after_warm_up=None):
    """Warm up, then ``--runs`` timed runs; each figure is the median of the runs."""
    env = {**(env or os.environ), "POST_RUN": "0"}
    wrk(url, 2, options.connections, script, env)
    if after_warm_up:
        after_warm_up()
    runs = []
    for number in range(1, options.runs + 1):
        env["POST_RUN"] = str(number)
        runs.append(wrk(url, options.duration, options.connections, script, env))
    results[name] = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    results[name]["requests"] = sum(run["requests"] for run in runs)
    results[name]["errors"] = sum(run["errors"] for run in runs)
    rates = ", ".join(f"{run['rps']:.0f}" for run in runs)
    print(f"  {name}: {rates} req/s", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=6, help="seconds of each timed run")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each measurement (median)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9", help="flushed at start and end")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    started = time.monotonic()
    results, memory = {}, {}
    site_env = site_environment(options.port, options.redis_url, page_cache=True)
    article = build_workload(site_env, options.redis_url)
    try:
        server = Server("newsroom.wsgi", site_env)
        try:
            body = server.wait_ready(article)
            measure("article page, page cache", server, server.url + article, options, results)
            measure("home page, page cache", server, server.url + "/ar/", options, results)
            count = "from comments.models import Comment; print(Comment.objects.count())"
            counted = {}
            tokens = form_tokens(server.url + article)
            time.sleep(3)  # COMMENTS_MIN_SECONDS_TO_SUBMIT: a person takes a moment to write
            post_env = {**os.environ, **tokens}
            script = "bench/post_comment.lua"

            def count_before():
                counted["before"] = int(django_shell(count, site_env))

            post_url = server.url + article
            measure("comment POST", server, post_url, options, results, script, post_env, count_before)
            counted["after"] = int(django_shell(count, site_env))
        finally:
            server.stop()
            memory["site, page cache on"] = (server.peak_pss, server.peak_rss)

        server = Server("newsroom.wsgi", site_environment(options.port, options.redis_url, page_cache=False))
        try:
            server.wait_ready(article)
            measure("article page, rendered", server, server.url + article, options, results)
        finally:
            server.stop()
            memory["site, page cache off"] = (server.peak_pss, server.peak_rss)

        with tempfile.NamedTemporaryFile(suffix=".html", delete=False) as handle:
            handle.write(body)
        sql = ROOT / "var" / "bench-article-sql.json"
        sql.parent.mkdir(exist_ok=True)
        sql.write_text(json.dumps(captured_sql(article, site_env)))
        ceiling_env = {**site_env, "CEILING_BODY": handle.name, "CEILING_SQL": str(sql)}
        server = Server("bench.ceiling:application", ceiling_env)
        try:
            server.wait_ready("/")
            measure("bare Django view (ceiling)", server, server.url + "/", options, results)
            measure("bare view + the page's SQL", server, server.url + "/with-sql", options, results)
            measure("bare view + the POST's SQL", server, server.url + "/with-post-sql", options, results)
        finally:
            server.stop()
            memory["bare Django view (ceiling)"] = (server.peak_pss, server.peak_rss)
        server = Server("bench.ceiling:raw_application", ceiling_env)
        try:
            server.wait_ready("/")
            measure("bare WSGI callable", server, server.url + "/", options, results)
        finally:
            server.stop()
        os.unlink(handle.name)
    finally:
        drop_workload()
        flush_redis(options.redis_url)

    ceiling = results["bare Django view (ceiling)"]["rps"]
    print(f"Machine: {cpu_model()}, {os.cpu_count()} CPUs; "
          f"wrk -t2 -c{options.connections} -d{options.duration}s on loopback, "
          f"median of {options.runs} runs; "
          f"gunicorn, {os.environ.get('WEB_CONCURRENCY', os.cpu_count() + 1)} sync workers")  # fmt: skip
    print(f"{'':30} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'x ceiling':>10} {'errors':>7}")
    for name, figures in results.items():
        print(
            f"{name:30} {figures['rps']:9.0f} {figures['p50']:8.2f} {figures['p99']:8.2f} "
            f"{figures['rps'] / ceiling:10.2f} {figures['errors']:7d}"
        )
    posted = results["comment POST"]
    print(f"comments in the database after the timed POST runs: {counted['after'] - counted['before']} new, "
          f"for {posted['requests']} requests answered ({posted['errors']} not 303)")  # fmt: skip
    for name, (pss, rss) in memory.items():
        print(f"peak memory of all server processes, {name}: "
              f"{pss / 2**20:.0f} MiB PSS ({rss / 2**20:.0f} MiB RSS)")  # fmt: skip
    print(f"benchmark ran in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
