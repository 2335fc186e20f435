"""Mail to the desk: reviewers when a story is submitted, its writer when it is sent
back. Only the Celery task calls these (a mail server that is down never costs a save).

``DESK_NOTIFICATIONS`` picks the channel: ``email`` (the default, through the site's mail
settings) or ``none``.
"""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from articles.models import Article, AuditAction, AuditEntry
from core.mail import one_line, send_separately
from core.site import public_path, site_name
from core.staff import staff_emails

from .records import PUBLISH, REVIEW

logger = logging.getLogger(__name__)


def reviewers(except_user_id: int | None) -> list[str]:
    """Active staff who may approve or publish, each address once."""
    return staff_emails(REVIEW, PUBLISH, except_user_id=except_user_id)


def last_actor(article: Article, action: str):
    entry = AuditEntry.objects.filter(article=article, action=action).select_related("user").first()
    return entry.user if entry else None


def message_for(article: Article, event: str) -> tuple[str, str, list[str]] | None:
    link = public_path(reverse("admin:articles_article_change", args=[article.pk]))
    if event == AuditAction.SUBMIT:
        writer = last_actor(article, AuditAction.SUBMIT)
        subject = gettext("Waiting for review: %(title)s") % {"title": article.title}
        who = writer.get_username() if writer else gettext("the system")
        body = gettext("%(who)s submitted «%(title)s» for review.") % {"who": who, "title": article.title}
        return subject, f"{body}\n\n{link}\n", reviewers(writer.pk if writer else None)
    if event == AuditAction.SEND_BACK:
        writer = last_actor(article, AuditAction.SUBMIT)
        note = article.notes.first()
        if writer is None or not writer.email:
            return None
        subject = gettext("Sent back: %(title)s") % {"title": article.title}
        body = gettext("«%(title)s» was sent back to you with this note:") % {"title": article.title}
        return subject, f"{body}\n\n{note.text if note else ''}\n\n{link}\n", [writer.email]
    return None


def notify_desk(article_id: int, event: str) -> int:
    """Mail the desk about ``event`` on the article; returns how many were sent."""
    if settings.DESK_NOTIFICATIONS != "email":
        return 0
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        message = message_for(article, event)
    if message is None:
        return 0
    subject, body, recipients = message
    sent = send_separately(one_line(f"[{site_name()}] {subject}"), body, recipients)
    logger.info("Told %d people on the desk about %s on article %s", sent, event, article_id)
    return sent
