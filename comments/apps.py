from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        """Tell core what only comments know: the page cache fills in each reader's form
        token, a pending-comment cookie makes a page personal, the form's target is never
        a shared page, and a deleted comment leaves every page it was on."""
        # Imported here: apps.py is loaded before the app registry is ready.
        from django.conf import settings
        from django.db.models.signals import post_delete

        from core import pagecache, personal

        from . import checks  # noqa: F401 - registers the system checks
        from .protection import FORM_TOKEN_PLACEHOLDER, form_token_bytes

        pagecache.register_placeholder(FORM_TOKEN_PLACEHOLDER, form_token_bytes)
        pagecache.never_share("comments/post/")
        personal.register_personal_cookie(settings.COMMENTS_PENDING_COOKIE_PREFIX)
        post_delete.connect(
            pagecache.forget_pages_on_delete,
            sender=self.get_model("Comment"),
            dispatch_uid="pagecache-comment",
        )
