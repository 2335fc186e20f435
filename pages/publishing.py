"""State changes of a site page: the admin, ``load_demo`` and any command call these.

One function per change: save, publish a language, withdraw a language, restore a
revision. Each takes the acting user as ``by`` (None: the system, a command run by the
site's operator), checks the permission itself, invalidates exactly the keys it touched
(``pages.keys``) and leaves a revision with who and when (``pages.revisions``).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core.invalidation import invalidate

from . import revisions
from .keys import keys_touched, readers_see_a_change
from .models import Page, PageAction, PageRevision

ADD = "pages.add_page"
CHANGE = "pages.change_page"
PUBLISH = "pages.publish_page"

SLUG_MAX_WORDS = 6
SLUG_MAX_LENGTH = 80


def require(by, permission: str) -> None:
    """``by`` may do this (None, the system, may do anything)."""
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied(_("You may not do this."))


def _language_name(language: str) -> str:
    return str(get_language_info(language)["name_translated"])


# Rules the admin's form shows and the state changes check again (a command has no form).


def make_slug(title: str, language: str, exclude_pk: int | None = None) -> str:
    """A short slug from ``title`` (Arabic letters kept), unique within ``language``."""
    words = slugify(title, allow_unicode=True).split("-")[:SLUG_MAX_WORDS]
    base = "-".join(words)[: SLUG_MAX_LENGTH - 4].strip("-") or "page"
    others = Page.objects.filter(**{f"slug_{language}__startswith": base})
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list(f"slug_{language}", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def fill_missing_slugs(page: Page) -> None:
    """Every language with a title gets an address; an address is never changed here."""
    for code, _name in settings.LANGUAGES:
        title = getattr(page, f"title_{code}", None)
        if title and not getattr(page, f"slug_{code}", None):
            setattr(page, f"slug_{code}", make_slug(title, code, page.pk))


def check_slugs_free(page: Page) -> None:
    errors = {}
    for code, _name in settings.LANGUAGES:
        slug = getattr(page, f"slug_{code}", None)
        if slug and Page.objects.filter(**{f"slug_{code}": slug}).exclude(pk=page.pk).exists():
            errors[f"slug_{code}"] = ValidationError(
                _("Another page has this address. Choose another slug."), code="slug_taken"
            )
    if errors:
        raise ValidationError(errors)


def check_live_languages_have_text(page: Page) -> None:
    """A language readers can read keeps a title and a text: emptying it is withdrawing it,
    which is the editor's decision, made with "unpublish"."""
    for code in page.live_languages():
        if not page.has_text(code):
            raise ValidationError(
                _(
                    "The %(language)s version is published: it needs a title and a text. "
                    "Withdraw it first to leave it empty."
                ),
                code="live_language_needs_text",
                params={"language": _language_name(code)},
            )


# The state changes -------------------------------------------------------------------------


def _locked(page: Page) -> Page:
    return Page.objects.select_for_update().get(pk=page.pk)


def _store(
    page: Page, by, before: dict, action: PageAction, *, language: str = "", restored_from: int | None = None
) -> Page:
    """Save ``page``, invalidate what the change touched, and record the revision."""
    after = revisions.snapshot(page)
    if readers_see_a_change(page.pk or 0, before, after):
        page.modified_at = timezone.now()
    # modeltranslation fills the untranslated columns from the active language; they
    # must hold the default language's text.
    with translation.override(settings.LANGUAGE_CODE):
        page.save()
    invalidate(*keys_touched(page.pk, before, after))
    revisions.record_revision(page, by, action, language=language, restored_from=restored_from)
    return page


@transaction.atomic
def save_page(page: Page, *, by) -> Page:
    """Save a new or edited page's text and place in the footer as ``by``. What readers can
    read in each language stays as it was: only ``publish_page`` and ``unpublish_page``
    change that. Raises ``PermissionDenied`` and ``ValidationError`` (``slug_taken``,
    ``live_language_needs_text``)."""
    stored = _locked(page) if page.pk else None
    require(by, CHANGE if stored else ADD)
    before = revisions.snapshot(stored) if stored else {}
    for name in revisions.live_fields():
        setattr(page, name, getattr(stored, name) if stored else False)
    fill_missing_slugs(page)
    check_slugs_free(page)
    check_live_languages_have_text(page)
    return _store(page, by, before, PageAction.SAVE if stored else PageAction.CREATE)


def check_may_publish(page: Page, language: str) -> None:
    if not page.has_text(language):
        raise ValidationError(
            _("There is no title and text in this language to publish."), code="no_text_in_language"
        )


@transaction.atomic
def publish_page(page: Page, language: str, *, by) -> Page:
    """Readers can read the saved page in ``language`` from the commit on (in the footer,
    at its address, in the sitemap). Returns the page as stored."""
    require(by, PUBLISH)
    page = _locked(page)
    if page.is_live_in(language):
        return page
    check_may_publish(page, language)
    before = revisions.snapshot(page)
    fill_missing_slugs(page)
    setattr(page, f"live_{language}", True)
    return _store(page, by, before, PageAction.PUBLISH_LANGUAGE, language=language)


@transaction.atomic
def unpublish_page(page: Page, language: str, *, by) -> Page:
    """Readers can no longer read the page in ``language``: its address there is a 404
    and it leaves that language's footer and the sitemap. Returns the page as stored."""
    require(by, PUBLISH)
    page = _locked(page)
    if not page.is_live_in(language):
        return page
    before = revisions.snapshot(page)
    setattr(page, f"live_{language}", False)
    return _store(page, by, before, PageAction.UNPUBLISH_LANGUAGE, language=language)


@transaction.atomic
def restore_page_revision(page: Page, revision: PageRevision, *, by) -> Page:
    """The text and place of ``revision``, saved as a new revision; what is published in
    which language stays as it is. Raises ``ValidationError`` when the old text would leave
    a published language empty, or takes an address another page has now."""
    require(by, CHANGE)
    if revision.page_id != page.pk:
        raise ValidationError(_("This revision belongs to another page."), code="another_page")
    page = _locked(page)
    before = revisions.snapshot(page)
    for name in revisions.RESTORED_FIELDS:
        if name in revision.content:
            setattr(page, name, revision.content[name] or (None if name.startswith("slug_") else ""))
    fill_missing_slugs(page)
    check_slugs_free(page)
    check_live_languages_have_text(page)
    return _store(page, by, before, PageAction.RESTORE, restored_from=revision.number)
