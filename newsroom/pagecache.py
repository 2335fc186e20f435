"""A full-page cache for anonymous readers, in the shared cache (Redis in production).

What is cached: GET and HEAD of the reader site's pages (``/ar/…``, ``/en/…``) for
requests without a session cookie. A session means someone the page is personal to: a
logged-in editor (who may see previews) or a commenter whose own pending comment the
page shows. They always get a fresh render.

Nothing personal is stored: the CSRF token and the comment form's signed token are
rendered as placeholders into the stored copy and filled in for each request, so every
reader gets their own, fresh tokens.

Invalidation is exact and immediate: every stored page is keyed by a site-wide
*generation* that ``bump_generation`` raises whenever something a page shows changes
(an article published or edited, a comment approved or removed, a related list
updated). The next request after a change renders anew; nothing waits for a timeout.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control
from redis.exceptions import RedisError

from .replica import primary_reads

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
CSRF_PLACEHOLDER = "\u2063csrf\u2063"  # invisible separators: never typed by anyone
FORM_TOKEN_PLACEHOLDER = "\u2063form-token-{article_id}\u2063"  # noqa: S105 - a marker, not a secret
_FORM_TOKEN = re.compile("\u2063form-token-(\\d+)\u2063")
TIMEOUT = 60 * 60 * 24  # a bound on memory only; freshness comes from the generation
# Pages that are never shared: the comment form's target, previews, search results.
_NEVER = re.compile(r"^/[a-z]{2}/(?:comments/post/|preview/|search/)")
_CACHE_ERRORS = (RedisError, OSError)


def bump_generation() -> None:
    """Every stored page is out of date from now on."""
    try:
        if not cache.add(GENERATION_KEY, 2, timeout=None):
            cache.incr(GENERATION_KEY)
    except _CACHE_ERRORS:
        logger.warning("Page cache: could not raise the generation; the cache is unreachable.")


def is_shared(request) -> bool:
    """This request may be answered from, and stored in, the page cache."""
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
    return request.path.startswith(prefixes) and not _NEVER.match(request.path)


def placeholders(request) -> dict:
    """Context processor: while a shared page renders, the CSRF token is a placeholder."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, "shared_page", False) else {}


def form_token_for(request, article_id: int) -> str | None:
    """The placeholder for the comment form's token on a shared page, else None."""
    if getattr(request, "shared_page", False):
        return FORM_TOKEN_PLACEHOLDER.format(article_id=article_id)
    return None


def _personalise(request, body: bytes) -> bytes:
    from comments.protection import form_token

    text = body.decode("utf-8")
    if CSRF_PLACEHOLDER in text:
        text = text.replace(CSRF_PLACEHOLDER, get_token(request))
    text = _FORM_TOKEN.sub(lambda match: form_token(int(match.group(1))), text)
    return text.encode("utf-8")


class PageCacheMiddleware:
    """Place after CsrfViewMiddleware and AuthenticationMiddleware: the CSRF cookie of a
    cached page is then set as for a rendered one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_shared(request):
            return self.get_response(request)
        try:
            generation = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
            # The host is part of the key: pages carry absolute links built from it.
            address = f"{request.get_host()}{request.get_full_path()}"
            key = f"pagecache:{generation}:{hashlib.sha256(address.encode()).hexdigest()}"
            stored = cache.get(key)
        except _CACHE_ERRORS:
            logger.warning("Page cache skipped: the cache is unreachable.")
            return self.get_response(request)
        if stored is not None:
            return self._answer(request, stored, hit=True)
        request.shared_page = True
        with primary_reads():
            response = self.get_response(request)
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        stored = {
            "content": response.content,
            "content_type": response["Content-Type"],
            "headers": {name: response[name] for name in ("Content-Language",) if response.has_header(name)},
            "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
        }
        try:
            cache.set(key, stored, timeout=TIMEOUT)
        except _CACHE_ERRORS:
            logger.warning("Page cache: could not store a page; the cache is unreachable.")
        return self._answer(request, stored, hit=False, response=response)

    def _answer(self, request, stored: dict, hit: bool, response=None):
        if request.headers.get("If-None-Match") == stored["etag"]:
            answer = HttpResponseNotModified()
        else:
            answer = response or HttpResponse(content_type=stored["content_type"])
            answer.content = _personalise(request, stored["content"])
            for name, value in stored["headers"].items():
                answer[name] = value
        answer["ETag"] = stored["etag"]
        # Browsers may keep the page but must ask again each time: a 304 is cheap.
        patch_cache_control(answer, no_cache=True, private=True)
        answer["X-Page-Cache"] = "hit" if hit else "miss"
        return answer


def forget_pages_on_delete(sender, **kwargs) -> None:
    """Signal receiver: a deleted article or comment leaves every cached page it was on."""
    from django.db import transaction

    transaction.on_commit(bump_generation)
