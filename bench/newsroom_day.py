"""A newsroom day: readers while the news moves, on the embedded cache and behind Varnish,
against nginx serving the article page's bytes as a static file.

    python bench/newsroom_day.py [--duration 10] [--rounds 3] [--connections 32]

The standard workload (serve_speed.py: 1,000 generated articles, the seed article with 50
approved comments) in a database of its own. Readers (wrk, bench/newsroom_day.lua) spread
over every article page with Zipf popularity (the seed article first), plus the home page
(10 %) and section pages (5 %). "The write mix": meanwhile a writer process posts a comment
every second and a moderator approves it (on an article drawn with the same popularity),
and an editor publishes a new article every minute (the first a few seconds into each run).
"With alerts": the same, and an editor also posts a «عاجل» alert (breaking/alerts.py)
--alert-at seconds into the run and withdraws it --alert-for seconds later; meanwhile this
script fetches a few pages from the door being measured until the alert is on every one of
them, then until it is gone, and fails if either takes more than 5 s. A Celery worker runs
beside, as in production: it sends the purges to Varnish and updates the related lists.

Each round measures, one after the other so that they share the machine's state: nginx
(static file); with an alert live, Varnish and the embedded cache on the seed article alone
and on the alert's own part (/_edge/breaking/ar/, which pages include); then the embedded
cache and Varnish, each without writes, then with the write mix and with the write mix and
alerts (in turns: the one with alerts first in every other round). Figures are the medians
over the rounds; the hit ratio of the embedded cache is counted from its X-Page-Cache
header, Varnish's from varnishstat (a revalidation counts as a miss; each page's include is
a lookup of its own).
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
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from _common import (
    LOAD_AT_START,
    PYTHON,
    QUIET_WORKER,
    ROOT,
    SERVE_DATABASE,
    Server,
    Service,
    Worker,
    build_workload,
    cpu_model,
    django_shell,
    drop_workload,
    flush_redis,
    load_average,
    parse_wrk,
    site_environment,
    wrk_output,
)

SCRIPT = "bench/newsroom_day.lua"
ALERT_PART = "/_edge/breaking/ar/"
# How long a posted (withdrawn) alert may take to be on (off) every page checked.
ALERT_SHOWN_WITHIN = 5.0


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


class Events:
    """Reads the writer's events file: each reader from where it started."""

    def __init__(self, path: Path):
        self.path, self.upto = path, path.stat().st_size

    def new(self) -> list[dict]:
        """The events written since the last call."""
        with self.path.open("rb") as handle:
            handle.seek(self.upto)
            data = handle.read()
        complete = data[: data.rfind(b"\n") + 1]
        self.upto += len(complete)
        return [json.loads(line) for line in complete.decode().splitlines()]


