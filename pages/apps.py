from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The site's own pages: about us, contact, privacy policy, terms, corrections policy."""

    name = "pages"
    verbose_name = _("Site pages")
