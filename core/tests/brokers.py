"""A broker of the test's own (a private redis-server, core/tests/processes.py) that the
test may freeze as well as stop, with the publishing side of this process pointed at it."""

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

from celery import current_app as celery_app

from .processes import RedisServer, reset_broker_connections


class Broker(RedisServer):
    def freeze(self) -> None:
        """SIGSTOP: it still accepts connections (the kernel does) and never answers, the
        worst case for a client, as a Redis swapping or stalled on its disk would be."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def crash(self) -> None:
        """Gone, with whatever it was sent (SIGKILL ends a frozen process too)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def restart_empty(self) -> None:
        """Back on the same address with nothing in it: what was sent during the outage is lost."""
        self.crash()
        self.start()
        reset_broker_connections()


@contextmanager
def private_broker() -> Iterator[Broker]:
    server = Broker().start()
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = server.url
    reset_broker_connections()
    try:
        yield server
    finally:
        server.crash()
        celery_app.conf.broker_url = previous
        reset_broker_connections()
