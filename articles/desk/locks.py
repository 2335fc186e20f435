"""Edit locks: who has an article open in the admin.

Opening the form takes the lock; the page's heartbeat keeps it (``ARTICLE_LOCK_SECONDS``
without one frees it: a closed laptop never blocks the desk) and leaving the page
releases it. An editor may take over a colleague's lock: the colleague's page learns it
at its next heartbeat and keeps their unsaved text as an autosave.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import Article, AuditAction, EditLock

from . import records


@dataclass(frozen=True)
class LockState:
    mine: bool
    holder: object | None  # the user holding it, when it is not ``user``
    taken_over: bool = False  # ``user`` held it and an editor took it over


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _expired(lock: EditLock) -> bool:
    return lock.heartbeat_at < timezone.now() - timedelta(seconds=settings.ARTICLE_LOCK_SECONDS)


@transaction.atomic
def open_for_editing(article: Article, user) -> LockState:
    """Take the lock unless someone else holds a live one."""
    lock = EditLock.objects.select_for_update().filter(article=article).select_related("user").first()
    if lock is not None and lock.user_id != user.pk and not _expired(lock):
        return LockState(mine=False, holder=lock.user)
    EditLock.objects.update_or_create(
        article=article, defaults={"user": user, "heartbeat_at": timezone.now(), "taken_over_by": None}
    )
    return LockState(mine=True, holder=None)


@transaction.atomic
def heartbeat(article: Article, user, previous_holder_id: int | None = None) -> LockState:
    """The page is still open. Keeps the lock of its holder; tells a page whose lock was
    taken over (or that never had it) who has it now."""
    lock = EditLock.objects.select_for_update().filter(article=article).select_related("user").first()
    if lock is not None and lock.user_id == user.pk:
        lock.heartbeat_at = timezone.now()
        lock.save(update_fields=["heartbeat_at"])
        return LockState(mine=True, holder=None)
    if lock is not None and not _expired(lock):
        return LockState(mine=False, holder=lock.user, taken_over=lock.taken_over_by_id == lock.user_id)
    return open_for_editing(article, user)


def release(article: Article, user) -> None:
    EditLock.objects.filter(article=article, user=user).delete()


@transaction.atomic
def take_over(article: Article, *, by) -> LockState:
    """An editor takes the article from whoever has it open; recorded in the audit trail."""
    records.require(by, records.PUBLISH)
    lock = EditLock.objects.select_for_update().filter(article=article).select_related("user").first()
    previous = lock.user if lock is not None and lock.user_id != getattr(by, "pk", None) else None
    EditLock.objects.update_or_create(
        article=article, defaults={"user": by, "heartbeat_at": timezone.now(), "taken_over_by": by}
    )
    records.audit(article, by, AuditAction.TAKE_OVER, display_name(previous))
    return LockState(mine=True, holder=None)


def holder_of(article: Article, user):
    """Someone else with a live lock on the article, or None."""
    lock = EditLock.objects.filter(article=article).exclude(user=user).select_related("user").first()
    return lock.user if lock is not None and not _expired(lock) else None
