"""The article list: the desk's filters, the translation queue and the columns."""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.models import Article


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


def preview_url(article: Article, language: str) -> str:
    with translation.override(language):
        return reverse("articles:preview", args=[article.pk])


def first_language(article: Article) -> str:
    """The first site language the article is written in (Arabic for any normal article)."""
    for code, _name in settings.LANGUAGES:
        if article.has_translation(code):
            return code
    return settings.LANGUAGE_CODE


class ArticleColumns:
    """The columns of the article list, and the previews on its form (a ModelAdmin mixin)."""

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
    list_select_related = ["section"]
    date_hierarchy = "published_at"

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
