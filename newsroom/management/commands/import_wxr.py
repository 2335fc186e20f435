"""Import a WordPress site's export (WXR): posts, comments, authors, categories and tags, with
every old address answering 301 to its new page. Safe to run again (nightly until the
switch): what was imported is recognised and left alone.

    manage.py import_wxr EXPORT.xml [--language ar] [--pages] [--pings] [--time-zone ZONE] [--dry-run]

Comments come with their posts (``comments.wxr_import``), threaded and in their status.

The report at the end accounts for every item of the export: imported, already there,
or skipped with its reason.
"""

import zoneinfo
from collections import Counter

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.wxr import Author, Channel, HostileExport, Item, Malformed, read_wxr
from articles.wxr_import import Report, Site, import_author, import_post, source_of
from comments.wxr_import import import_comments

PROGRESS_EVERY = 500
NOT_YET = {
    "attachment": "attachments are not imported yet (the media library import is to come)",
    "nav_menu_item": "a menu entry",
    "wp_block": "a reusable block",
}


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts, authors, categories, tags and their old addresses."

    def add_arguments(self, parser):
        parser.add_argument("export", help="the .xml file WordPress's Tools > Export wrote")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _n in settings.LANGUAGES]
        )
        parser.add_argument("--pages", action="store_true", help="import pages as articles too")
        parser.add_argument("--pings", action="store_true", help="import pingbacks and trackbacks too")
        parser.add_argument(
            "--time-zone", default=settings.TIME_ZONE, help="the old site's zone, for dates without GMT"
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would happen, change nothing")

    def handle(self, *args, **options):
        try:
            zone = zoneinfo.ZoneInfo(options["time_zone"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as unknown:
            raise CommandError(f"Unknown time zone: {options['time_zone']}") from unknown
        report = Report()
        try:
            with open(options["export"], "rb") as export:
                self._import(export, report, zone, options)
        except OSError as error:
            raise CommandError(f"Cannot read {options['export']}: {error}") from error
        except HostileExport as hostile:
            raise CommandError(
                f"Refused: the file declares XML entities or external references ({hostile}). "
                "A WordPress export never does; this file may be an attack."
            ) from hostile
        self._report(report, options["dry_run"])
        if report.imported.get("post") and not options["dry_run"]:
            call_command("rebuild_related", stdout=self.stdout)

    def _import(self, export, report: Report, zone, options) -> None:
        site = None
        authors = {}
        seen = 0
        for piece in read_wxr(export):
            if isinstance(piece, Author):
                authors[piece.login] = piece
            elif isinstance(piece, Channel):
                site = Site(source=source_of(piece.base_site_url, piece.link), language=options["language"],
                            time_zone=zone, report=report, dry_run=options["dry_run"],
                            import_pages=options["pages"], authors=authors)  # fmt: skip
            elif isinstance(piece, Malformed):
                report.skip("item", piece.post_id or "?", f"unreadable: {piece.reason}")
            elif isinstance(piece, Item):
                seen += 1
                self._item(site, piece, options["pings"])
                if seen % PROGRESS_EVERY == 0:
                    self.stdout.write(f"… {seen} items read", ending="\r")
        if site is not None and not site.dry_run:
            with transaction.atomic():
                for login in authors:
                    import_author(site, login)

    @staticmethod
    def _item(site: Site, item: Item, pings: bool) -> None:
        if item.post_type in NOT_YET:
            site.report.skip(item.post_type, item.post_id, NOT_YET[item.post_type])
            return
        if item.post_type not in ("post", "page"):
            site.report.skip(item.post_type, item.post_id, f"a «{item.post_type}» item")
            return
        article = import_post(site, item)
        if article is not None or site.dry_run:
            # New comments on posts imported earlier come in too (a nightly run).
            import_comments(site, article, item.comments, pings=pings)
        else:
            for comment in item.comments:
                site.report.skip("comment", comment.comment_id, "its post was not imported")

    def _report(self, report: Report, dry_run: bool) -> None:
        verb = "Would import" if dry_run else "Imported"
        done = ", ".join(f"{count} {kind}" for kind, count in sorted(report.imported.items())) or "nothing"
        self.stdout.write(f"{verb}: {done}.")
        if report.unchanged:
            there = ", ".join(f"{count} {kind}" for kind, count in sorted(report.unchanged.items()))
            self.stdout.write(f"Already imported, left as they are: {there}.")
        if report.skipped:
            reasons = Counter((kind, reason) for kind, _id, reason in report.skipped)
            self.stdout.write(f"Skipped: {len(report.skipped)}.")
            for (kind, reason), count in sorted(reasons.items()):
                ids = [i for k, i, r in report.skipped if (k, r) == (kind, reason)]
                shown = ", ".join(ids[:20]) + (" …" if len(ids) > 20 else "")
                self.stdout.write(f"  {count} {kind}: {reason} (ids {shown})")
        for kind, external_id, remark in report.notes:
            self.stdout.write(f"Note, {kind} {external_id}: {remark}")
