"""The admin's tabbed Arabic/English fields, each box in the language of its text."""

from django import forms
from django.contrib.admin import widgets
from django.db import models
from django.utils.translation import gettext_lazy as _
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


class NamedDateTimeMixin:
    """The admin's date and time boxes each get a name: their "Date:"/"Time:" captions
    are plain text, so screen readers announce two unnamed boxes."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and formfield is not None:
            widget = getattr(formfield.widget, "widget", formfield.widget)
            if isinstance(widget, widgets.AdminSplitDateTime):
                label = db_field.verbose_name
                date, time = widget.widgets
                date.attrs["aria-label"] = _("%(field)s: date") % {"field": label}
                time.attrs["aria-label"] = _("%(field)s: time") % {"field": label}
        return formfield


class TranslatedModelAdmin(NamedDateTimeMixin, LanguageDirectionMixin, TabbedTranslationAdmin):
    class Media:
        css = {"all": ["admin-extra/translated-fields.css"]}
        js = ["admin-extra/translated-fields.js"]
