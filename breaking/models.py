from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .vocabulary import State

TEXT_MAX_LENGTH = 160  # one line, on a phone too
LINK_MAX_LENGTH = 500


class Alert(models.Model):
    """One «عاجل» line, in Arabic, English or both, as an editor posted it. Alerts are kept
    after they end: the row says who posted and who withdrew it, and when (its record)."""

    text_ar = models.CharField(_("Arabic text"), max_length=TEXT_MAX_LENGTH, blank=True)
    text_en = models.CharField(_("English text"), max_length=TEXT_MAX_LENGTH, blank=True)
    link = models.CharField(_("link"), max_length=LINK_MAX_LENGTH, blank=True)
    posted_at = models.DateTimeField(_("posted"), default=timezone.now)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("posted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    expires_at = models.DateTimeField(_("ends"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-posted_at", "-pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        permissions = [("post_alert", _("Can post and withdraw breaking-news alerts"))]
        indexes = [
            models.Index(
                fields=["-posted_at"], condition=Q(withdrawn_at__isnull=True), name="breaking_not_withdrawn"
            )
        ]

    def __str__(self) -> str:
        return self.text_ar or self.text_en

    def text_in(self, language: str) -> str:
        return getattr(self, f"text_{language}", "")

    def state(self, now=None) -> State:
        if self.withdrawn_at is not None:
            return State.WITHDRAWN
        return State.LIVE if self.expires_at > (now or timezone.now()) else State.EXPIRED
