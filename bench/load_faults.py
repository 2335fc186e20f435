"""Readers and commenters at once, with Redis restarted and the worker killed mid-run.

    python bench/load_faults.py [--duration 60] [--readers 32] [--commenters 4]

Loopback only, bounded. Builds the standard workload (`load_demo --articles 1000
--comments 50`) in a database of its own, starts a private redis-server (so that
restarting it disturbs nothing else), the site as `make serve` runs it (gunicorn, page
cache on), and one Celery worker with beat. Then, for ``--duration`` seconds:

- ``--readers`` threads read the seed article and the home page in a loop;
- ``--commenters`` threads each post a new comment every 2 s, as a browser would from the
  site's page (Sec-Fetch-Site, the timed token the form's script fetches);
- at 30 % of the run Redis is stopped, and started again 5 s later (empty: it keeps
  nothing on disk); at 55 % the worker is SIGKILLed, and a new one starts 5 s later.

It reports how many comments were accepted (303) and how many are in the database (they
must be equal), how many of them were judged by the spam checker within a minute of the
last service coming back, the error rate readers saw, and p50/p99 page latency before,
during and after the faults. Comments that were waiting while Redis was away are
re-queued by beat (here every 10 s, after 15 s unchecked: COMMENTS_MODERATION_REQUEUE_*).
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from _common import (
    Service,
    Worker,
    build_workload,
    django_shell,
    drop_workload,
    form_tokens,
    gunicorn,
    percentile_above,
    site_environment,
    wait_for,
)


class Recorder:
    """Every page view: (time it started, seconds it took, ok)."""

    def __init__(self):
        self.views, self.lock = [], threading.Lock()

    def add(self, started, took, ok):
        with self.lock:
            self.views.append((started, took, ok))


def reader(url_list, stop, recorder):
    while not stop.is_set():
        for url in url_list:
            started = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=10) as answer:
                    answer.read()
                    ok = answer.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            recorder.add(started, time.monotonic() - started, ok)


def commenter(number, site, article, stop, accepted, lock):
    opener = urllib.request.build_opener(NoRedirect)
    # What the form's script does when the reader starts writing: a timed token.
    form = form_tokens(site + article)
    action, token = form["POST_PATH"], form["FORM_TOKEN"]
    time.sleep(3)  # a person takes a moment to write
    sent = 0
    while not stop.is_set():
        sent += 1
        form = {
            "token": token, "author": f"قارئ {number}",
            "email": f"reader{number}-{sent}@example.com", "url": "", "parent": "", "address": "",
            "comment": f"تعليق رقم {sent} من القارئ {number} أثناء الاختبار",
        }  # fmt: skip
        request = urllib.request.Request(
            site + action, data=urllib.parse.urlencode(form).encode(),
            headers={"X-Forwarded-For": f"10.9.{number}.{sent % 250}", "Sec-Fetch-Site": "same-origin"},
        )  # fmt: skip
        try:
            opener.open(request, timeout=15)
        except urllib.error.HTTPError as answer:
            with lock:
                answers[answer.code] = answers.get(answer.code, 0) + 1
                if answer.code == 303:
                    accepted.append(time.monotonic())
        except OSError as error:
            with lock:
                answers[type(error).__name__] = answers.get(type(error).__name__, 0) + 1
        stop.wait(2)


answers: dict = {}  # what the comment POSTs were answered, by status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--commenters", type=int, default=4)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--redis-port", type=int, default=6391)
    options = parser.parse_args()
    redis_url = f"redis://127.0.0.1:{options.redis_port}/0"
    redis_command = [shutil.which("redis-server"), "--port", str(options.redis_port), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no"]  # fmt: skip
    env = {
        **site_environment(options.port, redis_url, page_cache=True),
        "COMMENTS_MODERATION_REQUEUE_AFTER": "15",
        "COMMENTS_MODERATION_REQUEUE_EVERY": "10",
        "CELERY_UNACKED_RESTORE_SECONDS": "10",
        "CELERY_VISIBILITY_TIMEOUT": "30",
        "CELERY_RETRY_BACKOFF_MAX": "20",  # kept below it (system check core.E001)
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    redis = Service(redis_command, env, "redis").start()
    ping = ["redis-cli", "-p", str(options.redis_port), "ping"]
    wait_for(lambda: subprocess.run(ping, capture_output=True).returncode == 0, 60, "redis-server", 0.2)
    processes = [redis]
    try:
        article = build_workload(env, redis_url)
        site = f"http://127.0.0.1:{options.port}"
        web = Service(gunicorn("newsroom.wsgi"), env, "web").start()
        worker = Worker(env, "--beat", "--concurrency=1", "--loglevel=WARNING",
                        f"--schedule={tempfile.mkdtemp()}/beat", log="worker").start()  # fmt: skip
        processes += [web, worker]
        wait_for(lambda: urllib.request.urlopen(site + article, timeout=2).status == 200, 60, "the site", 0.2)

        stop, recorder, accepted, lock = threading.Event(), Recorder(), [], threading.Lock()
        urls = [site + article, site + "/ar/"]
        threads = [
            threading.Thread(target=reader, args=(urls, stop, recorder)) for _ in range(options.readers)
        ]
        threads += [threading.Thread(target=commenter, args=(n, site, article, stop, accepted, lock))
                    for n in range(1, options.commenters + 1)]  # fmt: skip
        started = time.monotonic()
        for thread in threads:
            thread.start()
        marks = {}

        def outage(process: Service, share: float, name: str) -> Service:
            """At ``share`` of the run, SIGKILL ``process``; start a new one 5 s later."""
            time.sleep(max(0, started + options.duration * share - time.monotonic()))
            marks[f"{name} killed"] = time.monotonic()
            process.stop(signal.SIGKILL)
            time.sleep(5)
            processes.append(process.restarted())
            marks[f"{name} back"] = time.monotonic()
            return processes[-1]

        outage(redis, 0.30, "redis")
        outage(worker, 0.55, "worker")
        time.sleep(max(0, started + options.duration - time.monotonic()))
        stop.set()
        for thread in threads:
            thread.join(30)
        ended = time.monotonic()

        count = (
            "from comments.models import Comment; "
            "print(Comment.objects.filter(text__contains='أثناء الاختبار').count(), "
            "Comment.objects.filter(text__contains='أثناء الاختبار', judged_at__isnull=False).count())"
        )
        services_back = marks["worker back"]
        deadline = services_back + 60
        stored, judged = map(int, django_shell(count, env).split())
        while judged < stored and time.monotonic() < deadline:
            time.sleep(2)
            stored, judged = map(int, django_shell(count, env).split())
        judged_in = time.monotonic() - services_back

        phases = {
            "before the faults": (started, marks["redis killed"]),
            "during (Redis away, worker killed)": (marks["redis killed"], marks["worker back"] + 5),
            "after": (marks["worker back"] + 5, ended),
        }
        redis_at, worker_at = marks["redis killed"] - started, marks["worker killed"] - started
        print(f"{options.readers} readers and {options.commenters} commenters for {options.duration} s "
              f"on loopback, {os.cpu_count()} CPUs; Redis stopped at {redis_at:.0f} s for 5 s, "
              f"worker SIGKILLed at {worker_at:.0f} s for 5 s")  # fmt: skip
        print(f"comments accepted (303): {len(accepted)}; in the database afterwards: {stored}; "
              f"answers: {answers}")  # fmt: skip
        print(f"judged by the spam checker: {judged} of {stored}, "
              f"{judged_in:.0f} s after the last service came back")  # fmt: skip
        print(f"{'readers':36} {'views':>7} {'errors':>7} {'error %':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for name, (start, end) in phases.items():
            views = [view for view in recorder.views if start <= view[0] < end]
            errors = sum(1 for view in views if not view[2])
            took = [view[1] * 1000 for view in views if view[2]]
            share = 100 * errors / max(1, len(views))
            median, p99 = (statistics.median(took) if took else float("nan")), percentile_above(took, 0.99)
            print(f"{name:36} {len(views):7d} {errors:7d} {share:8.2f} {median:8.1f} {p99:8.1f}")
    finally:
        for process in reversed(processes):
            process.stop(signal.SIGKILL)
        drop_workload()


if __name__ == "__main__":
    main()
