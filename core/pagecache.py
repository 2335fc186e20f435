"""Pages that are the same bytes for every anonymous reader, shared by every cache.

**Opt-in per view.** A view decorated with ``shared_page`` declares the query parameters it
reads; everything it shows is named by keys (``depends_on(request, "article:12", …)``).
For an anonymous reader (no login session, no cookie an app registered as personal, see
``core.personal``) its 200 answer carries ``Cache-Control: public, max-age=0, s-maxage=…``,
its keys in ``xkey`` and ``Surrogate-Key``, and an ``ETag``: Varnish or a CDN may hold it,
and browsers revalidate. Anyone else gets ``private, no-store``, as does every answer of a
view that did not opt in. Nothing personal is ever in a shared page: no CSRF token, no form
token of one reader (see ``comments.protection``).

**Query strings.** Only parameters an app registered (``vary_on_query``, e.g. ``page``) can
make another page, in their canonical form; every other parameter is ignored, so
``?utm_source=…`` is the same stored page. A view that is sent a registered parameter it
does not read, or a value not in canonical form, answers with a redirect to the canonical
address (never stored); an invalid value is a 404. Parameters registered as personal
(``personal_query``) make the request personal.

**The embedded cache** (Redis in production, memory in development) stores these pages and
the fragments they are built from, each with the ``Stamp`` of the invalidation log it was
rendered under (``core.invalidation``). A stored page is served while none of its keys has
changed since: a change shows on the next request in every process (Redis tells them), and
within a quarter of a second if Redis cannot (they poll the log in PostgreSQL). Pages are
rendered from the primary database, never from a replica that may lag.

**One origin.** Pages are stored under the site's origin (``core.site.request_origin``):
``NEWSROOM_SITE_URL``, or the request's host in its normal spelling. Another spelling of an
allowed host (case, a trailing dot, a port written out, ``www.`` under a wildcard) is
answered from the same stored page, and a page rendered for it is not stored, so no one can
fill the cache with copies of one page. The pages have a Redis database of their own
(``core.shared_redis``), apart from the counters and the queue.

Two doors lead to the same stored pages: ``CachedPages`` wraps the WSGI application and
answers hits before Django builds a request; ``PageCacheMiddleware`` (first in the stack)
renders misses and stores them.

**Includes.** A part of every page that changes on its own clock (the «عاجل» alert) is not
in the stored page: the page holds ``<esi:include src="/_edge/…"/>`` and the part is a shared
page of its own (``core.edge``). A cache in front that says it can put includes in
(``Surrogate-Capability: …="ESI/1.0"``, believed from the trusted proxy only) is answered the
page as stored, with ``Surrogate-Control: content="ESI/1.0"``; everyone else gets the page
with its parts put in here, from the parts' own stored copies, under an ETag of the whole.
So an alert changes one tiny stored page, and every page shows it on its next request.
"""

import contextlib
import functools
import hashlib
import io
import logging
import pickle
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest, get_path_info, get_script_name
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    parse_cookie,
)
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.safestring import SafeString, mark_safe
from redis.exceptions import RedisError

from .invalidation import CURSOR_ABOVE, NEWS_KEY, Stamp, knowledge
from .personal import is_personal
from .replica import primary_reads
from .security import from_trusted_proxy, security_headers
from .shared_redis import Breaker, forget_redis_failures, page_cache_redis
from .site import request_origin

logger = logging.getLogger(__name__)

PAGE_PREFIX = "pagecache:v3:page:"  # versioned: pages stored by an older release are never read
FRAGMENT_PREFIX = "pagecache:v3:fragment:"
STORE_SECONDS = 60 * 60  # Redis forgets entries after this; they are not current longer anyway
MAX_STORED_BYTES = 2_000_000
_CACHE_ERRORS = (RedisError, OSError)
# Headers that belong to one answer, not to the stored page.
_NOT_STORED = {
    "content-length", "set-cookie", "etag", "x-page-cache", "date", "cache-control", "surrogate-control",
}  # fmt: skip
# Set by CachedPages when it looked in the store and found nothing current, so that the
# middleware does not look again.
LOOKED_UP = "core.pagecache.looked_up"


# --- what apps register ------------------------------------------------------------------------

_key_params: dict[str, Callable[[str], str | None]] = {}
_personal_params: set[str] = set()
_expiry_sources: list[tuple[Callable[[], datetime | None], str | None]] = []
_expiry_memo: dict[int, tuple[Stamp, datetime | None]] = {}


