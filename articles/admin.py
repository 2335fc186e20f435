"""The editors' admin: tabbed Arabic/English fields, publishing actions and role limits.

Writers (staff without ``articles.publish_article``) work on drafts only; everything
that changes what readers see goes through ``articles.publishing``.
"""

import copy

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q, TextChoices
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.site import language_direction
from core.text import normalize_arabic

from . import desk, locks
from .autosave import BASED_ON, autosave, forget_autosave, newer_autosave, text_of
from .editor import body_widget
from .fields import SanitizedHTMLField
from .media import publishing_problems
from .media_admin import ImageAdmin
from .models import Article, AuditEntry, Author, Correction, Image, RelatedExclusion, RelatedPin, Section, Tag
from .publishing import (
    add_correction,
    add_note,
    approve_article,
    archive_article,
    publish_article,
    publish_language,
    restore_revision,
    save_article,
    send_back,
    slug_held_errors,
    submit_for_review,
    unpublish_article,
    withdraw_language,
)
from .related.store import drop_exclusions, store_pins
from .translated_admin import TranslatedModelAdmin

LIVE_STATUSES = (Article.Status.PUBLISHED, Article.Status.SCHEDULED)
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
LANGUAGE_LIVE_FIELDS = tuple(f"language_live_{code}" for code in OTHER_LANGUAGES)
PUBLISHER_ONLY_FIELDS = ("status", "published_at", *LANGUAGE_LIVE_FIELDS)
CORRECTION_TEXT_FIELDS = [f"correction_text_{code}" for code, _name in settings.LANGUAGES]
# Form fields that ask for a state change rather than change the text.
STEP_FIELDS = {"desk_note", "based_on", "correction_kind", *CORRECTION_TEXT_FIELDS, *PUBLISHER_ONLY_FIELDS}
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
    """The translation queue: articles by the state of their ``language`` version."""

    language = "en"
    title = _("English version")
    parameter_name = "translated_en"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Published")),
            ("queue", _("Live, translation missing or unpublished")),
            ("no", _("Not published")),
        ]

    def queryset(self, request, queryset):
        published = queryset.translated(self.language)
        if self.value() == "yes":
            return published
        if self.value() == "no":
            return queryset.exclude(pk__in=published.values("pk"))
        if self.value() == "queue":
            return queryset.live().exclude(pk__in=published.values("pk"))
        return queryset


