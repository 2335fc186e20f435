"""Thin receivers: a comment readers can see (approved, or approved until now) that is
saved or deleted invalidates its article's comments and the comments feed, in the same
transaction. Connected in ``CommentsConfig.ready``. Pending comments change no shared page,
so the steady stream of new submissions invalidates nothing."""

from core.invalidation import invalidate

from .cache_keys import COMMENTS_FEED, comments_key
from .models import Comment


def _is_or_was_public(comment: Comment) -> bool:
    approved = Comment.Status.APPROVED
    return comment.status == approved or getattr(comment, "_loaded_status", None) == approved


def comment_saved(sender, instance: Comment, **kwargs) -> None:
    if _is_or_was_public(instance):
        invalidate(comments_key(instance.article_id), COMMENTS_FEED)
    instance._loaded_status = instance.status


def comment_deleted(sender, instance: Comment, **kwargs) -> None:
    if _is_or_was_public(instance):
        invalidate(comments_key(instance.article_id), COMMENTS_FEED)
