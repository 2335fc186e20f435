"""The site's pages in the admin: tabbed Arabic/English fields with the articles' body
editor, a "published" box per language, and the revisions (history, changes word by word,
restore). Every save, publish, withdrawal and restore goes through ``pages.publishing``.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.text import format_lazy
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from articles.admin.translated import TranslatedModelAdmin
from articles.desk.editor import body_widget
from articles.models.fields import SanitizedHTMLField

from . import publishing, revisions
from .models import Page

PUBLISHING = _("Publishing")
FOOTER = _("Footer")


def publish_field(language: str) -> str:
    return f"publish_{language}"


PUBLISH_FIELDS = [publish_field(code) for code, _name in settings.LANGUAGES]


def _language_name(language: str) -> str:
    return str(get_language_info(language)["name_translated"])


class PageAdminForm(forms.ModelForm):
    """The page's fields, and whether readers may read each language (for editors who may
    publish); the rules are the state changes' own, so the form refuses in their words."""

    # One box per language (publish_ar, publish_en...).
    for _code, _name in settings.LANGUAGES:
        locals()[publish_field(_code)] = forms.BooleanField(
            label=format_lazy("{} ({})", _("Published"), _name), required=False
        )
    del _code, _name
    may_publish = False  # set per request by PageAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _name in settings.LANGUAGES:
            self.fields[publish_field(code)].initial = self.instance.is_live_in(code)

    def wanted_languages(self) -> dict[str, bool]:
        """Per language, whether the editor wants it published (only what they may decide)."""
        if not self.may_publish:
            return {}
        return {code: bool(self.cleaned_data.get(publish_field(code))) for code, _name in settings.LANGUAGES}

    def _post_clean(self):
        super()._post_clean()
        for code, wanted in self.wanted_languages().items():
            if wanted:
                try:
                    publishing.check_may_publish(self.instance, code)
                except ValidationError as error:
                    self.add_error(publish_field(code), error)


@admin.register(Page)
class PageAdmin(TranslatedModelAdmin):
    form = PageAdminForm
    list_display = ["__str__", "position", "published_in", "modified_at"]
    readonly_fields = ["preview_links"]
    search_fields = ["title_ar", "title_en"]
    change_form_template = "pages/admin/change_form.html"
    fieldsets = [
        (None, {"fields": ["preview_links", "title", "slug", "body"]}),
        (PUBLISHING, {"fields": PUBLISH_FIELDS}),
        (FOOTER, {"fields": ["position"]}),
    ]

    @admin.display(description=_("Published in"))
    def published_in(self, page: Page) -> str:
        return ", ".join(_language_name(code) for code in page.live_languages()) or "—"

    @admin.display(description=_("Preview"))
    def preview_links(self, page: Page) -> str:
        if not page.pk:
            return "—"
        return format_html_join(
            " · ",
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            ((self._preview_url(page, code), _language_name(code)) for code, _name in settings.LANGUAGES),
        )

    @staticmethod
    def _preview_url(page: Page, language: str) -> str:
        with translation.override(language):
            return reverse("pages:preview", args=[page.pk])

    def view_on_site(self, page: Page) -> str | None:
        # Only a published page has an address readers reach.
        return page.get_absolute_url() or None

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            publishes = any(field in PUBLISH_FIELDS for field in options["fields"])
            if publishes and not self.may_publish(request):
                continue
            # There is nothing to preview before the first save.
            fields = [field for field in options["fields"] if obj is not None or field != "preview_links"]
            fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def may_publish(self, request) -> bool:
        return request.user.has_perm(publishing.PUBLISH)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"may_publish": self.may_publish(request)})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Each language's text gets the articles' editor in that language and direction.
        language = getattr(db_field, "language", None)
        if isinstance(db_field, SanitizedHTMLField) and language:
            kwargs["widget"] = body_widget(language)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # A page leaves the site by being withdrawn; its revisions stay.
        return False

    def save_model(self, request, obj, form, change):
        """Withdrawals first (an editor may empty a language as they withdraw it), then the
        text, then what is to be published, each through its own state change."""
        wanted = form.wanted_languages()
        if change:
            for code, live in wanted.items():
                if not live:
                    publishing.unpublish_page(obj, code, by=request.user)
        for name in revisions.live_fields():
            setattr(obj, name, False)  # save_page keeps what is stored
        page = publishing.save_page(obj, by=request.user)
        for code, live in wanted.items():
            if live:
                page = publishing.publish_page(page, code, by=request.user)
        for name in revisions.live_fields():
            setattr(obj, name, getattr(page, name))

    # The revisions ----------------------------------------------------------------------------

    def get_urls(self):
        revisions_view = self.admin_site.admin_view(self.revisions_view)
        return [
            path("<int:object_id>/revisions/", revisions_view, name="pages_page_revisions"),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            # An address that is no page's id is the admin's own "not found", not a link to build.
            "revisions_url": (
                reverse("admin:pages_page_revisions", args=[object_id])
                if str(object_id or "").isdigit()
                else ""
            ),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def revisions_view(self, request, object_id: int):
        """Every revision of the page (who, when, what), the changes each made, and
        "restore": the old text saved as a new revision."""
        page = self.get_object(request, str(object_id))
        if page is None or not self.has_view_permission(request, page):
            raise PermissionDenied
        page_revisions = list(page.revisions.select_related("user"))
        if request.method == "POST":
            return self._restore(request, page, page_revisions)
        wanted = request.GET.get("show", "")
        latest = page_revisions[0] if page_revisions else None
        shown = next((r for r in page_revisions if str(r.number) == wanted), latest)
        previous = next((r for r in page_revisions if shown and r.number < shown.number), None)
        before = previous.content if previous else {}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": page,
            "title": _("Revisions of «%(title)s»") % {"title": page},
            "revisions": page_revisions,
            "shown": shown,
            "changes": revisions.changes(before, shown.content) if shown else [],
            "may_restore": self.has_change_permission(request, page),
        }
        return TemplateResponse(request, "pages/admin/revisions.html", context)

    def _restore(self, request, page: Page, page_revisions):
        if not self.has_change_permission(request, page):
            raise PermissionDenied
        chosen = [r for r in page_revisions if str(r.number) == request.POST.get("restore", "")]
        if not chosen:
            raise PermissionDenied
        try:
            publishing.restore_page_revision(page, chosen[0], by=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:pages_page_revisions", args=[page.pk]))
        message = _("Revision %(number)d was restored as a new revision.") % {"number": chosen[0].number}
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:pages_page_change", args=[page.pk]))
