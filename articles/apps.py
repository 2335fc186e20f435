from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.db.models.signals import post_delete

        from newsroom.pagecache import forget_pages_on_delete

        post_delete.connect(
            forget_pages_on_delete, sender=self.get_model("Article"), dispatch_uid="pagecache-article"
        )
