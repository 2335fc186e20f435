from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        """Tell core what only articles know: when a scheduled article goes live (stored
        pages are fresh until then), which pages are never shared nor indexed (previews,
        search results), and that a deleted article leaves every page it was on."""
        # Imported here: apps.py is loaded before the app registry is ready.
        from django.db.models.signals import post_delete

        from core import pagecache, views

        article = self.get_model("Article")
        pagecache.register_expiry(article.objects.next_going_live)
        pagecache.never_share("preview/", "search/")
        views.disallow_in_robots("/*/preview/", "/*/search/")
        post_delete.connect(
            pagecache.forget_pages_on_delete, sender=article, dispatch_uid="pagecache-article"
        )