def positive_int(value: str) -> str | None:
    """The canonical form of a page number ("2"), or None when it is not one."""
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return str(number) if 0 < number < 10**9 else None


def vary_on_query(name: str, canonical: Callable[[str], str | None] = positive_int) -> None:
    """A query parameter that makes another page (``page``); ``canonical`` gives the one
    accepted spelling of a value, or None for a value no page has."""
    _key_params[name] = canonical


_soft_prefixes: tuple[str, ...] = ()


def soft_keys(*prefixes: str) -> None:
    """Keys whose changes take nothing back (a comment approved, a related list updated): a
    page out of date through such keys alone may be served a moment longer, while one
    process renders it anew, instead of every process rendering it at once."""
    global _soft_prefixes
    _soft_prefixes = tuple(dict.fromkeys((*_soft_prefixes, *prefixes)))


def personal_query(*names: str) -> None:
    """Query parameters whose presence makes a page personal (never shared)."""
    _personal_params.update(names)


def key_params() -> tuple[str, ...]:
    return tuple(sorted(_key_params))


def register_expiry(source: Callable[[], datetime | None], *, key: str | None = None) -> None:
    """``source()`` says when pages next change with nothing to announce it (a scheduled
    article going live by the clock); a page stored before then is served until then.
    With ``key``, the answer is kept by each process until that key is invalidated (or
    the moment passes), instead of being asked for on every render."""
    if all(known is not source for known, _key in _expiry_sources):
        _expiry_sources.append((source, key))


def _fresh_until() -> float | None:
    now = time.time()
    moments = []
    for index, (source, key) in enumerate(_expiry_sources):
        memo = _expiry_memo.get(index)
        if (
            key is not None
            and memo is not None
            and knowledge.is_current(memo[0], (key,))
            and (memo[1] is None or memo[1].timestamp() > now)
        ):
            moment = memo[1]
        else:
            stamp = knowledge.stamp()  # before asking: a change after it makes the memo stale
            moment = source()
            if key is not None:
                _expiry_memo[index] = (stamp, moment)
        if moment is not None:
            moments.append(moment.timestamp())
    return min(moments) if moments else None


# --- which requests are shared, under which key --------------------------------------------------


def canonical_query(query_string: str) -> str | None:
    """The registered parameters of ``query_string`` in canonical order and form; None when
    the request is personal or a registered parameter is not in canonical form."""
    kept = []
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if name in _personal_params:
            return None
        canonical = _key_params.get(name)
        if canonical is None:
            continue  # not a parameter of any page: ignored
        if canonical(value) != value:
            return None
        kept.append((name, value))
    if len({name for name, _value in kept}) != len(kept):
        return None  # the same parameter twice
    return urlencode(sorted(kept))


def shareable(meta: dict) -> str | None:
    """The query part of the key when this request (a WSGI environ or ``request.META``) is
    the same for every anonymous reader; None when it is personal."""
    if meta.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    if is_personal(parse_cookie(meta["HTTP_COOKIE"]) if meta.get("HTTP_COOKIE") else {}):
        return None
    return canonical_query(meta.get("QUERY_STRING", ""))


def page_key(origin: str, path: str, query: str) -> str:
    """The site's origin (``core.site.request_origin``: pages carry absolute links to it),
    the path and the canonical query. Never the host as sent: its other spellings are the
    same page."""
    address = f"{origin}{path}?{query}"
    return hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()


def environ_path(environ: dict) -> str:
    """``request.path`` for a WSGI environ, without building the request."""
    script_name, path_info = get_script_name(environ), get_path_info(environ) or "/"
    return f"{script_name.rstrip('/')}/{path_info.replace('/', '', 1)}"


# --- stored pages and fragments -------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A stored answer: its body and headers, what it shows (keys) and when it was rendered."""

    stamp: Stamp
    keys: frozenset[str]
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str
    fresh_until: float | None = None
    includes: tuple[str, ...] = ()  # the paths of the parts put in on the way out

    def is_current(self) -> bool:
        if self.fresh_until is not None and time.time() >= self.fresh_until:
            return False
        return knowledge.is_current(self.stamp, self.keys)


@dataclass(frozen=True)
class Fragment:
    stamp: Stamp
    keys: frozenset[str]
    html: str
    fresh_until: float | None = None  # as for pages: a scheduled article may go live

    def is_current(self) -> bool:
        if self.fresh_until is not None and time.time() >= self.fresh_until:
            return False
        return knowledge.is_current(self.stamp, self.keys)


