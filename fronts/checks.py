"""Invariants of the fronts' configuration, refused by ``manage.py check``."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from .arranging import ARRANGE


@register(Tags.security)
def arranging_needs_a_second_factor(app_configs, **kwargs) -> list[Error]:
    """Whoever decides what leads the home page reaches as many readers as whoever publishes:
    the same second factor guards both."""
    if ARRANGE not in settings.TWO_FACTOR_PERMISSIONS:
        return [
            Error(
                f"{ARRANGE} is not in TWO_FACTOR_PERMISSIONS: editors could arrange the home page "
                "with a password alone.",
                hint=f"Add '{ARRANGE}' to TWO_FACTOR_PERMISSIONS in the settings.",
                id="fronts.E001",
            )
        ]
    return []
