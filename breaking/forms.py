"""The form an editor posts an alert with (the admin's list page and its own page). It
checks with the state change's own rules (``breaking.alerts``), so both refuse in the same
words."""

from datetime import timedelta

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.templatetags.newsroom import text_direction

from .alerts import DEFAULT_LASTS, LONGEST, check_lasts, clean_link, clean_text, refused
from .models import LINK_MAX_LENGTH, TEXT_MAX_LENGTH
from .vocabulary import Refusal


def _line(language: str) -> forms.TextInput:
    """A line in ``language``, laid out and spell-checked as that language whatever the
    admin's own."""
    return forms.TextInput(
        attrs={"lang": language, "dir": text_direction(language), "spellcheck": "true", "class": "vTextField"}
    )


class AlertForm(forms.Form):
    text_ar = forms.CharField(
        label=_("Arabic text"), required=False, max_length=TEXT_MAX_LENGTH, widget=_line("ar")
    )
    text_en = forms.CharField(
        label=_("English text"), required=False, max_length=TEXT_MAX_LENGTH, widget=_line("en")
    )
    link = forms.CharField(
        label=capfirst(_("link")),  # the model field's name, capitalized as the other labels
        required=False,
        max_length=LINK_MAX_LENGTH,
        help_text=_("Optional: a story's address on this site (/ar/…) or an https:// address."),
        widget=forms.TextInput(attrs={"dir": "auto", "class": "vTextField", "inputmode": "url"}),
    )
    minutes = forms.IntegerField(
        label=_("Minutes on the pages"),
        initial=int(DEFAULT_LASTS.total_seconds() // 60),
        min_value=1,
        max_value=int(LONGEST.total_seconds() // 60),
        widget=forms.NumberInput(attrs={"class": "vIntegerField"}),
    )

    def clean_text_ar(self) -> str:
        return clean_text(self.cleaned_data["text_ar"])

    def clean_text_en(self) -> str:
        return clean_text(self.cleaned_data["text_en"])

    def clean_link(self) -> str:
        return clean_link(self.cleaned_data["link"])

    def clean_minutes(self) -> int:
        check_lasts(timedelta(minutes=self.cleaned_data["minutes"]))
        return self.cleaned_data["minutes"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("text_ar") or cleaned.get("text_en")):
            raise refused(Refusal.NO_TEXT)
        return cleaned

    def alert(self) -> dict:
        """The arguments of ``post_alert``, once the form is valid."""
        data = self.cleaned_data
        return {
            "text_ar": data["text_ar"],
            "text_en": data["text_en"],
            "link": data["link"],
            "lasts": timedelta(minutes=data["minutes"]),
        }
