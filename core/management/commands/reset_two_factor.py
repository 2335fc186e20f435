"""An administrator removes a user's second-factor devices (a lost or replaced phone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.twofactor import NotAllowed, reset_second_factor


def _user(username: str):
    user_model = get_user_model()
    user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
    if user is None:
        raise CommandError(f"There is no user '{username}'.")
    return user


class Command(BaseCommand):
    help = (
        "Remove every two-factor device and recovery code of a user and log them out everywhere; "
        "they set up the app again at their next login. Recorded in the admin's history of that user."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user who lost their phone.")
        parser.add_argument(
            "--by",
            required=True,
            metavar="ADMIN",
            help="Your own username (a superuser): the record names you.",
        )

    def handle(self, *args, username: str, by: str, **options):
        user = _user(username)
        actor = _user(by)
        try:
            removed, ended = reset_second_factor(actor, user)
        except NotAllowed as refused:
            raise CommandError(
                f"'{by}' is not a superuser; only a superuser may reset a second factor."
            ) from refused
        self.stdout.write(
            f"Removed {removed} two-factor device(s) of '{username}' and ended {ended} session(s). "
            "They set up the app again at their next login."
        )
