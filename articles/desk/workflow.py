"""The desk's workflow: which state change an editor asks for, and in what order they run.

The article form offers three ways to move a story: a status picked in the select (editors),
a workflow button under the form ("Submit for review", "Approve", "Send back", and for
editors "Publish" or "Schedule"), and the language and correction fields. This module turns
what was asked into calls of the state changes in ``publishing`` (each checks its own
permission and leaves its record); the admin only reads the form and runs the plan.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from . import records
from .publishing import (
    add_correction,
    add_note,
    approve_article,
    archive_article,
    publish_article,
    publish_language,
    send_back,
    submit_for_review,
    unpublish_article,
    withdraw_language,
)

Status = Article.Status
LIVE_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
LANGUAGE_LIVE_FIELDS = tuple(f"language_live_{code}" for code in OTHER_LANGUAGES)
PUBLISHER_ONLY_FIELDS = ("status", "published_at", *LANGUAGE_LIVE_FIELDS)
CORRECTION_TEXT_FIELDS = [f"correction_text_{code}" for code, _name in settings.LANGUAGES]
# Form fields that ask for a state change rather than change the text.
STEP_FIELDS = frozenset(
    {"desk_note", "based_on", "correction_kind", *CORRECTION_TEXT_FIELDS, *PUBLISHER_ONLY_FIELDS}
)

Step = Callable[[Article], object]


class WorkflowStep(TextChoices):
    """The buttons under the form besides "Save"; each calls one state change."""

    SUBMIT = "submit", _("Submit for review")
    APPROVE = "approve", _("Approve")
    SEND_BACK = "send_back", _("Send back to the writer")
    # One button for editors, named after the publish time (the form's script renames it as
    # the time is typed). Whichever name it had when pressed, the time decides: now when it
    # is empty or past, scheduled when it is ahead.
    PUBLISH = "publish", _("Publish")
    SCHEDULE = "schedule", _("Schedule")

    @property
    def follows_the_time(self) -> bool:
        return self in PUBLISHING_BUTTONS


PUBLISHING_BUTTONS = (WorkflowStep.PUBLISH, WorkflowStep.SCHEDULE)


# The transition table: (from, to) → the state change that makes it. A move to a live
# status is always a publication, and one to archived or (from anywhere else) to draft has
# a change of its own; every other pair is no move the desk knows.
_TRANSITIONS: dict[tuple[str | None, str], Callable] = {
    (Status.DRAFT, Status.IN_REVIEW): submit_for_review,
    (Status.IN_REVIEW, Status.READY): approve_article,
    (Status.IN_REVIEW, Status.DRAFT): send_back,
    (Status.READY, Status.DRAFT): send_back,
}
_TO_ANYWHERE_FROM_ANYWHERE: dict[str, Callable] = {
    Status.PUBLISHED: publish_article,
    Status.SCHEDULED: publish_article,
    Status.ARCHIVED: archive_article,
    Status.DRAFT: unpublish_article,
}


def status_step(stored: str | None, wanted: str | None) -> Callable | None:
    """The state change that takes an article from ``stored`` to ``wanted``."""
    if wanted is None or wanted == stored:
        return None
    if wanted in LIVE_STATUSES:
        return publish_article
    return _TRANSITIONS.get((stored, wanted)) or _TO_ANYWHERE_FROM_ANYWHERE.get(wanted)


_BUTTON_STEPS: dict[str, Callable] = {
    WorkflowStep.SUBMIT: submit_for_review,
    WorkflowStep.APPROVE: approve_article,
    WorkflowStep.SEND_BACK: send_back,
    WorkflowStep.PUBLISH: publish_article,
    WorkflowStep.SCHEDULE: publish_article,
}


def workflow_buttons(user, article: Article | None) -> list[WorkflowStep]:
    """The buttons ``user`` is offered under the form of ``article`` (None: a new one)."""
    status = article.status if article else Status.DRAFT
    reviewer = user.has_perm(records.REVIEW)
    buttons = []
    if status == Status.DRAFT and records.may_edit(user, status if article else None):
        buttons.append(WorkflowStep.SUBMIT)
    if reviewer and status == Status.IN_REVIEW:
        buttons.append(WorkflowStep.APPROVE)
    if reviewer and status in (Status.IN_REVIEW, Status.READY):
        buttons.append(WorkflowStep.SEND_BACK)
    if user.has_perm(records.PUBLISH) and status in records.ON_THE_DESK:
        buttons.append(publishing_button(article.published_at if article else None))
    return buttons


def publishing_button(published_at) -> WorkflowStep:
    """The publishing button's name: "Schedule" while the time is ahead, else "Publish"."""
    return WorkflowStep.SCHEDULE if published_at and published_at > timezone.now() else WorkflowStep.PUBLISH


def is_offered(button: str, user, article: Article | None) -> bool:
    """Whether the form of ``article`` shows ``user`` this button. Either name of the
    publishing button will do: the script renames it as the publish time is typed."""
    offered = workflow_buttons(user, article)
    if any(step.follows_the_time for step in offered):
        offered.extend(PUBLISHING_BUTTONS)
    return button in offered


def asks_to_send_back(button: str, status_change: Callable | None) -> bool:
    return button == WorkflowStep.SEND_BACK or status_change is send_back


@dataclass
class Request:
    """What the editor asked of the article's publication in one save of the form."""

    button: str = ""  # a WorkflowStep's value, or ""
    status_change: Callable | None = None  # from status_step, for an editor's new status
    publisher: bool = False  # the editor may publish (only then are the fields below read)
    new_time: bool = False  # a live article given another publish time
    published_at: object = None
    note: str = ""
    languages: dict[str, bool] = field(default_factory=dict)  # changed language versions
    correction_kind: str = ""
    correction_texts: dict[str, str] = field(default_factory=dict)


def plan(request: Request, *, by) -> list[Step]:
    """The state changes to run, in order, after the text is saved: the desk note first,
    then the move of status (one at most), the language versions, the correction."""
    steps: list[Step] = []
    note = request.note.strip()
    chosen = _BUTTON_STEPS.get(request.button) or (request.status_change if request.publisher else None)
    if chosen is submit_for_review:
        steps.append(partial(submit_for_review, by=by))
    elif chosen is approve_article or chosen is send_back:
        steps.append(partial(chosen, by=by, note=note))
        note = ""  # the step records the note itself
    elif request.button in PUBLISHING_BUTTONS:
        # The button publishes now when no time is given, whatever time the article had.
        steps.append(partial(publish_article, by=by, at=request.published_at or timezone.now()))
    elif chosen is publish_article or (request.publisher and request.new_time):
        # Published or scheduled now, or given a new time.
        steps.append(partial(publish_article, by=by, at=request.published_at))
    elif chosen is archive_article or chosen is unpublish_article:
        steps.append(partial(chosen, by=by))
    if request.publisher:
        for language, live in request.languages.items():
            change = publish_language if live else withdraw_language
            steps.append(partial(change, language=language, by=by))
        if request.correction_kind:
            texts = request.correction_texts
            steps.append(partial(add_correction, by=by, kind=request.correction_kind, texts=texts))
    if note:
        steps.insert(0, partial(add_note, by=by, text=note))
    return steps
