"""Purges for the shared caches in front of the site (Varnish with the xkey vmod, or any
cache that purges by surrogate key).

``NEWSROOM_PURGE_URLS`` lists each cache's purge address: Varnish's ``purge`` listener
(e.g. ``http://127.0.0.1:6091/``), never the one readers are served on, which refuses
purges. Each purge carries ``NEWSROOM_PURGE_SECRET`` when it is set, as Varnish with the
shipped VCL then requires. After every invalidating commit, one task per cache sends the
keys; a cache that cannot be reached, or refuses the purge, is tried again with backoff until
it takes it (the task never gives up). While a purge is undelivered the cache still stops
serving the page within a second (``deploy/varnish/default.vcl``), so a retraction never
waits for the purge.
"""

import logging
import urllib.error
import urllib.request
from collections.abc import Iterator

from django.conf import settings
from kombu.exceptions import KombuError

from .queue import enqueue
from .task_names import TaskName

logger = logging.getLogger(__name__)

KEYS_PER_REQUEST = 200  # Varnish refuses header lines beyond 8 KB by default
TIMEOUT = 5  # seconds
SECRET_HEADER = "X-Purge-Secret"  # noqa: S105 - the name of the header, not a secret


class PurgeRefused(OSError):
    """The cache answered that this purge is not allowed (an OSError: retried, as when the
    cache cannot be reached, until the workers and the cache agree)."""


def targets() -> list[str]:
    return list(settings.PURGE_URLS)


def queue_purges(keys: list[str]) -> None:
    """After a commit: one task per shared cache. A broker that cannot be reached is
    logged; the caches' TTL still ends the page within a second."""
    for target in targets():
        try:
            enqueue(TaskName.PURGE_SHARED_CACHE, target, keys)
        except (OSError, KombuError) as error:
            logger.warning("Purge for %s not queued (%s); the cache's TTL will end the pages.", target, error)


def _batches(keys: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(keys), KEYS_PER_REQUEST):
        yield keys[start : start + KEYS_PER_REQUEST]


def send_purge(target: str, keys: list[str]) -> int:
    """Ask the cache at ``target`` to drop every object tagged with any of ``keys``; returns
    how many requests were sent. Raises ``OSError`` (``URLError``) when it cannot be done."""
    if not target.startswith(("http://", "https://")):
        raise ValueError(f"Not an http(s) purge address: {target!r}")
    sent = 0
    for batch in _batches(keys):
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            target, method="PURGE", headers=_headers(batch)
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            raise _refusal(target, error) from error
        sent += 1
    return sent


def _headers(keys: list[str]) -> dict[str, str]:
    headers = {"xkey-purge": " ".join(keys)}
    if settings.PURGE_SECRET:
        headers[SECRET_HEADER] = settings.PURGE_SECRET
    return headers


def _refusal(target: str, error: urllib.error.HTTPError) -> OSError:
    """What the log says of a purge the cache answered with an error."""
    if error.code == 403:
        return PurgeRefused(
            f"{target} refused the purge (403): NEWSROOM_PURGE_SECRET must be the same for the "
            "workers and for Varnish (unset for both, the purge must come from Varnish's machine)."
        )
    if error.code == 405:
        return PurgeRefused(
            f"{target} does not take purges (405): NEWSROOM_PURGE_URLS must name Varnish's "
            "purge listener (varnishd -a purge=…), not the one readers are served on."
        )
    return error
