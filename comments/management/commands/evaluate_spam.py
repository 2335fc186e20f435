"""Classify a labelled file with the current rules, model and thresholds, learning nothing."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from comments.moderation.corpus import CorpusError, read_rows
from comments.moderation.features import TextFacts
from comments.moderation.judge import judge_text, rule_settings
from comments.moderation.metrics import Confusion
from comments.moderation.vocabulary import Decision
from comments.privacy import email_hash


class Command(BaseCommand):
    help = (
        "Classify FILE.csv (columns text,label; optional author_name, author_email, author_url) "
        "without learning, and print precision, recall, F1 and accuracy with spam as the positive class. "
        "A comment the judge would hold for a moderator counts as not spam."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            rows = list(read_rows(file))
        except CorpusError as error:
            raise CommandError(str(error)) from error
        if not rows:
            raise CommandError(f"{file}: no labelled rows.")
        rules = rule_settings()
        confusion = Confusion()
        held = 0
        started = time.perf_counter()
        for row in rows:
            facts = TextFacts(row.text, row.author_name, row.author_url, row.author_email)
            verdict = judge_text(facts, rules, email_hash(row.author_email))
            held += verdict.decision == Decision.HOLD
            confusion.add(predicted=verdict.decision == Decision.SPAM, actual=row.is_spam)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"held for a moderator: {held} of {len(rows)}")
        self.stdout.write(
            f"precision={confusion.precision:.4f} recall={confusion.recall:.4f} f1={confusion.f1:.4f} "
            f"accuracy={confusion.accuracy:.4f} n={len(rows)} per_second={len(rows) / elapsed:.1f}"
        )
