"""Parts of every page that change on their own clock, put in at the edge.

A stored page is shared, byte for byte, by every reader and every cache, until something it
shows changes. An alert that has to be on every page within a second would, as part of the
pages, invalidate all of them at once. Instead a page carries an include where the part goes
(``{% edge_include "breaking" %}`` writes ``<esi:include src="/_edge/breaking/ar/"/>``) and
the part is a tiny shared page of its own at ``/_edge/<name>/<language>/``, with its own keys
and lifetime. Varnish fetches it and puts it in (ESI); for everyone else the page cache does,
from the part's own stored copy (``core.pagecache``: includes). Posting an alert invalidates
one key, which one small page shows; the pages themselves stay stored and cached.

Apps register their parts from ``AppConfig.ready()``:
``edge.register("breaking", render)``, where ``render()`` returns a ``Part`` in the active
language. It is given no request: a part is the same for every reader, nothing personal is
ever in it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.checks import Error, Tags
from django.core.checks import register as register_check
from django.http import HttpResponse, HttpResponseNotFound
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from .pagecache import INCLUDE_PREFIX, depends_on, include_markup, shared_page, valid_until
from .views import disallow_in_robots

URL_NAME = "edge_part"
_NAME = re.compile(r"[a-z0-9-]+")


@dataclass(frozen=True)
class Part:
    """What a part shows now: its HTML (trusted: from a template), the keys of what it
    shows, and when it changes by itself (an alert expires), if it does."""

    html: str
    keys: tuple[str, ...] = ()
    until: datetime | None = None


_parts: dict[str, Callable[[], Part]] = {}


def register(name: str, render: Callable[[], Part]) -> None:
    """``render()`` makes the part ``name`` in the active language."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"An edge part's name is lower-case letters, digits and hyphens: {name!r}")
    _parts[name] = render
    disallow_in_robots(INCLUDE_PREFIX)  # a part is no page to index


def registered() -> tuple[str, ...]:
    return tuple(_parts)


def part_path(name: str, language: str) -> str:
    return f"{INCLUDE_PREFIX}{name}/{language}/"


def include(name: str) -> SafeString:
    """Where the part ``name`` goes in the page being rendered, in its language; nothing
    for a part no installed app registered."""
    if name not in _parts:
        return mark_safe("")
    language = translation.get_language()
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return mark_safe(include_markup(part_path(name, language)))


@shared_page(any_language=True)
@require_safe
def part(request, name: str, language: str):
    """The part ``name`` in ``language``: a shared page whose keys are the part's own. An
    unknown part is an empty 404: whoever puts it in a page puts in nothing."""
    render = _parts.get(name)
    if render is None or language not in dict(settings.LANGUAGES):
        return HttpResponseNotFound(b"", content_type="text/html; charset=utf-8")
    with translation.override(language):
        made = render()
    depends_on(request, *made.keys)
    valid_until(request, made.until)
    response = HttpResponse(made.html, content_type="text/html; charset=utf-8")
    response["Content-Language"] = language
    response["X-Robots-Tag"] = "noindex"
    return response


@register_check(Tags.urls)
def parts_are_served(app_configs, **kwargs) -> list[Error]:
    """Every registered part is answered where pages include it (the URL configuration
    names ``part`` at INCLUDE_PREFIX)."""
    errors = []
    for name in _parts:
        for language, _label in settings.LANGUAGES:
            try:
                served = reverse(URL_NAME, kwargs={"name": name, "language": language})
            except NoReverseMatch:
                served = None
            if served != part_path(name, language):
                errors.append(
                    Error(
                        f"The edge part {name!r} is included from {part_path(name, language)} but "
                        f"served at {served or 'no address'}.",
                        hint=f'Add path("{INCLUDE_PREFIX.strip("/")}/<slug:name>/<str:language>/", '
                        f'core.edge.part, name="{URL_NAME}") to the root URL configuration.',
                        id="edge.E001",
                    )
                )
    return errors
