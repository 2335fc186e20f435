from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The site as a whole: settings, URLs, the Celery app, and commands that span apps."""

    name = "newsroom"
    verbose_name = _("Newsroom")
