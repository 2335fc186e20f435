"""Editors arrange the home page and the section fronts (``fronts.arrange_front``), which
asks them for their second factor (TWO_FACTOR_PERMISSIONS)."""

from django.db import migrations

from core.group_permissions import grant_to_groups


class Migration(migrations.Migration):
    dependencies = [
        ("fronts", "0001_initial"),
        ("articles", "0002_roles"),  # the Editor group
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [grant_to_groups("fronts", {"Editor": ["arrange_front"]})]
