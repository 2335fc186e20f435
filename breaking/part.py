"""The alert as readers see it: the edge part ``breaking`` (``core.edge``), at the top of
every page, in the page's language."""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.keys import article_key
from articles.models import Article
from articles.reader.body import isolate_latin_runs
from core.edge import Part

from .alerts import shown_alert
from .keys import ALERT


def alert_part() -> Part:
    """The newest live alert of the active language, fresh until it ends; nothing when
    there is none (a post or a withdrawal invalidates ``ALERT``)."""
    language = get_language()
    alert = shown_alert(language)
    if alert is None:
        return Part("", keys=(ALERT,))
    # A Latin name in an Arabic line keeps its own order (``<bdi>``); the text is escaped first.
    text = mark_safe(isolate_latin_runs(escape(alert.text_in(language))))
    link, story = link_in(alert.link, language)
    html = render_to_string("breaking/_alert.html", {"alert": alert, "text": text, "link": link})
    keys = (ALERT, article_key(story.pk)) if story is not None else (ALERT,)
    return Part(html, keys=keys, until=alert.expires_at)


def link_in(link: str, language: str) -> tuple[str, Article | None]:
    """The alert's link for readers of ``language``: a story of this site given in one
    language leads to its version in theirs when there is one (the editor pastes one
    address, the English reader still lands on English); anything else as it was typed.
    Also the story, whose changes then change the part."""
    story = _story_at(link)
    if story is None:
        return link, None
    return story.url_in(language) or link, story


def _story_at(link: str) -> Article | None:
    """The live story at ``link``, a path of this site's article pages, or None."""
    if not link.startswith("/"):
        return None
    path = unquote(urlsplit(link).path)
    written_in = path.split("/")[1] if path.count("/") > 1 else ""
    if written_in not in dict(settings.LANGUAGES):
        return None
    with translation.override(written_in):  # the language prefix is the active language's
        try:
            match = resolve(path)
        except Resolver404:
            return None
    if match.view_name != "articles:detail":
        return None
    return Article.objects.live().filter(**{f"slug_{written_in}": match.kwargs["slug"]}).first()
