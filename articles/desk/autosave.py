"""Autosave of the article being typed: kept per editor, restorable, never published."""

from django.conf import settings
from django.db import IntegrityError, transaction

from articles.models import Article, Autosave

TEXT_FIELDS = ("title", "standfirst", "body")
MAX_LENGTH = 500_000  # a long article is well under 100 000 characters
BASED_ON = "_based_on"


def autosaved_fields() -> list[str]:
    return [f"{name}_{language}" for name in TEXT_FIELDS for language, _name in settings.LANGUAGES]


def autosave(user, article: Article | None, data) -> Autosave:
    """Keep what ``user`` has typed into the article's text fields (``data``: the form's
    fields). The caller has checked that the user may change the article."""
    fields: dict[str, object] = {
        name: str(data.get(name, ""))[:MAX_LENGTH] for name in autosaved_fields() if name in data
    }
    # The revision the text was typed on: restored, it is saved against that one, so a
    # colleague's newer save is never overwritten without a word (records.StaleEdit).
    if str(data.get("based_on", "")).isdigit():
        fields[BASED_ON] = int(data["based_on"])
    with transaction.atomic():
        try:
            saved, _created = Autosave.objects.update_or_create(
                user=user, article=article, defaults={"fields": fields}
            )
        except IntegrityError:  # two tabs saving the same new article at once
            saved = Autosave.objects.get(user=user, article=article)
            saved.fields = fields
            saved.save(update_fields=["fields", "saved_at"])
    return saved


def newer_autosave(user, article: Article | None) -> Autosave | None:
    """The autosave worth offering: text this editor typed and did not save, different
    from the article as stored. Saving the article forgets it; a colleague's later save
    does not (it is this editor's work, and restoring it is checked against that save)."""
    saved = Autosave.objects.filter(user=user, article=article).first()
    if saved is None:
        return None
    if article is not None and all(
        getattr(article, name, "") == value for name, value in text_of(saved).items()
    ):
        return None
    return saved


def text_of(saved: Autosave) -> dict:
    return {name: value for name, value in saved.fields.items() if name != BASED_ON}


def forget_autosave(user, article: Article | None) -> None:
    Autosave.objects.filter(user=user, article=article).delete()