# While Redis is left alone after a failure, pages come from this process's copies,
# checked against the log in PostgreSQL.
_breaker = Breaker("Page cache", "using this process's copies")


class _RedisStore:
    """Entries in Redis, through a client kept for the process (Django's cache API builds a
    client object for every call, which costs more than the round trip itself)."""

    def __init__(self, client, prefix: str):
        self.client, self.prefix = client, prefix

    def news_and_get(self, key: str | None) -> tuple[int | None, object | None]:
        if key is None:
            news = self.client.get(self.prefix + NEWS_KEY)
            return (int(news) if news else 0), None
        news, raw = self.client.mget([self.prefix + NEWS_KEY, self.prefix + key])
        return (int(news) if news else 0), (pickle.loads(raw) if raw else None)  # noqa: S301 - written by us

    def get_many(self, keys: list[str]) -> list[object | None]:
        raws = self.client.mget([self.prefix + key for key in keys])
        return [pickle.loads(raw) if raw else None for raw in raws]  # noqa: S301 - written by us

    def put(self, key: str, entry: object) -> None:
        self.client.set(self.prefix + key, pickle.dumps(entry, pickle.HIGHEST_PROTOCOL), ex=STORE_SECONDS)


class _DjangoCacheStore:
    """The same through Django's cache when it is not Redis (``make run``: in memory, one
    process, so there is no news to read: the log is polled)."""

    def news_and_get(self, key: str | None) -> tuple[int | None, object | None]:
        return None, (cache.get(key) if key else None)

    def get_many(self, keys: list[str]) -> list[object | None]:
        found = cache.get_many(keys)
        return [found.get(key) for key in keys]

    def put(self, key: str, entry: object) -> None:
        cache.set(key, entry, timeout=STORE_SECONDS)


REDIS_TIMEOUT = 0.25  # seconds; a page can always be rendered instead


def store() -> _RedisStore | _DjangoCacheStore | None:
    """Where entries are kept; None while Redis is known to be unreachable."""
    kept = page_cache_redis(REDIS_TIMEOUT)
    if kept is None:
        return _DjangoCacheStore()
    return None if _breaker.open() else _RedisStore(*kept)


# The pages this process served last: served without fetching the body again, after the
# same check as any stored page.
_copies: dict[str, Page] = {}
_copies_lock = threading.Lock()
_COPIES = 128


def forget_this_process() -> None:
    """Forget what this process keeps (its copies of pages, what it counted while Redis
    failed, that Redis failed), as a process that just started."""
    with _copies_lock:
        _copies.clear()
    _breaker.close()
    forget_redis_failures()


def forget_copies() -> None:
    """Forget every stored page: this process's (``forget_this_process``) and the pages and
    fragments in the page cache's Redis. For the tests, which start each case from an empty
    cache and a reachable Redis (the cache's ``clear()`` does not reach the pages' database);
    the site never calls it."""
    forget_this_process()
    kept = page_cache_redis(REDIS_TIMEOUT)
    if kept is not None:
        client, prefix = kept
        with contextlib.suppress(*_CACHE_ERRORS):  # a test with Redis down has nothing stored
            stored = list(client.scan_iter(f"{prefix}pagecache:*", count=1000))
            if stored:
                client.delete(*stored)


def _keep_copy(key: str, page: Page) -> None:
    with _copies_lock:  # the development server answers from threads
        _copies.pop(key, None)
        if len(_copies) >= _COPIES:
            del _copies[next(iter(_copies))]  # the oldest
        _copies[key] = page


RENDER_CLAIM = "pagecache:rendering:"
RENDER_CLAIM_MS = 2000  # the longest a soft change may wait if the renderer dies


def lookup(key: str, *, allow_stale: bool = False) -> tuple[Page | None, Stamp | None]:
    """The current stored page for ``key`` (None also when currency cannot be judged), and
    what was known of changes before it was judged current.

    With ``allow_stale``, a page out of date only through soft keys (``soft_keys``) is
    returned while another process renders it; the first to ask renders.
    """
    copy = _copies.get(key)
    news, page = None, None
    kept = store()
    if kept is not None:
        try:
            news, page = kept.news_and_get(None if copy is not None else PAGE_PREFIX + key)
        except _CACHE_ERRORS as error:
            _breaker.trip(error)
    if not knowledge.refresh(news):
        return None, None
    stamp = knowledge.stamp()  # before judging: the page reflects at least this much
    page = copy if copy is not None else page
    if not isinstance(page, Page):
        return None, stamp
    if not page.is_current():
        if allow_stale and _only_softly_stale(page) and not _claim_render(kept, key):
            return page, None
        return None, stamp
    if copy is None:
        _keep_copy(key, page)
    return page, stamp


