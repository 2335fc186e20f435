"""import_wxr --report: the CSV is opened in a spreadsheet by whoever checks the move, and
the export is not ours to trust. No cell written from it is read as a formula (OWASP's CSV
injection advice: a cell starting with =, +, -, @, a tab or a carriage return gets a
leading apostrophe)."""

import csv

import pytest

from wordpress.management.commands.import_wxr import write_csv
from wordpress.site import Report

from .test_import_wxr import attachment, post, run
from .test_reader import AUTHOR, export

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'


def cells(path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as report:
        return list(csv.reader(report))


def test_formulas_in_an_export_reach_the_report_as_text(tmp_path):
    items = [
        # Its title is never a cell; its id is, and so is the post type of a custom item.
        post(16, "trash", **{"<title>عنوان الخبر</title>": f"<title><![CDATA[{FORMULA}]]></title>"}),
        post(18, **{"<![CDATA[post]]>": f"<![CDATA[{FORMULA}]]>"}),
        # An attachment's address is the detail of its row (no --media-from).
        attachment(45, "2024/01/photo.jpg").replace(
            "https://news.example/wp-content/uploads/2024/01/photo.jpg", "@SUM(1+1)*cmd|' /C calc'!A0"
        ),
        # An item that cannot be read is reported by the id it gave.
        post(19).replace("<wp:post_id>19</wp:post_id>", "<wp:post_id>-2+3+cmd|' /C calc'!A0</wp:post_id>"),
    ]
    path = tmp_path / "report.csv"

    run(tmp_path, export("".join(items), authors=AUTHOR), "--report", str(path))

    rows = cells(path)
    written = [cell for row in rows for cell in row]
    assert "'" + FORMULA in written
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in written
    assert "'-2+3+cmd|' /C calc'!A0" in written
    dangerous = [cell for cell in written if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    assert ["post", "16", "skipped", "status «trash»", ""] in rows  # plain cells are left as they are


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_start_a_spreadsheet_reads_as_a_formula_is_escaped(tmp_path, start):
    report = Report()
    report.skip("post", 7, f"{start}1+1", f"{start}cmd|' /C calc'!A0")
    report.note("comment", f"{start}8", "سبب عادي", "https://news.example/?p=7")
    path = tmp_path / "report.csv"

    write_csv(report, path)

    header, skipped, noted = cells(path)
    assert header == ["kind", "id", "outcome", "reason", "detail"]
    assert skipped == ["post", "7", "skipped", f"'{start}1+1", f"'{start}cmd|' /C calc'!A0"]
    assert noted == ["comment", f"'{start}8", "noted", "سبب عادي", "https://news.example/?p=7"]
