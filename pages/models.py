"""The site's own pages (about us, contact, privacy policy, terms, corrections policy) and
their revisions.

A page has a title, an address and a text in each language (django-modeltranslation makes
``title_ar``, ``title_en``…, see ``pages.translation``), published or not per language, and
a position among the footer's links. Every state change (``pages.publishing``) keeps a
revision with who made it and when.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from articles.models.fields import SanitizedHTMLField


class PageQuerySet(models.QuerySet):
    def live(self, language: str | None = None):
        """Pages readers may read in ``language`` (the active one by default)."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        return self.filter(**{f"live_{language}": True})


class Page(models.Model):
    title = models.CharField(_("title"), max_length=200, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Part of the address. Leave empty to make one from the title."),
    )
    body = SanitizedHTMLField(_("body"), blank=True)
    # Per language (modeltranslation makes live_ar, live_en): only an editor's publish or
    # unpublish changes it, never a save of the text.
    live = models.BooleanField(_("published in this language"), default=False, editable=False)
    position = models.PositiveSmallIntegerField(
        _("position in the footer"), default=0, help_text=_("Lower numbers come first.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The last change readers could see (the sitemap's lastmod): a save that changes
    # nothing, or changes a language no one reads, leaves it.
    modified_at = models.DateTimeField(_("last change for readers"), null=True, blank=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        permissions = [("publish_page", _("Can publish and unpublish site pages"))]

    def __str__(self) -> str:
        return self.title or self.title_ar or str(self.pk)

    def get_absolute_url(self) -> str:
        """The address in the active language, or in Arabic when it is not published there."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        return self.url_in(language) or self.url_in(settings.LANGUAGE_CODE) or ""

    def has_text(self, language: str) -> bool:
        return bool(getattr(self, f"title_{language}", None) and getattr(self, f"body_{language}", None))

    def is_live_in(self, language: str) -> bool:
        return bool(getattr(self, f"live_{language}", False))

    def live_languages(self) -> list[str]:
        return [code for code, _name in settings.LANGUAGES if self.is_live_in(code)]

    def url_in(self, language: str) -> str | None:
        """The page's address in ``language``, or None when readers cannot read it there."""
        slug = getattr(self, f"slug_{language}", None)
        if not slug or not self.is_live_in(language):
            return None
        with translation.override(language):
            return reverse("pages:detail", kwargs={"slug": slug})


class PageAction(models.TextChoices):
    """What a revision records: each state change of ``pages.publishing``."""

    CREATE = "create", _("Created")
    SAVE = "save", _("Saved")
    PUBLISH_LANGUAGE = "publish_language", _("Published a language version")
    UNPUBLISH_LANGUAGE = "unpublish_language", _("Withdrew a language version")
    RESTORE = "restore", _("Restored a revision")


class PageRevision(models.Model):
    """A page as one state change left it: every field readers see, in every language, and
    who did it when. Restoring one makes a new revision; history is never rewritten."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    action = models.CharField(_("action"), max_length=24, choices=PageAction.choices)
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    restored_from = models.PositiveIntegerField(_("restored from revision"), null=True, blank=True)
    content = models.JSONField(_("content"), default=dict)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("page revision")
        verbose_name_plural = _("page revisions")
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="one_page_revision_number")]

    def __str__(self) -> str:
        return f"{self.page_id}#{self.number}"
