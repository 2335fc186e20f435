"""Writers pick existing tags; creating one (a public page with a heading of its own) is an
Editor's decision."""

from django.db import migrations


def take_add_tag(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    using = schema_editor.connection.alias
    writer = Group.objects.using(using).filter(name="Writer").first()
    if writer is not None:
        writer.permissions.remove(
            *Permission.objects.using(using).filter(content_type__app_label="articles", codename="add_tag")
        )


def give_add_tag(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    using = schema_editor.connection.alias
    writer = Group.objects.using(using).filter(name="Writer").first()
    if writer is not None:
        writer.permissions.add(
            *Permission.objects.using(using).filter(content_type__app_label="articles", codename="add_tag")
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_related_articles"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(take_add_tag, give_add_tag)]
