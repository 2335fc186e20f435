"""Editors arrange the home page and the section fronts (``fronts.arrange_front``), which
asks them for their second factor (TWO_FACTOR_PERMISSIONS)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {"Editor": ["arrange_front"]}


def ensure_permissions(apps, using):
    """Permissions are normally made after all migrations ran; the group needs this one now."""
    app_config = apps.get_app_config("fronts")
    app_config.models_module = True  # historical app configs have none: "nothing to do"
    try:
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    finally:
        app_config.models_module = None


def grant(apps, schema_editor):
    _apply(apps, schema_editor, add=True)


def revoke(apps, schema_editor):
    _apply(apps, schema_editor, add=False)


def _apply(apps, schema_editor, add: bool):
    using = schema_editor.connection.alias
    ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        permissions = Permission.objects.using(using).filter(content_type__app_label="fronts", codename__in=codenames)
        if add:
            group, _created = Group.objects.using(using).get_or_create(name=name)
            group.permissions.add(*permissions)
        else:
            for group in Group.objects.using(using).filter(name=name):
                group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("fronts", "0001_initial"),
        ("articles", "0002_roles"),  # the Editor group
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
