"""The review step's role, and English versions that were already live stay live.

Until now a language version went live as soon as its title and body were filled in;
from here an editor publishes it. Articles readers could read in another language keep
that language published, so nothing readers had disappears.
"""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

REVIEWERS = {
    # Copy editors approve or send back what writers submit; publishing stays with editors.
    "Copy editor": ["view_article", "change_article", "review_article", "view_section", "view_tag",
                    "add_tag", "view_author", "view_image", "add_image", "change_image"],
    "Editor": ["review_article"],
}  # fmt: skip


def ensure_permissions(apps, using):
    """Permissions are normally made after all migrations ran; the groups need them now."""
    app_config = apps.get_app_config("articles")
    app_config.models_module = True  # historical app configs have none: "nothing to do"
    try:
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    finally:
        app_config.models_module = None


def add_roles(apps, schema_editor):
    using = schema_editor.connection.alias
    ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in REVIEWERS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.using(using).filter(content_type__app_label="articles", codename__in=codenames)
        )


def keep_live_languages(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for language, _name in settings.LANGUAGES:
        if language == settings.LANGUAGE_CODE:
            continue
        title, body = f"title_{language}", f"body_{language}"
        written = Article.objects.exclude(
            Q(**{f"{title}__isnull": True}) | Q(**{title: ""}) | Q(**{f"{body}__isnull": True}) | Q(**{body: ""})
        )
        written.update(**{f"language_live_{language}": True})


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name="Copy editor").delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_desk_records"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(add_roles, remove_roles),
        migrations.RunPython(keep_live_languages, migrations.RunPython.noop),
    ]