def _only_softly_stale(page: Page) -> bool:
    if not _soft_prefixes or (page.fresh_until is not None and time.time() >= page.fresh_until):
        return False
    changed = knowledge.changed(page.stamp, page.keys)
    return bool(changed) and all(key.startswith(_soft_prefixes) for key in changed)


def _claim_render(kept, key: str) -> bool:
    """True when this process is the one to render ``key`` now (or cannot tell)."""
    if not isinstance(kept, _RedisStore):
        return True
    try:
        return bool(kept.client.set(kept.prefix + RENDER_CLAIM + key, 1, nx=True, px=RENDER_CLAIM_MS))
    except _CACHE_ERRORS as error:
        _breaker.trip(error)
        return True


def _release_render(key: str) -> None:
    kept = store()
    if isinstance(kept, _RedisStore):
        try:
            kept.client.delete(kept.prefix + RENDER_CLAIM + key)
        except _CACHE_ERRORS as error:
            _breaker.trip(error)


def _put(key: str, entry: object) -> None:
    kept = store()
    if kept is None:
        return
    try:
        kept.put(key, entry)
    except _CACHE_ERRORS as error:
        _breaker.trip(error)


# --- what a page depends on ---------------------------------------------------------------------


def depends_on(request, *keys: str) -> None:
    """The page being rendered shows what ``keys`` name: it is out of date when one changes."""
    if not hasattr(request, "cache_keys"):
        request.cache_keys = set()
    request.cache_keys.update(key for key in keys if key)


def fragment(request, name: str, render: Callable[[], tuple[str, Iterable[str]]]) -> SafeString:
    """A part of a shared page, re-used while nothing it shows has changed.

    ``render()`` returns the fragment's HTML (trusted: it comes from a template) and the keys
    of what it shows; ``name`` must tell apart everything the HTML depends on (language,
    article, page number). Personal renders always call ``render``.
    """
    stamp = getattr(request, "cache_stamp", None)
    if stamp is None or not settings.PAGE_CACHE:
        html, keys = render()
        depends_on(request, *keys)
        return mark_safe(html)
    key = FRAGMENT_PREFIX + name
    kept = store()
    found = None
    if kept is not None:
        try:
            found = kept.get_many([key])[0]
        except _CACHE_ERRORS as error:
            _breaker.trip(error)
    if isinstance(found, Fragment) and found.is_current():
        depends_on(request, *found.keys)
        return mark_safe(found.html)
    html, keys = render()
    keys = frozenset(keys)
    depends_on(request, *keys)
    fresh_until = getattr(request, "cache_fresh_until", None)
    _put(key, Fragment(stamp=stamp, keys=keys, html=str(html), fresh_until=fresh_until))
    return mark_safe(html)


# --- the view's side ------------------------------------------------------------------------------


def _canonical_location(request, reads: tuple[str, ...]) -> str | None:
    """Where to send a request carrying registered parameters this view does not read, or
    in another spelling; None when the address is already canonical. Raises Http404 for a
    value no page has."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    changed, kept = False, []
    for name, value in pairs:
        canonical = _key_params.get(name)
        if canonical is None:
            kept.append((name, value))
            continue
        if name not in reads:
            changed = True
            continue
        good = canonical(value)
        if good is None:
            raise Http404
        if good != value:
            changed = True
        kept.append((name, good))
    if not changed:
        return None
    query = urlencode(kept)
    return iri_to_uri(request.path) + (f"?{query}" if query else "")


def shared_page(*, query: tuple[str, ...] = (), keys: tuple[str, ...] = (), any_language: bool = False):
    """Opt a view into shared caching. ``query``: the registered parameters it reads;
    ``keys``: what every answer shows (a view adds more with ``depends_on``);
    ``any_language``: an address without a language prefix whose answer is the same in
    every language (robots.txt, sitemaps), rendered in the default language so that it
    does not vary with the reader's ``Accept-Language``."""
    unknown = set(query) - set(_key_params) - _personal_params
    if unknown:
        # Views are imported after every AppConfig.ready(), where parameters are registered.
        raise ValueError(f"Query parameters not registered with vary_on_query: {sorted(unknown)}")

    def decorator(view):
        @wraps(view)
        def shared_view(request, *args, **kwargs):
            location = _canonical_location(request, query)
            if location is not None:
                return private(HttpResponsePermanentRedirect(location))
            depends_on(request, *keys)
            if any_language:
                with translation.override(settings.LANGUAGE_CODE):
                    response = view(request, *args, **kwargs)
                    if hasattr(response, "render"):
                        response.render()
                response.any_language = True
            else:
                response = view(request, *args, **kwargs)
            if (
                getattr(request, "shareable", False)
                and response.status_code == 200
                and not _personal(response)
            ):
                return public(response, request)
            return private(response)

        shared_view.shared_query = query
        return shared_view

    return decorator


