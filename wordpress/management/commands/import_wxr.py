"""Import a WordPress site's export (WXR): posts, comments, images, authors, categories and
tags, with every old address answering 301 to its new page. Safe to run again (nightly
until the switch): what was imported is recognised and left alone.

    manage.py import_wxr EXPORT.xml [--media-from UPLOADS] [--language ar] [--pages] [--pings]
                         [--time-zone ZONE] [--report FILE.csv] [--dry-run]

The export is read twice, as a stream: first its attachments go into the media library
(from ``--media-from``, a copy of ``wp-content/uploads``), then its posts, whose images
are uploaded after them and so come later in the file. Comments come with their posts
(``wordpress.comments``), threaded and in their status.

The report at the end accounts for every item of the export: imported, already there,
or skipped with its reason; ``--report`` writes every skipped item and every note to a
CSV file as well, with no cell a spreadsheet would run as a formula.
"""

import csv
import os
import zoneinfo
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wordpress.comments import import_comments
from wordpress.media import import_attachment
from wordpress.posts import import_author, import_post
from wordpress.reader import Author, Category, Channel, HostileExport, Item, Malformed, read_wxr
from wordpress.site import Report, Site, source_of

PROGRESS_EVERY = 500
NOT_IMPORTED = {
    "nav_menu_item": "a menu entry (menus are set up here, not imported)",
    "wp_block": "a reusable block",
    "revision": "a revision (the post's last version is imported)",
    "customize_changeset": "a theme setting",
    "custom_css": "a theme setting",
    "wp_global_styles": "a theme setting",
    "wp_template": "a theme template",
    "wp_template_part": "a theme template",
    "wp_navigation": "a menu entry (menus are set up here, not imported)",
    "oembed_cache": "a cached embed",
}
SHOWN_IDS = 20


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts, authors, categories, tags and their old addresses."

    def add_arguments(self, parser):
        parser.add_argument("export", help="the .xml file WordPress's Tools > Export wrote")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _n in settings.LANGUAGES]
        )
        parser.add_argument(
            "--media-from",
            type=Path,
            help="a copy of the old site's wp-content/uploads: images are taken from it, never downloaded",
        )
        parser.add_argument("--pages", action="store_true", help="import pages as articles too")
        parser.add_argument("--pings", action="store_true", help="import pingbacks and trackbacks too")
        parser.add_argument(
            "--time-zone", default=settings.TIME_ZONE, help="the old site's zone, for dates without GMT"
        )
        parser.add_argument("--report", type=Path, help="write every skipped item and note to this CSV file")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen, change nothing")

    def handle(self, *args, **options):
        try:
            zone = zoneinfo.ZoneInfo(options["time_zone"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as unknown:
            raise CommandError(f"Unknown time zone: {options['time_zone']}") from unknown
        media_from = options["media_from"]
        if media_from is not None and not media_from.is_dir():
            raise CommandError(f"--media-from {media_from} is not a directory.")
        report = Report()
        try:
            self._import(Path(options["export"]), report, zone, options)
        except OSError as error:
            raise CommandError(f"Cannot read {options['export']}: {error}") from error
        except HostileExport as hostile:
            raise CommandError(
                f"Refused: the file declares XML entities or external references ({hostile}). "
                "A WordPress export never does; this file may be an attack."
            ) from hostile
        self._report(report, options["dry_run"])
        if options["report"]:
            write_csv(report, options["report"])
        if (report.imported.get("post") or report.imported.get("attachment")) and not options["dry_run"]:
            call_command("rebuild_related", stdout=self.stdout)

    def _import(self, path: Path, report: Report, zone, options) -> None:
        site, authors, categories, seen = None, {}, {}, 0
        # First pass: the site, its authors and its attachments. A post comes before the
        # images uploaded for it, so the library must hold them before posts are read.
        with path.open("rb") as export:
            for seen, piece in enumerate(read_wxr(export), start=1):
                if isinstance(piece, Author):
                    authors[piece.login] = piece
                elif isinstance(piece, Category):
                    categories[piece.slug] = piece
                elif isinstance(piece, Channel):
                    site = self._site(piece, report, zone, authors, options)
                    site.categories = categories
                elif isinstance(piece, Malformed):
                    report.skip("item", piece.post_id or "?", f"unreadable: {piece.reason}")
                elif isinstance(piece, Item) and piece.post_type == "attachment":
                    import_attachment(site, piece, site.media_from)
                self._progress("1/2 attachments", export, seen)
        self._end_progress(seen)
        if site is None:
            return
        # Second pass: everything else, with its comments.
        with path.open("rb") as export:
            for seen, piece in enumerate(read_wxr(export), start=1):
                if isinstance(piece, Item) and piece.post_type != "attachment":
                    self._item(site, piece, options["pings"])
                self._progress("2/2 posts", export, seen)
        self._end_progress(seen)
        if not site.dry_run:
            with transaction.atomic():
                for login in authors:
                    import_author(site, login)

    @staticmethod
    def _site(channel: Channel, report: Report, zone, authors: dict, options) -> Site:
        return Site(source=source_of(channel.base_site_url, channel.link), language=options["language"],
                    time_zone=zone, report=report, dry_run=options["dry_run"], import_pages=options["pages"],
                    authors=authors, media_from=options["media_from"])  # fmt: skip

    def _end_progress(self, seen: int) -> None:
        if seen >= PROGRESS_EVERY:
            self.stdout.write("")

    def _progress(self, stage: str, export, seen: int) -> None:
        """A bar by the share of the file read: the stream does not know how many items are left."""
        if seen % PROGRESS_EVERY:
            return
        size = os.fstat(export.fileno()).st_size or 1
        share = min(export.tell() / size, 1.0)
        bar = "#" * round(share * 30)
        self.stdout.write(f"[{bar:<30}] {share:4.0%} {stage}: {seen:,} items read", ending="\r")
        self.stdout.flush()

    @staticmethod
    def _item(site: Site, item: Item, pings: bool) -> None:
        if item.post_type in NOT_IMPORTED:
            site.report.skip(item.post_type, item.post_id, NOT_IMPORTED[item.post_type])
            return
        if item.post_type not in ("post", "page"):
            site.report.skip(item.post_type, item.post_id, f"a «{item.post_type}» item (a custom post type)")
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
        if report.matched:
            same = ", ".join(f"{count} {kind}" for kind, count in sorted(report.matched.items()))
            self.stdout.write(f"Matched to what this site already had (same slug): {same}.")
        if report.skipped:
            reasons = Counter((kind, reason) for kind, _id, reason, _detail in report.skipped)
            self.stdout.write(f"Skipped: {len(report.skipped)}.")
            for (kind, reason), count in sorted(reasons.items()):
                ids = [i for k, i, r, _d in report.skipped if (k, r) == (kind, reason)]
                shown = ", ".join(ids[:SHOWN_IDS]) + (" …" if len(ids) > SHOWN_IDS else "")
                self.stdout.write(f"  {count} {kind}: {reason} (ids {shown})")
        if report.notes:
            self.stdout.write(f"Imported with a note: {len(report.notes)}.")
            notes = Counter((kind, remark) for kind, _id, remark, _detail in report.notes)
            for (kind, remark), count in sorted(notes.items()):
                found = [(i, d) for k, i, r, d in report.notes if (k, r) == (kind, remark)]
                shown = ", ".join(f"{i} ({d})" if d else i for i, d in found[:SHOWN_IDS])
                self.stdout.write(f"  {count} {kind}: {remark}: {shown}{' …' if count > SHOWN_IDS else ''}")


def write_csv(report: Report, path: Path) -> None:
    """Every skipped item and every note, one per row, for whoever checks the move."""
    with path.open("w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(["kind", "id", "outcome", "reason", "detail"])
        for kind, i, reason, detail in report.skipped:
            rows.writerow(as_text(cell) for cell in (kind, i, "skipped", reason, detail))
        for kind, i, remark, detail in report.notes:
            rows.writerow(as_text(cell) for cell in (kind, i, "noted", remark, detail))


# What makes a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: str) -> str:
    """The cell as a spreadsheet shows it, never runs it: the report's cells come from the
    export (post types, ids, addresses), which anyone who could edit the old site wrote, and
    a formula there could run commands or send the sheet's contents away when the report is
    opened. A leading apostrophe makes it text, as OWASP advises against CSV injection."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell
