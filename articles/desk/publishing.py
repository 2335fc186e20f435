"""State changes of an article: the admin, commands and tasks all call these.

One function per change. Each takes the acting user as ``by`` (None: the system), checks
the permission itself, and leaves a revision and an audit entry (``records.py``).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.media.library import publishing_problems
from articles.models import (
    Article,
    ArticleNote,
    AuditAction,
    Author,
    Correction,
    Image,
    Revision,
    Section,
    SlugRedirect,
    Tag,
)
from articles.task_names import TaskName
from core.queue import enqueue_on_commit

from . import records

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
    redirects = SlugRedirect.objects.filter(language=language, slug__startswith=base)
    if exclude_pk:
        redirects = redirects.exclude(article_id=exclude_pk)
    taken_slugs |= set(redirects.values_list("slug", flat=True))
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


def slug_holders(slugs: dict[str, str | None], article_pk: int | None) -> dict[str, Article]:
    """Per language, the other article whose old address is the slug wanted there.

    Old links are shared on social media and in other sites' archives: taking one over
    would silently send those readers to a different story.
    """
    holders = {}
    for language, slug in slugs.items():
        if not slug:
            continue
        redirects = SlugRedirect.objects.filter(language=language, slug=slug).select_related("article")
        if article_pk is not None:
            redirects = redirects.exclude(article_id=article_pk)
        held = redirects.first()
        if held:
            holders[language] = held.article
    return holders


def slug_held_errors(slugs: dict[str, str | None], article_pk: int | None) -> dict[str, ValidationError]:
    """The form errors, per slug field, for slugs another article's redirect holds."""
    return {
        f"slug_{language}": ValidationError(
            SLUG_HELD_MESSAGE, code="slug_held", params={"title": holder.title or holder.pk}
        )
        for language, holder in slug_holders(slugs, article_pk).items()
    }


def article_slugs(article: Article) -> dict[str, str | None]:
    return {language: getattr(article, f"slug_{language}", None) for language, _name in settings.LANGUAGES}


@transaction.atomic
def save_article(
    article: Article,
    *,
    by,
    action: str = "",
    based_on: int | None = None,
    detail: str = "",
    step: bool = False,
) -> Article:
    """Save an edited article as ``by`` (None: the system), keeping every address it had
    redirecting to it, and record the revision and the audit entry.

    Raises ``PermissionDenied`` when ``by`` may not edit it (or change its publication,
    which only the state changes below do: they pass ``step``, having checked their own
    permission), ``StaleEdit`` when someone saved it after
    revision ``based_on``, which the editor had opened, and ``ValidationError`` when a slug
    is another article's old address.
    """
    stored = _locked_stored_state(article)
    if not records.may_edit(by, stored.get("status") if stored else None):
        raise PermissionDenied(_("You may not edit this article."))
    if not step and by is not None and not by.has_perm(records.PUBLISH):
        _refuse_publication_changes(article, stored)
    records.check_not_stale(article, based_on)
    fill_missing_slugs(article)
    if errors := slug_held_errors(article_slugs(article), article.pk):
        raise ValidationError(errors)
    if stored:
        for field in [f"slug_{language}" for language, _name in settings.LANGUAGES]:
            old_slug, new_slug = stored.get(field), getattr(article, field)
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
    action = action or (AuditAction.SAVE if stored else AuditAction.CREATE)
    revision = records.record_revision(article, by, action)
    records.audit(article, by, action, detail, revision)
    return article


PUBLICATION_FIELDS = ("status", "published_at")


def _locked_stored_state(article: Article) -> dict:
    if not article.pk:
        return {}
    slugs = [f"slug_{code}" for code, _name in settings.LANGUAGES]
    fields = [*PUBLICATION_FIELDS, *records.live_fields(), *slugs]
    return Article.objects.select_for_update().filter(pk=article.pk).values(*fields).first() or {}


def _refuse_publication_changes(article: Article, stored: dict) -> None:
    """Only the state changes below publish, schedule or withdraw; a plain save by a
    writer or copy editor keeps what the article's publication was."""
    if not stored:
        changed = article.status != Article.Status.DRAFT or any(
            getattr(article, name, False) for name in records.live_fields()
        )
    else:
        watched = (*PUBLICATION_FIELDS, *records.live_fields())
        changed = any(getattr(article, name) != stored[name] for name in watched)
    if changed:
        raise PermissionDenied(_("Only an editor may publish, schedule or withdraw an article."))


