"""What changed, and whether a stored page or fragment is still current.

**Writers** call ``invalidate(*keys)`` inside the transaction that changes the content (apps
do it from their state-change functions and signal handlers). The keys go into the
``Invalidation`` log in that same transaction, so no outage can separate a committed
change from its record. Once it commits, Redis is told (one ``INCR``, so that every web
process looks at the log at once) and each shared cache (Varnish) is sent a purge by a
retried task. Both are accelerators: a missed one delays nothing beyond the bounds below.

**Readers** (every web process) keep ``knowledge``: the invalidations of the last hour, read
from the log at start, then polled — at once when Redis announces news, and at least every
``POLL_INTERVAL`` seconds whatever Redis does. A render records a ``Stamp`` of what was known
when it started; what it stored is current as long as none of its keys was invalidated by
an entry it did not know. So a retracted article leaves the embedded cache within
``POLL_INTERVAL`` even with Redis paused, and with it at once.

Ids come from a sequence, and a transaction may commit after another that took a later
id: the log is read from the lowest id not yet seen (``upto``), and a gap is waited for
``GAP_TIMEOUT`` seconds before it is taken for a rolled-back transaction. A change that
stays uncommitted longer than that after invalidating is the one case this cannot see
(no state-change function in this project holds a transaction open that long).
"""

import bisect
import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import Max
from redis.exceptions import RedisError

from .models import Invalidation
from .purge import queue_purges
from .shared_redis import page_cache_redis

logger = logging.getLogger(__name__)

HISTORY = 60 * 60  # seconds of invalidations a process keeps; older stored pages are re-rendered
POLL_INTERVAL = 0.25  # seconds between looks at the log, at the most, while serving
GAP_TIMEOUT = 60  # seconds a missing id is waited for before it is taken for a rollback
NEWS_KEY = "pagecache:news"  # Redis counter raised after every invalidating commit
CURSOR_ABOVE = 200
_POLL_BATCH = 5000


@dataclass(frozen=True)
class Stamp:
    """What was known of the log when a render started: every invalidation up to ``upto``,
    and those above it listed in ``above``. The render shows all of them."""

    upto: int
    above: frozenset[int]
    at: float  # time.time()

    def cursor(self) -> str:
        """The stamp as a cache in front keeps it: ``upto`` or ``upto:id,id…``. Past
        CURSOR_ABOVE ids (many gaps at once, which does not happen in normal operation)
        the ids above are left out: the cache is then told their keys again, never less."""
        if not self.above or len(self.above) > CURSOR_ABOVE:
            return str(self.upto)
        return f"{self.upto}:{','.join(str(number) for number in sorted(self.above))}"

    @classmethod
    def from_cursor(cls, value: str) -> "Stamp | None":
        upto, _colon, above = value.partition(":")
        numbers = above.split(",") if above else []
        if (
            not all(part.isascii() and part.isdigit() for part in (upto, *numbers))
            or len(numbers) > CURSOR_ABOVE
        ):
            return None
        return cls(upto=int(upto), above=frozenset(int(number) for number in numbers), at=0.0)


