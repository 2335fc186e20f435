"""The site's pages and their revisions; the Editor group may write, publish and restore them."""

import articles.models.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.group_permissions import grant_to_groups

# Editors write, publish and restore the site's pages; no other role touches them. Pages
# are withdrawn, never deleted (their revisions stay), so no group deletes them.
GROUP_PERMISSIONS = {"Editor": ["add_page", "change_page", "view_page", "publish_page", "view_pagerevision"]}


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("articles", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name='Page',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(blank=True, max_length=200, verbose_name='title')),
                ('title_ar', models.CharField(blank=True, max_length=200, null=True, verbose_name='title')),
                ('title_en', models.CharField(blank=True, max_length=200, null=True, verbose_name='title')),
                ('slug', models.SlugField(allow_unicode=True, blank=True, help_text='Part of the address. Leave empty to make one from the title.', max_length=80, unique=True, verbose_name='slug')),
                ('slug_ar', models.SlugField(allow_unicode=True, blank=True, help_text='Part of the address. Leave empty to make one from the title.', max_length=80, null=True, unique=True, verbose_name='slug')),
                ('slug_en', models.SlugField(allow_unicode=True, blank=True, help_text='Part of the address. Leave empty to make one from the title.', max_length=80, null=True, unique=True, verbose_name='slug')),
                ('body', articles.models.fields.SanitizedHTMLField(blank=True, verbose_name='body')),
                ('body_ar', articles.models.fields.SanitizedHTMLField(blank=True, null=True, verbose_name='body')),
                ('body_en', articles.models.fields.SanitizedHTMLField(blank=True, null=True, verbose_name='body')),
                ('live', models.BooleanField(default=False, editable=False, verbose_name='published in this language')),
                ('live_ar', models.BooleanField(default=False, editable=False, verbose_name='published in this language')),
                ('live_en', models.BooleanField(default=False, editable=False, verbose_name='published in this language')),
                ('position', models.PositiveSmallIntegerField(default=0, help_text='Lower numbers come first.', verbose_name='position in the footer')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('modified_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last change for readers')),
            ],
            options={
                'verbose_name': 'site page',
                'verbose_name_plural': 'site pages',
                'ordering': ['position', 'id'],
                'permissions': [('publish_page', 'Can publish and unpublish site pages')],
            },
        ),
        migrations.CreateModel(
            name='PageRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='revision')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='saved at')),
                ('action', models.CharField(choices=[('create', 'Created'), ('save', 'Saved'), ('publish_language', 'Published a language version'), ('unpublish_language', 'Withdrew a language version'), ('restore', 'Restored a revision')], max_length=24, verbose_name='action')),
                ('language', models.CharField(blank=True, choices=[('ar', 'Arabic'), ('en', 'English')], max_length=8, verbose_name='language')),
                ('restored_from', models.PositiveIntegerField(blank=True, null=True, verbose_name='restored from revision')),
                ('content', models.JSONField(default=dict, verbose_name='content')),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='pages.page')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
            ],
            options={
                'verbose_name': 'page revision',
                'verbose_name_plural': 'page revisions',
                'ordering': ['-number'],
                'constraints': [models.UniqueConstraint(fields=('page', 'number'), name='one_page_revision_number')],
            },
        ),
        grant_to_groups("pages", GROUP_PERMISSIONS),
    ]
