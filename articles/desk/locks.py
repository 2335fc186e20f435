"""Edit locks: who has an article open in the admin.

Opening the form takes the lock; the page's heartbeat keeps it (``ARTICLE_LOCK_SECONDS``
without one frees it: a closed laptop never blocks the desk) and leaving the page
releases it. An editor may take over a colleague's lock: the colleague's page learns it
at its next heartbeat and keeps their unsaved text as an autosave.

Only someone who may edit the article takes or keeps its lock (``records.may_edit``): a
lock held by a reader (a writer opening a published story, a moderator) would stop the
desk from saving a story its holder cannot change.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, AuditAction, EditLock

from . import records


@dataclass(frozen=True)
class LockState:
    mine: bool
    holder: object | None  # the user holding it, when it is not ``by``
    taken_over: bool = False  # ``by`` held it and an editor took it over


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _expired(lock: EditLock) -> bool:
    return lock.heartbeat_at < timezone.now() - timedelta(seconds=settings.ARTICLE_LOCK_SECONDS)


def _require_editing(article: Article, by) -> None:
    if not records.may_edit(by, article.status):
        raise PermissionDenied(_("You may not edit this article."))


def open_for_editing(article: Article, *, by) -> LockState:
    """Take the lock unless someone else holds a live one."""
    _require_editing(article, by)
    return _take_unless_held(article, by)


@transaction.atomic
def _take_unless_held(article: Article, by) -> LockState:
    lock = EditLock.objects.select_for_update().filter(article=article).select_related("user").first()
    if lock is not None and lock.user_id != by.pk and not _expired(lock):
        return LockState(mine=False, holder=lock.user)
    EditLock.objects.update_or_create(
        article=article, defaults={"user": by, "heartbeat_at": timezone.now(), "taken_over_by": None}
    )
    return LockState(mine=True, holder=None)


def heartbeat(article: Article, *, by) -> LockState:
    """The page is still open. Keeps the lock of its holder; tells a page whose lock was
    taken over (or that never had it) who has it now. Someone who may no longer edit the
    article (it went live while their page was open) loses the lock they had."""
    try:
        _require_editing(article, by)
    except PermissionDenied:
        release(article, by=by)
        raise
    return _beat(article, by)


@transaction.atomic
def _beat(article: Article, by) -> LockState:
    lock = EditLock.objects.select_for_update().filter(article=article).select_related("user").first()
    if lock is not None and lock.user_id == by.pk:
        lock.heartbeat_at = timezone.now()
        lock.save(update_fields=["heartbeat_at"])
        return LockState(mine=True, holder=None)
    if lock is not None and not _expired(lock):
        return LockState(mine=False, holder=lock.user, taken_over=lock.taken_over_by_id == lock.user_id)
    return _take_unless_held(article, by)


def release(article: Article, *, by) -> None:
    EditLock.objects.filter(article=article, user=by).delete()


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
