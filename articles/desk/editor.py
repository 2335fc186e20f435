"""The article body editor: django-prose-editor (ProseMirror, through Tiptap) with the
newsroom's extension (``static/admin-extra/editor/newsroom.js``).

django-prose-editor ships its built assets in the wheel (no CDN, no build step here),
keeps a textarea as the source of truth (the form posts HTML as before), and is
configured by extension, so the editor can only produce what ``articles.text.sanitize``
keeps: headings h2-h4, lists, quotes, links, tables, rules, figures, and a direction
per block.
"""

from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

from core.site import language_direction

HEADING_LEVELS = [2, 3, 4]


def language_name(language: str) -> str:
    return get_language_info(language)["name_translated"]


def extensions(language: str) -> dict:
    return {
        "Heading": {"levels": HEADING_LEVELS},
        "Bold": True,
        "Italic": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "Figure": True,
        "Caption": True,
        "Image": True,
        # django-prose-editor turns the browser's spell check off by default; Arabic
        # writers want it, in the language of the box.
        "NoSpellCheck": False,
        "NewsroomText": {
            "language": language,
            "direction": language_direction(language),
            "libraryUrl": reverse("admin:articles_image_picker"),
            "labels": {
                # The editable area's accessible name: the visible label sits above
                # the (hidden) textarea the form posts.
                "body": str(_("Text in %(language)s") % {"language": language_name(language)}),
                "rtl": str(_("Right to left")),
                "ltr": str(_("Left to right")),
                "library": str(_("Image from the library")),
                "search": str(_("Search the library")),
                "close": str(_("Close")),
                "empty": str(_("No image found.")),
            },
        },
    }


def body_widget(language: str) -> AdminProseEditorWidget:
    return AdminProseEditorWidget(
        config={"extensions": extensions(language)},
        preset="configurable",
        attrs={"lang": language, "dir": language_direction(language), "class": "article-body"},
    )
