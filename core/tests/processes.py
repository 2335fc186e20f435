"""Real processes for the tests that depend on them: a Celery worker and a Redis server.

The worker runs the project's own code against the test database and a real broker;
nothing in it is mocked. Tests start and kill these processes to show what happens
when they die.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url_for_workers() -> str:
    """The URL of the database the test run created (test_<name>), for other processes."""
    settings = connection.settings_dict
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + settings["NAME"]))


def _die_with_parent() -> None:
    """Ask Linux to stop the worker if the test run that started it dies first, so no
    stray worker is left to take the next run's messages."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def wait_for(predicate, timeout: float = 30, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


# Celery's INFO lines for a task's arrival and its end, by the task's id.
_TASK_RECEIVED = re.compile(r"Task [\w.]+\[([0-9a-f-]+)\] received")
_TASK_ENDED = re.compile(r"Task [\w.]+\[([0-9a-f-]+)\] (?:succeeded|raised|retry|failed|ignored|rejected)")


class Worker:
    """``celery worker`` in a subprocess (prefork, one child) on ``broker_url``."""

    def __init__(self, broker_url: str, **environment: str):
        self.broker_url = broker_url
        self.environment = environment
        self.log = Path(tempfile.mkstemp(prefix="celery-worker-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        env = {
            **os.environ,
            "DATABASE_URL": database_url_for_workers(),
            "REDIS_URL": self.broker_url,
            "COMMENTS_SPAM_RETRAIN_DELAY": "0",
            "DJANGO_LOG_LEVEL": "INFO",
            **self.environment,
        }
        self.log.write_text("")
        command = [
            sys.executable, "-m", "celery", "-A", "newsroom", "worker", "--pool=prefork", "--concurrency=1",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
            f"--hostname=test-{os.getpid()}-{time.monotonic_ns()}@%h",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        wait_for(lambda: " ready." in self.output() or self.process.poll() is not None, 60, what="worker")
        assert self.process.poll() is None, self.output()
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_idle(self, timeout: float = 30) -> None:
        """Until every task the worker received has ended and nothing new came for a moment:
        a transactional test's tables are emptied after it, and a task still reading them
        then (a notification after a decision) would deadlock with the emptying."""

        def settled() -> bool:
            log = self.output()
            received = set(_TASK_RECEIVED.findall(log))
            ended = set(_TASK_ENDED.findall(log))
            return received <= ended

        wait_for(settled, timeout, what="the worker's tasks to end")
        time.sleep(0.3)  # a task queued by the last one
        wait_for(settled, timeout, what="the worker's tasks to end")

    def children(self) -> list[int]:
        found = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in found.stdout.split()]

    def kill(self) -> None:
        """SIGKILL the whole worker, children included: nothing gets to clean up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A private redis-server on its own port, that a test may stop and start again."""

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="redis-test-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed for this test"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._answers, 10, what="redis-server")
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def reset_broker_connections() -> None:
    """Forget pooled broker connections so the next publish uses the current broker URL.

    kombu keeps its pools in a process-wide registry keyed by connection: closing a
    pool without clearing the registry would leave a closed pool to be handed out.
    """
    from celery import current_app as app
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
