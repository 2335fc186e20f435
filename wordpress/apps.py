from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressConfig(AppConfig):
    """Moving a site from WordPress: ``import_wxr`` and the old addresses it keeps."""

    name = "wordpress"
    verbose_name = _("WordPress import")