# Rules the form checks before saving and the state changes check again (a command or a
# task has no form): one function each, so both refuse with the same words and code.


def check_send_back_note(note: str) -> None:
    if not note.strip():
        raise ValidationError(_("Say what needs to change: the writer sees this note."), code="note_required")


def check_language_has_text(article: Article, language: str) -> None:
    if not article.has_text(language):
        raise ValidationError(
            _("There is no title and text in this language to publish."), code="no_text_in_language"
        )


def check_correction_note(texts: dict[str, str]) -> None:
    """A correction or update says something to readers in the site's language at least."""
    if not (texts.get(settings.LANGUAGE_CODE) or "").strip():
        raise ValidationError(_("Write the note readers will see."), code="correction_note_required")


def queue_related_update(article_id: int) -> None:
    """Once the change is committed, recompute the article's «شاهد أيضاً» list and the
    lists it belongs to, in the background. A broker that is down costs only freshness:
    the page falls back to the section's latest articles."""
    enqueue_on_commit(TaskName.UPDATE_RELATED, article_id)


def _change_status(article: Article, status: str, by, action: str, detail: str = "") -> Article:
    # The workflow's steps change the status for people who may not publish (a writer
    # submits, a copy editor approves); each step checked its own permission.
    article.status = status
    return save_article(article, by=by, action=action, detail=detail, step=True)


@transaction.atomic
def submit_for_review(article: Article, *, by) -> Article:
    """A writer's draft goes to the desk; reviewers are told (after the commit)."""
    if article.status != Article.Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted for review."), code="not_a_draft")
    if not records.may_edit(by, article.status):
        raise PermissionDenied(_("You may not edit this article."))
    article = _change_status(article, Article.Status.IN_REVIEW, by, AuditAction.SUBMIT)
    enqueue_on_commit(TaskName.NOTIFY_DESK, article.pk, AuditAction.SUBMIT)
    return article


@transaction.atomic
def approve_article(article: Article, *, by, note: str = "") -> Article:
    records.require(by, records.REVIEW)
    if article.status != Article.Status.IN_REVIEW:
        raise ValidationError(_("Only an article in review can be approved."), code="not_in_review")
    if note.strip():
        add_note(article, by=by, text=note)
    return _change_status(article, Article.Status.READY, by, AuditAction.APPROVE, note.strip())


@transaction.atomic
def send_back(article: Article, *, by, note: str) -> Article:
    """Back to its writer as a draft, with what to fix."""
    records.require(by, records.REVIEW)
    if article.status not in (Article.Status.IN_REVIEW, Article.Status.READY):
        raise ValidationError(
            _("Only an article in review or ready can be sent back."), code="not_on_the_desk"
        )
    check_send_back_note(note)
    add_note(article, by=by, text=note)
    article = _change_status(article, Article.Status.DRAFT, by, AuditAction.SEND_BACK, note.strip())
    enqueue_on_commit(TaskName.NOTIFY_DESK, article.pk, AuditAction.SEND_BACK)
    return article


@transaction.atomic
def publish_article(article: Article, *, by, at=None, languages=()) -> Article:
    """Publish now, or schedule for ``at`` when it lies in the future; ``languages``
    also publishes those language versions (the default one follows the article).

    A republished article keeps its original publish time unless ``at`` is given.
    """
    records.require(by, records.PUBLISH)
    for language in languages:
        _set_language_live(article, language, True)
    if problems := publishing_problems(article):
        raise ValidationError(problems)
    now = timezone.now()
    at = at or article.published_at or now
    article.published_at = at
    status = Article.Status.SCHEDULED if at > now else Article.Status.PUBLISHED
    return _change_status(article, status, by, records.ACTION_OF_STATUS[status], _languages_detail(languages))


def _languages_detail(languages) -> str:
    return ", ".join(languages)


def _set_language_live(article: Article, language: str, live: bool) -> None:
    if language == settings.LANGUAGE_CODE:
        return
    if live:
        check_language_has_text(article, language)
    setattr(article, f"language_live_{language}", live)


