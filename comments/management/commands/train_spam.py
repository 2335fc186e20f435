"""Import labelled comments as moderation history and train the spam model on it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from comments.moderation.corpus import CorpusError, read_rows
from comments.moderation.learning import import_examples
from comments.moderation.training import retrain


class Command(BaseCommand):
    help = (
        "Import FILE.csv (columns text,label with label spam or ham; optional author_name, "
        "author_email, author_url) as moderation history, then retrain the spam model."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            rows = list(read_rows(file))
        except CorpusError as error:
            raise CommandError(str(error)) from error
        added, skipped = import_examples(rows)
        self.stdout.write(f"Imported {added} examples ({skipped} already known).")
        model = retrain()
        if model is None:
            self.stdout.write("Not trained: the history needs at least one spam and one ham example.")
            return
        self.stdout.write(
            f"Trained on {model.spam_examples} spam and {model.ham_examples} ham examples "
            f"in {model.seconds:.1f} s."
        )
