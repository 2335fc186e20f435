"""The house rules, one table (``articles.text.housestyle.RULES``) applied twice: by the
server on save and by the editor on paste (``static/admin-extra/editor/housestyle.js``,
written from the table). Both are run on the same cases, the editor's under Node.js."""

import json
import shutil
import subprocess

import pytest
from django.core.management import call_command

from articles.management.commands.housestyle_js import EDITOR_MODULE
from articles.text.housestyle import house_rules, house_rules_html

from .factories import ArticleFactory

NBSP = "\u00a0"

# (text, what the house rules make of it): the same for the server and for the editor.
CASES = [
    ("کتاب فارسی", "كتاب فارسي"),
    ("الســـلام", "السلام"),
    ("جديد   الآن", "جديد الآن"),
    ("two  spaces", "two spaces"),
    (f"two{NBSP}{NBSP}non-breaking", "two non-breaking"),
    (f"mixed {NBSP} {NBSP}spaces", "mixed spaces"),
    (f"mixed{NBSP} spaces", "mixed spaces"),
    # One non-breaking space is kept: it is there to keep a number with its unit.
    (f"10{NBSP}كم", f"10{NBSP}كم"),
    # A tatweel between spaces goes, and the spaces around it become one.
    ("ک  ـ  ی", "ك ي"),
    # Lines, tabs and other spaces are not the house rules' business.
    ("سطر\n\nسطر", "سطر\n\nسطر"),
    ("a\t\tb", "a\t\tb"),
    ("a\u202f\u202fb\u2009\u2009c", "a\u202f\u202fb\u2009\u2009c"),
    ("👍  ی", "👍 ي"),
    ("", ""),
]
# Runs the editor's houseRules (paste.js, with the housestyle.js it imports) on each case.
NODE_RUNNER = """\
import { readFileSync } from "node:fs"
import { houseRules } from "./paste.js"

const texts = JSON.parse(readFileSync(0, "utf8"))
process.stdout.write(JSON.stringify(texts.map(houseRules)))
"""


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_the_server_applies_the_house_rules(text, expected):
    assert house_rules(text) == expected


@pytest.mark.skipif(shutil.which("node") is None, reason="node (Node.js) is needed to run the editor's rules")
def test_the_editor_applies_the_same_house_rules_to_the_same_cases(tmp_path):
    for script in EDITOR_MODULE.parent.glob("*.js"):
        shutil.copy(script, tmp_path)
    (tmp_path / "package.json").write_text('{"type": "module"}')  # the editor's scripts are ES modules
    (tmp_path / "run.js").write_text(NODE_RUNNER)
    texts = [text for text, _ in CASES]

    result = subprocess.run(
        [shutil.which("node"), "run.js"],
        cwd=tmp_path,
        input=json.dumps(texts),
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert list(zip(texts, json.loads(result.stdout), strict=True)) == CASES


def test_the_editor_copy_of_the_house_rules_is_up_to_date():
    call_command("housestyle_js", "--check")  # fails, saying what to run, when it is stale


def test_the_house_rules_leave_tags_and_addresses_alone():
    html = '<p><a href="https://example.com/ی  ـ&nbsp;&nbsp;">رابط  فارسی</a></p>'
    assert house_rules_html(html) == '<p><a href="https://example.com/ی  ـ&nbsp;&nbsp;">رابط فارسي</a></p>'


def test_non_breaking_spaces_written_as_html_count_as_spaces():
    # The editor's HTML writes a non-breaking space as &nbsp; (and other HTML as &#160;).
    html = "<p>10&nbsp;كم، ثم&nbsp;&nbsp;هنا و &#160;هناك&#xA0;<b>&#xa0;</b></p>"
    assert house_rules_html(html) == f"<p>10{NBSP}كم، ثم هنا و هناك{NBSP}<b>{NBSP}</b></p>"


@pytest.mark.django_db
def test_a_saved_body_follows_the_house_rules():
    article = ArticleFactory(body_ar="<p>كتاب&nbsp;&nbsp;فارسی  جديد، طوله 10&nbsp;سم</p>")
    article.refresh_from_db()
    assert article.body_ar == "<p>كتاب فارسي جديد، طوله 10&nbsp;سم</p>"
