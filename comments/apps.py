from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        """Tell core what only comments know: comment pages are numbered with ``cpage``, a
        reply form opened with ``replytocom`` and a pending-comment cookie make a page
        personal; put the comments and their form under every article and their count on its
        cards; and invalidate what readers see whenever a public comment changes."""
        # Imported here: apps.py is loaded before the app registry is ready.
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        from articles.reader import counts, page
        from core import pagecache, personal

        from . import (
            checks,  # noqa: F401 - registers the system checks
            signals,
        )
        from .block import comments_block
        from .counts import approved_counts, count_keys, count_label
        from .models import Comment

        pagecache.vary_on_query("cpage")
        pagecache.soft_keys("comments:", "comments-feed")  # an approval takes nothing back
        pagecache.personal_query("replytocom")
        personal.register_personal_cookie(settings.COMMENTS_PENDING_COOKIE_PREFIX)
        # The list and the form end every article page (not a staff preview).
        page.register("comments", comments_block, place=page.Place.END)
        # Story cards say how many comments each story has, and lead to them.
        counts.register("comments", approved_counts, keys=count_keys, label=count_label, anchor="#comments")
        post_save.connect(signals.comment_saved, sender=Comment, dispatch_uid="comments-saved")
        post_delete.connect(signals.comment_deleted, sender=Comment, dispatch_uid="comments-deleted")
