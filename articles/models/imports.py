"""WordPress imports: what came from where, and the addresses it had there."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .article import Article
from .media import Image
from .taxonomy import Author, Section, Tag


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
