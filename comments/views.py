"""Posting a comment. The view checks the request and calls ``submit_comment``.

The form sits on pages that are the same bytes for every reader, so it carries no CSRF
token: a forged cross-site POST is refused by ``sent_from_this_site`` (Fetch Metadata,
Origin, Referer) instead, and the commenter's cookies are SameSite.
"""

from django.http import HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from articles.models import Article
from articles.reader.views import render_article
from comments.moderation.vocabulary import Flag
from core.pagecache import private
from core.security import client_ip, sent_from_this_site

from .display import comments_open, remember_pending
from .forms import CommentForm
from .lifecycle import Submission, submit_comment
from .models import MAX_DEPTH, Comment
from .privacy import email_hash
from .protection import (
    ExpiredForm,
    TamperedForm,
    check_form_token,
    form_token,
    is_duplicate,
    over_rate_limit,
    too_fast,
)
from .sender import proves_address, remember_sender


def _valid_parent(article: Article, parent_id: int | None) -> Comment | bool | None:
    """The approved comment of this article being replied to; False when it cannot be."""
    if not parent_id:
        return None
    parent = Comment.objects.filter(pk=parent_id, article=article, status=Comment.Status.APPROVED).first()
    if parent is None or parent.depth >= MAX_DEPTH - 1:
        return False
    return parent


def _show_again(request, article, form, message: str, status: int):
    """The article page again, with the reader's text kept and the reason shown."""
    return render_article(
        request, article, status=status, extra={"comment_form": form, "comment_message": message}
    )


@csrf_exempt  # sent_from_this_site below: the shared page holds no token
@require_POST
def post_comment(request, article_id: int):
    if not sent_from_this_site(request):
        return HttpResponseForbidden(_("This form could not be accepted."), content_type="text/plain")
    article = get_object_or_404(Article.objects.live().select_related("section"), pk=article_id)
    form = CommentForm(request.POST)
    if not comments_open(article):
        return _show_again(request, article, None, _("Comments are closed on this article."), 403)
    try:
        elapsed = check_form_token(request.POST.get("token", ""), article.pk)
    except TamperedForm:
        return HttpResponseBadRequest(_("This form could not be accepted."), content_type="text/plain")
    except ExpiredForm:
        form.is_valid()  # keep what was typed, shown again without error noise
        message = _("This page was open for a long time. Please check your comment and send it again.")
        return _show_again(request, article, form, message, 400)
    if not form.is_valid():
        return _show_again(request, article, form, _("Please correct the errors below."), 400)

    data = form.cleaned_data
    parent = _valid_parent(article, data["parent"])
    if parent is False:
        return _show_again(request, article, form, _("The comment you replied to cannot be answered."), 400)
    ip = client_ip(request)
    if over_rate_limit(ip, data["email"]):
        message = _("You are posting comments too quickly. Please wait a few minutes and try again.")
        return _show_again(request, article, form, message, 429)
    hashed_email = email_hash(data["email"])
    if is_duplicate(article.pk, hashed_email, data["comment"]):
        message = _("Duplicate comment detected: it looks as though you have already said that.")
        return _show_again(request, article, form, message, 409)

    proven = proves_address(request, hashed_email)
    comment = submit_comment(
        Submission(
            article=article,
            author_name=data["author"],
            author_email=data["email"],
            author_url=data["url"],
            text=data["comment"],
            parent=parent,
            notify_replies=data["notify"],
            address_proven=proven,
            ip=ip,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:500],
            language=get_language() or "",
            flags=_flags(data, elapsed),
        )
    )
    response = redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
    response.status_code = 303  # See Other: the browser follows with a GET
    remember_pending(response, comment)
    if proven:
        remember_sender(response, hashed_email)  # renewed by each comment it proves
    return response


def _flags(data: dict, elapsed: float | None) -> list[Flag]:
    """What the form noticed about how the comment was sent, for the spam checker."""
    flags = []
    if data["address"]:
        flags.append(Flag.HONEYPOT)
    if elapsed is None:
        flags.append(Flag.NO_TIMING)  # the shared page's token alone: no script ran
    elif too_fast(elapsed):
        flags.append(Flag.TOO_FAST)
    return flags


@require_safe
def timed_form_token(request, article_id: int):
    """A token that carries the time the reader started writing, for the form's script on a
    page shared by everyone (the spam checker's "sent within seconds" needs the reader's
    time, not the age of a cached copy). Personal to this request, never stored."""
    article = get_object_or_404(Article.objects.live(), pk=article_id)
    if not comments_open(article):
        return private(JsonResponse({"token": ""}, status=403))
    return private(JsonResponse({"token": form_token(article.pk)}))
