"""`manage.py purge_comment_traces [--days N]`: what the periodic task does, on demand."""

from django.core.management.base import BaseCommand, CommandError

from comments.periodic import purge_traces, trace_retention_days


class Command(BaseCommand):
    help = (
        "Forget the hashed address, network and browser of comments older than the "
        "retention period (COMMENTS_TRACE_RETENTION_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            metavar="N",
            help=f"Keep traces of the last N days (default: {trace_retention_days()}).",
        )

    def handle(self, *args, days: int | None, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        count = purge_traces(days)
        self.stdout.write(f"Anonymised the traces of {count} comments.")