def _personal(response) -> bool:
    """The view said its answer is for this reader only: its own Cache-Control, a cookie,
    or a Vary on the reader's cookies."""
    control = response.get("Cache-Control", "")
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    return "private" in control or "no-store" in control or bool(response.cookies) or "cookie" in vary


def public(response, request):
    """Headers of a page any cache may share."""
    keys = sorted(getattr(request, "cache_keys", ()))
    response["Cache-Control"] = public_cache_control(getattr(request, "cache_fresh_until", None))
    response["xkey"] = " ".join(keys)  # Varnish's xkey vmod
    response["Surrogate-Key"] = " ".join(keys)  # the same for CDNs that purge by key
    response.shared = True
    return response


def private(response):
    response["Cache-Control"] = "private, no-store"
    for header in ("xkey", "Surrogate-Key"):
        if header in response:
            del response[header]
    return response


def _etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def _storable(response) -> bool:
    if not getattr(response, "shared", False) or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or len(response.content) > MAX_STORED_BYTES:
        return False
    control = response.get("Cache-Control", "")
    if "public" not in control or "private" in control or "no-store" in control:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if getattr(response, "any_language", False):
        vary.discard("accept-language")
    return vary <= {"accept-encoding"}


def page_of(response, request, fresh_until: float | None) -> Page:
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in _NOT_STORED)
    body = response.content
    return Page(
        stamp=request.cache_stamp,
        keys=frozenset(request.cache_keys),
        headers=headers,
        body=body,
        etag=_etag(body),
        fresh_until=fresh_until,
        includes=includes_of(body),
    )


def valid_until(request, moment: datetime | None) -> None:
    """What the page being rendered shows changes by itself at ``moment`` (an alert
    expires), with nothing to announce it: it is stored and shared until then at most."""
    if moment is None:
        return
    at = moment.timestamp()
    current = getattr(request, "cache_fresh_until", None)
    request.cache_fresh_until = at if current is None else min(current, at)


# --- includes: parts put in on the way out ---------------------------------------------------------