class DeskListFilter(admin.SimpleListFilter):
    """The desk's own views: my stories, and what waits for a reviewer or an editor."""

    title = _("desk")
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        return [
            ("mine", _("My stories")),
            ("review", _("Waiting for review")),
            ("ready", _("Ready to publish")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            mine = Q(authors__user=request.user) | Q(revisions__number=1, revisions__user=request.user)
            return queryset.filter(mine).distinct()
        if self.value() == "review":
            return queryset.filter(status=Article.Status.IN_REVIEW)
        if self.value() == "ready":
            return queryset.filter(status=Article.Status.READY)
        return queryset


class WorkflowStep(TextChoices):
    """The buttons under the form besides "Save"; each calls one state change."""

    SUBMIT = "submit", _("Submit for review")
    APPROVE = "approve", _("Approve")
    SEND_BACK = "send_back", _("Send back to the writer")


class ArticleAdminForm(forms.ModelForm):
    # The revision the editor opened: a save over a newer one is refused (desk.StaleEdit).
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
            self.fields["based_on"].initial = restored or desk.latest_revision_number(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        # Without a time, "scheduled" would silently mean "publish now".
        if cleaned_data.get("status") == Article.Status.SCHEDULED and not cleaned_data.get("published_at"):
            self.add_error("published_at", _("Give a publish time to schedule the article."))
        self._refuse_held_slugs()
        self._refuse_while_locked()
        self._refuse_stale_save(cleaned_data.get("based_on"))
        step = self.data.get("_workflow", "")
        sending_back = step == WorkflowStep.SEND_BACK or self._status_step() == send_back
        if "status" in self.changed_data and self._status_step() is None:
            self.add_error("status", _("The article cannot go to this status from where it is now."))
        if sending_back and not (cleaned_data.get("desk_note") or "").strip():
            self.add_error("desk_note", _("Say what needs to change: the writer sees this note."))
        self._refuse_empty_language_versions(cleaned_data)
        if (
            cleaned_data.get("correction_kind")
            and not (cleaned_data.get(CORRECTION_TEXT_FIELDS[0]) or "").strip()
        ):
            self.add_error(CORRECTION_TEXT_FIELDS[0], _("Write the note readers will see."))
        going_live = cleaned_data.get("status") in LIVE_STATUSES
        if going_live or any(cleaned_data.get(name) for name in LANGUAGE_LIVE_FIELDS):
            for problem in publishing_problems(self._as_saved(cleaned_data)):
                self.add_error(None, problem)
        return cleaned_data

    def _refuse_empty_language_versions(self, cleaned_data) -> None:
        candidate = self._as_saved(cleaned_data)
        for language, name in zip(OTHER_LANGUAGES, LANGUAGE_LIVE_FIELDS, strict=True):
            if name in self.changed_data and cleaned_data.get(name) and not candidate.has_text(language):
                self.add_error(name, _("There is no title and text in this language to publish."))

    def _refuse_while_locked(self) -> None:
        holder = locks.holder_of(self.instance, self.user) if self.instance.pk and self.user else None
        if holder is not None:
            message = _("%(name)s has this article open for editing now; your text was not saved.")
            self.add_error(None, message % {"name": locks.display_name(holder)})

    def _refuse_stale_save(self, based_on) -> None:
        try:
            desk.check_not_stale(self.instance, based_on)
        except desk.StaleEdit as stale:
            self.stale = stale.revision
            self.add_error(None, stale)

    def _status_step(self):
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


def status_step(stored: str | None, wanted: str | None):
    """The state change that takes an article from ``stored`` to ``wanted``."""
    Status = Article.Status
    if wanted == stored or wanted is None:
        return None
    if wanted in LIVE_STATUSES:
        return publish_article
    if wanted == Status.ARCHIVED:
        return archive_article
    if wanted == Status.IN_REVIEW and stored == Status.DRAFT:
        return submit_for_review
    if wanted == Status.READY and stored == Status.IN_REVIEW:
        return approve_article
    if wanted == Status.DRAFT and stored in (Status.IN_REVIEW, Status.READY):
        return send_back
    if wanted == Status.DRAFT:
        return unpublish_article
    return None


def _is_model_field(name: str) -> bool:
    try:
        Article._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def revisions_url(article: Article | None) -> str:
    return reverse("admin:articles_article_revisions", args=[article.pk]) if article else ""


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
    list_filter = [DeskListFilter, "status", "section", "tags", "authors", TranslationListFilter]
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
        (_("Publishing"), {"fields": ["status", "published_at", *LANGUAGE_LIVE_FIELDS, "comments_open"]}),
        (_("The desk"), {"fields": ["desk_note"]}),  # based_on is in the template
        (_("Correction or update"), {"fields": ["correction_kind", *CORRECTION_TEXT_FIELDS]}),
    ]

    change_form_template = "admin/articles/article/change_form.html"

    class Media:
        css = {"all": ["admin-extra/article.css"]}
        js = ["admin-extra/article-desk.js"]

    def get_urls(self):
        autosave_view = self.admin_site.admin_view(self.autosave_view)
        revisions_view = self.admin_site.admin_view(self.revisions_view)
        lock_view = self.admin_site.admin_view(self.lock_view)
        return [
            path("autosave/", autosave_view, name="articles_article_autosave"),
            path("<int:object_id>/revisions/", revisions_view, name="articles_article_revisions"),
            path("<int:object_id>/lock/", lock_view, name="articles_article_lock"),
            *super().get_urls(),
        ]

    def lock_view(self, request, object_id: int):
        """The form's heartbeat, its release when the page is left, and an editor's take
        over (POST, with the form's CSRF token)."""
        if request.method != "POST":
            return JsonResponse({"error": "POST"}, status=405)
        article = Article.objects.filter(pk=object_id).first()
        if article is None or not self.has_view_permission(request, article):
            return JsonResponse({"state": "none"}, status=403)
        action = request.POST.get("action", "")
        if action == "release":
            locks.release(article, request.user)
            return JsonResponse({"state": "released"})
        if action == "take_over":
            if not self.has_publish_permission(request):
                return JsonResponse({"state": "refused"}, status=403)
            locks.take_over(article, by=request.user)
            return JsonResponse({"state": "mine"})
        state = locks.heartbeat(article, request.user)
        return JsonResponse(
            {"state": "mine" if state.mine else "other", "holder": locks.display_name(state.holder)}
        )

    def revisions_view(self, request, object_id: int):
        """Every revision of the article (who, when, what it was), the changes each made,
        and "restore": the old text saved as a new revision."""
        article = self.get_object(request, str(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise PermissionDenied
        revisions = list(article.revisions.select_related("user"))
        if request.method == "POST":
            return self._restore(request, article, revisions)
        shown = self._shown_revision(request, revisions)
        previous = next((r for r in revisions if r.number < shown.number), None) if shown else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Revisions of «%(title)s»") % {"title": article},
            "revisions": revisions,
            "shown": shown,
            "changes": desk.changes(previous.content if previous else {}, shown.content) if shown else [],
            "may_restore": self.has_change_permission(request, article),
            "audit_entries": article.audit_entries.select_related("user")[:200],
            "notes": article.notes.select_related("user")[:100],
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    @staticmethod
    def _shown_revision(request, revisions):
        wanted = request.GET.get("show", "")
        chosen = [r for r in revisions if str(r.number) == wanted]
        return chosen[0] if chosen else (revisions[0] if revisions else None)

    def _restore(self, request, article: Article, revisions):
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        chosen = [r for r in revisions if str(r.number) == request.POST.get("restore", "")]
        if not chosen:
            raise PermissionDenied
        restore_revision(article, chosen[0], by=request.user)
        message = _("Revision %(number)d was restored as a new revision.") % {"number": chosen[0].number}
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

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
            "workflow_buttons": self._workflow_buttons(request, article),
            "revisions_url": revisions_url(article),
            "desk_notes": list(article.notes.select_related("user")[:5]) if article else [],
            **self._lock_context(request, article),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _lock_context(self, request, article: Article | None) -> dict:
        if article is None or not self.has_change_permission(request, article):
            return {}
        state = locks.open_for_editing(article, request.user) if request.method == "GET" else None
        return {
            "lock_url": reverse("admin:articles_article_lock", args=[article.pk]),
            "lock_holder": locks.display_name(state.holder) if state else "",
            "may_take_over": self.has_publish_permission(request),
            "lock_seconds": settings.ARTICLE_LOCK_SECONDS,
        }

    def _workflow_buttons(self, request, article: Article | None) -> list[WorkflowStep]:
        status = article.status if article else Article.Status.DRAFT
        reviewer = request.user.has_perm(desk.REVIEW)
        buttons = []
        if status == Article.Status.DRAFT and desk.may_edit(request.user, status if article else None):
            buttons.append(WorkflowStep.SUBMIT)
        if reviewer and status == Article.Status.IN_REVIEW:
            buttons.append(WorkflowStep.APPROVE)
        if reviewer and status in (Article.Status.IN_REVIEW, Article.Status.READY):
            buttons.append(WorkflowStep.SEND_BACK)
        return buttons

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if getattr(form, "stale", None) is not None:
            # What the newer revision has against what this editor tried to save.
            yours = {name: form.cleaned_data.get(name) for name in desk.text_fields()}
            context["stale_revision"] = form.stale
            context["stale_changes"] = desk.changes(form.stale.content, yours)
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
        # what is on the desk is the copy editors' too (desk.may_edit).
        return desk.may_edit(request.user, obj.status)

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
        form.steps = self._steps(request, form, change)
        stored = Article.objects.filter(pk=obj.pk).values(*PUBLISHER_ONLY_FIELDS).first() if change else None
        for name in PUBLISHER_ONLY_FIELDS:
            default = Article._meta.get_field(name).get_default()
            setattr(obj, name, stored[name] if stored else default)
        if change and form.steps and not self._content_changed(form):
            return  # only a step (submit, approve, publish...): it makes its own revision
        save_article(obj, by=request.user, based_on=form.cleaned_data.get("based_on"))

    @staticmethod
    def _content_changed(form) -> bool:
        steps_only = {
            "desk_note",
            "based_on",
            "correction_kind",
            *CORRECTION_TEXT_FIELDS,
            *PUBLISHER_ONLY_FIELDS,
        }
        return bool(set(form.changed_data) - steps_only)

    def _steps(self, request, form, change: bool) -> list:
        by, data = request.user, form.cleaned_data
        note = (data.get("desk_note") or "").strip()
        steps = []
        button = request.POST.get("_workflow", "")
        publisher = self.has_publish_permission(request)
        status_change = form._status_step() if publisher else None
        if button == WorkflowStep.SUBMIT or status_change is submit_for_review:
            steps.append(lambda article: submit_for_review(article, by=by))
        elif button == WorkflowStep.APPROVE or status_change is approve_article:
            steps.append(lambda article, note=note: approve_article(article, by=by, note=note))
            note = ""
        elif button == WorkflowStep.SEND_BACK or status_change is send_back:
            steps.append(lambda article, note=note: send_back(article, by=by, note=note))
            note = ""
        elif status_change is publish_article or (publisher and change and self._new_time(form)):
            # Published or scheduled now, or given a new time.
            at = data.get("published_at")
            steps.append(lambda article: publish_article(article, by=by, at=at))
        elif status_change in (archive_article, unpublish_article):
            steps.append(lambda article, step=status_change: step(article, by=by))
        if publisher:
            for language, name in zip(OTHER_LANGUAGES, LANGUAGE_LIVE_FIELDS, strict=True):
                if name in form.changed_data:
                    step = publish_language if data.get(name) else withdraw_language
                    steps.append(lambda article, step=step, language=language: step(article, language, by=by))
        if publisher and (kind := data.get("correction_kind")):
            texts = {code: data.get(f"correction_text_{code}", "") for code, _name in settings.LANGUAGES}
            steps.append(lambda article: add_correction(article, by=by, kind=kind, texts=texts))
        if note:
            steps.insert(0, lambda article: add_note(article, by=by, text=note))
        return steps

    @staticmethod
    def _new_time(form) -> bool:
        return "published_at" in form.changed_data and form.cleaned_data.get("status") in LIVE_STATUSES

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Pins and exclusions show on the very next page view; the recomputed list
        # (queued on commit by the save) fills the rest.
        article = form.instance
        store_pins(article)
        drop_exclusions(article)
        desk.refresh_revision(article)  # with the tags and authors just saved
        for step in getattr(form, "steps", []):
            article = step(Article.objects.get(pk=article.pk))

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
        count = self._apply(
            queryset, unpublish_article, skip=_has_status(Article.Status.DRAFT), request=request
        )
        message = ngettext(
            "%(count)d article was returned to draft.", "%(count)d articles were returned to draft.", count
        )
        self._report(request, message, count)

    @admin.action(description=_("Archive selected articles"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        count = self._apply(
            queryset, archive_article, skip=_has_status(Article.Status.ARCHIVED), request=request
        )
        message = ngettext("%(count)d article was archived.", "%(count)d articles were archived.", count)
        self._report(request, message, count)

    def _apply(self, queryset, operation, skip, request) -> int:
        """Run ``operation`` on each article that needs it; returns how many it ran on.
        An article that cannot go live yet (an image without alt text or credit) is left
        as it is, and the editor told why."""
        count = 0
        for article in queryset:
            if skip(article):
                continue
            try:
                operation(article, by=request.user)
            except (ValidationError, PermissionDenied) as refused:
                reasons = " ".join(getattr(refused, "messages", None) or [str(refused)])
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


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail: every state change of every article, with its actor. Read only;
    an empty "by" is the system (scheduled publishing, a command)."""

    list_display = ["at", "action", "article_link", "actor", "detail"]
    list_filter = ["action", "user", "at"]
    search_fields = ["article_title", "detail"]
    date_hierarchy = "at"
    list_select_related = ["user", "article"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_module_permission(self, request):
        return request.user.has_perm("articles.view_article")

    @admin.display(description=_("article"), ordering="article_title")
    def article_link(self, entry: AuditEntry) -> str:
        if entry.article_id is None:
            return entry.article_title
        link = reverse("admin:articles_article_change", args=[entry.article_id])
        return format_html('<a href="{}">{}</a>', link, entry.article_title)

    @admin.display(description=_("by"), ordering="user__username")
    def actor(self, entry: AuditEntry) -> str:
        return entry.user.get_username() if entry.user else _("the system")


admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom administration")
admin.site.index_title = _("Newsroom administration")
