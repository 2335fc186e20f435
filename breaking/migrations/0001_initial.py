"""Alerts, and the Editor group's right to post and withdraw them (and to see the list)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.group_permissions import grant_to_groups

# What each group may do with alerts. Editors publish: they post «عاجل» too.
GROUP_PERMISSIONS = {"Editor": ["post_alert", "view_alert"]}


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
        grant_to_groups("breaking", GROUP_PERMISSIONS),
    ]
