"""A full-page cache for anonymous readers, in the shared cache (Redis in production).

What is cached: GET and HEAD of the reader site's pages (``/ar/…``, ``/en/…``) for
requests without a session cookie or a pending-comment cookie: those mean someone the
page is personal to, a logged-in editor (who may see previews) or a commenter whose own
pending comment the page shows. They always get a fresh render.

Nothing personal is stored: the CSRF token and the comment form's signed token are
rendered as placeholders into the stored copy and filled in for each request, so every
reader gets their own, fresh tokens.

Invalidation is exact and immediate: every stored page records the site-wide
*generation* it was rendered under, and ``bump_generation`` raises the generation
whenever something a page shows changes (an article published or edited, a comment
approved or removed, a related list updated). A page of an older generation is never
served: the next request renders anew. Nothing waits for a timeout.

Two doors lead to the same stored pages. ``PageCacheMiddleware`` (first in the stack, so
that it stores the response with every header the other middleware add) serves hits and
stores misses. ``CachedPages`` wraps the WSGI application and answers hits before Django
builds a request at all: one cache round trip, two tokens, the bytes. This is what makes
a page that every reader asks for at once cost little more than a static file.

The cache knows no app. Apps tell it what only they know from their ``AppConfig.ready()``:
a value to fill in for each reader (``register_placeholder``: the comment form's token),
when pages change with nothing to announce it (``register_expiry``: a scheduled article
going live by the clock), and which cookies make a page personal (``core.personal``).
"""

import hashlib
import logging
import pickle
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.http import HttpResponse, HttpResponseNotModified, parse_cookie
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from redis.exceptions import RedisError

from .personal import is_personal
from .replica import primary_reads
from .shared_redis import cache_redis

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# Invisible separators around a placeholder: never typed by anyone.
CSRF_PLACEHOLDER = "\u2063csrf\u2063"
_PLACEHOLDER = re.compile("\u2063(?:(csrf)|([a-z][a-z-]*)-(\\d+))\u2063".encode())
# Versioned: a page stored by an older release (another layout) is never read back.
PAGE_KEY_PREFIX = "pagecache:v2:page:"
TIMEOUT = 60 * 60 * 24  # a bound on memory only; freshness comes from the generation
_CACHE_ERRORS = (RedisError, OSError)
# Headers that belong to one answer, not to the stored page.
_NOT_STORED = {"content-length", "set-cookie", "etag", "cache-control", "x-page-cache", "date"}
# Set by CachedPages on a miss, so that the middleware does not ask the cache again.
MISSED_AT = "core.pagecache.generation"


# --- what apps register ----------------------------------------------------------------------

_fillers: dict[str, Callable[[int], bytes]] = {}
_expiry_sources: list[Callable[[], datetime | None]] = []
# Paths after the language prefix that are never shared (a form's target, previews, search).
_never_shared: tuple[str, ...] = ()


def never_share(*paths: str) -> None:
    """Pages under ``/<lang>/<path>`` (``path`` without a leading slash) are always
    rendered for their reader."""
    global _never_shared
    _never_shared = tuple(dict.fromkeys((*_never_shared, *paths)))


def register_placeholder(name: str, fill: Callable[[int], bytes]) -> None:
    """A value a shared page holds for each reader: stored as a placeholder named ``name``
    with a number (e.g. an article id), and ``fill(number)`` gives each reader's bytes."""
    if not re.fullmatch(r"[a-z][a-z-]*", name) or name == "csrf":
        raise ValueError(f"Not a placeholder name: {name!r}")
    _fillers[name] = fill


def register_expiry(source: Callable[[], datetime | None]) -> None:
    """``source()`` says when pages next change with nothing to announce it (a scheduled
    article going live by the clock); a page stored before then is served until then."""
    if source not in _expiry_sources:
        _expiry_sources.append(source)


def _fresh_until() -> float | None:
    moments = [moment for moment in (source() for source in _expiry_sources) if moment is not None]
    return min(moments).timestamp() if moments else None


@dataclass(frozen=True)
class Page:
    """A stored page: the body cut at its placeholders, and the headers to send with it."""

    generation: int
    parts: tuple  # bytes, "csrf", or (name, number) of a registered placeholder
    headers: tuple[tuple[str, str], ...]
    etag: str
    # A scheduled article goes live by the clock, with nothing to raise the generation at
    # that moment: a page stored before then is only served until then (epoch seconds).
    fresh_until: float | None = None

    def is_current(self, generation: int) -> bool:
        return self.generation == generation and (self.fresh_until is None or time.time() < self.fresh_until)


