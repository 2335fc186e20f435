"""Who on the staff to tell about something: their addresses, each once."""

from django.contrib.auth import get_user_model


def staff_emails(*permissions: str, except_user_id: int | None = None) -> list[str]:
    """Addresses of the active staff holding any of ``permissions`` (superusers hold them
    all), each once however it is capitalised. Staff only: the links lead to the admin."""
    users = get_user_model().objects.none()
    for permission in permissions:
        users |= get_user_model().objects.with_perm(permission, is_active=True, include_superusers=True)
    users = users.filter(is_staff=True).exclude(email="")
    if except_user_id is not None:
        users = users.exclude(pk=except_user_id)
    unique: dict[str, str] = {}
    for email in users.values_list("email", flat=True):
        unique.setdefault(email.strip().casefold(), email.strip())
    return sorted(unique.values())
