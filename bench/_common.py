"""What the bench scripts share: the bench databases, the environments they run the site
and its Django with, the processes they start (gunicorn, Celery workers, other services,
children whose time and memory are measured), wrk, and the helpers of their reports.

Importing it puts the project's root on ``sys.path``: a script run as
``python bench/NAME.py`` can then import Django and the project's apps.
"""

import cProfile
import io
import json
import os
import platform
import pstats
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = "postgres://postgres@127.0.0.1:5432"
# The bench sites run with DEBUG off, which needs a key: a throwaway one unless the
# environment gives one.
SECRET_KEY = "bench-only-" + "x" * 50


def load_average() -> str:
    """The load average over 1, 5 and 15 minutes."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


LOAD_AT_START = load_average()

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# --- environments -------------------------------------------------------------------------


def configure_environment(database_url: str, redis_url: str | None = None) -> dict:
    """The environment of a script that runs the project's Django in its own process, and
    of its children; set before Django is imported. Production-like unless the environment
    says otherwise: DEBUG records every query, which skews time and memory (and Celery
    warns about it). Without ``redis_url`` there is no broker: tasks run in the calling
    process, eagerly, unless the script names another transport."""
    env = os.environ
    env["DATABASE_URL"] = database_url
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    env.setdefault("DJANGO_DEBUG", "0")
    env.setdefault("DJANGO_SECRET_KEY", SECRET_KEY)
    hosts = [h for h in env.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
    env["DJANGO_ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])  # django.test.Client's host
    # Held comments email the moderators: no mail may leave a benchmark.
    env.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
        env.pop("CELERY_BROKER_URL", None)
    # Every read on the bench database: a replica would be another database, not counted.
    env.pop("DATABASE_REPLICA_URL", None)
    return dict(env)


def sqlite_environment(database: Path, **settings: str) -> dict:
    """A child's environment for a throwaway site on SQLite (DEBUG on, no broker, no
    replica), with ``settings`` added."""
    dropped = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DATABASE_REPLICA_URL")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        **settings,
    )
    return env


def setup_django() -> None:
    """The project's Django in this process, with the environment already set."""
    # whitenoise warns on each start when `collectstatic` was not run: nothing here serves files.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()


# --- bench databases on PostgreSQL --------------------------------------------------------


def database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    # The database is dropped at the end: a typo must not cost someone their data.
    if "bench" not in name:
        raise SystemExit(f"refusing to use database {name!r}: its name must contain 'bench' (it is dropped)")
    return name


def _maintenance(url: str):
    import psycopg

    return psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True)


def recreate_database(url: str) -> None:
    """Drop the bench database ``url`` names and create it empty; refused while another
    run (or someone's look into a kept database) is connected to it."""
    from psycopg import sql

    name = database_name(url)
    with _maintenance(url) as conn:
        users = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]).fetchone()[0]
        if users:
            raise SystemExit(
                f"{name} has {users} open connection(s): another run? Wait for it to end, or "
                "pass another --database-url (its name must contain 'bench')."
            )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    from psycopg import sql

    with _maintenance(url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database_name(url)))
        )


def close_connections() -> None:
    """Close this process's Django connections, if Django was set up, before a drop."""
    try:
        from django.db import connections

        connections.close_all()
    except Exception as error:  # Django may not have been set up
        print(f"closing connections: {error}", file=sys.stderr)


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


# --- child processes ----------------------------------------------------------------------


