"""How crawlers find the site: robots.txt, and the public origin for absolute links."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

# Preview pages are staff-only and search results are endless near-duplicates;
# neither belongs in an index. `*` stands for the language prefix.
DISALLOWED_PATHS = ("/admin/", "/*/preview/", "/*/search/")


def public_path(path: str) -> str:
    """``path`` on the configured public origin, or unchanged when none is configured.

    Callers that are handed the request's host later (feeds, sitemaps) use this so
    that a site behind a proxy still publishes links on its public address.
    """
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else path


def absolute_url(request, path: str) -> str:
    if settings.SITE_URL:
        return f"{settings.SITE_URL}{path}"
    return request.build_absolute_uri(path)


def public_origin() -> tuple[str, str] | None:
    """(scheme, host) of the configured public origin, if there is one."""
    if not settings.SITE_URL:
        return None
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.netloc


@require_safe
@cache_control(max_age=60 * 60, public=True)
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in DISALLOWED_PATHS]
    lines.append("")
    lines += [f"Sitemap: {absolute_url(request, reverse(name))}" for name in ("sitemap", "news_sitemap")]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers ask for /favicon.ico whatever a page names, and the admin's pages name none."""
    return redirect(static("favicon.svg"), permanent=True)
