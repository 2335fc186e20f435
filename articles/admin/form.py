"""The article form: both languages' fields, the desk's note, a correction for readers,
and the checks that refuse a save before anything is written (a lock held by someone
else, a newer revision, an old address of another article, what publishing needs)."""

import copy

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.desk import locks, records
from articles.desk.publishing import (
    check_correction_note,
    check_language_has_text,
    check_send_back_note,
    slug_held_errors,
)
from articles.desk.workflow import (
    LANGUAGE_LIVE_FIELDS,
    LIVE_STATUSES,
    OTHER_LANGUAGES,
    PUBLISHING_BUTTONS,
    asks_to_send_back,
    is_offered,
    status_step,
)
from articles.media.library import publishing_problems
from articles.models import Article, Correction
from core.site import language_direction


def _is_model_field(name: str) -> bool:
    try:
        Article._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


class ArticleAdminForm(forms.ModelForm):
    # The revision the editor opened: a save over a newer one is refused (records.StaleEdit).
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)
    desk_note = forms.CharField(
        label=_("Note to the desk"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the desk only, never by readers. Say what to fix when sending an article back."),
    )
    correction_kind = forms.ChoiceField(
        label=_("Tell readers"),
        required=False,
        choices=[("", _("Nothing (a silent fix, such as a typo)")), *Correction.Kind.choices],
        help_text=_("A correction or an update is shown under the article with its date."),
    )
    # One note per language (correction_text_ar, correction_text_en...).
    for _code, _name in settings.LANGUAGES:
        locals()[f"correction_text_{_code}"] = forms.CharField(
            label=format_lazy("{} ({})", _("Note for readers"), _name),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2, "lang": _code, "dir": language_direction(_code)}),
        )
    del _code, _name
    user = None  # the editor, set by ArticleAdmin.get_form
    stale = None  # the newer revision, when the save was refused for it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A restored autosave is saved against the revision it was typed on.
            restored = getattr(self.instance, "restored_based_on", None)
            self.fields["based_on"].initial = restored or records.latest_revision_number(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        # Without a time, "scheduled" would silently mean "publish now".
        if cleaned_data.get("status") == Article.Status.SCHEDULED and not cleaned_data.get("published_at"):
            self.add_error("published_at", _("Give a publish time to schedule the article."))
        self._refuse_held_slugs()
        self._refuse_while_locked()
        self._refuse_stale_save(cleaned_data.get("based_on"))
        self._refuse_buttons_not_offered()
        if "status" in self.changed_data and self.status_change() is None:
            self.add_error("status", _("The article cannot go to this status from where it is now."))
        if asks_to_send_back(self.button(), self.status_change()):
            self._check("desk_note", check_send_back_note, cleaned_data.get("desk_note") or "")
        self._refuse_empty_language_versions(cleaned_data)
        if cleaned_data.get("correction_kind"):
            texts = {code: cleaned_data.get(f"correction_text_{code}") for code, _name in settings.LANGUAGES}
            self._check(f"correction_text_{settings.LANGUAGE_CODE}", check_correction_note, texts)
        going_live = cleaned_data.get("status") in LIVE_STATUSES or self.button() in PUBLISHING_BUTTONS
        if going_live or any(cleaned_data.get(name) for name in LANGUAGE_LIVE_FIELDS):
            for problem in publishing_problems(self._as_saved(cleaned_data)):
                self.add_error(None, problem)
        return cleaned_data

    def button(self) -> str:
        """The workflow button the form was sent with ("" for "Save")."""
        return self.data.get("_workflow", "")

    def status_change(self):
        """The state change an editor asks for by picking another status (read once:
        clean() and the admin's save both ask)."""
        if not hasattr(self, "_asked_step"):
            self._asked_step = None
            if "status" in self.changed_data:
                stored = Article.Status.DRAFT  # a new article is saved as a draft first
                if self.instance.pk:
                    stored = (
                        Article.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
                    )
                self._asked_step = status_step(stored, self.cleaned_data.get("status"))
        return self._asked_step

    def _check(self, field: str, rule, *args) -> None:
        """A state change's own rule, run before the save so the error sits on its field."""
        try:
            rule(*args)
        except ValidationError as refused:
            self.add_error(field, refused)

    def _refuse_empty_language_versions(self, cleaned_data) -> None:
        candidate = self._as_saved(cleaned_data)
        for language, name in zip(OTHER_LANGUAGES, LANGUAGE_LIVE_FIELDS, strict=True):
            if name in self.changed_data and cleaned_data.get(name):
                self._check(name, check_language_has_text, candidate, language)

    def _refuse_buttons_not_offered(self) -> None:
        """A button this form did not show this user (another role's, or one the story has
        moved past since the page was opened) does nothing but say so."""
        button = self.button()
        if button and not is_offered(button, self.user, self.instance if self.instance.pk else None):
            self.add_error(
                None,
                ValidationError(
                    _("This step is not open to you on this article now. Reload it to see where it stands."),
                    code="step_not_offered",
                ),
            )

    def _refuse_while_locked(self) -> None:
        holder = locks.holder_of(self.instance, self.user) if self.instance.pk and self.user else None
        if holder is not None:
            message = _("%(name)s has this article open for editing now; your text was not saved.")
            self.add_error(None, message % {"name": locks.display_name(holder)})

    def _refuse_stale_save(self, based_on) -> None:
        try:
            records.check_not_stale(self.instance, based_on)
        except records.StaleEdit as stale:
            self.stale = stale.revision
            self.add_error(None, stale)

    def _as_saved(self, cleaned_data) -> Article:
        """The article as it would be saved, to check what publishing needs."""
        candidate = copy.copy(self.instance)
        for name, value in cleaned_data.items():
            field = Article._meta.get_field(name) if _is_model_field(name) else None
            if field is not None and not field.many_to_many:
                setattr(candidate, name, value)
        return candidate

    def _refuse_held_slugs(self) -> None:
        wanted = {
            language: self.cleaned_data.get(f"slug_{language}") for language, _name in settings.LANGUAGES
        }
        for field, error in slug_held_errors(wanted, self.instance.pk).items():
            if field in self.fields:
                self.add_error(field, error)
            else:
                self.add_error(None, error)
