from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreakingConfig(AppConfig):
    """«عاجل»: the one-line alert on every public page."""

    name = "breaking"
    verbose_name = _("Breaking news")
