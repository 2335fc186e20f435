"""Pages per second, as `make serve` serves them, against the bare-server ceiling.

    python bench/serve_speed.py [--duration 10] [--connections 32]

Builds the standard workload in a database of its own (1,000 articles, the seed article
with 50 approved comments and its related box), starts the site with the same gunicorn
configuration as `make serve` (DEBUG off, Redis, persistent connections), and measures
with wrk on loopback: the article page from the page cache, the article page rendered
on every request (page cache off), the home page, and a bare WSGI application serving
the article page's bytes from memory with the same configuration (the ceiling). Prints
requests per second, p50 and p99 latency, the ratio to the ceiling, and the peak memory
of all server processes together.
"""

import argparse
import os
import re
import shutil
import signal
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
        "DJANGO_LOG_LEVEL": "WARNING",
        "PORT": str(port),
    }


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
        self.peak = 0
        self._sampling = True
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self):
        while self._sampling:
            self.peak = max(self.peak, self.memory())
            time.sleep(0.2)

    def memory(self) -> int:
        """Resident memory of the master and its workers, in bytes."""
        pids = [self.process.pid]
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        pids += [int(pid) for pid in found.stdout.split()]
        total = 0
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            total += int(match.group(1)) * 1024 if match else 0
        return total

    def wait_ready(self, path: str):
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


def wrk(url: str, duration: int, connections: int) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def milliseconds(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds("50%"),
        "p99": milliseconds("99%"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE)
    run("createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE)
    results, peaks = {}, {}
    try:
        env = environment(options.port, options.redis_url, page_cache=True)
        run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0", env=env)
        run(PYTHON, "manage.py", "load_demo", "--articles", "1000", "--comments", "50", "--no-spam-examples",
            env=env, stdout=subprocess.DEVNULL)  # fmt: skip
        run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0", env=env)
        run("redis-cli", "-u", options.redis_url, "flushdb", stdout=subprocess.DEVNULL)
        article = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c",
             "from articles.models import Article; "
             "print(Article.objects.get(title_ar__startswith='رئيس الأمن الروسي').get_absolute_url())"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        ).stdout.strip().splitlines()[-1]  # fmt: skip

        for name, cached in (("article page, page cache", True), ("article page, rendered", False)):
            server = Server("newsroom.wsgi", environment(options.port, options.redis_url, cached))
            try:
                body = server.wait_ready(article)
                wrk(server.url + article, 2, options.connections)  # warm up
                results[name] = wrk(server.url + article, options.duration, options.connections)
                if cached:
                    home = wrk(server.url + "/ar/", options.duration, options.connections)
                    results["home page, page cache"] = home
            finally:
                server.stop()
                peaks[name] = server.peak

        with tempfile.NamedTemporaryFile(suffix=".html", delete=False) as handle:
            handle.write(body)
        ceiling_env = {**environment(options.port, options.redis_url, True), "CEILING_BODY": handle.name}
        server = Server("bench.ceiling:application", ceiling_env)
        try:
            server.wait_ready("/")
            wrk(server.url + "/", 2, options.connections)
            results["bare view (ceiling)"] = wrk(server.url + "/", options.duration, options.connections)
        finally:
            server.stop()
            peaks["bare view (ceiling)"] = server.peak
    finally:
        run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE)

    ceiling = results["bare view (ceiling)"]["rps"]
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    print(f"Machine: {cpu.group(1) if cpu else '?'}, {os.cpu_count()} CPUs; "
          f"wrk -t2 -c{options.connections} -d{options.duration}s on loopback")  # fmt: skip
    print(f"{'':30} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'x ceiling':>10} {'errors':>7}")
    for name, figures in results.items():
        print(
            f"{name:30} {figures['rps']:9.0f} {figures['p50']:8.2f} {figures['p99']:8.2f} "
            f"{figures['rps'] / ceiling:10.2f} {figures['errors']:7d}"
        )
    for name, peak in peaks.items():
        print(f"peak memory of all server processes, {name}: {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
