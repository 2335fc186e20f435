"""Background work for comments. Tasks take ids and call the named functions."""

from celery import shared_task


@shared_task(name="comments.tasks.moderate_comment")
def moderate_comment(comment_id: int) -> None:
    """Placeholder hand-off: the spam judge plugs in here; until then an editor decides.

    It tells moderators a comment is waiting.
    """
    from .notifications import notify_moderators

    notify_moderators(comment_id)


@shared_task(name="comments.tasks.notify_reply")
def notify_reply(comment_id: int) -> None:
    from .notifications import notify_parent_author

    notify_parent_author(comment_id)
