"""Site-wide answers that belong to no app: robots.txt, the favicon and uploaded media."""

from collections.abc import Callable, Sequence
from pathlib import PurePosixPath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .site import absolute_url

# Paths crawlers are asked to leave alone; `*` stands for the language prefix. Apps add
# theirs from AppConfig.ready() (previews and search results belong in no index).
_disallowed: list[str] = ["/admin/"]
SITEMAP_URL_NAMES = ("sitemap", "news_sitemap")


def disallow_in_robots(*paths: str) -> None:
    for path in paths:
        if path not in _disallowed:
            _disallowed.append(path)


def disallowed_paths() -> tuple[str, ...]:
    return tuple(_disallowed)


@require_safe
@cache_control(max_age=60 * 60, public=True)
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in _disallowed]
    lines.append("")
    lines += [f"Sitemap: {absolute_url(request, reverse(name))}" for name in SITEMAP_URL_NAMES]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers ask for /favicon.ico whatever a page names, and the admin's pages name none."""
    return redirect(static("favicon.svg"), permanent=True)


# Only pictures are served from the media folder: an uploaded file of any other type (an
# SVG or HTML with script in it) is never handed to a browser from the site's origin.
MEDIA_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
               ".webp": "image/webp", ".avif": "image/avif"}  # fmt: skip
# Shared caches keep a file a day and drop it the moment it is taken down, by the keys the
# answer names; browsers cannot be told, so a reader's own copy lasts an hour at most. (Not
# `immutable` for a year, though renditions are named after their content: a photo taken
# down for legal reasons must not live on in caches under that name.)
MEDIA_CACHE_CONTROL = "public, max-age=3600, s-maxage=86400"

# Who records the files of the media folder (the media library, registered from its
# AppConfig.ready(): core knows no app). Each answers for a file's name with the keys that
# name it for the caches in front, or None when it keeps no such file now (deleted,
# replaced, an old crop): the site then answers 404 at once, whatever is left on the disk.
_media_owners: list[Callable[[str], Sequence[str] | None]] = []


def register_media_owner(keys_of_file: Callable[[str], Sequence[str] | None]) -> None:
    if keys_of_file not in _media_owners:
        _media_owners.append(keys_of_file)


def media_keys(name: str) -> list[str] | None:
    """The keys naming a media file, or None when no app keeps it (with none registered,
    every picture in the folder is served, without keys)."""
    if not _media_owners:
        return []
    for keys_of_file in _media_owners:
        keys = keys_of_file(name)
        if keys is not None:
            return list(keys)
    return None


@require_safe
def media_file(request, path: str):
    """An uploaded image or rendition, with cache headers and the keys that purge it, so
    that `make serve` (and Varnish in front of it) serves the media library without a
    separate web server."""
    name = PurePosixPath(path)
    content_type = MEDIA_TYPES.get(name.suffix.lower())
    if content_type is None or ".." in name.parts or name.is_absolute():
        raise Http404
    keys = media_keys(str(name))
    if keys is None:
        raise Http404
    try:
        handle = default_storage.open(str(name), "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = MEDIA_CACHE_CONTROL
    if keys:
        response["xkey"] = response["Surrogate-Key"] = " ".join(keys)
    return response
