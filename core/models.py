from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Invalidation(models.Model):
    """One cache key whose content changed, written in the same transaction as the change.

    Every cached page and fragment names the keys of what it shows (``article:12``,
    ``comments:12``, ``home``…). A change inserts its keys here before it commits, so a
    committed change always leaves its record: an outage of Redis or Varnish at that moment
    cannot lose it. Web processes read this log (``core.invalidation``) to decide whether a
    stored page is still current, and purges for shared caches are sent from it.

    Append-only (no row is ever updated, so writers never wait for each other); rows older
    than the cache's history window are deleted by a periodic task.
    """

    id = models.BigAutoField(primary_key=True)
    key = models.CharField(_("key"), max_length=150)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("cache invalidation")
        verbose_name_plural = _("cache invalidations")
        indexes = [models.Index(fields=["key", "id"], name="invalidation_key_idx")]

    def __str__(self) -> str:
        return f"#{self.id} {self.key}"


class AdminPreference(models.Model):
    """A staff member's own choices for the admin: its language, whatever their browser
    asks for (an Arabic editor on a borrowed English laptop still gets an Arabic admin)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="admin_preference"
    )
    language = models.CharField(_("admin language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("admin preference")
        verbose_name_plural = _("admin preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class UnsentTask(models.Model):
    """A task that a committed change queued and the broker did not take: it was down, or
    did not answer within ``CELERY_PUBLISH_TIMEOUT``. The change stays saved; its work waits
    here, by task name and JSON arguments (never objects), until beat's
    ``core.tasks.send_unsent_tasks`` sends it (``core.queue``).

    One row per task and arguments (``digest``): an article saved five times during an outage
    waits as one update of its lists. A publish that timed out may still have reached a broker
    that was only slow, so such a task can run twice; every task queued after a commit is
    written to be idempotent for that reason.
    """

    id = models.BigAutoField(primary_key=True)
    name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    digest = models.CharField(max_length=64, unique=True)
    # A countdown asked for when it was queued ends at this time, sent or not.
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("unsent task")
        verbose_name_plural = _("unsent tasks")

    def __str__(self) -> str:
        return f"{self.name}{tuple(self.args)!r}"
