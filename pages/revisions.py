"""A page's revisions: what each state change left (``snapshot``), its record, and the
differences between two of them for the admin. As the articles' desk keeps them
(``articles.desk.records``): plain JSON, written by the state changes with their actor."""

from django.conf import settings
from django.db.models import Max

from articles.desk.records import words_diff
from core.text import html_to_text

from .models import Page, PageAction, PageRevision

TEXT_FIELDS = ("title", "slug", "body")
# What a restore brings back: the text and its place in the footer, never the publication
# (restoring an old text must not publish or withdraw a language).
RESTORED_FIELDS = (
    *(f"{field}_{code}" for field in TEXT_FIELDS for code, _name in settings.LANGUAGES),
    "position",
)


def live_fields() -> list[str]:
    return [f"live_{code}" for code, _name in settings.LANGUAGES]


def snapshot(page: Page) -> dict:
    """Every field readers see, in every language."""
    content: dict = {name: getattr(page, name, None) or "" for name in RESTORED_FIELDS}
    content["position"] = page.position
    content.update({name: bool(getattr(page, name, False)) for name in live_fields()})
    return content


def latest_number(page: Page) -> int:
    return page.revisions.aggregate(number=Max("number"))["number"] or 0


def record_revision(
    page: Page, by, action: PageAction, *, language: str = "", restored_from: int | None = None
) -> PageRevision:
    """The page as saved now; numbers follow each other per page (the caller holds the
    page's row lock, so two saves cannot take the same number)."""
    return PageRevision.objects.create(
        page=page,
        number=latest_number(page) + 1,
        user=by,
        action=action,
        language=language,
        restored_from=restored_from,
        content=snapshot(page),
    )


def _readable(name: str, value) -> str:
    if name.startswith("body_"):
        return html_to_text(value or "")
    return "" if value is None else str(value)


def changes(old: dict, new: dict) -> list[tuple[str, str, str]]:
    """(field, language, diff as HTML) for each text field that differs between two
    snapshots, word by word."""
    rows = []
    for field in TEXT_FIELDS:
        for code, _name in settings.LANGUAGES:
            name = f"{field}_{code}"
            before, after = _readable(name, old.get(name)), _readable(name, new.get(name))
            if before != after:
                label = str(getattr(Page._meta.get_field(field), "verbose_name", field))
                rows.append((label, code, words_diff(before, after)))
    return rows