def run(*command, env=None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def manage_output(env: dict, *arguments: str) -> str:
    """What ``manage.py ARGUMENTS`` prints, stripped."""
    done = run(PYTHON, "manage.py", *arguments, env=env, capture_output=True, text=True)
    return done.stdout.strip()


def django_shell(code: str, env: dict) -> str:
    """The last line ``manage.py shell -c CODE`` prints."""
    return manage_output(env, "shell", "-c", code).splitlines()[-1]


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    peak_rss: int  # bytes
    lines: list[tuple[float, str]]  # (seconds since the start, line of output)

    @property
    def output(self) -> str:
        return "\n".join(line for _at, line in self.lines)


def measured(command: list[str], env: dict, name: str, program: str | None = None) -> Run:
    """``command`` in a child process (``program`` on its stdin), output and errors read
    line by line, each stamped with the time it arrived (the child is unbuffered). Its
    own CPU time and peak RSS come from wait4(); the peak counts what it inherited from
    this process when it was forked."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdin=subprocess.PIPE if program is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    try:
        if program is not None:
            child.stdin.write(program)
            child.stdin.close()
        for line in child.stdout:
            lines.append((time.perf_counter() - started, line.rstrip("\n")))
        _pid, status, usage = os.wait4(child.pid, 0)
    except BaseException:
        child.kill()
        child.wait()
        raise
    finally:
        child.stdout.close()
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    result = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, lines)  # ru_maxrss: KiB
    if child.returncode < 0:
        raise RuntimeError(
            f"{name} was stopped by signal {-child.returncode} (not by this script; "
            f"out of memory, or another job?) after {wall:.0f} s:\n{result.output[-1000:]}"
        )
    if child.returncode:
        raise RuntimeError(f"{name} exited with {child.returncode}:\n{result.output[-3000:]}")
    return result


def manage(env: dict, *arguments: str) -> Run:
    """``manage.py ARGUMENTS`` in a measured child process (see ``measured``)."""
    # What manage.py does, read from stdin: the command line is then "python -", which a
    # `pkill -f rebuild_related` meant for another job on a shared machine does not match
    # (two runs were stopped from outside while related_speed.py was written).
    program = (
        "import sys\nfrom django.core.management import execute_from_command_line\n"
        f"execute_from_command_line({['manage.py', *arguments]!r})\n"
    )
    return measured([PYTHON, "-"], env, f"manage.py {' '.join(arguments)}", program)


def wait_for(predicate, timeout: float, what: str, interval: float = 0.05):
    """Call ``predicate`` until it returns something true (an OSError counts as not yet);
    returns that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


class Service:
    """A long-running command in a process group of its own (so that stopping it stops its
    children too), its output in a log file named after ``log``, or discarded."""

    def __init__(self, command: list[str], env: dict | None = None, log: str | None = None):
        self.command, self.env, self.name = command, env, log
        self.log = Path(tempfile.mkstemp(prefix=f"bench-{log}-", suffix=".log")[1]) if log else None
        self.process: subprocess.Popen | None = None

    def start(self):
        output = self.log.open("a") if self.log else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        finally:
            if self.log:
                output.close()
        return self

    def restarted(self) -> "Service":
        """The same command started again, with a log of its own."""
        return Service(self.command, self.env, self.name).start()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def check(self) -> None:
        if not self.alive():
            raise RuntimeError(
                f"the {self.name or self.command[0]} exited; its log:\n{self.output()[-3000:]}"
            )

    def output(self, since: int = 0) -> str:
        if not self.log:
            return ""
        with self.log.open("rb") as handle:
            handle.seek(since)
            return handle.read().decode(errors="replace")

    def size(self) -> int:
        return self.log.stat().st_size if self.log else 0

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.alive():
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


# Celery's chatter between workers, which a single bench worker does not need.
QUIET_WORKER = ("--without-gossip", "--without-mingle", "--without-heartbeat")


class Worker(Service):
    """``celery -A newsroom worker OPTIONS``, on the broker its environment names."""

    def __init__(self, env: dict, *options: str, log: str | None = None):
        super().__init__([PYTHON, "-m", "celery", "-A", "newsroom", "worker", *options], env, log)

    def start_ready(self, timeout: float = 60) -> float:
        """Start, and wait until it consumes (its log, at INFO, says " ready."); returns how
        long that took."""
        started = time.perf_counter()
        self.start()
        wait_for(lambda: " ready." in self.output() or not self.alive(), timeout, "the worker to start")
        self.check()
        return time.perf_counter() - started


def gunicorn(app: str) -> list[str]:
    """The command of ``make serve``: gunicorn with the site's configuration file."""
    return [PYTHON, "-m", "gunicorn", app, "--config", "newsroom/gunicorn.conf.py"]


class Server(Service):
    """gunicorn serving ``app`` on the environment's PORT; the memory of its processes is
    sampled until it stops."""

    def __init__(self, app: str, env: dict):
        super().__init__(gunicorn(app), env)
        self.start()
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
        figures = [process_memory(pid) for pid in pids]
        return sum(pss for pss, _ in figures), sum(rss for _, rss in figures)

    def wait_ready(self, path: str) -> bytes:
        """The page at ``path`` once the server answers it."""

        def fetch() -> bytes:
            with urllib.request.urlopen(self.url + path, timeout=2) as response:
                return response.read()

        return wait_for(fetch, 60, f"the server at {self.url}", interval=0.3)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        self._sampling = False
        super().stop(sig)


def process_memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process, in bytes."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    pss = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
    rss = re.search(r"^Rss:\s+(\d+) kB", rollup, re.M)
    return (int(pss.group(1)) * 1024 if pss else 0), (int(rss.group(1)) * 1024 if rss else 0)


# --- the served site's workload (serve_speed.py, newsroom_day.py, load_faults.py) ---------

SERVE_DATABASE = "newsroom_serve_bench"
SEED_TITLE = "رئيس الأمن الروسي"


def site_environment(port: int, redis_url: str, page_cache: bool, database: str = SERVE_DATABASE) -> dict:
    """The site as `make serve` runs it (DEBUG off, Redis, persistent connections), on the
    workload's database (``database``: another name, for a run beside another script's)."""
    return {
        **os.environ,
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", SECRET_KEY),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CONN_MAX_AGE": "60",
        "NEWSROOM_PAGE_CACHE": "1" if page_cache else "0",
        "NEWSROOM_TRUSTED_PROXIES": "1",  # wrk plays the proxy: the last X-Forwarded-For entry
        "DJANGO_LOG_LEVEL": "WARNING",
        "PORT": str(port),
    }


def build_workload(env: dict, redis_url: str) -> str:
    """The standard workload in the workload's database (created afresh; dropped with
    ``drop_workload``); returns the seed article's address."""
    recreate_database(env["DATABASE_URL"])
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0", env=env)
    run(PYTHON, "manage.py", "load_demo", "--articles", "1000", "--comments", "50", "--no-spam-examples",
        env=env, stdout=subprocess.DEVNULL)  # fmt: skip
    run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0", env=env)
    flush_redis(redis_url)
    return django_shell(
        f"from articles.models import Article; "
        f"print(Article.objects.get(title_ar__startswith='{SEED_TITLE}').get_absolute_url())",
        env,
    )


def drop_workload(database: str = SERVE_DATABASE) -> None:
    drop_database(f"{POSTGRES}/{database}")


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


def wrk_output(url: str, duration: int, connections: int, script: str | None = None, env=None) -> str:
    """What ``wrk -t2 -cCONNECTIONS -dDURATION --latency [-s SCRIPT] URL`` prints."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["-s", script] if script else []
    return run(*command, url, capture_output=True, text=True, env=env).stdout


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


# --- Django in this process ---------------------------------------------------------------

_GENERATED = re.compile(r"Generated (\d+) articles in ([0-9.]+) s")


def generate(add: int, seed: int) -> dict:
    """Add ``add`` articles with load_demo's own generator, in this process, without the
    rebuild of the related lists load_demo runs at its end."""
    from unittest import mock

    from django.core.management import call_command

    out = io.StringIO()  # also keeps the editor's password off the report
    started = time.perf_counter()
    with mock.patch("newsroom.management.commands.load_demo.rebuild_related", return_value={}):
        call_command("load_demo", articles=add, seed=seed, no_spam_examples=True, stdout=out)
    wall = time.perf_counter() - started
    generated = _GENERATED.search(out.getvalue())
    if not generated:
        raise RuntimeError(f"unexpected load_demo output:\n{out.getvalue()[-2000:]}")
    return {"added": add, "wall": wall, "generation": float(generated.group(2))}


def collect_static(folder: Path) -> None:
    """With DEBUG off, {% static %} needs the manifest collectstatic writes."""
    from django.core.management import call_command
    from django.test.utils import override_settings

    override_settings(STATIC_ROOT=str(folder)).enable()
    call_command("collectstatic", interactive=False, verbosity=0)


def capture():
    """CaptureQueriesContext on an empty log: the log keeps the last 9,000 queries only,
    and once it is full the context counts none."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    return CaptureQueriesContext(connection)


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0].split()[0]