INCLUDE_PREFIX = "/_edge/"
# Only the markup ``include_markup`` writes: the site's own, in a template. Readers' text
# reaches pages escaped (``&lt;esi:include``), and a part is never looked for elsewhere.
_INCLUDE = re.compile(rb'<esi:include src="(/_edge/[A-Za-z0-9_-]+/[A-Za-z-]+/)"/>')
SURROGATE_CONTROL = ("Surrogate-Control", 'content="ESI/1.0"')
# In the environ of a request the page cache makes for a part: its answer is never put
# together in turn.
INCLUDED = "core.pagecache.included"
# What a request for a part keeps of the request of its page: where it was sent (host,
# scheme as the trusted proxy said it), nothing of the reader (no cookie, no copy to
# revalidate, no language asked for).
_INCLUDE_KEEPS = ("HTTP_HOST", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR")


def include_markup(path: str) -> str:
    """Where the part at ``path`` (under INCLUDE_PREFIX) goes in a page."""
    if not _INCLUDE.fullmatch(f'<esi:include src="{path}"/>'.encode()):
        raise ValueError(f"Not the path of an include: {path!r}")
    return f'<esi:include src="{path}"/>'


def includes_of(body: bytes) -> tuple[str, ...]:
    """The paths of the parts ``body`` includes, each once."""
    if b"<esi:include" not in body:
        return ()
    return tuple(dict.fromkeys(match.decode() for match in _INCLUDE.findall(body)))


def assemble(body: bytes, parts: dict[str, bytes]) -> bytes:
    """``body`` with each include replaced by its part (nothing for a part not given)."""
    return _INCLUDE.sub(lambda match: parts.get(match.group(1).decode(), b""), body)


def edge_assembles(meta: dict) -> bool:
    """The cache in front puts the parts in itself (Varnish with the shipped VCL says so in
    ``Surrogate-Capability``). Believed from the trusted proxy only: a reader who claimed it
    would get the page without its parts, and so would whoever shares their cache."""
    return "ESI/1.0" in meta.get("HTTP_SURROGATE_CAPABILITY", "") and from_trusted_proxy(meta)


def _assembled_etag(etag: str, parts: dict[str, bytes]) -> str:
    """The ETag of a page with its parts in: a reader's copy is current only while the page
    and every part are."""
    digest = hashlib.sha256(etag.encode())
    for path in sorted(parts):
        digest.update(b"\0" + path.encode() + b"\0" + parts[path])
    return f'"{digest.hexdigest()[:32]}"'


def stored_include(origin_url: str, path: str) -> Page | None:
    """The current stored answer for the part at ``path``, judged by what this process knows
    now (the page it goes in was just judged the same way)."""
    key = page_key(origin_url, path, "")
    copy = _copies.get(key)
    if copy is not None and copy.is_current():
        return copy
    # Out of date here: another process may have stored the new one already (an alert
    # posted is rendered once, not once by every process).
    kept = store()
    if kept is None:
        return None
    try:
        page = kept.get_many([PAGE_PREFIX + key])[0]
    except _CACHE_ERRORS as error:
        _breaker.trip(error)
        return None
    if not isinstance(page, Page) or not page.is_current():
        return None
    _keep_copy(key, page)
    return page


def stored_parts(origin_url: str, page: Page) -> dict[str, bytes] | None:
    """The current stored parts of ``page``; None when one of them is not (it is rendered)."""
    parts = {}
    for path in page.includes:
        found = stored_include(origin_url, path)
        if found is None:
            return None
        parts[path] = found.body
    return parts


def include_environ(meta: dict, path: str) -> dict:
    """The environ of a request for the part at ``path``, made for the page ``meta`` asked for."""
    environ = {
        name: value for name, value in meta.items() if not name.startswith("HTTP_") or name in _INCLUDE_KEEPS
    }
    for name in ("CONTENT_LENGTH", "CONTENT_TYPE", "SCRIPT_URL", "REDIRECT_URL", LOOKED_UP):
        environ.pop(name, None)
    environ.update(
        {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "wsgi.input": io.BytesIO(b""),
            INCLUDED: True,
        }
    )
    return environ


# --- the two doors --------------------------------------------------------------------------------


def shared_max_age(fresh_until: float | None) -> int:
    """The s-maxage of a shared page: the setting, shortened to end when the next
    scheduled article goes live (nothing announces that moment)."""
    age = settings.SHARED_MAX_AGE
    if fresh_until is not None:
        age = max(0, min(age, int(fresh_until - time.time())))
    return age


def public_cache_control(fresh_until: float | None) -> str:
    return f"public, max-age=0, s-maxage={shared_max_age(fresh_until)}"


# A cache in front (Varnish, deploy/varnish/default.vcl) sends the id of the last change it
# heard about; every answer tells it which keys changed since. It so learns of changes on
# its ordinary traffic, even when no purge can reach it.
SEEN = "HTTP_X_INVALIDATIONS_SEEN"
MAX_KEYS_TOLD = 500
# The longest cursor a front is ever given: ``upto`` and at most CURSOR_ABOVE ids, each a
# bigint (19 digits) and its separator. Longer is no cursor of ours, and is not read (an
# integer of thousands of digits is refused by Python itself).
MAX_SEEN_LENGTH = 20 * (CURSOR_ABOVE + 1)


def asked_by_front(meta: dict) -> bool:
    """The cache in front asks what changed. Only the trusted proxy may ask
    (``NEWSROOM_TRUSTED_PROXIES``): a reader's question would make the answer wait for a
    look at the log and tell them what the site changed."""
    return SEEN in meta and from_trusted_proxy(meta)


def changes_for_front(meta: dict, stamp: Stamp | None) -> list[tuple[str, str]]:
    """Headers telling the cache in front what changed since what it was last told."""
    if stamp is None or not asked_by_front(meta):
        return []
    seen = meta[SEEN]
    told = [("X-Invalidations-Upto", stamp.cursor())]
    if not seen:
        return told  # it has heard nothing yet (just started): it holds nothing older
    seen_stamp = Stamp.from_cursor(seen) if len(seen) <= MAX_SEEN_LENGTH else None
    if seen_stamp is None:
        return [("X-Invalidate-All", "1"), *told]  # not a cursor it was given: drop everything
    keys = knowledge.keys_since(seen_stamp, stamp)
    if keys is None or len(keys) > MAX_KEYS_TOLD:
        return [("X-Invalidate-All", "1"), *told]
    if keys:
        # A regular expression over an object's xkey header (keys are [a-z0-9:-] only).
        told.append(("X-Invalidate-Pattern", f"(^|[[:blank:]])({'|'.join(keys)})([[:blank:]]|$)"))
    return told


def answer(
    meta: dict, page: Page, *, hit: bool | str, parts: dict[str, bytes] | None = None
) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body of a stored page; 304 when the reader's copy is current.
    ``hit``: True, False (just rendered) or "stale" (a soft change is being rendered).
    ``parts``: what goes in the page's includes, unless the cache in front puts them in."""
    state = hit if isinstance(hit, str) else ("hit" if hit else "miss")
    body, etag, told = page.body, page.etag, []
    if page.includes and edge_assembles(meta) and not meta.get(INCLUDED):
        told.append(SURROGATE_CONTROL)
    elif page.includes:
        body = assemble(page.body, parts or {})
        etag = _assembled_etag(page.etag, parts or {})
    headers = [
        *page.headers,
        ("Cache-Control", public_cache_control(page.fresh_until)),
        ("ETag", etag),
        ("X-Page-Cache", state),
        *told,
    ]
    if meta.get("HTTP_IF_NONE_MATCH") == etag:
        return 304, headers, b""
    headers.append(("Content-Length", str(len(body))))
    return 200, headers, body


class PageCacheMiddleware:
    """First in MIDDLEWARE: it sees every answer with the headers the others add."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._answer(request)
        if not getattr(response, "assembled", False):
            response = self._put_parts_in(request, response)
        return response

    def _answer(self, request):
        meta = request.META
        front = asked_by_front(meta)
        query = shareable(meta)
        if query is None:
            request.shareable = False
            return self._unstored(request, front)
        request.get_host()  # a host outside ALLOWED_HOSTS gets its 400 before anything is stored
        origin = request_origin(meta)
        request.shareable = True
        request.cache_keys = set()
        if origin is None or not is_shared_view(request.path_info, getattr(request, "urlconf", None)):
            # Search, the root redirect, a 404: rendered as they are, at no cost here.
            return self._unstored(request, front)
        key = page_key(origin.url, request.path, query)
        use_store = settings.PAGE_CACHE
        if use_store and not meta.get(LOOKED_UP):
            page, looked = lookup(key, allow_stale=not front)
            if page is not None:
                return self._respond(request, page, hit=True if looked else "stale", stamp=looked)
        if not origin.as_named:
            # Another spelling of the site's host, and nothing stored yet: rendered for
            # this request alone (a feed names the host as it was sent).
            request.shareable = False
            return self._unstored(request, front)
        # Before rendering: the page shows at least every change known now.
        wanted = use_store or front  # for the store, or to tell the cache in front
        stamp = knowledge.stamp() if wanted and knowledge.refresh(now=use_store) else None
        if use_store:
            request.cache_stamp = stamp
        with primary_reads():
            request.cache_fresh_until = _fresh_until() if stamp is not None else None
            response = self.get_response(request)
        if getattr(response, "shared", False):
            _drop_accept_language(response)
            if use_store and stamp is not None and _storable(response):
                page = page_of(response, request, request.cache_fresh_until)
                _put(PAGE_PREFIX + key, page)
                _keep_copy(key, page)
                _release_render(key)
                response = self._respond(request, page, hit=False)
        return _tell_front(response, meta, stamp)

    def _unstored(self, request, front: bool):
        """Rendered as for anyone, never stored; the cache in front is told what changed."""
        stamp = knowledge.stamp() if front and knowledge.refresh() else None
        return _tell_front(self.get_response(request), request.META, stamp)

    def _respond(self, request, page: Page, *, hit: bool | str, stamp: Stamp | None = None):
        meta = request.META
        parts = None
        if page.includes and not edge_assembles(meta) and not meta.get(INCLUDED):
            parts = self._parts(request, page.includes)
        status, headers, body = answer(meta, page, hit=hit, parts=parts)
        headers += changes_for_front(meta, stamp)
        response = HttpResponseNotModified() if status == 304 else HttpResponse(body)
        for name, value in headers:
            response[name] = value
        response.assembled = True
        return response

    # --- includes ---------------------------------------------------------------------------------

    def _put_parts_in(self, request, response):
        """A page Django rendered for this request alone (personal, search, a 404) gets its
        parts as a stored page does; a failing site's (5xx) and a part's own get none."""
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        body = response.content
        paths = includes_of(body)
        if not paths:
            return response
        meta = request.META
        if response.status_code < 500 and not meta.get(INCLUDED) and edge_assembles(meta):
            response[SURROGATE_CONTROL[0]] = SURROGATE_CONTROL[1]
            return response
        parts = self._parts(request, paths) if response.status_code < 500 and not meta.get(INCLUDED) else {}
        response.content = assemble(body, parts)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response

    def _parts(self, request, paths: tuple[str, ...]) -> dict[str, bytes]:
        """Each part's current stored copy, or its answer rendered now (and stored)."""
        origin = request_origin(request.META) if settings.PAGE_CACHE else None
        known = origin is not None and knowledge.refresh()
        parts = {}
        for path in paths:
            found = stored_include(origin.url, path) if known and origin is not None else None
            parts[path] = found.body if found is not None else self._render_part(request, path)
        return parts

    def _render_part(self, request, path: str) -> bytes:
        """The part at ``path`` as this stack answers it to a reader with nothing of their
        own, stored on the way when it is shared; nothing when it cannot be had."""
        with translation.override(translation.get_language()):  # its request activates its own
            response = self(WSGIRequest(include_environ(request.META, path)))
        if response.status_code != 200 or response.streaming:
            return b""
        return response.content


_REASONS = {200: "200 OK", 304: "304 Not Modified"}


def _drop_accept_language(response) -> None:
    """LocaleMiddleware names Accept-Language for addresses without a language prefix; an
    ``any_language`` answer was rendered in the default language whatever was asked."""
    if getattr(response, "any_language", False) and "Vary" in response:
        parts = [part.strip() for part in response["Vary"].split(",")]
        kept = [part for part in parts if part and part.lower() != "accept-language"]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]


