"""The newsroom's roles as groups, so a new account only needs to be put in one."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = ("article", "section", "tag", "author")
ACTIONS = ("add", "change", "delete", "view")

GROUP_PERMISSIONS = {
    # Writers draft articles; publishing is left to editors.
    "Writer": [
        "add_article",
        "change_article",
        "view_article",
        "view_section",
        "view_tag",
        "add_tag",
        "view_author",
    ],
    "Editor": [f"{action}_{model}" for model in CONTENT_MODELS for action in ACTIONS] + ["publish_article"],
    # Only what moderators need from this app. The comments app adds its own
    # moderation permissions to this group in one of its migrations.
    "Moderator": ["view_article"],
}


def ensure_permissions(apps, using):
    """Permissions are normally made after all migrations ran; the groups need them now."""
    app_config = apps.get_app_config("articles")
    # Historical app configs have no models module, which create_permissions reads as
    # "nothing to do".
    app_config.models_module = True
    try:
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    finally:
        app_config.models_module = None


def create_groups(apps, schema_editor):
    using = schema_editor.connection.alias
    ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permissions = Permission.objects.using(using).filter(
            content_type__app_label="articles", codename__in=codenames
        )
        missing = set(codenames) - {permission.codename for permission in permissions}
        if missing:
            raise RuntimeError(f"Permissions missing for group {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
