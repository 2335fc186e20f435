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
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "newsroom_serve_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
SEED_TITLE = "رئيس الأمن الروسي"


def run(*command, env=None, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def environment(port: int, redis_url: str, page_cache: bool) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CONN_MAX_AGE": "60",
        "NEWSROOM_PAGE_CACHE": "1" if page_cache else "0",
        "NEWSROOM_TRUSTED_PROXIES": "1",  # wrk plays the proxy: the last X-Forwarded-For entry
        "DJANGO_LOG_LEVEL": "WARNING",
        "PORT": str(port),
    }


def _memory_of(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process, in bytes."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    pss = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
    rss = re.search(r"^Rss:\s+(\d+) kB", rollup, re.M)
    return (int(pss.group(1)) * 1024 if pss else 0), (int(rss.group(1)) * 1024 if rss else 0)


class Server:
    """gunicorn with the site's configuration file; its processes' memory is sampled."""

    def __init__(self, app: str, env: dict):
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", app, "--config", "newsroom/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{env['PORT']}"
        self.peak_pss = self.peak_rss = 0
        self._sampling = True
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self):
        while self._sampling:
            pss, rss = self.memory()
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            time.sleep(0.2)

    def memory(self) -> tuple[int, int]:
        """PSS and RSS of the master and its workers together, in bytes."""
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        pids = [self.process.pid, *(int(pid) for pid in found.stdout.split())]
        figures = [_memory_of(pid) for pid in pids]
        return sum(pss for pss, _ in figures), sum(rss for _, rss in figures)

    def wait_ready(self, path: str) -> bytes:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + path, timeout=2) as response:
                    return response.read()
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"server at {self.url} did not answer")

    def stop(self):
        self._sampling = False
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(30)


def wrk(url: str, duration: int, connections: int, script: str | None = None, env=None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["-s", script] if script else []
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    """Requests per second, requests, p50 and p99 (ms) and non-2xx/3xx answers of a wrk run."""

    def milliseconds(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": milliseconds("50%"),
        "p99": milliseconds("99%"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def form_tokens(url: str) -> dict:
    """What the form's script holds after the reader starts writing: the timed token it
    asks for (the shared page itself carries no token of one reader), and where to post."""
    page = urllib.request.urlopen(url, timeout=10).read().decode()
    token_url = re.search(r'data-token-url="([^"]+)"', page).group(1)
    origin = url.split("/", 3)[:3]
    token = json.loads(urllib.request.urlopen("/".join(origin) + token_url, timeout=10).read())["token"]
    return {
        "FORM_TOKEN": token,
        "POST_PATH": re.search(r'action="([^"]+)" method="post" id="commentform"', page).group(1),
    }


def django_shell(code: str, env: dict) -> str:
    command = [PYTHON, "manage.py", "shell", "-c", code]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


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


def build_workload(env: dict, redis_url: str) -> str:
    """The standard workload; returns the seed article's address."""
    run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE, stderr=subprocess.DEVNULL)
    run("createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE)
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0", env=env)
    run(PYTHON, "manage.py", "load_demo", "--articles", "1000", "--comments", "50", "--no-spam-examples",
        env=env, stdout=subprocess.DEVNULL)  # fmt: skip
    run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0", env=env)
    run("redis-cli", "-u", redis_url, "flushdb", stdout=subprocess.DEVNULL)
    return django_shell(
        f"from articles.models import Article; "
        f"print(Article.objects.get(title_ar__startswith='{SEED_TITLE}').get_absolute_url())",
        env,
    )


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
    site_env = environment(options.port, options.redis_url, page_cache=True)
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

        server = Server("newsroom.wsgi", environment(options.port, options.redis_url, page_cache=False))
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
        run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE)
        run("redis-cli", "-u", options.redis_url, "flushdb", stdout=subprocess.DEVNULL)

    ceiling = results["bare Django view (ceiling)"]["rps"]
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    print(f"Machine: {cpu.group(1) if cpu else '?'}, {os.cpu_count()} CPUs; "
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
