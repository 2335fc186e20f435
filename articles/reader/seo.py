"""Structured data about articles for search engines and social previews."""

import json

from django.utils.encoding import iri_to_uri
from django.utils.html import mark_safe
from django.utils.translation import get_language

from articles.media.library import og_image
from core.site import absolute_url, site_name
from core.text import cut_at_word, html_to_text

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def description(article) -> str:
    return cut_at_word(article.standfirst or html_to_text(article.body), 200)


def article_json_ld(article, request) -> str:
    """A schema.org NewsArticle as a safe-to-inline JSON string."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": description(article),
        "inLanguage": get_language(),
        "mainEntityOfPage": absolute_url(request, iri_to_uri(article.get_absolute_url())),
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.modified_for_readers.isoformat() if article.modified_for_readers else None,
        "articleSection": article.section.name,
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": absolute_url(request, iri_to_uri(author.get_absolute_url())),
            }
            for author in article.authors.all()
        ],
        "publisher": {"@type": "Organization", "name": site_name()},
    }
    notes = article.corrections.all() if article.last_correction_at else []
    corrections = [note for note in notes if note.kind == "correction"]
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": note.text, "datePublished": note.created_at.isoformat()}
            for note in corrections
        ]
    if found := og_image(article.image):
        data["image"] = [absolute_url(request, iri_to_uri(found[0]))]
    data = {key: value for key, value in data.items() if value not in (None, [], "")}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))
