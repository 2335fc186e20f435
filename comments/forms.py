from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .text import clean_line, clean_text


class CommentForm(forms.Form):
    """The «اترك تعليقاً» form. Field names are WordPress's, so habits and password
    managers carry over."""

    comment = forms.CharField(
        label=_("Comment"),
        min_length=2,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        error_messages={
            "required": _("Please write your comment."),
            "min_length": _("Your comment is too short."),
            "max_length": _("Your comment is too long (at most %(limit_value)d characters)."),
        },
    )
    author = forms.CharField(
        label=_("Name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": 100}),
        error_messages={
            "required": _("Please enter your name."),
            "max_length": _("Your name is too long (at most %(limit_value)d characters)."),
        },
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter a valid email address."),
        },
    )
    url = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        widget=forms.URLInput(attrs={"autocomplete": "url", "dir": "ltr"}),
        error_messages={"invalid": _("Please enter a web address starting with http:// or https://.")},
    )
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    remember = forms.BooleanField(
        label=_("Save my name, email, and website in this browser for the next time I comment."),
        required=False,
    )
    notify = forms.BooleanField(
        label=_("Email me when someone replies to my comment."),
        help_text=_(
            "The first time from this browser, we email you a link to confirm your address; "
            "nothing else comes before."
        ),
        required=False,
    )
    # Hidden from people by CSS; bots that fill every field give themselves away.
    address = forms.CharField(label=_("Leave this field empty"), required=False, max_length=500)

    def clean_comment(self):
        text = clean_text(self.cleaned_data["comment"])
        if len(text) < 2:
            raise forms.ValidationError(_("Your comment is too short."), code="min_length")
        return text

    def clean_author(self):
        name = clean_line(self.cleaned_data["author"])
        if not name:
            raise forms.ValidationError(_("Please enter your name."), code="required")
        return name

    def clean_url(self):
        return clean_line(self.cleaned_data["url"])
