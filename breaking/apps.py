from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreakingConfig(AppConfig):
    """«عاجل»: the one-line alert on every public page."""

    name = "breaking"
    verbose_name = _("Breaking news")

    def ready(self):
        """Tell core what only «عاجل» knows: the part every page includes under its header
        (``core.edge``), which shows the live alert of the page's language."""
        # Imported here: apps.py is loaded before the app registry is ready.
        from core import edge

        from . import checks  # noqa: F401 - registers the system checks
        from .part import alert_part

        edge.register("breaking", alert_part)
