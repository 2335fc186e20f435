"""The article in the admin: tabbed Arabic/English fields, the desk's workflow and role
limits. Its list (``list``), form (``form``), bulk actions (``actions``) and the lock,
autosave and revisions views (``views``) are modules of their own; this puts them together.

Writers (staff without ``articles.publish_article``) work on drafts only; everything that
changes what readers see goes through ``articles.desk.publishing``, in the order
``articles.desk.workflow`` plans.
"""

from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.desk import records, workflow
from articles.desk.autosave import BASED_ON, forget_autosave, newer_autosave, text_of
from articles.desk.editor import body_widget
from articles.desk.publishing import save_article
from articles.desk.workflow import (
    CORRECTION_TEXT_FIELDS,
    LANGUAGE_LIVE_FIELDS,
    LIVE_STATUSES,
    OTHER_LANGUAGES,
    PUBLISHER_ONLY_FIELDS,
    STEP_FIELDS,
)
from articles.models import Article, Author, RelatedExclusion, RelatedPin
from articles.models.fields import SanitizedHTMLField
from articles.related.store import drop_exclusions, store_pins
from core.text import normalize_arabic

from .actions import BulkActions
from .form import ArticleAdminForm
from .list import ArticleColumns
from .translated import TranslatedModelAdmin
from .views import DeskViews, revisions_url

BODY_HELP_TEXT = _(
    "Paste from Word, Google Docs or WhatsApp keeps paragraphs, headings, lists, quotes and "
    "tables. A YouTube, X, Instagram, TikTok, Facebook or Telegram link alone on its line "
    "becomes an embed on the site."
)


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
class ArticleAdmin(ArticleColumns, BulkActions, DeskViews, TranslatedModelAdmin):
    form = ArticleAdminForm
    search_fields = ["title_ar", "title_en", "standfirst_ar", "standfirst_en"]
    autocomplete_fields = ["tags", "authors", "image"]
    readonly_fields = ["preview_links"]
    inlines = [RelatedPinInline, RelatedExclusionInline]
    fieldsets = [
        (None, {"fields": ["preview_links", "title", "slug", "standfirst", "body"]}),
        (_("Featured image"), {"fields": ["image"]}),
        (_("Placement"), {"fields": ["section", "tags", "authors"]}),
        (_("Publishing"), {"fields": ["status", "published_at", *LANGUAGE_LIVE_FIELDS, "comments_open"]}),
        (_("The desk"), {"fields": ["desk_note"]}),  # based_on is in the template
        (_("Correction or update"), {"fields": ["correction_kind", *CORRECTION_TEXT_FIELDS]}),
    ]

    change_form_template = "admin/articles/article/change_form.html"

    class Media:
        css = {"all": ["admin-extra/article.css"]}
        js = ["admin-extra/article-desk.js"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        article = self.get_object(request, object_id) if object_id else None
        offer = newer_autosave(request.user, article) if request.method == "GET" else None
        extra_context = {
            **(extra_context or {}),
            "autosave_offer": offer if "restore" not in request.GET else None,
            "autosave_url": reverse("admin:articles_article_autosave"),
            "autosave_seconds": settings.ARTICLE_AUTOSAVE_SECONDS,
            "workflow_buttons": workflow.workflow_buttons(request.user, article),
            "revisions_url": revisions_url(article),
            "desk_notes": list(article.notes.select_related("user")[:5]) if article else [],
            **self.lock_context(request, article),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if getattr(form, "stale", None) is not None:
            # What the newer revision has against what this editor tried to save.
            yours = {name: form.cleaned_data.get(name) for name in records.text_fields()}
            context["stale_revision"] = form.stale
            context["stale_changes"] = records.changes(form.stale.content, yours)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        # "Restore": the form opens with the autosaved text, still to be saved by the editor.
        restoring = article is not None and request.method == "GET" and "restore" in request.GET
        if saved := (newer_autosave(request.user, article) if restoring else None):
            for name, value in text_of(saved).items():
                setattr(article, name, value)
            article.restored_based_on = saved.fields.get(BASED_ON)
        return article

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "restore" in request.GET and (saved := newer_autosave(request.user, None)):
            initial.update(text_of(saved))
        # The byline starts with the writer who opens the form, when they have one.
        if "authors" not in initial and (author := Author.objects.filter(user=request.user).first()):
            initial["authors"] = [author.pk]
        return initial

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Each language's body gets the editor in that language and direction.
        language = getattr(db_field, "language", None)
        if isinstance(db_field, SanitizedHTMLField) and language:
            kwargs["widget"] = body_widget(language)
            kwargs["help_text"] = BODY_HELP_TEXT
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        # The reader search's folding over title, standfirst and text, in every language
        # and every state: «اسرائيل» finds «إسرائيل», «الى» finds «إلى».
        words = normalize_arabic(search_term).split()
        for word in words[:10]:
            queryset = queryset.filter(search_text__contains=word)
        return queryset, False

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.publish_article")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or self.has_publish_permission(request):
            return allowed
        # Writers may still open anything they can view; drafts are theirs to edit, and
        # what is on the desk is the copy editors' too (records.may_edit).
        return records.may_edit(request.user, obj.status)

    def get_fieldsets(self, request, obj=None):
        publisher = self.has_publish_permission(request)
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            if "correction_kind" in options["fields"] and not publisher:
                continue  # only editors tell readers of corrections and updates
            # There is nothing to preview before the first save.
            fields = [f for f in options["fields"] if obj is not None or f != "preview_links"]
            fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.extend(PUBLISHER_ONLY_FIELDS)
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        """The text is saved as a revision first; what the editor asked of its publication
        (a status, a language version, a workflow button) follows in ``save_related``, each
        through its own state change, once tags and authors are saved too."""
        forget_autosave(request.user, obj if change else None)
        form.steps = workflow.plan(self._asked(request, form, change), by=request.user)
        stored = Article.objects.filter(pk=obj.pk).values(*PUBLISHER_ONLY_FIELDS).first() if change else None
        for name in PUBLISHER_ONLY_FIELDS:
            default = Article._meta.get_field(name).get_default()
            setattr(obj, name, stored[name] if stored else default)
        if change and form.steps and not set(form.changed_data) - STEP_FIELDS:
            return  # only a step (submit, approve, publish...): it makes its own revision
        save_article(obj, by=request.user, based_on=form.cleaned_data.get("based_on"))

    def _asked(self, request, form, change: bool) -> workflow.Request:
        """What the form asks of the article's publication, for ``workflow.plan``."""
        data, publisher = form.cleaned_data, self.has_publish_permission(request)
        return workflow.Request(
            button=request.POST.get("_workflow", ""),
            status_change=form.status_change() if publisher else None,
            publisher=publisher,
            new_time=change and "published_at" in form.changed_data and data.get("status") in LIVE_STATUSES,
            published_at=data.get("published_at"),
            note=data.get("desk_note") or "",
            languages={
                language: bool(data.get(name))
                for language, name in zip(OTHER_LANGUAGES, LANGUAGE_LIVE_FIELDS, strict=True)
                if name in form.changed_data
            },
            correction_kind=data.get("correction_kind") or "",
            correction_texts={
                code: data.get(f"correction_text_{code}", "") for code, _name in settings.LANGUAGES
            },
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Pins and exclusions show on the very next page view; the recomputed list
        # (queued on commit by the save) fills the rest.
        article = form.instance
        store_pins(article)
        drop_exclusions(article)
        records.refresh_revision(article)  # with the tags and authors just saved
        for step in getattr(form, "steps", []):
            article = step(Article.objects.get(pk=article.pk))
