"""The article, its querysets and the old addresses it keeps."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.text import html_to_text, normalize_arabic

from .fields import SanitizedHTMLField
from .media import Image
from .taxonomy import Author, Section, Tag


class ArticleQuerySet(models.QuerySet):
    def live(self, now=None):
        """Articles a reader may see: published, or scheduled and now due.

        A scheduled article goes live by the clock alone, so no job has to run for it
        to appear; the periodic task only tidies its status afterwards.
        """
        now = now or timezone.now()
        return self.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            published_at__lte=now,
        )

    def next_going_live(self, now=None):
        """When the next scheduled article goes live by the clock, or None."""
        now = now or timezone.now()
        return (
            self.filter(status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED], published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def translated(self, language: str | None = None):
        """Articles whose ``language`` version readers may have (default: the active
        language): written, and published in that language by an editor."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        articles = self.written_in(language)
        if language != settings.LANGUAGE_CODE:
            articles = articles.filter(**{f"language_live_{language}": True})
        return articles

    def written_in(self, language: str):
        """Articles with a title and a body in ``language``, published there or not."""
        title, body = f"title_{language}", f"body_{language}"
        return self.exclude(
            Q(**{f"{title}__isnull": True})
            | Q(**{title: ""})
            | Q(**{f"{body}__isnull": True})
            | Q(**{body: ""})
        )

    def for_listing(self):
        return self.select_related("section").order_by("-published_at", "-id")


class Article(models.Model):
    class Status(models.TextChoices):
        """The desk's workflow: a writer's draft goes to review, a copy editor or editor
        approves it (ready) or sends it back, an editor publishes or schedules it."""

        DRAFT = "draft", _("Draft")
        IN_REVIEW = "review", _("In review")
        READY = "ready", _("Ready")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Part of the address. Leave empty to make one from the title."),
    )
    standfirst = models.TextField(_("standfirst"), blank=True, max_length=400)
    body = SanitizedHTMLField(_("body"))
    image = models.ForeignKey(
        Image,
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="featured_in",
        help_text=_("Choose it from the library, or upload a new one with +."),
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    authors = models.ManyToManyField(Author, verbose_name=_("authors"), blank=True, related_name="articles")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the article."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    # What readers are told: only an update (a Correction of kind "update") moves it; a
    # silent fix of a typo does not.
    modified_at = models.DateTimeField(_("last update for readers"), null=True, blank=True)
    # The latest correction or update note, kept here so that pages, feeds and sitemaps
    # need no query for the notes of the many articles that have none.
    last_correction_at = models.DateTimeField(_("last correction note"), null=True, blank=True)
    # Per language (modeltranslation makes language_live_ar, language_live_en): whether an
    # editor has published that language's version. The default language follows the
    # article's status; another goes live only by an editor's decision, never because its
    # fields were filled in.
    language_live = models.BooleanField(_("this language's version is published"), default=False)
    # Title, standfirst and text of every language, folded as the reader search folds
    # Arabic: what the admin's search looks in («اسرائيل» finds «إسرائيل»).
    search_text = models.TextField(editable=False, blank=True, default="")
    comments_open = models.BooleanField(_("comments open"), default=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule and archive articles")),
            ("review_article", _("Can approve articles in review or send them back")),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_live_idx")]

    def __str__(self) -> str:
        return self.title or self.title_ar or str(self.pk)

    def save(self, *args, **kwargs):
        self.search_text = desk_search_text(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The address in the active language, or in Arabic when there is no translation."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        return self.url_in(language) or self.url_in(settings.LANGUAGE_CODE) or ""

    def url_in(self, language: str) -> str | None:
        """This article's address in ``language``, or None when it is not translated."""
        slug = getattr(self, f"slug_{language}", None)
        if not self.has_translation(language) or not slug:
            return None
        with translation.override(language):
            return reverse("articles:detail", kwargs={"slug": slug})

    def has_text(self, language: str) -> bool:
        """A title and a body in ``language``, published or not."""
        return bool(getattr(self, f"title_{language}", None) and getattr(self, f"body_{language}", None))

    def has_translation(self, language: str) -> bool:
        """Readers may have this language's version: written, and published by an editor
        (the default language's version follows the article's status)."""
        if not self.has_text(language):
            return False
        return language == settings.LANGUAGE_CODE or bool(getattr(self, f"language_live_{language}", False))

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        # What it was when loaded: a change from or to public invalidates cached pages.
        fields = article.__dict__
        article._loaded_state = (fields.get("status"), fields.get("section_id"), fields.get("published_at"))
        return article

    @property
    def modified_for_readers(self):
        """When readers were last told the story changed: its latest update, else its
        publication (a typo fix or a correction note does not make it "updated")."""
        return self.modified_at or self.published_at

    @property
    def is_live(self) -> bool:
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


def desk_search_text(article: Article) -> str:
    parts = []
    for language, _name in settings.LANGUAGES:
        for field in ("title", "standfirst"):
            parts.append(getattr(article, f"{field}_{language}", "") or "")
        parts.append(html_to_text(getattr(article, f"body_{language}", "") or ""))
    return normalize_arabic(" ".join(part for part in parts if part))


def last_change_for_readers(article: Article):
    """The latest of its publication, its last update and its last correction note."""
    times = [article.published_at, article.modified_at, article.last_correction_at]
    times = [time for time in times if time is not None]
    return max(times) if times else None


class SlugRedirect(models.Model):
    """An address an article used to have, kept so that old links keep working."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    slug = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="unique_old_slug_per_language")
        ]

    def __str__(self) -> str:
        return f"/{self.language}/news/{self.slug}/"
