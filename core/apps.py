from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app stands on: site identity, the page cache, security, shared clients.

    Core imports no app. Apps register what core needs to know about them from their own
    ``ready()`` (see ``core.pagecache``, ``core.personal`` and ``core.views``).
    """

    name = "core"
    verbose_name = _("Site")

    def ready(self):
        # Imported here: apps.py is loaded before the app registry is ready.
        from . import checks, login  # noqa: F401 - register the system checks and login receivers
