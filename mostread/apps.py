from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MostreadConfig(AppConfig):
    """«الأكثر قراءة»: what readers read now, counted without knowing who they are."""

    name = "mostread"
    verbose_name = _("Most read")