class Writers:
    """The write mix in a process of its own (manage.py shell), started once: while the
    flag file exists it posts a comment every second that a moderator approves at once,
    and publishes an article 3 s into each writing phase and every minute after. With
    alerts, it also posts an alert ``alert_at`` seconds into the phase and withdraws it
    ``alert_for`` seconds later (at the phase's end at the latest). Apart from the phases, it
    holds an alert live while asked to. Each alert posted or withdrawn is written to the
    events file (JSON lines), with the moment its transaction committed and the HTML pages
    show of it."""

    CODE = r"""
import json, os, random, time
from django.utils import timezone
from django.utils.html import escape
from articles.models import Article, Section
from articles.desk.publishing import save_article
from articles.reader.body import isolate_latin_runs
from breaking.alerts import post_alert, withdraw_alert
from comments.lifecycle import Submission, approve_comment, submit_comment
paths = [line.strip() for line in open(os.environ["PATHS_FILE"])]
by_path = {a.get_absolute_url(): a for a in Article.objects.live().select_related("section")}
ranked = [by_path[p] for p in paths if p in by_path]
weights = [1 / (k + 1) for k in range(len(ranked))]
rng = random.Random(7)
section = Section.objects.first()
flag, stop = os.environ["WRITE_FLAG"], os.environ["STOP_FLAG"]
alerts_flag, hold_flag = os.environ["ALERTS_FLAG"], os.environ["HOLD_FLAG"]
alert_at, alert_for = float(os.environ["ALERT_AT"]), float(os.environ["ALERT_FOR"])
events = open(os.environ["ALERT_EVENTS"], "a")
def tell(kind, alert=None, **more):
    event = {"kind": kind, "at": time.time(), **more}
    if alert is not None:
        event.update(id=alert.pk, text=alert.text_ar, html=isolate_latin_runs(escape(alert.text_ar)))
    events.write(json.dumps(event, ensure_ascii=False) + "\n")
    events.flush()
posted = 0
def post(held):
    global posted
    posted += 1
    kind = "مثبت" if held else "في يوم الأخبار"
    alert = post_alert(by=None, text_ar=f"تنبيه عاجل {kind} رقم {posted} للاختبار")
    tell("posted", alert, held=held)
    return alert
def withdraw(alert, held):
    withdraw_alert(alert, by=None)
    tell("withdrawn", alert, held=held)
phase = live = held = None
count = published = withdrawn = 0
while not os.path.exists(stop):
    if os.path.exists(hold_flag) and held is None:
        held = post(True)
    elif held is not None and not os.path.exists(hold_flag):
        withdraw(held, True)
        held = None
        withdrawn += 1
    if not os.path.exists(flag):
        if phase is not None:
            if live is not None:
                withdraw(live, False)
                live = None
                withdrawn += 1
            tell("idle")
        phase = None
        time.sleep(0.02)
        continue
    now = time.monotonic()
    if phase is None:
        phase, next_comment, next_publish = now, now, now + 3
        next_alert = now + alert_at if os.path.exists(alerts_flag) else float("inf")
        alert_ends = float("inf")
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
    if now >= next_alert:
        next_alert, alert_ends = float("inf"), now + alert_for
        live = post(False)
    if now >= alert_ends:
        alert_ends = float("inf")
        withdraw(live, False)
        live = None
        withdrawn += 1
    time.sleep(0.02)
print(count, published, posted, withdrawn)
"""

    def __init__(self, env: dict, alert_at: float, alert_for: float):
        folder = ROOT / "var"
        self.flag, self.stop_flag = folder / "bench-writing", folder / "bench-writers-stop"
        self.alerts_flag, self.hold_flag = folder / "bench-writing-alerts", folder / "bench-holding-alert"
        self.events = folder / "bench-alert-events.jsonl"
        for path in (self.flag, self.stop_flag, self.alerts_flag, self.hold_flag, self.events):
            path.unlink(missing_ok=True)
        self.events.touch()
        self.reader = Events(self.events)
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "shell", "-c", self.CODE],
            cwd=ROOT,
            env={**env, "WRITE_FLAG": str(self.flag), "STOP_FLAG": str(self.stop_flag),
                 "ALERTS_FLAG": str(self.alerts_flag), "HOLD_FLAG": str(self.hold_flag),
                 "ALERT_EVENTS": str(self.events), "ALERT_AT": str(alert_at), "ALERT_FOR": str(alert_for)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip

    def wait_for_event(self, kind: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.reader.new():
                if event["kind"] == kind:
                    return event
            if self.process.poll() is not None:
                raise RuntimeError(f"the writer process exited:\n{self.process.stderr.read()[-3000:]}")
            time.sleep(0.02)
        raise TimeoutError(f"the writer process said nothing of {kind!r} in {timeout:.0f} s")

    def writing(self, on: bool, alerts: bool = False) -> None:
        """Start a writing phase (with alerts or without), or end one: then wait until the
        writer has withdrawn its alert, if it had one live."""
        if on:
            self.reader.new()  # what is left of earlier phases
            if alerts:
                self.alerts_flag.touch()
            else:
                self.alerts_flag.unlink(missing_ok=True)
            self.flag.touch()
        elif self.flag.exists():
            self.flag.unlink()
            self.wait_for_event("idle")

    def holding_alert(self, on: bool) -> dict:
        """Have an alert live (posted now), or withdraw it; the writer's event."""
        self.reader.new()
        if on:
            self.hold_flag.touch()
            return self.wait_for_event("posted")
        self.hold_flag.unlink(missing_ok=True)
        return self.wait_for_event("withdrawn")

    def stop(self) -> str:
        self.writing(False)
        self.hold_flag.unlink(missing_ok=True)
        self.stop_flag.touch()
        output, errors = self.process.communicate(timeout=60)
        for path in (self.stop_flag, self.alerts_flag):
            path.unlink(missing_ok=True)
        if self.process.returncode:
            print(errors[-2000:], file=sys.stderr)
        # The last line: the shell may first say what it imported.
        return (output.strip().splitlines() or [""])[-1]


def fetch_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def follow_alert(event: dict, url: str, paths: list[str]) -> tuple[float | None, str]:
    """Fetch each of ``paths`` from ``url`` (all at once, each again every 50 ms) until it
    shows the alert of a "posted" event, or no longer shows that of a "withdrawn" one: the
    seconds from the commit until the last of them did (an answer's arrival: an upper
    bound), or None and what was wrong after ALERT_SHOWN_WITHIN seconds."""
    from concurrent.futures import ThreadPoolExecutor

    wanted = event["kind"] == "posted"

    def agreed(path: str) -> float | str:
        while True:
            try:
                shows = event["html"] in fetch_text(url + path)
                problem = "" if shows == wanted else ("not on" if wanted else "still on")
            except OSError as error:
                problem = f"unanswered ({error})"
            waited = time.time() - event["at"]
            if not problem:
                return waited
            if waited > ALERT_SHOWN_WITHIN:
                return f"{problem} {unquote(path)} after {waited:.1f} s"
            time.sleep(0.05)

    with ThreadPoolExecutor(len(paths)) as pool:
        outcomes = list(pool.map(agreed, paths))
    wrong = [outcome for outcome in outcomes if isinstance(outcome, str)]
    if wrong:
        return None, f"{url}: the alert {event['text']!r} ({event['kind']}) is {'; '.join(wrong)}"
    return max(outcomes), ""


class AlertWatch(threading.Thread):
    """During a run with alerts: follows each alert the writer posts or withdraws on
    ``paths`` at ``url`` (``follow_alert``)."""

    def __init__(self, writers: Writers, url: str, paths: list[str]):
        super().__init__(daemon=True)
        self.events, self.url, self.paths = Events(writers.events), url, paths
        self.stopping = threading.Event()
        self.delays: dict[str, list[float]] = {"posted": [], "withdrawn": []}
        self.failures: list[str] = []

    def run(self) -> None:
        while True:
            stopping = self.stopping.is_set()  # before reading: the last events are read after it
            events = [e for e in self.events.new() if e["kind"] in self.delays]
            if not events and stopping:
                return
            for event in events:
                delay, wrong = follow_alert(event, self.url, self.paths)
                if delay is None:
                    self.failures.append(wrong)
                else:
                    self.delays[event["kind"]].append(delay)
            time.sleep(0.02)

    def finish(self) -> None:
        self.stopping.set()
        self.join()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of each timed run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9", help="flushed at start and end")
    parser.add_argument(
        "--database",
        default=SERVE_DATABASE,
        help="the workload's PostgreSQL database, created and dropped; its name must contain 'bench'",
    )
    parser.add_argument(
        "--alert-at", type=float, help="seconds into a run with alerts when one is posted (default: 1/4)"
    )
    parser.add_argument(
        "--alert-for", type=float, help="seconds it stays before it is withdrawn (default: 40 %% of the run)"
    )
    options = parser.parse_args()
    alert_at = options.alert_at if options.alert_at is not None else options.duration * 0.25
    alert_for = options.alert_for if options.alert_for is not None else options.duration * 0.4
    ensure_binaries()
    started = time.monotonic()
    backend_port, varnish_port, nginx_port = free_port(), free_port(), free_port()
    purge_port = free_port()  # Varnish takes purges on a listener of their own
    env = site_environment(backend_port, options.redis_url, page_cache=True, database=options.database)
    env["NEWSROOM_PURGE_URLS"] = f"http://127.0.0.1:{purge_port}/"
    # The stored pages' Redis, named here so that it is flushed with the other.
    env["NEWSROOM_PAGE_CACHE_REDIS_URL"] = page_cache_url(options.redis_url)
    seed_path = build_workload(env, options.redis_url)
    flush_redis(env["NEWSROOM_PAGE_CACHE_REDIS_URL"])
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

    def one_path(name: str, path: str) -> dict:
        (ROOT / "var" / f"bench-{name}-path.txt").write_text(path + "\n")
        return {
            **reader_env,
            "HOME_SHARE": "0",
            "SECTION_SHARE": "0",
            "PATHS_FILE": str(ROOT / "var" / f"bench-{name}-path.txt"),
        }

    static_env = one_path("static", "/article.html")
    single_env = one_path("seed", seed_path)
    part_env = one_path("alert-part", ALERT_PART)
    # Where this script looks for the alert: the home page, the most read article, a
    # section page and the least read article.
    checked = ["/ar/", seed_path, sections[0], paths[-1]]
    writer_env = {**env, "PATHS_FILE": str(paths_file)}
    results: dict[str, list[dict]] = {}
    watched: dict[str, list[AlertWatch]] = {}
    failures: list[str] = []
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
        writers = Writers(writer_env, alert_at, alert_for)
        # The worker's first comment loads the spam model: not part of any timed run.
        writers.writing(True, alerts=True)
        time.sleep(max(8, alert_at + alert_for + 1))
        writers.writing(False)
        doors = {"Varnish": varnish.url, "embedded cache": server.url}
        for number in range(options.rounds):
            print(f"round {number + 1} of {options.rounds}", file=sys.stderr)

            def run(name, url, env_, writes=False, alerts=False, count_hits=False, varnish_counted=False):
                writers.writing(writes, alerts)
                watch = AlertWatch(writers, url, checked) if alerts else None
                if watch:
                    watch.start()
                before = varnish.counters() if varnish_counted else None
                figures = wrk_with_ratio(url, options, env_, count_hits)
                writers.writing(False)  # withdraws the alert if it is still live
                if watch:
                    watch.finish()
                    watched.setdefault(name, []).append(watch)
                    failures.extend(watch.failures)
                    if len(watch.delays["posted"]) + len(watch.delays["withdrawn"]) + len(watch.failures) < 2:
                        failures.append(f"{name}: the alert was not both posted and withdrawn during the run")
                if before is not None:
                    after = varnish.counters()
                    hit = after["MAIN.cache_hit"] - before["MAIN.cache_hit"]
                    total = hit + sum(after[key] - before[key] for key in after if key != "MAIN.cache_hit")
                    figures["hit_ratio"] = hit / total if total else None
                results.setdefault(name, []).append(figures)
                print(f"  {name}: {figures['rps']:.0f} req/s", file=sys.stderr)

            def check_alert(event: dict) -> None:
                for door, url in doors.items():
                    delay, wrong = follow_alert(event, url, [*checked, ALERT_PART])
                    if delay is None:
                        failures.append(f"{door}, alert held: {wrong}")

            run("nginx, static article page", nginx.url, static_env)
            # The article page and the alert's own part, with an alert live.
            check_alert(writers.holding_alert(True))
            run("Varnish, article page", varnish.url, single_env, varnish_counted=True)
            run("Varnish, alert part", varnish.url, part_env, varnish_counted=True)
            run("embedded cache, article page", server.url, single_env, count_hits=True)
            run("embedded cache, alert part", server.url, part_env, count_hits=True)
            check_alert(writers.holding_alert(False))
            # The write mix with and without alerts, in turns: first one, then the other, so
            # that the second does not always start after a phase of writes.
            order = (False, True) if number % 2 == 0 else (True, False)
            run("embedded cache, no writes", server.url, reader_env, count_hits=True)
            for alerts in order:
                name = "embedded cache, write mix" + (" + alert" if alerts else "")
                run(name, server.url, reader_env, writes=True, alerts=alerts, count_hits=True)
            run("Varnish, no writes", varnish.url, reader_env, varnish_counted=True)
            for alerts in order:
                name = "Varnish, write mix" + (" + alert" if alerts else "")
                run(name, varnish.url, reader_env, writes=True, alerts=alerts, varnish_counted=True)
            if failures:
                break  # reported below, with what was measured
        print(
            f"writes (comments approved, articles published, alerts posted, withdrawn): {writers.stop()}",
            file=sys.stderr,
        )
    finally:
        for running in (nginx, varnish):
            if running:
                running.stop()
        worker.stop()
        server.stop()
        drop_workload(options.database)
        flush_redis(options.redis_url)
        flush_redis(env["NEWSROOM_PAGE_CACHE_REDIS_URL"])

    report(results, options, time.monotonic() - started)
    report_alerts(watched, checked, alert_at, alert_for)
    if failures:
        print("\nFAILED: the alert did not show (or did not go) as it should:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        sys.exit(1)


def page_cache_url(redis_url: str) -> str:
    """The database after ``redis_url``'s, as the site's settings choose for stored pages."""
    parts = urlsplit(redis_url)
    number = int(parts.path.strip("/") or "0")
    return urlunsplit(parts._replace(path=f"/{number + 1 if number < 15 else number - 1}"))


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
    rounds = min(len(runs) for runs in results.values())
    print(f"Machine: {cpu_model()}, {os.cpu_count()} CPUs; wrk -t2 -c{options.connections} "
          f"-d{options.duration}s on loopback, median of {rounds} rounds; load {LOAD_AT_START} "
          f"at the start, {load_average()} at the end")  # fmt: skip
    nginx = figures["nginx, static article page"]["rps"]
    print(f"{'':36} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'hit ratio':>10} {'x nginx':>8} {'errors':>7}")
    for name, row in figures.items():
        ratio = "" if row["hit_ratio"] is None else f"{row['hit_ratio']:.3f}"
        print(f"{name:36} {row['rps']:9.0f} {row['p50']:8.2f} {row['p99']:8.2f} {ratio:>10} "
              f"{row['rps'] / nginx:8.2f} {int(row['errors']):7d}")  # fmt: skip
    quiet, busy = figures["embedded cache, no writes"], figures["embedded cache, write mix"]
    print(f"embedded cache: the write mix keeps {busy['rps'] / quiet['rps']:.2f} x its no-write throughput "
          f"(target >= 0.8), p99 {busy['p99']:.1f} ms (target <= 50)")  # fmt: skip
    single, mixed = figures["Varnish, article page"]["rps"], figures["Varnish, write mix"]["rps"]
    print(f"Varnish: article page {single / nginx:.2f} x nginx (target >= 0.8), "
          f"write mix {mixed / nginx:.2f} x nginx (target >= 0.5)")  # fmt: skip
    for door in ("embedded cache", "Varnish"):
        plain, alerted = figures[f"{door}, write mix"], figures.get(f"{door}, write mix + alert")
        page, part = figures[f"{door}, article page"], figures[f"{door}, alert part"]
        if alerted:
            kept = alerted["rps"] / plain["rps"]
            ratios = f"{alerted['hit_ratio']:.3f} against {plain['hit_ratio']:.3f}"
            print(f"{door}: the write mix with an alert keeps {kept:.2f} x its req/s, hit ratio {ratios}")
        print(f"{door}: the alert's part answers {part['rps'] / page['rps']:.2f} x the article page's req/s, "
              f"p99 {part['p99']:.2f} ms against {page['p99']:.2f} ms")  # fmt: skip
    print(f"benchmark ran in {elapsed:.0f} s")


def report_alerts(watched: dict[str, list["AlertWatch"]], checked: list[str], alert_at, alert_for) -> None:
    """How soon each alert was on (off) every page checked, by door."""
    print(f"Alerts in the write mix: posted {alert_at:g} s into each run, withdrawn {alert_for:g} s later; "
          f"checked on {', '.join(unquote(path) for path in checked)}")  # fmt: skip
    for name, watches in watched.items():
        shown = [delay for watch in watches for delay in watch.delays["posted"]]
        gone = [delay for watch in watches for delay in watch.delays["withdrawn"]]
        wrong = sum(len(watch.failures) for watch in watches)

        def spread(delays: list[float]) -> str:
            if not delays:
                return "never"
            return f"median {statistics.median(delays) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms"

        print(f"  {name}: on every page {spread(shown)} after the post ({len(shown)} alerts), off "
              f"{spread(gone)} after the withdrawal; {wrong} late (> {ALERT_SHOWN_WITHIN:g} s)")  # fmt: skip


if __name__ == "__main__":
    main()
