"""The pages' part of the demo: about us, contact, privacy policy, terms and corrections
policy, in Arabic and English, published. ``manage.py load_demo`` (newsroom) calls ``load``.

Safe to run again: a page that exists (looked up by its Arabic address) is left as it is,
edits included.
"""

from django.conf import settings
from django.db import transaction

from pages.models import Page
from pages.publishing import publish_page, save_page

from .texts import PAGES


def days(count: int, language: str) -> str:
    """``count`` days in words of ``language`` (Arabic counts agree with the number)."""
    if language != "ar":
        return "1 day" if count == 1 else f"{count} days"
    if count == 1:
        return "يوم واحد"
    if count == 2:
        return "يومين"
    rest = count % 100
    if 3 <= rest <= 10:
        return f"{count} أيام"
    return f"{count} يوماً" if rest > 10 else f"{count} يوم"


def _body(text: str, language: str) -> str:
    # The privacy policy says how long this site's settings keep what they keep.
    filled = {
        "{trace_days}": days(settings.COMMENTS_TRACE_RETENTION_DAYS, language),
        "{spam_days}": days(settings.COMMENTS_SPAM_RETENTION_DAYS, language),
    }
    for placeholder, value in filled.items():
        text = text.replace(placeholder, value)
    return text.strip()


@transaction.atomic
def load() -> tuple[int, int]:
    """The demo pages, published in both languages; returns (pages, new ones)."""
    new = 0
    for content in PAGES:
        if Page.objects.filter(slug_ar=content["ar"]["slug"]).exists():
            continue
        page = Page(position=content["position"])
        for code, _name in settings.LANGUAGES:
            for field in ("title", "slug"):
                setattr(page, f"{field}_{code}", content[code][field])
            setattr(page, f"body_{code}", _body(content[code]["body"], code))
        page = save_page(page, by=None)
        for code, _name in settings.LANGUAGES:
            page = publish_page(page, code, by=None)
        new += 1
    return len(PAGES), new
