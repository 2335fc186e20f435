"""Mail any app sends the way comments do: rendered from a pair of templates, one message
per recipient, with signed links that name a row but no address, and the headers that let
a mail client unsubscribe in one click.

Sending belongs in a Celery task, never in a request: a mail server that is down must not
make a reader wait, nor lose what they saved. The salts and the token's shape are part of
every link already mailed; an app that changes them breaks the links in its readers' inboxes.
"""

from django.core import signing
from django.core.mail import get_connection, send_mail
from django.template.loader import render_to_string

# The one key of a link token's payload. It is inside every token mailed so far; a
# different key would make those links read as foreign.
_TOKEN_KEY = "c"  # noqa: S105 - a payload key, not a secret


def one_line(text: str) -> str:
    """``text`` with every run of whitespace folded to one space.

    Django refuses a line break in a header as header injection, and subjects carry names
    and titles typed by readers and editors: fold them rather than fail the mail.
    """
    return " ".join(text.split())


def render_mail(template_prefix: str, context: dict) -> tuple[str, str]:
    """The subject and body rendered from ``<template_prefix>_subject.txt`` and
    ``<template_prefix>_body.txt``, in the active language.

    The subject is folded to one line (``one_line``); the body ends with exactly one line
    break, however the template's last lines are laid out.
    """
    subject = one_line(render_to_string(f"{template_prefix}_subject.txt", context))
    body = render_to_string(f"{template_prefix}_body.txt", context).strip() + "\n"
    return subject, body


def send_separately(subject: str, body: str, recipients: list[str]) -> int:
    """Send the message to each recipient on their own, over one connection; return how
    many were sent. Nobody sees the others' addresses, as they would in a shared ``To``."""
    if not recipients:
        return 0
    with get_connection() as connection:
        for email in recipients:
            send_mail(subject, body, None, [email], fail_silently=False, connection=connection)
    return len(recipients)


def sign_link_token(object_id: int, salt: str) -> str:
    """A token for a link in a mail that names one row by its id, signed and dated.

    It carries no address nor a hash of one, so a forwarded or logged link tells nothing
    about the reader. Each purpose has its own ``salt``: a token signed for one link is
    refused by every other (``read_link_token``).
    """
    return signing.dumps({_TOKEN_KEY: object_id}, salt=salt, compress=True)


def read_link_token(token: str, salt: str, max_age: int | None = None) -> int | None:
    """The id ``token`` was signed for with ``salt``; None when it was altered, signed for
    something else, older than ``max_age`` seconds (when given), or of any other shape.

    A payload that passes the signature is ours, but the shape is checked all the same:
    the key signs other things too, and a token from one of them must name nothing here.
    """
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    object_id = payload.get(_TOKEN_KEY) if isinstance(payload, dict) else None
    # bool is an int too.
    if not isinstance(object_id, int) or isinstance(object_id, bool):
        return None
    return object_id


def unsubscribe_headers(url: str) -> dict[str, str]:
    """The headers of RFC 2369 and RFC 8058 that let a mail client unsubscribe in one
    click, by POSTing ``List-Unsubscribe=One-Click`` to ``url``; none for a relative URL.

    Both RFCs want an absolute URI: a bare path would only confuse the mail client, which
    then falls back to the link in the body. The page at ``url`` must accept that POST
    without a cookie or a CSRF token, and change nothing on a GET (link scanners fetch it).
    """
    if not url.startswith(("https://", "http://")):
        return {}
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
