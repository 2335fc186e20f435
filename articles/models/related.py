"""«شاهد أيضاً»: what editors choose, and what the recommender computed ahead of time."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .article import Article


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
