"""Checks at the door, before a comment is stored: form token, rate limits, duplicates."""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from core.security import counted_address
from core.shared_redis import COUNTER_ERRORS, counter_redis, counters_breaker, process_counts
from core.text import normalize_arabic

from .models import Comment
from .privacy import keyed_hash

TOKEN_SALT = "comments.form"  # noqa: S105 - a signing namespace, not a secret
SHARED_TOKEN_SALT = "comments.form.shared"  # noqa: S105 - likewise


class TamperedForm(Exception):
    """The form's signed token is missing, forged, or for another article."""


class ExpiredForm(Exception):
    """The form was loaded too long ago; the reader should simply send it again."""


def form_token(article_id: int, now: float | None = None) -> str:
    """A signed (article, time the reader started the form) pair for the hidden field: on a
    page rendered for one reader, or fetched by the form's script when the reader starts
    writing on a page shared by everyone."""
    return signing.dumps({"a": article_id, "t": int(now or time.time())}, salt=TOKEN_SALT, compress=True)


def shared_form_token(article_id: int) -> str:
    """The token of a page that is the same bytes for every reader: the article alone,
    signed, with no time in it (the time a cached copy was made says nothing of a reader)."""
    return signing.Signer(salt=SHARED_TOKEN_SALT).sign_object({"a": article_id})


def check_form_token(token: str, article_id: int, now: float | None = None) -> float | None:
    """Seconds since the reader started the form, or None when the token carries no time
    (a shared page sent without its script: the timing rule then has no evidence).
    Raises TamperedForm or ExpiredForm."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        try:
            data = signing.Signer(salt=SHARED_TOKEN_SALT).unsign_object(token)
        except (signing.BadSignature, ValueError) as bad:
            raise TamperedForm from bad
        if not isinstance(data, dict) or data.get("a") != article_id or "t" in data:
            raise TamperedForm from None
        return None
    if not isinstance(data, dict) or data.get("a") != article_id or not isinstance(data.get("t"), int):
        raise TamperedForm
    elapsed = (now or time.time()) - data["t"]
    if elapsed > settings.COMMENTS_FORM_MAX_AGE:
        raise ExpiredForm
    return elapsed


def too_fast(elapsed_seconds: float | None) -> bool:
    return elapsed_seconds is not None and elapsed_seconds < settings.COMMENTS_MIN_SECONDS_TO_SUBMIT


def over_rate_limit(ip: str, email: str) -> bool:
    """True when this address or email has posted too often in the current window. An
    IPv6 address is counted by its /64: a reader's provider gives them all of it.

    Counters live in the counters' Redis. When it cannot count (down, paused, full), this
    process counts instead: a reader under the limit still has their comment stored, and
    the limit still holds (per process) instead of letting everything through.
    """
    window = settings.COMMENTS_RATE_WINDOW_SECONDS
    bucket = int(time.time() // window)
    address = keyed_hash(counted_address(ip), "ip")
    keys = {
        f"comments:rate:ip:{address}:{bucket}": settings.COMMENTS_RATE_LIMIT_PER_IP,
        f"comments:rate:email:{keyed_hash(email, 'email')}:{bucket}": settings.COMMENTS_RATE_LIMIT_PER_EMAIL,
    }
    counts = _count(list(keys), window)
    return any(count > limit for count, limit in zip(counts, keys.values(), strict=True))


def _count(keys: list[str], window: int) -> list[int]:
    """Add one to each counter, each expiring ``window`` seconds after it was started;
    with Redis, one round trip for all of them. The larger of Redis's count and what this
    process counted while Redis could not."""
    counted = None
    if not counters_breaker.open():
        try:
            counted = _count_in(keys, window)
        except COUNTER_ERRORS as error:
            counters_breaker.trip(error)
    if counted is None:
        counted = [_count_here(key, window) for key in keys]
    here = process_counts.get_many(keys)
    return [max(count, here.get(key, 0)) for key, count in zip(keys, counted, strict=True)]


def _count_in(keys: list[str], window: int) -> list[int]:
    kept = counter_redis()
    if kept is None:  # the in-memory cache (development)
        counts = []
        for key in keys:
            cache.add(key, 0, timeout=window)
            counts.append(cache.incr(key))
        return counts
    client, prefix = kept
    pipe = client.pipeline(transaction=False)
    for key in keys:
        pipe.set(prefix + key, 0, ex=window, nx=True)
        pipe.incr(prefix + key)
    return pipe.execute()[1::2]


def _count_here(key: str, window: int) -> int:
    process_counts.add(key, 0, timeout=window)
    return process_counts.incr(key)


def is_duplicate(article_id: int, email_hash: str, text: str) -> bool:
    """The same person already posted this text on this article (spacing, case and
    Arabic spelling variants ignored)."""
    wanted = normalize_arabic(text)
    earlier = Comment.objects.filter(article_id=article_id, email_hash=email_hash).values_list(
        "text", flat=True
    )
    return any(normalize_arabic(previous) == wanted for previous in earlier[:200])
