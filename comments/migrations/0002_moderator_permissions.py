"""Give the newsroom's roles their share of comment moderation.

Moderators decide on comments and see commenters' emails; editors may read the
comments on their articles but not who sent them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Moderator": ["view_comment", "change_comment", "delete_comment", "moderate_comment"],
    "Editor": ["view_comment"],
}


def ensure_permissions(apps, using):
    """Permissions are normally made after all migrations ran; the groups need them now."""
    app_config = apps.get_app_config("comments")
    # Historical app configs have no models module, which create_permissions reads as
    # "nothing to do".
    app_config.models_module = True
    try:
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    finally:
        app_config.models_module = None


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permissions = Permission.objects.using(using).filter(
            content_type__app_label="comments", codename__in=codenames
        )
        missing = set(codenames) - {permission.codename for permission in permissions}
        if missing:
            raise RuntimeError(f"Permissions missing for group {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        permissions = Permission.objects.using(using).filter(
            content_type__app_label="comments", codename__in=codenames
        )
        # The groups themselves belong to the articles app's migration.
        for group in Group.objects.using(using).filter(name=name):
            group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
