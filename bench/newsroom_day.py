"""A newsroom day: readers while the news moves, on the embedded cache and behind Varnish,
against nginx serving the article page's bytes as a static file.

    python bench/newsroom_day.py [--duration 10] [--rounds 3] [--connections 32]

The standard workload (serve_speed.py: 1,000 generated articles, the seed article with 50
approved comments) in a database of its own. Readers (wrk, bench/newsroom_day.lua) spread
over every article page with Zipf popularity (the seed article first), plus the home page
(10 %) and section pages (5 %). "The write mix": meanwhile a writer process posts a comment
every second and a moderator approves it (on an article drawn with the same popularity),
and an editor publishes a new article every minute (the first a few seconds into each run).
A Celery worker runs beside, as in production: it sends the purges to Varnish and updates
the related lists.

Each round measures, one after the other so that they share the machine's state: nginx
(static file), Varnish on the seed article alone, then the embedded cache and Varnish, each
without writes and with the write mix. Figures are the medians over the rounds; the hit
ratio of the embedded cache is counted from its X-Page-Cache header, Varnish's from
varnishstat (a revalidation counts as a miss).
"""

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    PYTHON,
    QUIET_WORKER,
    ROOT,
    Server,
    Service,
    Worker,
    build_workload,
    cpu_model,
    django_shell,
    drop_workload,
    flush_redis,
    parse_wrk,
    site_environment,
    wrk_output,
)

SCRIPT = "bench/newsroom_day.lua"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_binaries() -> None:
    missing = [name for name in ("wrk", "varnishd", "nginx") if not shutil.which(name)]
    packages = {"wrk": "wrk", "varnishd": "varnish varnish-modules", "nginx": "nginx-light"}
    if missing:
        wanted = " ".join(packages[name] for name in missing)
        subprocess.run(f"apt-get install -y -q {wanted}", shell=True, check=False)
    still = [name for name in ("wrk", "varnishd", "nginx") if not shutil.which(name)]
    if still:
        sys.exit(f"needs {', '.join(still)}: apt-get install wrk varnish varnish-modules nginx-light")


class Daemon(Service):
    """A server whose files are in a temporary folder of its own, removed when it stops."""

    def __init__(self, name: str):
        super().__init__([])  # the command, once its files are written
        self.folder = Path(tempfile.mkdtemp(prefix=f"{name}-bench-"))
        # Its own users read the folder: varnishd's (vcache) its compiled VCL, nginx's
        # workers (www-data) the page.
        self.folder.chmod(0o755)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        super().stop(sig)
        shutil.rmtree(self.folder, ignore_errors=True)


class Varnish(Daemon):
    def __init__(self, backend_port: int, port: int, purge_port: int):
        super().__init__("varnish")
        vcl = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()
        (self.folder / "default.vcl").write_text(vcl.replace('.port = "8001"', f'.port = "{backend_port}"'))
        self.url = f"http://127.0.0.1:{port}"
        self.command = ["varnishd", "-F", "-f", str(self.folder / "default.vcl"), "-a", f"127.0.0.1:{port}",
                        "-a", f"purge=127.0.0.1:{purge_port}",
                        "-n", str(self.folder / "work"), "-s", "malloc,256m"]  # fmt: skip
        self.start()

    def counters(self) -> dict[str, int]:
        output = subprocess.run(
            ["varnishstat", "-n", str(self.folder / "work"), "-j"], capture_output=True, text=True, check=True
        ).stdout
        data = json.loads(output)
        counters = data.get("counters", data)
        names = (
            "MAIN.cache_hit",
            "MAIN.cache_miss",
            "MAIN.s_pass",
            "MAIN.cache_hitmiss",
            "MAIN.cache_hitpass",
        )
        return {name: int(counters.get(name, {}).get("value", 0)) for name in names}


class Nginx(Daemon):
    def __init__(self, port: int, body: bytes):
        super().__init__("nginx")
        (self.folder / "article.html").write_bytes(body)
        (self.folder / "article.html").chmod(0o644)
        (self.folder / "nginx.conf").write_text(
            f"""worker_processes {os.cpu_count()};
daemon off;
pid {self.folder}/nginx.pid;
error_log {self.folder}/error.log;
events {{ worker_connections 4096; }}
http {{
  types {{ text/html html; }}
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {{ listen 127.0.0.1:{port}; root {self.folder}; }}
}}
"""
        )
        self.url = f"http://127.0.0.1:{port}"
        self.command = ["nginx", "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder)]
        self.start()


def paths_by_popularity(env: dict, seed_path: str) -> tuple[list[str], list[str]]:
    """Every live Arabic article's path in a fixed random order of popularity, the seed
    article first; and the section pages."""
    code = (
        "import json; from articles.models import Article, Section; "
        "print(json.dumps([[a.get_absolute_url() for a in Article.objects.live()], "
        "[s.get_absolute_url() for s in Section.objects.all()]]))"
    )
    articles, sections = json.loads(django_shell(code, env))
    rest = [path for path in articles if path != seed_path]
    random.Random(7).shuffle(rest)
    return [seed_path, *rest], sections


def warm(url: str, paths: list[str], sections: list[str]) -> None:
    """Fetch every page once, eight at a time, so that the runs start warm."""
    from concurrent.futures import ThreadPoolExecutor
    from urllib.request import urlopen

    def fetch(path):
        try:
            with urlopen(url + path, timeout=30) as response:
                response.read()
        except OSError:
            pass

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(fetch, ["/ar/", *sections, *paths]))


