"""Which requests are personal to someone, and so are never shared between readers.

A logged-in user carries Django's session cookie. Apps name the other cookies that make a
page personal from their ``AppConfig.ready()`` (comments: a commenter's pending-comment
cookies), so that the page cache and the replica router, which know no app, still treat
those readers apart.
"""

from django.conf import settings

_cookie_prefixes: list[str] = []


def register_personal_cookie(prefix: str) -> None:
    """A cookie whose name starts with ``prefix`` makes the page personal."""
    if prefix and prefix not in _cookie_prefixes:
        _cookie_prefixes.append(prefix)


def is_personal(cookies: dict) -> bool:
    """A logged-in user (session), or a cookie an app registered as personal."""
    if settings.SESSION_COOKIE_NAME in cookies:
        return True
    prefixes = tuple(_cookie_prefixes)
    return bool(prefixes) and any(name.startswith(prefixes) for name in cookies)
