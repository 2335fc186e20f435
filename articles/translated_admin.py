"""The admin's tabbed Arabic/English fields, each box in the language of its text."""

from django import forms
from modeltranslation.admin import TabbedTranslationAdmin

from core.site import language_direction


class LanguageDirectionMixin:
    """Give each translated text input the language and direction of its text.

    Editors type Arabic into the ``*_ar`` fields even when the admin itself is in
    English, so the browser must know how to lay out and spell-check each box.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if formfield is not None and language:
            widget = getattr(formfield.widget, "widget", formfield.widget)
            if isinstance(widget, forms.TextInput | forms.Textarea):
                widget.attrs.update({"lang": language, "dir": language_direction(language)})
        return formfield


class TranslatedModelAdmin(LanguageDirectionMixin, TabbedTranslationAdmin):
    class Media:
        css = {"all": ["admin-extra/translated-fields.css"]}
