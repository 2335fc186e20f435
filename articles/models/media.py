"""The media library: a photo stored once, used by any number of articles."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import normalize_arabic

# The formats the library keeps, by the extension of their stored name; the site serves
# nothing else from the media folder (core.views.MEDIA_TYPES).
PHOTO_EXTENSIONS = (".jpg", ".png", ".gif", ".webp", ".avif")


def image_upload_path(instance, filename: str) -> str:
    """Originals by month, under a name of our own. ``filename`` is the name the library
    gave the upload after reading its content (``articles.media.uploads``), never the
    uploader's: a file that reached this point without that is refused."""
    extension = PurePosixPath(filename).suffix.lower()
    if extension not in PHOTO_EXTENSIONS:
        raise SuspiciousFileOperation(f"Not named after a photo format the library keeps: {filename!r}")
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
