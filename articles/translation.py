from modeltranslation.translator import TranslationOptions, register

from .models import Article, Author, Correction, Image, Section, Tag


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Tag)
class TagTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Author)
class AuthorTranslation(TranslationOptions):
    fields = ("name", "bio", "job_title")
    required_languages = {"ar": ("name",)}


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "slug", "standfirst", "body", "language_live")
    required_languages = {"ar": ("title", "body")}
    # Empty slugs are stored as NULL so that the unique constraint allows
    # any number of articles without an English address.
    empty_values = {"slug": None}


@register(Correction)
class CorrectionTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("ar",)


@register(Image)
class ImageTranslation(TranslationOptions):
    fields = ("alt", "caption")
