"""The audit trail names what the media library did to a photo an article shows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0017_roles_images'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('create', 'Created'), ('save', 'Saved'), ('submit', 'Submitted for review'), ('approve', 'Approved'), ('send_back', 'Sent back'), ('publish', 'Published'), ('schedule', 'Scheduled'), ('went_live', 'Went live at its scheduled time'), ('publish_language', 'Published a language version'), ('unpublish_language', 'Withdrew a language version'), ('unpublish', 'Unpublished'), ('archive', 'Archived'), ('restore', 'Restored a revision'), ('take_over', 'Took over the edit lock'), ('correction', 'Added a correction'), ('update', 'Added an update'), ('note', 'Added an internal note'), ('image_change', 'Changed a photo it shows'), ('image_delete', 'Took down a photo it showed')], db_index=True, max_length=24, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='revision',
            name='action',
            field=models.CharField(choices=[('create', 'Created'), ('save', 'Saved'), ('submit', 'Submitted for review'), ('approve', 'Approved'), ('send_back', 'Sent back'), ('publish', 'Published'), ('schedule', 'Scheduled'), ('went_live', 'Went live at its scheduled time'), ('publish_language', 'Published a language version'), ('unpublish_language', 'Withdrew a language version'), ('unpublish', 'Unpublished'), ('archive', 'Archived'), ('restore', 'Restored a revision'), ('take_over', 'Took over the edit lock'), ('correction', 'Added a correction'), ('update', 'Added an update'), ('note', 'Added an internal note'), ('image_change', 'Changed a photo it shows'), ('image_delete', 'Took down a photo it showed')], max_length=24, verbose_name='action'),
        ),
    ]
