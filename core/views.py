"""Site-wide answers that belong to no app: robots.txt, the favicon and uploaded media."""

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
# Renditions are named after their content (file and focal point): they never change.
IMMUTABLE_PREFIX = "renditions/"


@require_safe
def media_file(request, path: str):
    """An uploaded image or rendition, with long cache headers, so that `make serve` (and
    Varnish in front of it) serves the media library without a separate web server."""
    name = PurePosixPath(path)
    content_type = MEDIA_TYPES.get(name.suffix.lower())
    if content_type is None or ".." in name.parts or name.is_absolute():
        raise Http404
    try:
        handle = default_storage.open(str(name), "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=content_type)
    immutable = str(name).startswith(IMMUTABLE_PREFIX)
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable" if immutable else "public, max-age=86400"
    )
    return response
