"""The desk's records and rules: who may do what to an article, its revisions and the
audit trail. The state changes themselves are in ``publishing``; each calls these.

A revision is a snapshot of every field readers see, in every language, taken on each
save (a Revision model, as Wagtail keeps one: plain JSON that needs no triggers, so it
works the same on PostgreSQL and on the SQLite of ``make run``, and that the state
changes write explicitly with their actor, rather than model signals guessing one).
"""

import difflib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Article, AuditAction, AuditEntry, Revision
from core.text import html_to_text

PUBLISH = "articles.publish_article"
REVIEW = "articles.review_article"
CHANGE = "articles.change_article"
ADD = "articles.add_article"

TEXT_FIELDS = ("title", "slug", "standfirst", "body")
# What a revision restores: the text and what readers see around it, never the
# publication state (restoring an old text must not unpublish or republish a story).
RESTORED_FIELDS = ("section", "image", "comments_open", "tags", "authors")


def text_fields() -> list[str]:
    return [f"{field}_{language}" for field in TEXT_FIELDS for language, _name in settings.LANGUAGES]


def live_fields() -> list[str]:
    return [f"language_live_{language}" for language, _name in settings.LANGUAGES]


# Permissions -------------------------------------------------------------------------

ON_THE_DESK = (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.READY)

# ``by`` is the acting user; None is the system (the scheduled-publishing beat, a
# command run by the site's operator), which may do anything.


def require(by, permission: str) -> None:
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied(_("You may not do this."))


def may_edit(by, status: str | None) -> bool:
    """Editors edit anything; copy editors what is on its way to publication; writers
    their drafts (and new articles)."""
    if by is None or by.has_perm(PUBLISH):
        return True
    if status is None:
        return by.has_perm(ADD)
    if by.has_perm(REVIEW) and status in ON_THE_DESK:
        return by.has_perm(CHANGE)
    return status == Article.Status.DRAFT and by.has_perm(CHANGE)


# Revisions ---------------------------------------------------------------------------


def snapshot(article: Article) -> dict:
    content = {name: getattr(article, name, None) or "" for name in text_fields()}
    content.update({name: bool(getattr(article, name, False)) for name in live_fields()})
    content.update(
        section=article.section_id,
        image=article.image_id,
        comments_open=article.comments_open,
        status=article.status,
        published_at=article.published_at.isoformat() if article.published_at else None,
    )
    if article.pk:
        content["tags"] = sorted(article.tags.values_list("pk", flat=True))
        content["authors"] = sorted(article.authors.values_list("pk", flat=True))
    return content


def record_revision(article: Article, by, action: str) -> Revision:
    """The article as saved now; numbers follow each other per article (the caller holds
    the article's row lock, so two saves cannot take the same number)."""
    number = latest_revision_number(article) + 1
    return Revision.objects.create(
        article=article, number=number, user=by, action=action, content=snapshot(article)
    )


def refresh_revision(article: Article) -> None:
    """The admin saves tags and authors after the article: put them into its revision."""
    revision = article.revisions.first()
    if revision is not None:
        revision.content = snapshot(article)
        revision.save(update_fields=["content"])


def latest_revision_number(article: Article) -> int:
    return article.revisions.aggregate(number=Max("number"))["number"] or 0


class StaleEdit(ValidationError):
    """The article was saved by someone else after this editor opened it."""

    def __init__(self, revision: Revision):
        self.revision = revision
        who = revision.user.get_username() if revision.user else _("the system")
        super().__init__(
            _(
                "%(who)s saved this article after you opened it (revision %(number)d). Your text was not "
                "saved over theirs: compare the two below, then copy what you need into the newer version."
            ),
            code="stale",
            params={"who": who, "number": revision.number},
        )


def check_not_stale(article: Article, based_on: int | None) -> None:
    if based_on is None or not article.pk:
        return
    newer = article.revisions.filter(number__gt=based_on).select_related("user").first()
    if newer is not None:
        raise StaleEdit(newer)


# The audit trail ---------------------------------------------------------------------


def audit(article: Article | None, by, action: str, detail: str = "", revision: Revision | None = None):
    return AuditEntry.objects.create(
        article=article,
        article_title=(str(article) if article else "")[:200],
        user=by,
        action=action,
        detail=detail,
        revision=revision,
    )


ACTION_OF_STATUS = {
    Article.Status.PUBLISHED: AuditAction.PUBLISH,
    Article.Status.SCHEDULED: AuditAction.SCHEDULE,
}


# Differences between two states, for people --------------------------------------------


def words_diff(old: str, new: str) -> str:
    """``new`` against ``old``, word by word, as HTML with <del> and <ins>: whole words,
    so Arabic is never cut inside a word and reads in its own direction."""
    before, after = old.split(), new.split()
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(' '.join(before[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(' '.join(after[j1:j2]))}</ins>")
    # Every piece of text was escaped above.
    return mark_safe(" ".join(parts))


def readable(name: str, value) -> str:
    if name.startswith("body_"):
        return html_to_text(value or "")
    return "" if value is None else str(value)


def changes(old: dict, new: dict) -> list[tuple[str, str, str]]:
    """(field, language, diff) for each text field that differs between two snapshots."""
    rows = []
    for field in TEXT_FIELDS:
        for language, _name in settings.LANGUAGES:
            name = f"{field}_{language}"
            before, after = readable(name, old.get(name)), readable(name, new.get(name))
            if before != after:
                label = str(getattr(Article._meta.get_field(field), "verbose_name", field))
                rows.append((label, language, words_diff(before, after)))
    return rows