@transaction.atomic
def publish_language(article: Article, language: str, *, by) -> Article:
    """An editor's decision that a translation is ready for readers."""
    records.require(by, records.PUBLISH)
    _set_language_live(article, language, True)
    if problems := publishing_problems(article):
        raise ValidationError(problems)
    return save_article(article, by=by, action=AuditAction.PUBLISH_LANGUAGE, detail=language, step=True)


@transaction.atomic
def withdraw_language(article: Article, language: str, *, by) -> Article:
    records.require(by, records.PUBLISH)
    _set_language_live(article, language, False)
    return save_article(article, by=by, action=AuditAction.UNPUBLISH_LANGUAGE, detail=language, step=True)


@transaction.atomic
def unpublish_article(article: Article, *, by) -> Article:
    records.require(by, records.PUBLISH)
    return _change_status(article, Article.Status.DRAFT, by, AuditAction.UNPUBLISH)


@transaction.atomic
def archive_article(article: Article, *, by) -> Article:
    records.require(by, records.PUBLISH)
    return _change_status(article, Article.Status.ARCHIVED, by, AuditAction.ARCHIVE)


@transaction.atomic
def restore_revision(article: Article, revision: Revision, *, by) -> Article:
    """The text (and section, image, tags, authors) of an older revision, saved as a new
    revision; the publication state stays what it is now."""
    if revision.article_id != article.pk:
        raise ValidationError(_("This revision belongs to another article."), code="another_article")
    content = revision.content
    for name in records.text_fields():
        if name in content:
            setattr(article, name, content[name] or (None if name.startswith("slug_") else ""))
    # A section or photo of an old revision may since have been deleted (a photo taken
    # down): the article keeps what it has now rather than point at nothing.
    for name, target in (("section", Section), ("image", Image)):
        if content.get(name) is not None and target.objects.filter(pk=content[name]).exists():
            setattr(article, f"{name}_id", content[name])
    article.comments_open = content.get("comments_open", article.comments_open)
    article = save_article(article, by=by, action=AuditAction.RESTORE, detail=str(revision.number))
    for name, model in (("tags", Tag), ("authors", Author)):
        if name in content:
            getattr(article, name).set(model.objects.filter(pk__in=content[name]))
    records.refresh_revision(article)
    return article


def add_note(article: Article, *, by, text: str) -> ArticleNote:
    if by is not None and not (by.has_perm(records.CHANGE) or by.has_perm(records.REVIEW)):
        raise PermissionDenied(_("You may not do this."))
    note = ArticleNote.objects.create(article=article, user=by, text=text.strip())
    records.audit(article, by, AuditAction.NOTE, note.text[:500])
    return note


@transaction.atomic
def add_correction(article: Article, *, by, kind: str, texts: dict[str, str]) -> Correction:
    """A correction or an update readers are told about. An update also moves the time
    readers see as "updated" (and ``dateModified``); a correction only adds its note."""
    records.require(by, records.PUBLISH)
    check_correction_note(texts)
    correction = Correction(article=article, kind=kind, user=by)
    for language, text in texts.items():
        setattr(correction, f"text_{language}", (text or "").strip())
    with translation.override(settings.LANGUAGE_CODE):
        correction.save()
    article.last_correction_at = correction.created_at
    if kind == Correction.Kind.UPDATE:
        article.modified_at = correction.created_at
    action = AuditAction.UPDATE if kind == Correction.Kind.UPDATE else AuditAction.CORRECTION
    save_article(article, by=by, action=action, detail=correction.text[:500])
    return correction


def publish_due_articles(now=None) -> int:
    """Mark scheduled articles whose time has come as published; returns how many.

    Readers already see them (visibility follows the clock); this keeps the status
    the editors see in the admin truthful. The audit trail names the system.
    """
    now = now or timezone.now()
    due = Article.objects.filter(status=Article.Status.SCHEDULED, published_at__lte=now)
    with transaction.atomic():
        ids = list(due.select_for_update().values_list("pk", flat=True))
        Article.objects.filter(pk__in=ids).update(status=Article.Status.PUBLISHED)
        # Readers saw them from their publish time on (pages stored before it were fresh
        # only until then): only the related lists change now.
        for article in Article.objects.filter(pk__in=ids):
            queue_related_update(article.pk)
            revision = records.record_revision(article, None, AuditAction.WENT_LIVE)
            records.audit(article, None, AuditAction.WENT_LIVE, revision=revision)
    return len(ids)
