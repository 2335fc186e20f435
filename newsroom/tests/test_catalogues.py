"""The Arabic and English message catalogues are complete, and their .mo files are current.

A msgid added by ``makemessages`` and left untranslated, a ``fuzzy`` entry (which Django
ignores) or a .po edited without running ``compilemessages`` would all show readers and
editors English text, or an old translation, without any error.
"""

import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ["ar", "en"]
# The server's messages, and the admin's JavaScript ones (the body editor's labels).
DOMAINS = ["django", "djangojs"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def po_path(language: str, domain: str = "django") -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def msgfmt(*args: str) -> subprocess.CompletedProcess:
    # msgfmt's messages are themselves translated: read them in the C locale.
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": ""}
    return subprocess.run(["msgfmt", *args], capture_output=True, text=True, env=env, timeout=60, check=False)


def load_mo(path: Path) -> gettext.GNUTranslations:
    with path.open("rb") as mo_file:
        return gettext.GNUTranslations(mo_file)


@pytest.fixture(params=LANGUAGES)
def language(request) -> str:
    return request.param


@pytest.fixture(params=DOMAINS)
def domain(request) -> str:
    return request.param


@pytest.fixture
def fresh_catalogue(language, domain, tmp_path) -> gettext.GNUTranslations:
    """The language's .po compiled now, into a temporary .mo."""
    mo_path = tmp_path / f"{domain}.mo"
    result = msgfmt("--check-format", "-o", str(mo_path), str(po_path(language, domain)))
    assert result.returncode == 0, result.stderr
    return load_mo(mo_path)


def test_every_message_is_translated(language, domain):
    result = msgfmt("--check", "--statistics", "-o", os.devnull, str(po_path(language, domain)))
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip().splitlines()[-1]
    assert "translated message" in statistics
    assert "untranslated" not in statistics
    assert "fuzzy" not in statistics


def test_compiled_catalogue_is_up_to_date(language, domain, fresh_catalogue):
    compiled = load_mo(po_path(language, domain).with_suffix(".mo"))
    assert compiled.info() == fresh_catalogue.info()
    assert compiled._catalog == fresh_catalogue._catalog, "run `make messages` or compilemessages"


def test_translations_keep_their_placeholders(fresh_catalogue):
    for key, text in fresh_catalogue._catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid:
            continue
        wanted, found = set(PLACEHOLDER.findall(msgid)), set(PLACEHOLDER.findall(text))
        if isinstance(key, tuple) and key[1] in (0, 1, 2):
            # Arabic names zero, one and two without the numeral («تعليق واحد», «تعليقان»).
            assert found <= wanted, (msgid, text)
        else:
            assert found == wanted, (msgid, text)


def test_header_names_no_person(fresh_catalogue):
    info = fresh_catalogue.info()
    assert info["last-translator"] == "Newsroom team"
    assert info["language-team"] == "Newsroom team"
    assert fresh_catalogue.charset().lower() == "utf-8"


@pytest.mark.parametrize(
    ("msgid", "arabic"),
    [
        ("See also", "شاهد أيضاً"),
        ("Newsroom", "غرفة الأخبار"),
        ("Search", "بحث"),
        ("Draft", "مسودة"),
        ("Scheduled", "مجدول"),
        ("Published", "منشور"),
        ("Archived", "مؤرشف"),
    ],
)
def test_key_translations_through_django(msgid, arabic):
    with translation.override("ar"):
        assert translation.gettext(msgid) == arabic
    with translation.override("en"):
        assert translation.gettext(msgid) == msgid


@pytest.mark.parametrize(
    ("count", "arabic"),
    [(0, "عدد المقالات التي أُرشفت: 0."), (5, "تمت أرشفة 5 مقالات."), (11, "تمت أرشفة 11 مقالاً.")],
)
def test_arabic_plural_forms_through_django(count, arabic):
    singular, plural = "%(count)d article was archived.", "%(count)d articles were archived."
    with translation.override("ar"):
        assert translation.ngettext(singular, plural, count) % {"count": count} == arabic


def _quoted(line: str) -> str:
    return line[line.index('"') + 1 : line.rindex('"')]


def msgids(path: Path) -> set[tuple[str, str]]:
    """(context, msgid) of every live entry of a .po file, the header left out."""
    found = set()
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        parts: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
                key = line.split(" ", 1)[0]
                parts[key] = _quoted(line)
            elif line.startswith('"') and key is not None:
                parts[key] += _quoted(line)
        if parts.get("msgid"):
            found.add((parts.get("msgctxt", ""), parts["msgid"]))
    return found


def test_every_string_marked_in_the_code_is_in_the_catalogues(settings):
    """A label added to the code or a template without `make messages` would reach readers
    and editors in English only: the catalogues made afresh from the code hold nothing the
    committed ones lack."""
    root = LOCALE_DIR.parent
    # makemessages writes each file's strings to the first locale path above it: a folder
    # directly in the checkout, listed first, takes them all; locale/ is ignored as a folder
    # to scan, or makemessages would put it first and write the committed catalogues.
    fresh = root / f".catalogue-check-{os.getpid()}"
    for language in LANGUAGES:
        (fresh / language / "LC_MESSAGES").mkdir(parents=True)
    settings.LOCALE_PATHS = [fresh, LOCALE_DIR]
    here = os.getcwd()
    try:
        os.chdir(root)
        for domain in DOMAINS:
            call_command(
                "makemessages",
                locale=LANGUAGES,
                domain=domain,
                ignore_patterns=["locale", "staticfiles", "test-artifacts"],
                verbosity=0,
            )
        missing = {
            (language, domain): sorted(
                msgids(fresh / language / "LC_MESSAGES" / f"{domain}.po") - msgids(po_path(language, domain))
            )
            for language in LANGUAGES
            for domain in DOMAINS
        }
    finally:
        os.chdir(here)
        shutil.rmtree(fresh)
    assert not any(missing.values()), f"run `make messages` and translate: {missing}"
