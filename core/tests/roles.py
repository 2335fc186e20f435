"""Staff members in the roles the migrations create, for the tests of what each role may
do. The groups are named, not imported: core knows no app. The fixtures ``writer``,
``copy_editor``, ``editor`` and ``moderator`` (the root conftest.py) are made here."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

WRITER = "Writer"
COPY_EDITOR = "Copy editor"
EDITOR = "Editor"
MODERATOR = "Moderator"

PASSWORD = "x"


def in_group(group: str, username: str):
    """A staff member (not a superuser) in ``group`` as its migration made it, with the
    address ``<username>@example.com``."""
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user