class _RedisPages:
    """Pages and the generation in Redis, through a client kept for the process: the
    cache API builds a new client object for every call, which costs more than the
    round trip itself on a page that is served thousands of times a second."""

    def __init__(self, client, prefix: str):
        self.client, self.prefix = client, prefix

    def generation_and_page(self, key: str) -> tuple[int | None, "Page | None"]:
        generation, page = self.client.mget([self.prefix + GENERATION_KEY, self.prefix + key])
        return (int(generation) if generation else None), (pickle.loads(page) if page else None)  # noqa: S301 - written by us

    def generation(self) -> int | None:
        value = self.client.get(self.prefix + GENERATION_KEY)
        return int(value) if value else None

    def start_generation(self, value: int) -> int:
        self.client.set(self.prefix + GENERATION_KEY, value, nx=True)
        return int(self.client.get(self.prefix + GENERATION_KEY))

    def bump(self, value: int) -> None:
        if not self.client.set(self.prefix + GENERATION_KEY, value, nx=True):
            self.client.incr(self.prefix + GENERATION_KEY)

    def put(self, key: str, page: "Page") -> None:
        self.client.set(self.prefix + key, pickle.dumps(page, pickle.HIGHEST_PROTOCOL), ex=TIMEOUT)

    def forget(self, key: str) -> None:
        self.client.delete(self.prefix + key)


class _CachePages:
    """The same through Django's cache, when it is not Redis (``make run``: in memory)."""

    def generation_and_page(self, key: str) -> tuple[int | None, "Page | None"]:
        found = cache.get_many([GENERATION_KEY, key])
        return found.get(GENERATION_KEY), found.get(key)

    def generation(self) -> int | None:
        return cache.get(GENERATION_KEY)

    def start_generation(self, value: int) -> int:
        cache.add(GENERATION_KEY, value, timeout=None)
        return cache.get(GENERATION_KEY)

    def bump(self, value: int) -> None:
        if not cache.add(GENERATION_KEY, value, timeout=None):
            cache.incr(GENERATION_KEY)

    def put(self, key: str, page: "Page") -> None:
        cache.set(key, page, timeout=TIMEOUT)

    def forget(self, key: str) -> None:
        cache.delete(key)


def pages() -> _RedisPages | _CachePages:
    """Where pages are kept: the default cache's Redis, or the default cache itself."""
    kept = cache_redis()
    return _RedisPages(*kept) if kept else _CachePages()


def bump_generation() -> None:
    """Every stored page is out of date from now on."""
    try:
        pages().bump(time.time_ns())
    except _CACHE_ERRORS:
        logger.warning("Page cache: could not raise the generation; the cache is unreachable.")


def may_share(meta: dict) -> bool:
    """This request (a WSGI environ or ``request.META``) may be answered from, and
    stored in, the page cache."""
    if not settings.PAGE_CACHE or meta.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    if is_personal(parse_cookie(meta["HTTP_COOKIE"]) if meta.get("HTTP_COOKIE") else {}):
        return False
    path = meta.get("PATH_INFO", "")
    prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
    language = next((prefix for prefix in prefixes if path.startswith(prefix)), None)
    return language is not None and not path[len(language) :].startswith(_never_shared)


