"""The articles app's models, one module per room: taxonomy (sections, tags, authors), the
article itself, the media library, the desk's records, «شاهد أيضاً» and what the WordPress
import remembers. Imported from here, as ``articles.models``; the app label and the table
names are those of the single module they came from."""

from .article import Article, ArticleQuerySet, SlugRedirect, desk_search_text, last_change_for_readers
from .desk import ArticleNote, AuditAction, AuditEntry, Autosave, Correction, EditLock, Revision
from .imports import ImportedItem, LegacyAddress
from .media import INSIDE_THE_IMAGE, Image, ImageQuerySet, image_upload_path
from .related import (
    RelatedArticle,
    RelatedExclusion,
    RelatedNeighbourhood,
    RelatedPin,
    RelatedTerm,
    TermFrequency,
)
from .taxonomy import Author, Section, SectionQuerySet, Tag

__all__ = [
    "INSIDE_THE_IMAGE",
    "Article",
    "ArticleNote",
    "ArticleQuerySet",
    "AuditAction",
    "AuditEntry",
    "Author",
    "Autosave",
    "Correction",
    "EditLock",
    "Image",
    "ImageQuerySet",
    "ImportedItem",
    "LegacyAddress",
    "RelatedArticle",
    "RelatedExclusion",
    "RelatedNeighbourhood",
    "RelatedPin",
    "RelatedTerm",
    "Revision",
    "Section",
    "SectionQuerySet",
    "SlugRedirect",
    "Tag",
    "TermFrequency",
    "desk_search_text",
    "image_upload_path",
    "last_change_for_readers",
]
