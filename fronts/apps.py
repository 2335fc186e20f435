from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontsConfig(AppConfig):
    """The home page and the section fronts as editors arrange them."""

    name = "fronts"
    verbose_name = _("Fronts")
