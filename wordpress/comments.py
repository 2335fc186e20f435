"""WordPress comments into comments, for ``import_wxr``: threaded by ``comment_parent``,
in their WordPress status, with the same privacy rules as comments posted here.

- 1 → approved, 0 → pending, spam → spam; trash is skipped; pingbacks and trackbacks are
  skipped unless asked for.
- The e-mail address is stored as a native comment's is (never shown; its hash keys
  trust); the IP address only as a keyed hash and a truncated network, and not at all for
  comments older than ``COMMENTS_TRACE_RETENTION_DAYS`` (they would be wiped anyway).
- Approved and spam comments become labelled examples for the spam model, as a
  moderator's decision does.
- Keyed by the export's site and comment id: a second run adds only new comments.
"""

import html
import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from articles.models import Article, ImportedItem
from comments.lifecycle import _thread_position
from comments.models import Comment
from comments.moderation.features import text_key
from comments.moderation.learning import record_label
from comments.privacy import email_hash, keyed_hash, truncated_network

from .posts import when
from .reader import Comment as WXRComment
from .site import Site, imported_id, plain, remember

STATUSES = {"1": Comment.Status.APPROVED, "0": Comment.Status.PENDING, "spam": Comment.Status.SPAM}
PINGS = ("pingback", "trackback")
KIND = ImportedItem.Kind.COMMENT


def import_comments(site: Site, article: Article, comments: list[WXRComment], pings: bool = False) -> None:
    # Parents before their replies: WordPress's ids grow with time.
    for wxr in sorted(comments, key=lambda c: c.comment_id):
        _import_one(site, article, wxr, pings)


def _import_one(site: Site, article: Article, wxr: WXRComment, pings: bool) -> None:
    report = site.report
    if wxr.kind in PINGS and not pings:
        report.skip("comment", wxr.comment_id, f"a {wxr.kind} (use --pings to import them)")
        return
    status = STATUSES.get(wxr.approved)
    if status is None:
        report.skip("comment", wxr.comment_id, f"status «{wxr.approved}»")
        return
    if imported_id(site, KIND, wxr.comment_id):
        report.count(report.unchanged, "comment")
        return
    if not wxr.content.strip():
        report.skip("comment", wxr.comment_id, "no text")
        return
    if site.dry_run:
        report.count(report.imported, "comment")
        return
    parent = None
    if wxr.parent_id:
        parent = Comment.objects.filter(pk=imported_id(site, KIND, wxr.parent_id) or 0).first()
        if parent is None:
            report.note("comment", wxr.comment_id, "its parent was not imported: shown on its own")
    with transaction.atomic():
        comment = _create(site, article, parent, wxr, status)
        remember(site, KIND, wxr.comment_id, comment.pk)
        if status in (Comment.Status.APPROVED, Comment.Status.SPAM):
            record_label(comment, first=True)  # what the old site's moderators decided, learned
    if len(comment_text(wxr.content)) > Comment._meta.get_field("text").max_length:
        report.note("comment", wxr.comment_id, "longer than 5,000 characters: cut")
    report.count(report.imported, "comment")


def _create(site: Site, article: Article, parent, wxr: WXRComment, status: str) -> Comment:
    posted = when(site, wxr) or timezone.now()
    recent = posted >= timezone.now() - timedelta(days=settings.COMMENTS_TRACE_RETENTION_DAYS)
    ip = wxr.ip.strip() if recent else ""
    text = comment_text(wxr.content)[:5000]
    email = wxr.email.strip()[:254]
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        **_thread_position(parent),
        author_name=(plain(wxr.author) or "—")[:100],
        author_email=email,
        author_url=_web_address(wxr.url),
        text=text,
        status=status,
        email_hash=email_hash(email),
        ip_hash=keyed_hash(ip, "ip") if ip else "",
        ip_network=truncated_network(ip) if ip else "",
        text_key=text_key(text),
        language=site.language,
        judged_at=timezone.now() if status != Comment.Status.PENDING else None,
        moderated_at=timezone.now() if status != Comment.Status.PENDING else None,
    )
    # Posted then, not now (created_at is set on insert).
    Comment.objects.filter(pk=comment.pk).update(created_at=posted)
    comment.created_at = posted
    return comment


def comment_text(content: str) -> str:
    """A WordPress comment (a little HTML: line breaks, paragraphs, links, emphasis, and
    entities such as &#039;) as the plain text comments are here."""
    text = re.sub(r"<br\s*/?>", "\n", content or "", flags=re.I)
    text = re.sub(r"\s*</?p\b[^>]*>\s*", "\n\n", text, flags=re.I)
    text = html.unescape(strip_tags(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _web_address(url: str) -> str:
    url = (url or "").strip()
    return url[:200] if urlsplit(url).scheme in ("http", "https") else ""