def _scheme(meta: dict) -> str:
    """The scheme as ``HttpRequest.scheme`` works it out, without building a request."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = meta.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return meta.get("wsgi.url_scheme", "http")


def page_key(meta: dict, path: str) -> str:
    """Scheme, host, path and query: pages carry absolute links built from all of them.

    ``path`` is the decoded path, as ``request.path`` has it. The host is taken as sent:
    Django checks it against ALLOWED_HOSTS before a page is stored, so a key made from a
    forged host never has a page behind it.
    """
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in meta:
        host = meta["HTTP_X_FORWARDED_HOST"]
    else:
        host = meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME')}:{meta.get('SERVER_PORT')}"
    address = f"{_scheme(meta)}://{host}{path}?{meta.get('QUERY_STRING', '')}"
    return PAGE_KEY_PREFIX + hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()


def environ_path(environ: dict) -> str:
    """``request.path`` for a WSGI environ, without building the request."""
    script_name, path_info = get_script_name(environ), get_path_info(environ) or "/"
    return f"{script_name.rstrip('/')}/{path_info.replace('/', '', 1)}"


# The pages this process served last. A page is only ever served while its generation is
# current, so a copy here is as good as the one in Redis, and a hit then asks Redis for
# the generation alone instead of the whole page.
_copies: dict[str, Page] = {}
_copies_lock = threading.Lock()
_COPIES = 64


def lookup(key: str) -> tuple[int, Page | None] | None:
    """(current generation, the page stored under ``key`` if it is of that generation),
    in one round trip; None when the cache cannot be reached."""
    try:
        store = pages()
        copy = _copies.get(key)
        if copy is not None:
            generation = store.generation()
            if copy.is_current(generation):
                return generation, copy
        generation, page = store.generation_and_page(key)
        if generation is None:
            # Redis lost the counter (a restart, an eviction): counting again from an
            # old value could bring back pages from before the loss, so start anew.
            generation = store.start_generation(time.time_ns())
    except _CACHE_ERRORS:
        logger.warning("Page cache skipped: the cache is unreachable.")
        return None
    if page is None or not page.is_current(generation):
        return generation, None
    _keep_copy(key, page)
    return generation, page


def _keep_copy(key: str, page: Page) -> None:
    # The development server answers from threads: one at a time here.
    with _copies_lock:
        _copies.pop(key, None)
        if len(_copies) >= _COPIES:
            del _copies[next(iter(_copies))]  # the oldest
        _copies[key] = page


def store(key: str, page: "Page") -> None:
    try:
        pages().put(key, page)
    except _CACHE_ERRORS:
        logger.warning("Page cache: could not store a page; the cache is unreachable.")


def cut(body: bytes) -> tuple:
    """The body as bytes between placeholders, ready to be filled for each request."""
    parts, start = [], 0
    for match in _PLACEHOLDER.finditer(body):
        parts.append(body[start : match.start()])
        parts.append("csrf" if match.group(1) else (match.group(2).decode(), int(match.group(3))))
        start = match.end()
    parts.append(body[start:])
    return tuple(part for part in parts if part != b"")


def page_of(response, generation: int, fresh_until: float | None = None) -> Page | None:
    """What to store of a freshly rendered response, or None if it must not be shared."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in _NOT_STORED)
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    return Page(
        generation=generation,
        parts=cut(response.content),
        headers=headers,
        etag=etag,
        fresh_until=fresh_until,
    )


def placeholders(request) -> dict:
    """Context processor: while a shared page renders, the CSRF token is a placeholder."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, "shared_page", False) else {}


def placeholder(request, name: str, number: int) -> str | None:
    """On a shared page, the placeholder for ``name`` (registered) and ``number``; else None,
    and the caller renders the reader's own value."""
    if getattr(request, "shared_page", False) and name in _fillers:
        return f"\u2063{name}-{int(number)}\u2063"
    return None


def _random_chars(count: int) -> str:
    """``count`` characters drawn uniformly from CSRF_ALLOWED_CHARS, from one call to the
    system's random source (``get_random_string`` makes one call per character, and a
    cached page needs 32 or 64 of them for every reader)."""
    alphabet, size = CSRF_ALLOWED_CHARS, len(CSRF_ALLOWED_CHARS)
    usable = 256 - 256 % size  # bytes at or above this would favour the first letters
    chars: list[str] = []
    while len(chars) < count:
        chars += [alphabet[byte % size] for byte in secrets.token_bytes(count + 8) if byte < usable]
    return "".join(chars[:count])


_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}


def _masked(secret: str) -> str:
    """The CSRF token for a form: the secret under a fresh mask, as Django masks it."""
    mask = _random_chars(CSRF_SECRET_LENGTH)
    chars, index = CSRF_ALLOWED_CHARS, _CHAR_INDEX
    cipher = "".join(chars[(index[x] + index[y]) % len(chars)] for x, y in zip(secret, mask, strict=True))
    return mask + cipher


def _csrf_secret(meta: dict) -> str | None:
    """The reader's CSRF secret from their cookie, if it is a well-formed one."""
    cookies = meta.get("HTTP_COOKIE")
    secret = parse_cookie(cookies).get(settings.CSRF_COOKIE_NAME) if cookies else None
    if secret and len(secret) == CSRF_SECRET_LENGTH and all(char in _CHAR_INDEX for char in secret):
        return secret
    return None


