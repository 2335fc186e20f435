from modeltranslation.translator import TranslationOptions, register

from .models import Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "slug", "body", "live")
    required_languages = {"ar": ("title",)}
    # Empty slugs are stored as NULL so that the unique constraint allows any number of
    # pages without an English address.
    empty_values = {"slug": None}
