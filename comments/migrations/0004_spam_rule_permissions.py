"""Editors tune the spam rules; moderators too, and they may remove a wrong example."""

import importlib

from django.db import migrations

roles = importlib.import_module("comments.migrations.0002_moderator_permissions")

GROUP_PERMISSIONS = {
    "Moderator": ["view_moderationsettings", "change_moderationsettings", "view_spamexample", "delete_spamexample"],
    "Editor": ["view_moderationsettings", "change_moderationsettings"],
}


def grant(apps, schema_editor):
    _apply(apps, schema_editor, add=True)


def revoke(apps, schema_editor):
    _apply(apps, schema_editor, add=False)


def _apply(apps, schema_editor, add: bool):
    using = schema_editor.connection.alias
    roles.ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        permissions = Permission.objects.using(using).filter(
            content_type__app_label="comments", codename__in=codenames
        )
        for group in Group.objects.using(using).filter(name=name):
            (group.permissions.add if add else group.permissions.remove)(*permissions)


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_spam_moderation")]

    operations = [migrations.RunPython(grant, revoke)]