class Knowledge:
    """This process's reading of the invalidation log (thread-safe)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.loaded = False
        self.upto = 0
        self.above: set[int] = set()
        self._missing_since: dict[int, float] = {}
        self._recent: dict[str, list[int]] = {}
        self._log: list[tuple[int, str, float]] = []  # (id, key, created), sorted by id
        self.history_start = 0.0
        self.complete_after = 0  # every id above this one is in _log (or forgotten as too old)
        self.polled_at = 0.0  # time.monotonic() of the last successful poll
        self.news: int | None = None

    # --- keeping up ---------------------------------------------------------------------------

    def refresh(self, news: int | None = None, *, now: bool = False) -> bool:
        """Poll the log when Redis announced news, when the last poll is older than
        ``POLL_INTERVAL``, or ``now`` (before a render that will be stored: its stamp then
        holds everything committed so far, and it is not thrown away at the next poll).
        True when this process knows the log as of at most POLL_INTERVAL ago."""
        due = now or not self.loaded or time.monotonic() - self.polled_at >= POLL_INTERVAL
        if news is not None and news != self.news:
            due = True
        if not due:
            return True
        with self._lock:
            try:
                self._load() if not self.loaded else self._poll()
            except DatabaseError:
                logger.warning("Page cache: the invalidation log cannot be read; serving nothing stored.")
                close_old_connections()
                return False
            if news is not None:
                self.news = news
            self.polled_at = time.monotonic()
        return True

    def fresh(self) -> bool:
        return self.loaded and time.monotonic() - self.polled_at < POLL_INTERVAL * 2

    def _load(self) -> None:
        now = time.time()
        since = now - HISTORY
        rows = list(
            Invalidation.objects.filter(created_at__gte=_aware(since))
            .order_by("id")
            .values_list("id", "key", "created_at")
        )
        settled = [row[0] for row in rows if row[2].timestamp() < now - GAP_TIMEOUT]
        if settled:
            upto = max(settled)
        elif rows:
            upto = rows[0][0] - 1
        else:
            upto = Invalidation.objects.aggregate(top=Max("id"))["top"] or 0
        self.upto, self.above, self._missing_since = upto, set(), {}
        self._recent, self._log = {}, []
        self.complete_after = rows[0][0] - 1 if rows else upto
        self.history_start = since
        self._take(rows, now)
        self.loaded = True

    def _poll(self) -> None:
        now = time.time()
        while True:
            rows = list(
                Invalidation.objects.filter(id__gt=self.upto)
                .exclude(id__in=self.above)
                .order_by("id")
                .values_list("id", "key", "created_at")[:_POLL_BATCH]
            )
            self._take(rows, now)
            if len(rows) < _POLL_BATCH:
                break
        self._forget_before(now - HISTORY)

    def _take(self, rows: Iterable[tuple[int, str, datetime]], now: float) -> None:
        for number, key, created_at in rows:
            if number <= self.upto or number in self.above:
                continue
            self.above.add(number)
            ids = self._recent.setdefault(key, [])
            bisect.insort(ids, number)
            bisect.insort(self._log, (number, key, created_at.timestamp()))
        self._advance(now)

    def _advance(self, now: float) -> None:
        """Move ``upto`` over every id seen, and over gaps older than GAP_TIMEOUT."""
        top = max(self.above, default=self.upto)
        for number in range(self.upto + 1, top):
            if number not in self.above:
                self._missing_since.setdefault(number, now)
        while self.upto < top:
            following = self.upto + 1
            if following in self.above:
                self.above.discard(following)
            elif now - self._missing_since.get(following, now) <= GAP_TIMEOUT:
                break
            self._missing_since.pop(following, None)
            self.upto = following

    def _forget_before(self, moment: float) -> None:
        # Ids follow time closely enough: entries are forgotten from the oldest id on.
        count = 0
        for number, key, created in self._log:
            if created >= moment:
                break
            count += 1
            self.complete_after = max(self.complete_after, number)
            ids = self._recent.get(key)
            if ids:
                index = bisect.bisect_left(ids, number)
                if index < len(ids) and ids[index] == number:
                    del ids[index]
                if not ids:
                    del self._recent[key]
        del self._log[:count]
        self.history_start = max(self.history_start, moment)

    # --- judging --------------------------------------------------------------------------------

    def stamp(self) -> Stamp:
        """What is known now; call ``refresh`` first."""
        with self._lock:
            return Stamp(upto=self.upto, above=frozenset(self.above), at=time.time())

    def keys_since(self, seen: Stamp, stamp: Stamp) -> list[str] | None:
        """The keys of the invalidations ``stamp`` knows of and ``seen`` did not (for a
        cache in front that keeps the stamp it was last told); None when this process no
        longer remembers that far back, so the cache should drop everything."""
        if seen.upto < self.complete_after:
            return None
        start = bisect.bisect_right(self._log, seen.upto, key=lambda entry: entry[0])
        return sorted(
            {
                key
                for number, key, _created in self._log[start:]
                if number not in seen.above and (number <= stamp.upto or number in stamp.above)
            }
        )

    def is_current(self, stamp: Stamp, keys: Iterable[str]) -> bool:
        """Nothing shown by what was rendered under ``stamp`` has changed since."""
        return self.changed(stamp, keys, first_only=True) == set()

    def changed(self, stamp: Stamp, keys: Iterable[str], *, first_only: bool = False) -> set[str] | None:
        """The keys among ``keys`` invalidated since ``stamp`` (the first one found, with
        ``first_only``); None when the stamp is older than what this process remembers."""
        if stamp.at < self.history_start or time.time() - stamp.at > HISTORY:
            return None
        recent = self._recent
        found = set()
        for key in keys:
            ids = recent.get(key)
            if not ids or ids[-1] <= stamp.upto:
                continue
            for number in reversed(ids):
                if number <= stamp.upto:
                    break
                if number not in stamp.above:
                    found.add(key)
                    if first_only:
                        return found
                    break
        return found


def _aware(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


knowledge = Knowledge()


# --- writing ------------------------------------------------------------------------------------


class _AfterCommit:
    """The keys one transaction invalidated, announced once when it commits."""

    def __init__(self):
        self.keys: set[str] = set()

    def __call__(self) -> None:
        announce(sorted(self.keys))


_pending = threading.local()


def invalidate(*keys: str) -> None:
    """Whatever shows any of ``keys`` is out of date once the current transaction commits.

    Call it inside the transaction that makes the change (outside one, it takes effect at
    once). Cheap: one INSERT of the keys; the announcements happen after the commit.
    """
    wanted = sorted({key for key in keys if key})
    if not wanted:
        return
    Invalidation.objects.bulk_create([Invalidation(key=key[:150]) for key in wanted])
    _after_commit().keys.update(wanted)


def _after_commit() -> _AfterCommit:
    """The current transaction's announcement, registered with on_commit once.

    ``connection.run_on_commit`` is Django's list of pending callbacks: an announcement that
    is no longer in it belongs to a transaction that committed or rolled back."""
    current = getattr(_pending, "announcement", None)
    if (
        current is not None
        and connection.in_atomic_block
        and any(entry[1] is current for entry in connection.run_on_commit)
    ):
        return current
    current = _AfterCommit()
    _pending.announcement = current
    transaction.on_commit(current, robust=True)
    return current


def announce(keys: list[str]) -> None:
    """After a commit: tell every web process (Redis) and every shared cache (a task each)."""
    notify_processes()
    queue_purges(keys)


def notify_processes() -> None:
    kept = page_cache_redis(timeout=0.25)
    if kept is None:
        # One process (development, the in-memory cache): its next request polls the log
        # because it is due, or at once here.
        knowledge.news = None
        knowledge.polled_at = 0.0
        return
    client, prefix = kept
    try:
        client.incr(prefix + NEWS_KEY)
    except (RedisError, OSError) as error:
        logger.warning("Page cache: Redis not told of a change (%s); processes see it within a poll.", error)
