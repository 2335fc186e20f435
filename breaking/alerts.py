"""State changes of «عاجل»: the admin, commands and anything else call these.

``post_alert`` and ``withdraw_alert`` take the acting user as ``by`` (None: the system),
check the permission themselves and leave their record on the alert (who, when). Each
invalidates the alert's key in its transaction (``core.invalidation``): once it commits,
the edge part that shows the alert is out of date in every process and every cache in
front, and nothing else is.
"""

import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from articles.text.housestyle import house_rules
from core.invalidation import invalidate

from .keys import ALERT
from .models import LINK_MAX_LENGTH, TEXT_MAX_LENGTH, Alert
from .vocabulary import Refusal, State

logger = logging.getLogger(__name__)

PERMISSION = "breaking.post_alert"
DEFAULT_LASTS = timedelta(minutes=30)
LONGEST = timedelta(hours=24)  # news older than a day is no longer breaking

MESSAGES: dict[Refusal, Promise] = {
    Refusal.NO_TEXT: _("Write the alert in Arabic, in English, or in both."),
    Refusal.NOT_ONE_LINE: _("An alert is one line: remove the line breaks."),
    Refusal.TOO_LONG: _("An alert is at most %(limit)d characters long."),
    Refusal.UNSAFE_LINK: _(
        "The link must be an address on this site (starting with /) or an https:// address."
    ),
    Refusal.BAD_DURATION: _("An alert lasts from one minute to 24 hours."),
    Refusal.ALREADY_WITHDRAWN: _("This alert was already withdrawn."),
    Refusal.ALREADY_ENDED: _("This alert has already ended."),
}


def refused(refusal: Refusal, **params) -> ValidationError:
    return ValidationError(MESSAGES[refusal], code=refusal, params=params or None)


def _require(by) -> None:
    if by is not None and not by.has_perm(PERMISSION):
        raise PermissionDenied(_("You may not post or withdraw alerts."))


# --- what an alert may say -------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """One line of the newsroom's house style (``articles.text.housestyle``); refuses line
    breaks and what is longer than a line."""
    text = text.strip()
    # \n, \r, the Unicode line and paragraph separators, and any other control character
    if len(text.splitlines()) > 1 or any(ord(character) < 32 or ord(character) == 127 for character in text):
        raise refused(Refusal.NOT_ONE_LINE)
    text = house_rules(text)
    if len(text) > TEXT_MAX_LENGTH:
        raise refused(Refusal.TOO_LONG, limit=TEXT_MAX_LENGTH)
    return text


_https = URLValidator(schemes=["https"])


def clean_link(link: str) -> str:
    """A page of this site (``/ar/…``) or an https address; nothing a browser could run
    (``javascript:``, ``data:``) or send elsewhere by another spelling (``//host``,
    ``/\\host``)."""
    link = link.strip()
    if not link:
        return ""
    if len(link) > LINK_MAX_LENGTH or any(character.isspace() or ord(character) < 32 for character in link):
        raise refused(Refusal.UNSAFE_LINK)
    if link.startswith("/"):
        parts = urlsplit(link)
        if link.startswith("//") or "\\" in link or parts.scheme or parts.netloc:
            raise refused(Refusal.UNSAFE_LINK)
        return link
    try:
        _https(link)
    except ValidationError:
        raise refused(Refusal.UNSAFE_LINK) from None
    return link


def check_lasts(lasts: timedelta) -> None:
    if not timedelta(minutes=1) <= lasts <= LONGEST:
        raise refused(Refusal.BAD_DURATION)


# --- the state changes -----------------------------------------------------------------------------


@transaction.atomic
def post_alert(
    *, by, text_ar: str = "", text_en: str = "", link: str = "", lasts: timedelta = DEFAULT_LASTS
) -> Alert:
    """Put an alert on every page in the languages it is written in, for ``lasts``; it
    takes the place of the live alert of each of those languages. Raises PermissionDenied,
    or ValidationError with a ``Refusal`` code."""
    _require(by)
    texts = {"ar": clean_text(text_ar), "en": clean_text(text_en)}
    if not any(texts.values()):
        raise refused(Refusal.NO_TEXT)
    check_lasts(lasts)
    now = timezone.now()
    alert = Alert.objects.create(
        text_ar=texts["ar"],
        text_en=texts["en"],
        link=clean_link(link),
        posted_at=now,
        posted_by=by,
        expires_at=now + lasts,
    )
    invalidate(ALERT)
    logger.info("Alert %s posted by %s until %s.", alert.pk, by, alert.expires_at.isoformat())
    return alert


@transaction.atomic
def withdraw_alert(alert: Alert, *, by) -> Alert:
    """Take a live alert off every page now."""
    _require(by)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    state = alert.state()
    if state == State.WITHDRAWN:
        raise refused(Refusal.ALREADY_WITHDRAWN)
    if state == State.EXPIRED:
        raise refused(Refusal.ALREADY_ENDED)
    alert.withdrawn_at = timezone.now()
    alert.withdrawn_by = by
    alert.save(update_fields=["withdrawn_at", "withdrawn_by"])
    invalidate(ALERT)
    logger.info("Alert %s withdrawn by %s.", alert.pk, by)
    return alert


# --- what readers see ------------------------------------------------------------------------------


def shown_alert(language: str, now: datetime | None = None) -> Alert | None:
    """The alert readers of ``language`` see: the newest live one written in it."""
    if language not in dict(settings.LANGUAGES):
        return None
    return (
        Alert.objects.filter(withdrawn_at__isnull=True, expires_at__gt=now or timezone.now())
        .exclude(**{f"text_{language}": ""})
        .order_by("-posted_at", "-pk")
        .first()
    )
