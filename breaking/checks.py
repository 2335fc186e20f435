from django.conf import settings
from django.core.checks import Error, Tags, register

from .alerts import PERMISSION as POST_ALERT
from .models import Alert


@register(Tags.models)
def a_text_for_every_language(app_configs, **kwargs) -> list[Error]:
    """An alert is written per language: every language of the site has its text field."""
    fields = {field.name for field in Alert._meta.get_fields()}
    return [
        Error(
            f"The site speaks {code!r} but an alert has no text_{code}.",
            hint="Add the field to breaking.models.Alert, with a migration.",
            id="breaking.E001",
        )
        for code, _name in settings.LANGUAGES
        if f"text_{code}" not in fields
    ]


@register(Tags.security)
def posting_needs_a_second_factor(app_configs, **kwargs) -> list[Error]:
    """An alert is on every page at once: whoever may post one logs in with a second factor."""
    if POST_ALERT in settings.TWO_FACTOR_PERMISSIONS:
        return []
    return [
        Error(
            f"{POST_ALERT} is not in TWO_FACTOR_PERMISSIONS: an alert could be put on every page with a "
            "password alone.",
            hint=f"Add {POST_ALERT!r} to TWO_FACTOR_PERMISSIONS in the settings.",
            id="breaking.E002",
        )
    ]
