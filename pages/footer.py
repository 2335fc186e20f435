"""The pages' links in the footer of every page of the site (registered with
``core.site_links`` by ``PagesConfig.ready``)."""

from django.conf import settings
from django.utils.translation import get_language

from core.site_links import SiteLink

from .models import Page


def footer_links() -> list[SiteLink]:
    """The pages readers can read in the active language, by position."""
    language = get_language() or settings.LANGUAGE_CODE
    pages = Page.objects.live(language).only(
        "id", f"title_{language}", f"slug_{language}", f"live_{language}"
    )
    links = []
    for page in pages:
        url, title = page.url_in(language), getattr(page, f"title_{language}", "")
        if url and title:
            links.append(SiteLink(text=title, url=url))
    return links
