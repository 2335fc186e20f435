"""Proof that the browser sending a comment is the one that confirmed its address.

A confirmed address is only a fact about the address: anyone can type it into the form.
What the spam checker's trust and reply mail need is proof about the sender, so the button
behind the confirmation link leaves a key in the browser that pressed it, and a comment
sent from that browser with that address is proven (``Comment.address_proven``). Each
such comment renews the key.

The key is an HMAC of the address's keyed hash under the site's secret, signed and dated:
it carries neither the address nor the hash the database keeps, and nobody can make one
for an address without the secret. It is read on the comment form's POST only, and its
path keeps browsers from sending it with anything else: no page is made personal by it
(``core.personal``), and the page cache keeps serving its holder the shared pages. No
session is created. One address per browser: confirming another replaces it.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac

COOKIE_PREFIX = "comment_sender_"  # not a personal prefix: see the docstring
_SALT = "comments.sender"


def sender_key(email_hash: str) -> str:
    """What the cookie holds for an address, derived from its keyed hash for this purpose
    alone."""
    return salted_hmac(_SALT, email_hash, algorithm="sha256").hexdigest()


def _cookie_name(language: str) -> str:
    return f"{COOKIE_PREFIX}{language}"


def _form_path(language: str) -> str:
    """Where the comment form posts in ``language``: /ar/comments/post/ (a cookie's path
    cannot be a pattern, so the form's address for one article is cut after the prefix)."""
    with translation.override(language):
        one_article = reverse("comments:post", kwargs={"article_id": 1})
    return one_article.removesuffix("1/")


def remember_sender(response, email_hash: str) -> None:
    """Leave in this browser the key that proves it may use the address (one cookie per
    language, since each language's form posts to its own path)."""
    if not email_hash:
        return
    for language, _name in settings.LANGUAGES:
        response.set_signed_cookie(
            _cookie_name(language),
            sender_key(email_hash),
            salt=_SALT,
            max_age=settings.COMMENTS_SENDER_COOKIE_AGE,
            path=_form_path(language),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Strict",  # only ever sent with the site's own form
        )


def proves_address(request, email_hash: str) -> bool:
    """Whether the browser behind ``request`` holds the key for this address. An altered,
    expired or foreign cookie proves nothing (and is no error)."""
    if not email_hash:
        return False
    wanted = sender_key(email_hash)
    for name in request.COOKIES:
        if not name.startswith(COOKIE_PREFIX):
            continue
        held = request.get_signed_cookie(
            name, default=None, salt=_SALT, max_age=settings.COMMENTS_SENDER_COOKIE_AGE
        )
        if held is not None and constant_time_compare(held, wanted):
            return True
    return False
