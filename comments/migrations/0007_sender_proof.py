from django.db import migrations, models
from django.db.models import Exists, OuterRef


def keep_subscriptions_their_owners_confirmed(apps, schema_editor):
    """Reply mail that was on stays on for the comments that existed when their address was
    confirmed: the owner opened the link then, for "replies to your comments". Comments
    typed with the address afterwards may have been anyone's, and are not proven."""
    Comment = apps.get_model("comments", "Comment")
    CommenterAddress = apps.get_model("comments", "CommenterAddress")
    confirmed_since = CommenterAddress.objects.filter(
        email_hash=OuterRef("email_hash"),
        confirmed_at__isnull=False,
        confirmed_at__gte=OuterRef("created_at"),
    )
    Comment.objects.filter(Exists(confirmed_since), notify_replies=True).exclude(email_hash="").update(
        address_proven=True
    )


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0006_commenter_addresses"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="address_proven",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="address proven by its sender"
            ),
        ),
        migrations.RunPython(keep_subscriptions_their_owners_confirmed, migrations.RunPython.noop),
    ]
