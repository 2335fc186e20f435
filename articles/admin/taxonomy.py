"""Sections, tags and authors in the admin, with their names in both languages."""

from django.contrib import admin

from articles.models import Author, Section, Tag

from .translated import TranslatedModelAdmin


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
    list_display = ["name", "job_title", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_ar"]}
    fields = ["name", "slug", "job_title", "photo", "bio", "user"]
    # The photo is picked from the media library by its search (folded Arabic, as the
    # library's own), never uploaded here: it needs alt text and a credit like any other.
    autocomplete_fields = ["photo"]
