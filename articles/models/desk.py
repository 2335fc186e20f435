"""The desk's records: autosaves, revisions, the audit trail, internal notes, corrections, edit locks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .article import Article


class Autosave(models.Model):
    """What an editor was typing in an article's form, saved by the page every 30 seconds
    so that a crashed tab loses nothing. Never published: the form's own save is the only
    way into the article. One per editor and article (and one per editor for a new one)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    fields = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="one_autosave_per_article"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="one_autosave_per_new_article"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.article_id or 'new'}"


class AuditAction(models.TextChoices):
    """Every state change the desk makes; the audit trail and revisions name them."""

    CREATE = "create", _("Created")
    SAVE = "save", _("Saved")
    SUBMIT = "submit", _("Submitted for review")
    APPROVE = "approve", _("Approved")
    SEND_BACK = "send_back", _("Sent back")
    # In the "audit" context: an act (نُشر), where the statuses name a state (منشور).
    PUBLISH = "publish", pgettext_lazy("audit", "Published")
    SCHEDULE = "schedule", pgettext_lazy("audit", "Scheduled")
    WENT_LIVE = "went_live", _("Went live at its scheduled time")
    PUBLISH_LANGUAGE = "publish_language", _("Published a language version")
    UNPUBLISH_LANGUAGE = "unpublish_language", _("Withdrew a language version")
    UNPUBLISH = "unpublish", _("Unpublished")
    ARCHIVE = "archive", pgettext_lazy("audit", "Archived")
    RESTORE = "restore", _("Restored a revision")
    TAKE_OVER = "take_over", _("Took over the edit lock")
    CORRECTION = "correction", _("Added a correction")
    UPDATE = "update", _("Added an update")
    NOTE = "note", _("Added an internal note")
    # A photo the article shows was changed or taken down in the media library.
    IMAGE_CHANGE = "image_change", _("Changed a photo it shows")
    IMAGE_DELETE = "image_delete", _("Took down a photo it showed")


class Revision(models.Model):
    """A saved state of an article: every field readers see, in every language. Made on
    each save; restoring one makes a new revision, history is never rewritten."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    action = models.CharField(_("action"), max_length=24, choices=AuditAction.choices)
    content = models.JSONField(_("content"), default=dict)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="one_revision_number")]

    def __str__(self) -> str:
        return f"{self.article_id} #{self.number}"


class AuditEntry(models.Model):
    """Who did what to which article, and when; ``user`` empty means the system (the
    scheduled-publishing beat, a command)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), null=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    article_title = models.CharField(_("article title"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    action = models.CharField(_("action"), max_length=24, choices=AuditAction.choices, db_index=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    detail = models.TextField(_("detail"), blank=True)
    revision = models.ForeignKey(Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.article_title}"


class ArticleNote(models.Model):
    """A note between the desk's members on an article (why it was sent back, what to
    check); never shown to readers."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return self.text[:60]


class Correction(models.Model):
    """A correction or an update readers are told about, with its date, under the
    article (and in its structured data). A silent fix is just a save."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class EditLock(models.Model):
    """Who has an article open for editing. Kept alive by the form's heartbeat; a lock
    whose heartbeat stopped is free (``ARTICLE_LOCK_SECONDS``)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="edit_lock")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    taken_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    # Set when an editor takes the lock over, for the previous holder's page to say so.
    taken_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.article_id}: {self.user_id}"
