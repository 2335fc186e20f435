from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontsConfig(AppConfig):
    """The home page and the section fronts as editors arrange them."""

    name = "fronts"
    verbose_name = _("Fronts")

    def ready(self):
        """Tell articles who arranges its fronts (the layouts in force), and the page cache
        when the next scheduled layout goes live."""
        # Imported here: apps.py is loaded before the app registry is ready.
        from articles.reader import front
        from core import pagecache, views

        from . import (
            checks,  # noqa: F401 - registers the system checks
            current,
            keys,
        )

        front.register(current.arrangement)
        pagecache.register_expiry(current.next_change, key=keys.SCHEDULE)
        views.disallow_in_robots("/*/fronts/preview/")
