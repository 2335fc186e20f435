import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.text import html_to_text, normalize_arabic

from .fields import SanitizedHTMLField


class SectionQuerySet(models.QuerySet):
    def with_live_articles(self):
        """Sections a reader can open: an empty one would be a link to a 404."""
        return self.filter(pk__in=Article.objects.live().values("section_id"))


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

    class Meta:
        ordering = ["slug"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})


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


def image_upload_path(instance, filename: str) -> str:
    """Originals by month, under a name of our own: the uploader's file name (which may be
    anything, in any script) only keeps its extension."""
    extension = PurePosixPath(filename).suffix.lower()[:5] or ".jpg"
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


# A focal point is a fraction of the width or height: 0 is one edge, 1 the other.
INSIDE_THE_IMAGE = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class ImageQuerySet(models.QuerySet):
    def search(self, query: str):
        """Images whose title, alt text, caption or credit match every word of ``query``,
        folded as the reader search folds Arabic (hamza seats, taa marbuta, diacritics)."""
        images = self
        for word in normalize_arabic(query).split():
            images = images.filter(search_text__contains=word)
        return images


class Image(models.Model):
    """A photo in the media library, used by any number of articles.

    Alt text and caption are per language; the credit is shown as it is written after
    a translated label («تصوير:», "Photo:"). Renditions (crops around the focal point, in
    AVIF, WebP and JPEG at a few widths) are made by a Celery task after each upload or
    change of focal point, and listed in ``renditions``; until then pages use the original.
    """

    file = models.ImageField(
        _("image file"), upload_to=image_upload_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("For finding it in the library.")
    )
    alt = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required before publishing."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Photographer or agency, e.g. «رويترز». Required before publishing."),
    )
    copyright = models.CharField(_("copyright"), max_length=200, blank=True)
    taken_at = models.DateTimeField(_("taken"), null=True, blank=True)
    usage_terms = models.CharField(
        _("usage terms"), max_length=300, blank=True, help_text=_("An agency's restrictions, if any.")
    )
    usable_until = models.DateField(
        _("usable until"), null=True, blank=True, help_text=_("The last day an agency allows its use.")
    )
    focal_x = models.FloatField(_("focal point, across"), default=0.5, validators=INSIDE_THE_IMAGE)
    focal_y = models.FloatField(_("focal point, down"), default=0.5, validators=INSIDE_THE_IMAGE)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.title or self.caption or self.alt or PurePosixPath(self.file.name).name


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


# «شاهد أيضاً»: what editors choose, and what the recommender computed ahead of time.


class RelatedPin(models.Model):
    """An article an editor put into another's «شاهد أيضاً» box; pins come first."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_pins")
    related = models.ForeignKey(
        Article, verbose_name=_("pinned article"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("pinned related article")
        verbose_name_plural = _("pinned related articles")
        constraints = [models.UniqueConstraint(fields=["article", "related"], name="unique_related_pin")]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.related_id}"

    def clean(self):
        if self.article_id and self.article_id == self.related_id:
            raise ValidationError(_("An article cannot be related to itself."), code="self")


class RelatedExclusion(models.Model):
    """An article an editor never wants in another's «شاهد أيضاً» box."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_exclusions")
    excluded = models.ForeignKey(
        Article, verbose_name=_("excluded article"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("excluded related article")
        verbose_name_plural = _("excluded related articles")
        constraints = [
            models.UniqueConstraint(fields=["article", "excluded"], name="unique_related_exclusion")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} ✕ {self.excluded_id}"

    def clean(self):
        if self.article_id and self.article_id == self.excluded_id:
            raise ValidationError(_("An article cannot be related to itself."), code="self")


class RelatedTerm(models.Model):
    """One weighted term of an article's signature in one language: the inverted index
    through which a new article finds the ones that share its vocabulary."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["language", "term"], name="related_term_idx")]
        # Two updates of one article at once must not count its terms twice.
        constraints = [
            models.UniqueConstraint(fields=["article", "language", "term"], name="unique_related_term")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {self.language}:{self.term}={self.weight:.3f}"


class TermFrequency(models.Model):
    """In how many indexed articles of a language a term occurs (for its IDF)."""

    language = models.CharField(max_length=8)
    term = models.CharField(max_length=64)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "term"], name="unique_term_frequency")]

    def __str__(self) -> str:
        return f"{self.language}:{self.term} in {self.documents}"


class RelatedNeighbourhood(models.Model):
    """One article's surroundings in one language, as ``related.scoring`` uses them: its
    topic (signature expanded with its nearest articles' vocabulary, term → weight), and
    how close it is to its nearest articles (their mean topic cosine, and the farthest
    one's) for the hubness correction.

    The topic is one JSON row, not rows like ``RelatedTerm``: it is only ever read whole,
    for a few dozen articles at a time, never searched by term."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    mean = models.FloatField(default=0.0)
    floor = models.FloatField(default=0.0)
    topic = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="unique_related_neighbourhood")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {self.language}: {self.mean:.3f} (floor {self.floor:.3f})"


class RelatedArticle(models.Model):
    """One entry of an article's stored «شاهد أيضاً» list in one language, by rank.

    Pinned articles are stored too (negative ranks, first), so that the page reads the
    whole box in one query.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_entries")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_from")
    language = models.CharField(max_length=8)
    rank = models.SmallIntegerField()
    score = models.FloatField()
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "language", "related"], name="unique_related_entry")
        ]
        indexes = [models.Index(fields=["article", "language", "rank"], name="related_list_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.related_id} ({self.language} #{self.rank})"


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


# The desk's records: revisions, the audit trail, internal notes, corrections, edit locks.


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


# WordPress imports: what came from where, and the addresses it had there.


class ImportedItem(models.Model):
    """An object made from an item of another site's export, keyed by that site and the
    item's own id there: a second run of the import finds it and changes nothing."""

    class Kind(models.TextChoices):
        POST = "post", _("Post")
        AUTHOR = "author", _("Author")
        TERM = "term", _("Category or tag")
        COMMENT = "comment", _("Comment")
        ATTACHMENT = "attachment", _("Attachment")
        # A Polylang or WPML translation group: the posts in it are one article's languages.
        TRANSLATION = "translation", _("Translation group")

    source = models.CharField(_("site"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    external_id = models.CharField(_("id there"), max_length=200)
    object_id = models.PositiveBigIntegerField(_("id here"))
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "external_id"], name="one_import_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.external_id}"


class LegacyAddress(models.Model):
    """An address the story (or section, tag, author) had on the old site, answered with
    a permanent redirect to its page here. ``path`` is percent-decoded, without the
    trailing slash; WordPress's ``?p=12``, ``?page_id=12`` and ``?attachment_id=12`` are
    stored as such."""

    path = models.CharField(_("old address"), max_length=500, unique=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Author, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # An image's file, or its attachment page (answered with the article that shows it).
    image = models.ForeignKey(Image, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self) -> str:
        return self.path

    def target(self):
        return self.article or self.section or self.tag or self.author
