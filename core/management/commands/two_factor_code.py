"""Development only: the code a user's authenticator app would show now."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.twofactor import authenticator_of, current_code


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of a user, for logging in to a development site "
        "without a phone. Refused unless DEBUG is on."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        # Reading the key out of the database is exactly what the second factor is there to
        # stop on a real site.
        if not settings.DEBUG:
            raise CommandError("two_factor_code works only with DEBUG on (a development site).")
        user_model = get_user_model()
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
        device = authenticator_of(user) if user else None
        if device is None:
            raise CommandError(f"'{username}' has no authenticator set up.")
        self.stdout.write(current_code(device))