def _tell_front(response, meta: dict, stamp: Stamp | None):
    for name, value in changes_for_front(meta, stamp):
        response[name] = value
    return response


@functools.lru_cache(maxsize=4096)
def is_shared_view(path: str, urlconf=None) -> bool:
    """The view at ``path`` opted into shared caching (``shared_page``)."""
    language = translation.get_language_from_path(path)
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            match = resolve(path, urlconf)
    except Resolver404:
        return False
    return hasattr(match.func, "shared_query")


@receiver(setting_changed)
def _forget_views(setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # tests swap URL configurations
        is_shared_view.cache_clear()


class CachedPages:
    """WSGI wrapper: answers current stored pages before Django builds a request."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if settings.PAGE_CACHE:
            query = shareable(environ)
            shared = query is not None and is_shared_view(get_path_info(environ) or "/")
            origin = request_origin(environ) if shared else None  # None: Django's 400 for the host
            if query is not None and origin is not None:
                key = page_key(origin.url, environ_path(environ), query)
                page, stamp = lookup(key, allow_stale=not asked_by_front(environ))
                parts = self._parts(environ, origin.url, page) if page is not None else None
                if page is not None and parts is not None:
                    status, headers, body = answer(environ, page, hit=True if stamp else "stale", parts=parts)
                    headers += changes_for_front(environ, stamp)
                    present = {name.lower() for name, _value in headers}
                    headers += [
                        (name, value)
                        for name, value in security_headers(environ_path(environ))
                        if name.lower() not in present
                    ]
                    start_response(_REASONS[status], headers)
                    return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]
                if page is None:
                    environ[LOOKED_UP] = True
                # else: a part of the page is not current; Django renders it and puts it in.
        return self.application(environ, start_response)

    @staticmethod
    def _parts(environ: dict, origin_url: str, page: Page) -> dict[str, bytes] | None:
        if not page.includes or edge_assembles(environ):
            return {}
        return stored_parts(origin_url, page)
