"""Reads from a read replica for anonymous page views; everything else on the primary.

Set ``DATABASE_REPLICA_URL`` to add the ``replica`` database. A reader's GET (no session)
then reads from it; writes, staff, commenters (whose own pending comment must show at
once) and background tasks always use the primary, so nobody reads behind their own write.
"""

import contextlib
import contextvars

from django.conf import settings

from .personal import is_personal

REPLICA = "replica"
_use_replica = contextvars.ContextVar("use_replica", default=False)
# Set by primary_reads(): nothing inside may switch reads back to the replica, whatever
# order the middleware runs in.
_pinned = contextvars.ContextVar("pinned_to_primary", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _pinned.get() or not _use_replica.get():
            return None
        return REPLICA if REPLICA in settings.DATABASES else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


@contextlib.contextmanager
def primary_reads():
    """Read from the primary inside this block, e.g. to render a page that will be
    stored in a cache: a replica a moment behind would store a stale page. Holds for
    everything called inside, including middleware that would choose the replica."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class ReplicaReadsMiddleware:
    """Marks anonymous GET and HEAD requests as safe to serve from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anonymous_read = (
            request.method in ("GET", "HEAD")
            and not is_personal(request.COOKIES)
            and not request.path.startswith("/admin/")
        )
        token = _use_replica.set(anonymous_read)
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)
