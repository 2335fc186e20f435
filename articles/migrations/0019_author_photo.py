# Authors get a photo from the media library and a job title in each language.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0018_audit_image_actions'),
    ]

    operations = [
        migrations.AddField(
            model_name='author',
            name='job_title',
            field=models.CharField(blank=True, help_text="Shown under the name on the author's page.", max_length=120, verbose_name='job title'),
        ),
        migrations.AddField(
            model_name='author',
            name='job_title_ar',
            field=models.CharField(blank=True, help_text="Shown under the name on the author's page.", max_length=120, null=True, verbose_name='job title'),
        ),
        migrations.AddField(
            model_name='author',
            name='job_title_en',
            field=models.CharField(blank=True, help_text="Shown under the name on the author's page.", max_length=120, null=True, verbose_name='job title'),
        ),
        migrations.AddField(
            model_name='author',
            name='photo',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='authors_pictured', to='articles.image', verbose_name='photo'),
        ),
    ]
