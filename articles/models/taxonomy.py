"""Sections, tags and authors: how articles are filed and bylined."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SectionQuerySet(models.QuerySet):
    def with_live_articles(self):
        """Sections a reader can open: an empty one would be a link to a 404."""
        # By name: the article module imports this one for its foreign keys.
        article = apps.get_model("articles", "Article")
        return self.filter(pk__in=article.objects.live().values("section_id"))


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)
    position = models.PositiveSmallIntegerField(_("position in menus"), default=0)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", kwargs={"slug": self.slug})


class Author(models.Model):
    """A public byline; optionally the staff account that writes under it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="byline",
    )
    name = models.CharField(_("public name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)
    bio = models.TextField(_("biography"), blank=True)
    job_title = models.CharField(
        _("job title"), max_length=120, blank=True, help_text=_("Shown under the name on the author's page.")
    )
    # From the media library, so it has alt text in each language and its renditions. An
    # author page without it shows the name alone; taking the photo down leaves the author.
    photo = models.ForeignKey(
        "articles.Image",
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authors_pictured",
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})
