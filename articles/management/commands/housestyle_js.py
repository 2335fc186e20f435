"""Write the editor's copy of the house rules (``static/admin-extra/editor/housestyle.js``)
from ``articles.text.housestyle.RULES``, after the rules change there.

``--check`` writes nothing and fails when the file is stale; the tests check it too
(``articles/tests/test_housestyle.py``).
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.text.housestyle import RULES

EDITOR_MODULE = Path(settings.BASE_DIR) / "static" / "admin-extra" / "editor" / "housestyle.js"


def editor_module() -> str:
    """The ES module the editor imports: the rules table, as data."""
    rules = "".join(f"  {json.dumps(list(rule), ensure_ascii=False)},\n" for rule in RULES)
    return (
        "// Written by `python manage.py housestyle_js` from articles/text/housestyle.py, where the\n"
        "// rules are changed: not by hand (a test fails when this file is stale).\n"
        "//\n"
        "// The house rules, in the order they apply: what the rule does, a regular expression\n"
        '// (for new RegExp(pattern, "gu")) and the literal text each match becomes.\n'
        f"export const HOUSE_RULES = [\n{rules}]\n"
    )


class Command(BaseCommand):
    help = "Write the body editor's copy of the house rules from articles/text/housestyle.py."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Write nothing; fail if the file is stale.")

    def handle(self, *args, check=False, **options):
        wanted, name = editor_module(), EDITOR_MODULE.relative_to(settings.BASE_DIR)
        current = EDITOR_MODULE.read_text(encoding="utf-8") if EDITOR_MODULE.exists() else None
        if current == wanted:
            self.stdout.write(f"{name} is up to date.")
        elif check:
            raise CommandError(f"{name} is stale: run `python manage.py housestyle_js`.")
        else:
            EDITOR_MODULE.write_text(wanted, encoding="utf-8")
            self.stdout.write(f"Wrote {name}.")
