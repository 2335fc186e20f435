from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveblogConfig(AppConfig):
    """«تغطية مباشرة»: an article that is a live page, its entries and its readers' updates."""

    name = "liveblog"
    verbose_name = _("Live coverage")