_cookie_tails: dict[int, str] = {}


def _csrf_cookie(secret: str) -> str:
    """The Set-Cookie value CsrfViewMiddleware would send (the secret lives in a cookie).
    Django formats the attributes once a second (the expiry date changes by the second);
    each reader's secret is put in front of them."""
    now = int(time.time())
    tail = _cookie_tails.get(now)
    if tail is None:
        response = HttpResponse()
        response.set_cookie(
            settings.CSRF_COOKIE_NAME,
            "-",
            max_age=settings.CSRF_COOKIE_AGE,
            domain=settings.CSRF_COOKIE_DOMAIN,
            path=settings.CSRF_COOKIE_PATH,
            secure=settings.CSRF_COOKIE_SECURE,
            httponly=settings.CSRF_COOKIE_HTTPONLY,
            samesite=settings.CSRF_COOKIE_SAMESITE,
        )
        tail = response.cookies[settings.CSRF_COOKIE_NAME].output(header="").strip()
        tail = tail.removeprefix(f"{settings.CSRF_COOKIE_NAME}=-")
        _cookie_tails.clear()
        _cookie_tails[now] = tail
    return f"{settings.CSRF_COOKIE_NAME}={secret}{tail}"


def answer(meta: dict, page: Page, *, hit: bool) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body of the stored page for this reader, with their own fresh
    tokens; 304 when their copy is current."""
    headers = [
        *page.headers,
        ("ETag", page.etag),
        # Browsers may keep the page but must ask again each time: a 304 is cheap.
        ("Cache-Control", "no-cache, private"),
        ("X-Page-Cache", "hit" if hit else "miss"),
    ]
    if meta.get("HTTP_IF_NONE_MATCH") == page.etag:
        return 304, headers, b""
    secret = None
    if "csrf" in page.parts:
        secret = _csrf_secret(meta)
        if secret is None:
            secret = _random_chars(CSRF_SECRET_LENGTH)
            headers.append(("Set-Cookie", _csrf_cookie(secret)))
    chunks = []
    for part in page.parts:
        if part.__class__ is bytes:
            chunks.append(part)
        elif part == "csrf":
            chunks.append(_masked(secret).encode())
        else:
            name, number = part
            chunks.append(_fillers[name](number))
    body = b"".join(chunks)
    headers.append(("Content-Length", str(len(body))))
    return 200, headers, body


def respond(meta: dict, page: Page, *, hit: bool) -> HttpResponse:
    """``answer`` as a Django response, for the middleware's door."""
    status, headers, body = answer(meta, page, hit=hit)
    response = HttpResponseNotModified() if status == 304 else HttpResponse(body)
    cookies = []
    for name, value in headers:
        if name == "Set-Cookie":
            cookies.append(value)
        else:
            response[name] = value
    for cookie in cookies:
        response.cookies.load(cookie)
    return response


class PageCacheMiddleware:
    """First in MIDDLEWARE: what it stores carries every header the others add, and a
    hit skips them all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if not may_share(meta):
            return self.get_response(request)
        request.get_host()  # a host outside ALLOWED_HOSTS gets its 400 before anything is stored
        key = page_key(meta, request.path)
        if MISSED_AT in meta:
            generation, page = meta[MISSED_AT], None
        else:
            found = lookup(key)
            if found is None:
                return self.get_response(request)
            generation, page = found
        if page is not None:
            return respond(meta, page, hit=True)
        request.shared_page = True
        with primary_reads():
            fresh_until = _fresh_until()  # read before rendering: never later than the page
            response = self.get_response(request)
        page = page_of(response, generation, fresh_until)
        if page is None:
            return response
        store(key, page)
        return respond(meta, page, hit=False)


_REASONS = {200: "200 OK", 304: "304 Not Modified"}


class CachedPages:
    """WSGI wrapper: answers page-cache hits before Django builds a request."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if may_share(environ):
            found = lookup(page_key(environ, environ_path(environ)))
            if found is not None:
                generation, page = found
                if page is not None:
                    status, headers, body = answer(environ, page, hit=True)
                    start_response(_REASONS[status], headers)
                    return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]
                environ[MISSED_AT] = generation
        return self.application(environ, start_response)


def forget_pages_on_delete(sender, **kwargs) -> None:
    """Signal receiver: a deleted article or comment leaves every cached page it was on."""
    from django.db import transaction

    transaction.on_commit(bump_generation)
