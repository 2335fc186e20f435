"""State changes of an article: the admin, commands and tasks all call these."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.queue import enqueue_on_commit

from .media import publishing_problems
from .models import Article, SlugRedirect
from .task_names import TaskName

SLUG_MAX_WORDS = 8
SLUG_MAX_LENGTH = 80


def make_slug(title: str, language: str, exclude_pk: int | None = None) -> str:
    """A short slug from ``title`` (Arabic letters kept), unique within ``language``."""
    words = slugify(title, allow_unicode=True).split("-")[:SLUG_MAX_WORDS]
    base = "-".join(words)[: SLUG_MAX_LENGTH - 4].strip("-") or "article"
    field = f"slug_{language}"
    taken = Article.objects.filter(**{f"{field}__startswith": base})
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    taken_slugs = set(taken.values_list(field, flat=True))
    taken_slugs |= set(
        SlugRedirect.objects.filter(language=language, slug__startswith=base)
        .exclude(article_id=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken_slugs:
        slug, n = f"{base}-{n}", n + 1
    return slug


def fill_missing_slugs(article: Article) -> None:
    """Give every translated language a slug; an existing slug is never changed here."""
    for language, _name in settings.LANGUAGES:
        title = getattr(article, f"title_{language}", None)
        if title and not getattr(article, f"slug_{language}", None):
            setattr(article, f"slug_{language}", make_slug(title, language, article.pk))


SLUG_HELD_MESSAGE = _(
    "This address used to belong to another article («%(title)s») and still leads readers "
    "there. Choose another slug."
)


def slug_holders(slugs: dict[str, str], article_pk: int | None) -> dict[str, Article]:
    """Per language, the other article whose old address is the slug wanted there.

    Old links are shared on social media and in other sites' archives: taking one over
    would silently send those readers to a different story.
    """
    holders = {}
    for language, slug in slugs.items():
        if not slug:
            continue
        held = (
            SlugRedirect.objects.filter(language=language, slug=slug)
            .exclude(article_id=article_pk)
            .select_related("article")
            .first()
        )
        if held:
            holders[language] = held.article
    return holders


def slug_held_errors(slugs: dict[str, str], article_pk: int | None) -> dict[str, ValidationError]:
    """The form errors, per slug field, for slugs another article's redirect holds."""
    return {
        f"slug_{language}": ValidationError(
            SLUG_HELD_MESSAGE, code="slug_held", params={"title": holder.title or holder.pk}
        )
        for language, holder in slug_holders(slugs, article_pk).items()
    }


def article_slugs(article: Article) -> dict[str, str]:
    return {language: getattr(article, f"slug_{language}", None) for language, _name in settings.LANGUAGES}


@transaction.atomic
def save_article(article: Article) -> Article:
    """Save an edited article, keeping every address it had redirecting to it.

    Raises ``ValidationError`` when a slug is another article's old address.
    """
    fill_missing_slugs(article)
    if errors := slug_held_errors(article_slugs(article), article.pk):
        raise ValidationError(errors)
    if article.pk:
        fields = [f"slug_{language}" for language, _name in settings.LANGUAGES]
        previous = Article.objects.filter(pk=article.pk).values(*fields).first() or {}
        for field, old_slug in previous.items():
            new_slug = getattr(article, field)
            if old_slug and old_slug != new_slug:
                SlugRedirect.objects.update_or_create(
                    language=field.removeprefix("slug_"),
                    slug=old_slug,
                    defaults={"article": article},
                )
    # modeltranslation fills the untranslated columns (slug, title, body) from the
    # active language; they must always hold the default language's text.
    with translation.override(settings.LANGUAGE_CODE):
        article.save()
    queue_related_update(article.pk)  # pages it is on are invalidated by signals.article_saved
    # An address an article takes back is no longer a redirect (only its own: another
    # article's was refused above).
    for language, _name in settings.LANGUAGES:
        slug = getattr(article, f"slug_{language}", None)
        if slug:
            SlugRedirect.objects.filter(language=language, slug=slug, article=article).delete()
    return article


def queue_related_update(article_id: int) -> None:
    """Once the change is committed, recompute the article's «شاهد أيضاً» list and the
    lists it belongs to, in the background. A broker that is down costs only freshness:
    the page falls back to the section's latest articles."""
    enqueue_on_commit(TaskName.UPDATE_RELATED, article_id)


def publish_article(article: Article, at=None) -> Article:
    """Publish now, or schedule for ``at`` when it lies in the future.

    A republished article keeps its original publish time unless ``at`` is given.
    """
    if problems := publishing_problems(article):
        raise ValidationError(problems)
    now = timezone.now()
    at = at or article.published_at or now
    article.published_at = at
    article.status = Article.Status.SCHEDULED if at > now else Article.Status.PUBLISHED
    return save_article(article)


def unpublish_article(article: Article) -> Article:
    article.status = Article.Status.DRAFT
    return save_article(article)


def archive_article(article: Article) -> Article:
    article.status = Article.Status.ARCHIVED
    return save_article(article)


def publish_due_articles(now=None) -> int:
    """Mark scheduled articles whose time has come as published; returns how many.

    Readers already see them (visibility follows the clock); this keeps the status
    the editors see in the admin truthful.
    """
    now = now or timezone.now()
    due = Article.objects.filter(status=Article.Status.SCHEDULED, published_at__lte=now)
    with transaction.atomic():
        ids = list(due.select_for_update().values_list("pk", flat=True))
        Article.objects.filter(pk__in=ids).update(status=Article.Status.PUBLISHED)
        # Readers saw them from their publish time on (pages stored before it were fresh
        # only until then): only the related lists change now.
        for article_id in ids:
            queue_related_update(article_id)
    return len(ids)
