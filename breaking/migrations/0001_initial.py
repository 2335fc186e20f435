"""Alerts, and the Editor group's right to post and withdraw them (and to see the list)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# What each group may do with alerts. Editors publish: they post «عاجل» too.
GROUP_PERMISSIONS = {"Editor": {"post_alert": "Can post and withdraw breaking-news alerts", "view_alert": "Can view alert"}}


def _permissions(apps, using, codenames: dict[str, str]) -> list:
    """The alert's permissions, made now: Django makes them only after every migration ran,
    and the groups need them here."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.using(using).get_or_create(app_label="breaking", model="alert")
    return [
        Permission.objects.using(using).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in codenames.items()
    ]


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*_permissions(apps, using, codenames))


def revoke(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    for name, codenames in GROUP_PERMISSIONS.items():
        for group in Group.objects.using(using).filter(name=name):
            group.permissions.remove(*_permissions(apps, using, codenames))


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0002_roles"),  # the groups
    ]

    operations = [
        migrations.CreateModel(
            name='Alert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text_ar', models.CharField(blank=True, max_length=160, verbose_name='Arabic text')),
                ('text_en', models.CharField(blank=True, max_length=160, verbose_name='English text')),
                ('link', models.CharField(blank=True, max_length=500, verbose_name='link')),
                ('posted_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='posted')),
                ('expires_at', models.DateTimeField(verbose_name='ends')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn')),
                ('posted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='posted by')),
                ('withdrawn_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='withdrawn by')),
            ],
            options={
                'verbose_name': 'alert',
                'verbose_name_plural': 'alerts',
                'ordering': ['-posted_at', '-pk'],
                'permissions': [('post_alert', 'Can post and withdraw breaking-news alerts')],
                'indexes': [models.Index(condition=models.Q(('withdrawn_at__isnull', True)), fields=['-posted_at'], name='breaking_not_withdrawn')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
