"""The editors' admin: tabbed Arabic/English fields, publishing actions and role limits.

Writers (staff without ``articles.publish_article``) work on drafts only; everything
that changes what readers see goes through ``articles.publishing``.
"""

import copy

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .autosave import autosave, forget_autosave, newer_autosave
from .editor import body_widget
from .fields import SanitizedHTMLField
from .media import publishing_problems
from .media_admin import ImageAdmin
from .models import Article, Author, Image, RelatedExclusion, RelatedPin, Section, Tag
from .publishing import archive_article, publish_article, save_article, slug_held_errors, unpublish_article
from .related.store import drop_exclusions, store_pins
from .translated_admin import TranslatedModelAdmin

LIVE_STATUSES = (Article.Status.PUBLISHED, Article.Status.SCHEDULED)
PUBLISHER_ONLY_FIELDS = ("status", "published_at")
BODY_HELP_TEXT = _(
    "Paste from Word, Google Docs or WhatsApp keeps paragraphs, headings, lists, quotes and "
    "tables. A YouTube, X, Instagram, TikTok, Facebook or Telegram link alone on its line "
    "becomes an embed on the site."
)


@admin.register(Section)
class SectionAdmin(TranslatedModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_ar"]}


@admin.register(Tag)
class TagAdmin(TranslatedModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_ar"]}


@admin.register(Author)
class AuthorAdmin(TranslatedModelAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_ar"]}


class TranslationListFilter(admin.SimpleListFilter):
    """Articles that do or do not have a title and body in ``language``."""

    language = "en"
    title = _("English translation")
    parameter_name = "translated_en"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        translated = queryset.translated(self.language)
        if self.value() == "yes":
            return translated
        if self.value() == "no":
            return queryset.exclude(pk__in=translated.values("pk"))
        return queryset


class ArticleAdminForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        # Without a time, "scheduled" would silently mean "publish now".
        if cleaned_data.get("status") == Article.Status.SCHEDULED and not cleaned_data.get("published_at"):
            self.add_error("published_at", _("Give a publish time to schedule the article."))
        self._refuse_held_slugs()
        if cleaned_data.get("status") in LIVE_STATUSES:
            for problem in publishing_problems(self._as_saved(cleaned_data)):
                self.add_error(None, problem)
        return cleaned_data

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


def _is_model_field(name: str) -> bool:
    try:
        Article._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def preview_url(article: Article, language: str) -> str:
    with translation.override(language):
        return reverse("articles:preview", args=[article.pk])


def first_language(article: Article) -> str:
    """The first site language the article is written in (Arabic for any normal article)."""
    for code, _name in settings.LANGUAGES:
        if article.has_translation(code):
            return code
    return settings.LANGUAGE_CODE


class RelatedPinInline(admin.TabularInline):
    """Articles the editor puts first in the «شاهد أيضاً» box, in this order."""

    model = RelatedPin
    fk_name = "article"
    fields = ["related", "position"]
    autocomplete_fields = ["related"]
    extra = 0
    verbose_name = _("pinned in «See also»")
    verbose_name_plural = _("Pinned in «See also» (shown first, in this order)")


class RelatedExclusionInline(admin.TabularInline):
    """Articles the recommender must never put in this article's box."""

    model = RelatedExclusion
    fk_name = "article"
    fields = ["excluded"]
    autocomplete_fields = ["excluded"]
    extra = 0
    verbose_name = _("never in «See also»")
    verbose_name_plural = _("Never in «See also»")


@admin.register(Article)
class ArticleAdmin(TranslatedModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "headline",
        "status_label",
        "section",
        "published_at",
        "translated_en",
        "updated_at",
        "preview_link",
    ]
    list_filter = ["status", "section", "tags", "authors", TranslationListFilter]
    search_fields = ["title_ar", "title_en", "standfirst_ar", "standfirst_en"]
    list_select_related = ["section"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags", "authors", "image"]
    actions = ["publish_selected", "unpublish_selected", "archive_selected"]
    readonly_fields = ["preview_links"]
    inlines = [RelatedPinInline, RelatedExclusionInline]
    fieldsets = [
        (None, {"fields": ["preview_links", "title", "slug", "standfirst", "body"]}),
        (_("Featured image"), {"fields": ["image"]}),
        (_("Placement"), {"fields": ["section", "tags", "authors"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "comments_open"]}),
    ]

    change_form_template = "admin/articles/article/change_form.html"

    class Media:
        css = {"all": ["admin-extra/article.css"]}
        js = ["admin-extra/article-desk.js"]

    def get_urls(self):
        autosave_view = self.admin_site.admin_view(self.autosave_view)
        return [path("autosave/", autosave_view, name="articles_article_autosave"), *super().get_urls()]

    def autosave_view(self, request):
        """The form's script sends what is typed every 30 seconds (POST, with the form's CSRF
        token). Kept for this editor only; restoring it is the editor's choice."""
        if request.method != "POST":
            return JsonResponse({"error": "POST"}, status=405)
        article = None
        if object_id := request.POST.get("article", ""):
            article = Article.objects.filter(pk=object_id).first() if object_id.isdigit() else None
            if article is None or not self.has_change_permission(request, article):
                return JsonResponse({"saved": False}, status=403)
        elif not self.has_add_permission(request):
            return JsonResponse({"saved": False}, status=403)
        saved = autosave(request.user, article, request.POST)
        return JsonResponse({"saved": True, "at": timezone.localtime(saved.saved_at).strftime("%H:%M:%S")})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        article = self.get_object(request, object_id) if object_id else None
        offer = newer_autosave(request.user, article) if request.method == "GET" else None
        extra_context = {
            **(extra_context or {}),
            "autosave_offer": offer if "restore" not in request.GET else None,
            "autosave_url": reverse("admin:articles_article_autosave"),
            "autosave_seconds": settings.ARTICLE_AUTOSAVE_SECONDS,
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        # "Restore": the form opens with the autosaved text, still to be saved by the editor.
        restoring = article is not None and request.method == "GET" and "restore" in request.GET
        if saved := (newer_autosave(request.user, article) if restoring else None):
            for name, value in saved.fields.items():
                setattr(article, name, value)
        return article

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "restore" in request.GET and (saved := newer_autosave(request.user, None)):
            initial.update(saved.fields)
        return initial

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Each language's body gets the editor in that language and direction.
        language = getattr(db_field, "language", None)
        if isinstance(db_field, SanitizedHTMLField) and language:
            kwargs["widget"] = body_widget(language)
            kwargs["help_text"] = BODY_HELP_TEXT
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.publish_article")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or self.has_publish_permission(request):
            return allowed
        # Writers may still open anything they can view; only drafts are theirs to edit.
        return obj.status == Article.Status.DRAFT

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # There is nothing to preview before the first save.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "preview_links"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.extend(PUBLISHER_ONLY_FIELDS)
        return fields

    def save_model(self, request, obj, form, change):
        forget_autosave(request.user, obj if change else None)
        if not self.has_publish_permission(request):
            self._keep_draft(obj, change)
        if obj.status in LIVE_STATUSES:
            # Sets a missing publish time and tells "scheduled" from "published" by it.
            publish_article(obj)
        else:
            save_article(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Pins and exclusions show on the very next page view; the recomputed list
        # (queued on commit by the save) fills the rest.
        article = form.instance
        store_pins(article)
        drop_exclusions(article)

    def _keep_draft(self, obj: Article, change: bool) -> None:
        if not change:
            obj.status, obj.published_at = Article.Status.DRAFT, None
            return
        # An editor may have published it since the writer opened the form.
        stored = Article.objects.select_for_update().filter(pk=obj.pk).values_list("status", flat=True)
        if stored.first() != Article.Status.DRAFT:
            raise PermissionDenied

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        count = self._apply(queryset, publish_article, skip=_is_published, request=request)
        message = ngettext(
            "%(count)d article was published or scheduled.",
            "%(count)d articles were published or scheduled.",
            count,
        )
        self._report(request, message, count)

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = self._apply(queryset, unpublish_article, skip=_has_status(Article.Status.DRAFT))
        message = ngettext(
            "%(count)d article was returned to draft.", "%(count)d articles were returned to draft.", count
        )
        self._report(request, message, count)

    @admin.action(description=_("Archive selected articles"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        count = self._apply(queryset, archive_article, skip=_has_status(Article.Status.ARCHIVED))
        message = ngettext("%(count)d article was archived.", "%(count)d articles were archived.", count)
        self._report(request, message, count)

    def _apply(self, queryset, operation, skip, request=None) -> int:
        """Run ``operation`` on each article that needs it; returns how many it ran on.
        An article that cannot go live yet (an image without alt text or credit) is left
        as it is, and the editor told why."""
        count = 0
        for article in queryset:
            if skip(article):
                continue
            try:
                operation(article)
            except ValidationError as refused:
                if request is not None:
                    reasons = " ".join(refused.messages)
                    self.message_user(request, f"«{article}»: {reasons}", messages.WARNING)
                continue
            count += 1
        return count

    def _report(self, request, message: str, count: int) -> None:
        level = messages.SUCCESS if count else messages.WARNING
        self.message_user(request, message % {"count": count}, level)

    @admin.display(description=_("title"), ordering="title")
    def headline(self, obj: Article) -> str:
        return str(obj)

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj: Article) -> str:
        # Readers already see a scheduled article once its time has passed.
        if obj.status == Article.Status.SCHEDULED and obj.is_live:
            return Article.Status.PUBLISHED.label
        return obj.get_status_display()

    @admin.display(description=_("English"), boolean=True)
    def translated_en(self, obj: Article) -> bool:
        return obj.has_translation("en")

    @admin.display(description=_("preview"))
    def preview_link(self, obj: Article) -> str:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            preview_url(obj, first_language(obj)),
            _("Preview"),
        )

    @admin.display(description=_("preview"))
    def preview_links(self, obj: Article) -> str:
        languages = [(code, name) for code, name in settings.LANGUAGES if obj.has_translation(code)]
        return format_html_join(
            " · ",
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            ((preview_url(obj, code), name) for code, name in languages),
        )

    def view_on_site(self, obj: Article) -> str | None:
        # Anything else would only lead the editor to a "not found" page.
        return (obj.get_absolute_url() or None) if obj.is_live else None


def _is_published(article: Article) -> bool:
    return article.status == Article.Status.PUBLISHED and article.published_at is not None


def _has_status(status: str):
    return lambda article: article.status == status


admin.site.register(Image, ImageAdmin)

admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom administration")
admin.site.index_title = _("Newsroom administration")
