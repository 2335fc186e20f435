"""Recompute every «شاهد أيضاً» list, e.g. after importing an archive."""

import sys
import time

from django.core.management.base import BaseCommand

from articles.related.rebuild import rebuild

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Recompute the signatures, document frequencies and related lists of all published articles."

    def handle(self, *args, **options):
        started = time.perf_counter()
        interactive = sys.stdout.isatty()

        last_tenth = {}

        def progress(done: int, total: int) -> None:
            tenth = 10 * done // total
            if not interactive and last_tenth.get(total) == tenth and done < total:
                return  # in a log, one line every tenth of the way
            last_tenth[total] = tenth
            filled = BAR_WIDTH * done // total
            line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} ({100 * done // total}%)"
            # A bar that redraws itself on a terminal; one line per step in a log.
            self.stdout.write(f"\r{line}" if interactive else line, ending="" if interactive else "\n")

        totals = rebuild(progress=progress)
        if interactive:
            self.stdout.write("")
        counted = ", ".join(f"{count} in {language}" for language, count in totals.items())
        self.stdout.write(f"Related lists rebuilt for {counted} in {time.perf_counter() - started:.1f} s.")
