from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from django.db.models.signals import post_delete

        from newsroom.pagecache import forget_pages_on_delete

        post_delete.connect(
            forget_pages_on_delete, sender=self.get_model("Comment"), dispatch_uid="pagecache-comment"
        )
