from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The site's own pages: about us, contact, privacy policy, terms, corrections policy."""

    name = "pages"
    verbose_name = _("Site pages")

    def ready(self):
        """Tell core what only this app knows: its pages are linked from every page's footer
        (``core.site_links``), their previews are not for crawlers, and a page deleted outside
        the state changes still leaves every page that showed it."""
        # Imported here: apps.py is loaded before the app registry is ready.
        from django.db.models.signals import post_delete

        from core import site_links, views

        from . import footer, keys, signals
        from .models import Page

        site_links.register("pages", footer.footer_links, keys=(keys.PAGES,), order=10)
        views.disallow_in_robots("/*/pages/preview/")
        post_delete.connect(signals.page_deleted, sender=Page, dispatch_uid="pages-invalidate-delete")
