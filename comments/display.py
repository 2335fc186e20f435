"""The comments block under an article: threads, count, own pending comments, the form."""

from datetime import timedelta

from django.conf import settings
from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from articles.models import Article

from .forms import CommentForm
from .models import Comment
from .protection import form_token, shared_form_token
from .threads import PUBLIC_COLUMNS, build_threads

_PENDING_SALT = "comments.pending"


def comments_open(article: Article) -> bool:
    """Open unless archived, closed by an editor, or older than the configured age."""
    if article.status == Article.Status.ARCHIVED or not article.comments_open or not article.is_live:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    return not (days and article.published_at < timezone.now() - timedelta(days=days))


def remember_pending(response, comment: Comment) -> None:
    """Let this browser, and only it, see its comment while it waits for moderation.

    A signed cookie per comment, sent only with the article's page in the language the
    reader posted from: posting stores no session, and the commenter's other pages stay
    shared pages from the page cache.
    """
    response.set_signed_cookie(
        f"{settings.COMMENTS_PENDING_COOKIE_PREFIX}{comment.pk}",
        "1",
        salt=_PENDING_SALT,
        max_age=settings.COMMENTS_PENDING_COOKIE_AGE,
        path=iri_to_uri(comment.article.get_absolute_url()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def own_pending_ids(request) -> list[int]:
    """The comments this browser posted and may still see while they wait."""
    ids = []
    prefix = settings.COMMENTS_PENDING_COOKIE_PREFIX
    for name in request.COOKIES:
        number = name.removeprefix(prefix)
        if name.startswith(prefix) and number.isdigit():
            value = request.get_signed_cookie(
                name, default=None, salt=_PENDING_SALT, max_age=settings.COMMENTS_PENDING_COOKIE_AGE
            )
            if value is not None:
                ids.append(int(number))
    return ids[-50:]


def list_context(request, article: Article, is_open: bool) -> dict:
    """The comments shown: this page of threads (with this reader's own pending comments
    when the page is theirs), the pages, the count. Two queries, whatever the page holds:
    both counts at once, then the page's top-level comments and all their replies."""
    approved = Comment.objects.approved().filter(article=article)
    counts = approved.aggregate(total=Count("id"), top_level=Count("id", filter=Q(depth=0)))
    top_level = approved.filter(depth=0).order_by("created_at", "id")
    page = _comment_page(request, top_level, counts["top_level"])
    shown_roots = (
        top_level.values("pk")[page.start_index() - 1 : page.end_index()] if counts["top_level"] else []
    )
    rows = (
        approved.filter(Q(depth=0, pk__in=shown_roots) | Q(root_id__in=shown_roots))
        .order_by("depth", "created_at", "id")
        .values(*PUBLIC_COLUMNS)
        if counts["top_level"]
        else []
    )
    roots, replies = [], []
    for row in rows:
        (replies if row["depth"] else roots).append(row)
    own_ids = own_pending_ids(request)
    own_pending = (
        Comment.objects.filter(article=article, status=Comment.Status.PENDING, pk__in=own_ids).values(
            *PUBLIC_COLUMNS
        )
        if own_ids
        else ()
    )
    return {
        "article": article,
        "threads": build_threads(roots, replies, own_pending),
        "comment_page": page,
        "comment_count": counts["total"],
        "comments_are_open": is_open,
    }


def form_context(request, article: Article, is_open: bool, form: CommentForm | None, message: str) -> dict:
    """The «اترك تعليقاً» form, kept as the reader typed it when it is shown again. No query."""
    reply_to = form["parent"].value() if form is not None else request.GET.get("replytocom")
    if form is None and is_open:
        form = CommentForm(initial={"parent": reply_to} if reply_to else None)
    return {
        "article": article,
        "comments_are_open": is_open,
        "comment_form": form,
        "comment_token": _form_token(request, article.pk) if is_open else "",
        "comment_message": message,
        "reply_to": reply_to,
    }


def _comment_page(request, top_level, count: int):
    """The page of comments asked for; past the end is a 404, so that no cache keeps the
    last page under every number."""
    paginator = Paginator(top_level, settings.COMMENTS_PER_PAGE)
    paginator.__dict__["count"] = count  # counted with the total, in one query
    try:
        return paginator.page(request.GET.get("cpage") or 1)
    except (EmptyPage, InvalidPage) as missing:
        raise Http404 from missing


def _form_token(request, article_id: int) -> str:
    """A page shared by every reader carries the article's token, without a time (the
    form's script asks for a timed one when the reader starts writing); a page rendered
    for one reader carries a timed token of their own."""
    if getattr(request, "shareable", False):
        return shared_form_token(article_id)
    return form_token(article_id)
