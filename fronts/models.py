"""Layouts of the home page and of the section fronts, and the record of every change.

A front (the home page, or a section's page) shows the layout in force: the latest one
published or scheduled whose time has come. Editors prepare the next one as a draft,
schedule it (the morning front at 06:00) or publish it now; the clock decides on each
request, as it does for scheduled articles, so nothing has to run for it to go live.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models import Article, Section, Tag
from articles.reader import lists

SECONDARY_SLOTS = 4  # secondary stories beside the lead
MAX_BLOCK_STORIES = 8
# A story an editor puts on a front: one readers see, or will by the clock. The admin's
# search offers only these.
PICKABLE = (Article.Status.PUBLISHED, Article.Status.SCHEDULED)


class LayoutStatus(models.TextChoices):
    """What the editor decided; whether a published or scheduled layout is the one in force
    is the clock's to say (``Layout.state``)."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_STATUSES = (LayoutStatus.SCHEDULED, LayoutStatus.PUBLISHED)


class LayoutState(models.TextChoices):
    """Where a layout stands now, as the layouts' list says it."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Goes live later")
    LIVE = "live", _("Live now")
    REPLACED = "replaced", _("Replaced by a newer layout")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LayoutQuerySet(models.QuerySet):
    def of_front(self, section_id: int | None):
        """The layouts of one front: a section's, or the home page's (no section)."""
        return self.filter(section__isnull=True) if section_id is None else self.filter(section_id=section_id)

    def in_force(self, now):
        """Published or scheduled and due, the latest first: the first is what readers see."""
        return self.filter(status__in=LIVE_STATUSES, live_from__lte=now).order_by("-live_from", "-pk")


class Layout(models.Model):
    section = models.ForeignKey(
        Section,
        verbose_name=_("front"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: the home page."),
    )
    title = models.CharField(
        _("name"), max_length=120, help_text=_("For the desk only, e.g. «the morning front».")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=LayoutStatus.choices, default=LayoutStatus.DRAFT, db_index=True
    )
    live_from = models.DateTimeField(
        _("goes live at"), null=True, blank=True, help_text=_("Set by «Publish now» or «Schedule».")
    )
    lead = models.ForeignKey(
        Article,
        verbose_name=_("lead story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"status__in": PICKABLE},
        help_text=_("Empty: the newest story not otherwise on the page."),
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LayoutQuerySet.as_manager()

    class Meta:
        ordering = ["-live_from", "-pk"]
        verbose_name = _("front layout")
        verbose_name_plural = _("front layouts")
        permissions = [("arrange_front", _("Can arrange the home page and the section fronts"))]
        indexes = [models.Index(fields=["section", "status", "-live_from"], name="layout_in_force_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def front_name(self) -> str:
        return str(self.section) if self.section_id else str(_("The home page"))

    def state(self, now, in_force_pk: int | None) -> LayoutState:
        """Where it stands at ``now``; ``in_force_pk`` is the layout its front shows then."""
        if self.status == LayoutStatus.DRAFT:
            return LayoutState.DRAFT
        if self.status == LayoutStatus.WITHDRAWN:
            return LayoutState.WITHDRAWN
        if self.live_from is None or self.live_from > now:
            return LayoutState.SCHEDULED
        return LayoutState.LIVE if self.pk == in_force_pk else LayoutState.REPLACED


class LayoutStory(models.Model):
    """A secondary story of a layout, in its place."""

    layout = models.ForeignKey(Layout, on_delete=models.CASCADE, related_name="stories")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    article = models.ForeignKey(
        Article,
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"status__in": PICKABLE},
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("secondary story")
        verbose_name_plural = _("secondary stories")

    def __str__(self) -> str:
        return str(self.article)


class LayoutBlock(models.Model):
    """A block of a layout: a story list (``articles.reader.lists``) in its place."""

    layout = models.ForeignKey(Layout, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("block"), max_length=60)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey(
        Tag, verbose_name=_("tag"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveSmallIntegerField(
        _("stories"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_BLOCK_STORIES)],
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")

    def __str__(self) -> str:
        # As editors know it (the admin heads the block's row with it), not its name in code.
        story_list = lists.get(self.kind)
        return str(story_list.label) if story_list is not None else self.kind


class FrontAction(models.TextChoices):
    """Every change made to a front; the fronts' audit trail names them."""

    SAVE = "save", pgettext_lazy("fronts audit", "Saved")
    SCHEDULE = "schedule", pgettext_lazy("fronts audit", "Scheduled")
    PUBLISH = "publish", pgettext_lazy("fronts audit", "Published")
    WITHDRAW = "withdraw", pgettext_lazy("fronts audit", "Withdrawn")
    PIN = "pin", _("Pinned a story")


class FrontAuditEntry(models.Model):
    """Who changed which front's layout, how and when; an empty "by" is the system (the
    WordPress import, the demo)."""

    layout = models.ForeignKey(
        Layout, verbose_name=_("layout"), null=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    layout_title = models.CharField(_("layout"), max_length=120, blank=True)
    front = models.CharField(_("front"), max_length=120, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=12, choices=FrontAction.choices, db_index=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("front change")
        verbose_name_plural = _("fronts' audit trail")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.layout_title}"