def wrk_with_ratio(url, options, env, count_hits) -> dict:
    env = {**env, "COUNT_HITS": "1" if count_hits else "0"}
    output = wrk_output(url, options.duration, options.connections, SCRIPT, env)
    figures = parse_wrk(output)
    ratio = None
    for line in output.splitlines():
        if line.startswith("hit ratio:"):
            ratio = float(line.split()[2])
    figures["hit_ratio"] = ratio
    return figures


class Writers:
    """The write mix in a process of its own (manage.py shell), started once: while the
    flag file exists it posts a comment every second that a moderator approves at once,
    and publishes an article 3 s into each writing phase and every minute after."""

    CODE = r"""
import os, random, time
from django.utils import timezone
from articles.models import Article, Section
from articles.desk.publishing import save_article
from comments.lifecycle import Submission, approve_comment, submit_comment
paths = [line.strip() for line in open(os.environ["PATHS_FILE"])]
by_path = {a.get_absolute_url(): a for a in Article.objects.live().select_related("section")}
ranked = [by_path[p] for p in paths if p in by_path]
weights = [1 / (k + 1) for k in range(len(ranked))]
rng = random.Random(7)
section = Section.objects.first()
flag, stop = os.environ["WRITE_FLAG"], os.environ["STOP_FLAG"]
phase = None
count = published = 0
while not os.path.exists(stop):
    if not os.path.exists(flag):
        phase = None
        time.sleep(0.02)
        continue
    now = time.monotonic()
    if phase is None:
        phase, next_comment, next_publish = now, now, now + 3
    if now >= next_comment:
        next_comment += 1
        count += 1
        article = rng.choices(ranked, weights)[0]
        comment = submit_comment(Submission(article=article, author_name="قارئ",
            author_email=f"w{count}@example.org", text=f"تعليق رقم {count} من يوم الأخبار",
            ip="10.9.0.1", language="ar"))
        approve_comment(comment)
    if now >= next_publish:
        next_publish += 60
        published += 1
        save_article(Article(section=section, title_ar=f"خبر جديد رقم {published} {rng.random()}",
            body_ar="<p>نص خبر جديد.</p>", status=Article.Status.PUBLISHED, published_at=timezone.now()),
            by=None)
    time.sleep(0.02)
print(count, published)
"""

    def __init__(self, env: dict):
        self.flag = ROOT / "var" / "bench-writing"
        self.stop_flag = ROOT / "var" / "bench-writers-stop"
        self.flag.unlink(missing_ok=True)
        self.stop_flag.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "shell", "-c", self.CODE],
            cwd=ROOT,
            env={**env, "WRITE_FLAG": str(self.flag), "STOP_FLAG": str(self.stop_flag)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def writing(self, on: bool) -> None:
        if on:
            self.flag.touch()
        else:
            self.flag.unlink(missing_ok=True)

    def stop(self) -> str:
        self.writing(False)
        self.stop_flag.touch()
        output, errors = self.process.communicate(timeout=60)
        self.stop_flag.unlink(missing_ok=True)
        if self.process.returncode:
            print(errors[-2000:], file=sys.stderr)
        return output.strip()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of each timed run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9", help="flushed at start and end")
    options = parser.parse_args()
    ensure_binaries()
    started = time.monotonic()
    backend_port, varnish_port, nginx_port = free_port(), free_port(), free_port()
    purge_port = free_port()  # Varnish takes purges on a listener of their own
    env = site_environment(backend_port, options.redis_url, page_cache=True)
    env["NEWSROOM_PURGE_URLS"] = f"http://127.0.0.1:{purge_port}/"
    seed_path = build_workload(env, options.redis_url)
    paths, sections = paths_by_popularity(env, seed_path)
    paths_file = ROOT / "var" / "bench-newsroom-day-paths.txt"
    paths_file.parent.mkdir(exist_ok=True)
    paths_file.write_text("\n".join(paths) + "\n")
    reader_env = {
        **os.environ,
        "PATHS_FILE": str(paths_file),
        "SECTION_PATHS": " ".join(sections),
        "HOME_SHARE": "0.10",
        "SECTION_SHARE": "0.05",
    }
    (ROOT / "var" / "bench-static-path.txt").write_text("/article.html\n")
    static_env = {
        **reader_env,
        "HOME_SHARE": "0",
        "SECTION_SHARE": "0",
        "PATHS_FILE": str(ROOT / "var" / "bench-static-path.txt"),
    }
    single_env = {
        **reader_env,
        "HOME_SHARE": "0",
        "SECTION_SHARE": "0",
        "PATHS_FILE": str(ROOT / "var" / "bench-seed-path.txt"),
    }
    (ROOT / "var" / "bench-seed-path.txt").write_text(seed_path + "\n")
    writer_env = {**env, "PATHS_FILE": str(paths_file)}
    results: dict[str, list[dict]] = {}
    server = Server("newsroom.wsgi", env)
    worker = Worker(env, "--pool=solo", "--loglevel=WARNING", *QUIET_WORKER).start()
    varnish = nginx = None
    try:
        body = server.wait_ready(seed_path)
        varnish = Varnish(backend_port, varnish_port, purge_port)
        nginx = Nginx(nginx_port, body)
        time.sleep(2)
        # Varnish passes the Host it is asked for: the site stores its pages under that
        # host too (absolute links), so both doors are warmed.
        warm(server.url, paths, sections)
        warm(varnish.url, paths, sections)
        writers = Writers(writer_env)
        # The worker's first comment loads the spam model: not part of any timed run.
        writers.writing(True)
        time.sleep(8)
        writers.writing(False)
        for number in range(options.rounds):
            print(f"round {number + 1} of {options.rounds}", file=sys.stderr)

            def run(name, url, env_, writes=False, count_hits=False, varnish_counted=False):
                writers.writing(writes)
                before = varnish.counters() if varnish_counted else None
                figures = wrk_with_ratio(url, options, env_, count_hits)
                writers.writing(False)
                if before is not None:
                    after = varnish.counters()
                    hit = after["MAIN.cache_hit"] - before["MAIN.cache_hit"]
                    total = hit + sum(after[key] - before[key] for key in after if key != "MAIN.cache_hit")
                    figures["hit_ratio"] = hit / total if total else None
                results.setdefault(name, []).append(figures)
                print(f"  {name}: {figures['rps']:.0f} req/s", file=sys.stderr)

            run("nginx, static article page", nginx.url, static_env)
            run("Varnish, article page", varnish.url, single_env, varnish_counted=True)
            run("embedded cache, no writes", server.url, reader_env, count_hits=True)
            run("embedded cache, write mix", server.url, reader_env, writes=True, count_hits=True)
            run("Varnish, no writes", varnish.url, reader_env, varnish_counted=True)
            run("Varnish, write mix", varnish.url, reader_env, writes=True, varnish_counted=True)
        print(f"writes (comments approved, articles published): {writers.stop()}", file=sys.stderr)
    finally:
        for running in (nginx, varnish):
            if running:
                running.stop()
        worker.stop()
        server.stop()
        drop_workload()
        flush_redis(options.redis_url)

    report(results, options, time.monotonic() - started)


def report(results: dict[str, list[dict]], options, elapsed: float) -> None:
    figures = {
        name: {
            key: statistics.median(run[key] for run in runs if run.get(key) is not None)
            if any(run.get(key) is not None for run in runs)
            else None
            for key in ("rps", "p50", "p99", "errors", "hit_ratio")
        }
        for name, runs in results.items()
    }
    print(f"Machine: {cpu_model()}, {os.cpu_count()} CPUs; wrk -t2 -c{options.connections} "
          f"-d{options.duration}s on loopback, median of {options.rounds} rounds")  # fmt: skip
    nginx = figures["nginx, static article page"]["rps"]
    print(f"{'':30} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'hit ratio':>10} {'x nginx':>8} {'errors':>7}")
    for name, row in figures.items():
        ratio = "" if row["hit_ratio"] is None else f"{row['hit_ratio']:.3f}"
        print(f"{name:30} {row['rps']:9.0f} {row['p50']:8.2f} {row['p99']:8.2f} {ratio:>10} "
              f"{row['rps'] / nginx:8.2f} {int(row['errors']):7d}")  # fmt: skip
    quiet, busy = figures["embedded cache, no writes"], figures["embedded cache, write mix"]
    print(f"embedded cache: the write mix keeps {busy['rps'] / quiet['rps']:.2f} x its no-write throughput "
          f"(target >= 0.8), p99 {busy['p99']:.1f} ms (target <= 50)")  # fmt: skip
    single, mixed = figures["Varnish, article page"]["rps"], figures["Varnish, write mix"]["rps"]
    print(f"Varnish: article page {single / nginx:.2f} x nginx (target >= 0.8), "
          f"write mix {mixed / nginx:.2f} x nginx (target >= 0.5)")  # fmt: skip
    print(f"benchmark ran in {elapsed:.0f} s")


if __name__ == "__main__":
    main()
