from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article

MAX_DEPTH = 3  # a top-level comment is depth 0; replies nest at most three levels


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def public_fields(self):
        """Only what the public may see: the email and network traces stay in the database."""
        return self.only(
            "id", "article_id", "parent_id", "root_id", "depth", "author_name", "author_url",
            "text", "created_at", "is_staff_reply",
        )  # fmt: skip


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REJECTED = "rejected", _("Rejected")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    # The top-level comment of the thread, so a page of threads is fetched in one query.
    root = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+", editable=False
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    author_name = models.CharField(_("name"), max_length=100)
    # Shown only to moderators; never to the public in any form.
    author_email = models.EmailField(_("email"), max_length=254)
    author_url = models.URLField(_("website"), max_length=200, blank=True)
    text = models.TextField(_("comment"), max_length=5000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_staff_reply = models.BooleanField(_("reply from the publication"), default=False)
    notify_replies = models.BooleanField(_("email the author about replies"), default=False)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Signals from the form (honeypot, too fast...) for the moderators and the spam judge.
    flags = models.JSONField(_("flags"), default=list, blank=True)
    score = models.FloatField(_("spam score"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)

    # Keyed hashes, not the raw values; wiped after the retention period.
    email_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    ip_network = models.CharField(_("network"), max_length=64, blank=True, editable=False)
    user_agent_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", _("Can moderate comments and see commenters' emails"))]
        indexes = [
            models.Index(fields=["article", "status", "depth", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:50]}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"
