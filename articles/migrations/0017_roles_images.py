"""The media library for every role of the desk.

Writers and editors pick and upload the photos of their stories, so their groups needed
the image permissions copy editors already had (the demo editor met a 403 in the media
library). What a change may do to a photo a live article shows is decided by the media
library itself, with the publishing right; the audit trail names those changes.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

IMAGE_PERMISSIONS = {
    "Writer": ["view_image", "add_image", "change_image"],
    "Editor": ["view_image", "add_image", "change_image", "delete_image"],
}


def ensure_permissions(apps, using):
    """Permissions are normally made after all migrations ran; the groups need them now."""
    app_config = apps.get_app_config("articles")
    app_config.models_module = True  # historical app configs have none: "nothing to do"
    try:
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    finally:
        app_config.models_module = None


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in IMAGE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.using(using).filter(content_type__app_label="articles", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    using = schema_editor.connection.alias
    for name, codenames in IMAGE_PERMISSIONS.items():
        for group in Group.objects.using(using).filter(name=name):
            group.permissions.remove(
                *Permission.objects.using(using).filter(content_type__app_label="articles", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_related_topic"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