# --- reports ------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least ``share`` of the values at or below it."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def percentile_above(values: list[float], share: float) -> float:
    """The first value above ``share`` of the values (index ⌊share·n⌋ in order); NaN for none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def profiled(call, items: list, lines: int) -> tuple[float, str]:
    """cProfile ``call(item)`` for each of ``items``: milliseconds per call, and the
    ``lines`` first functions by cumulative time."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for item in items:
        call(item)
    profiler.disable()
    each = (time.perf_counter() - started) / len(items) * 1000
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(lines)
    return each, out.getvalue()


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    return model.group(1).strip() if model else "?"


def host_line(load: str = "load") -> str:
    """One line: this host, its CPUs, Python and the load average now."""
    return (
        f"Machine: {platform.node() or 'unknown'}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {load} {load_average()}"
    )


def machine_lines(software: str) -> list[str]:
    """The machine, the versions (``software``: what comes after Python's) and the load
    average at the start and now."""
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip() or "?"
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    memory = re.search(r"MemTotal:\s+(\d+) kB", meminfo)
    gib = f", {int(memory.group(1)) / 2**20:.0f} GiB RAM" if memory else ""
    settings = f"DJANGO_DEBUG={os.environ['DJANGO_DEBUG']}, "
    settings += f"DJANGO_CONN_MAX_AGE={os.environ.get('DJANGO_CONN_MAX_AGE', '0')}"
    return [
        f"Machine:  {cpu_model()}, nproc {nproc}{gib}; {platform.system()} {platform.release()}",
        f"Software: Python {platform.python_version()}, {software}; {settings}",
        # Other work on the machine skews every figure: shown so that a busy run can be spotted.
        f"Load:     {LOAD_AT_START} at the start, {load_average()} at the end (1, 5, 15 min)",
    ]
