"""Site-wide answers that belong to no app: robots.txt and the favicon."""

from django.http import HttpResponse
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
