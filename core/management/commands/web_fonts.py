"""``manage.py web_fonts``: the Arabic web font the site ships (static/fonts/), made again.

Noto Naskh Arabic (SIL Open Font License, OFL.txt beside the files), regular and bold, from
Debian's fonts-noto-core, cut down with fontTools to the characters Arabic pages write —
the Arabic letters, marks and digits, Arabic punctuation, the letters Arabic borrows for
foreign names (پ چ ڤ گ), the Latin digits and punctuation the font has, and the
direction marks — and compressed as WOFF2. A reader whose system has no Naskh (Windows
falls back to Tahoma) gets the site's own, about 20 kB a weight.

It prints the ``unicode-range`` the stylesheet's ``@font-face`` rules must carry (a test
checks they do): browsers then fetch the font only for pages that use those characters.
Needs the development requirements (fonttools, brotli) and the Debian package.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SOURCE = Path("/usr/share/fonts/truetype/noto")
TARGET = Path(settings.BASE_DIR) / "static" / "fonts" / "noto-naskh-arabic"
WEIGHTS = ("Regular", "Bold")


def _span(first: int, last: int) -> list[int]:
    return list(range(first, last + 1))


# What Arabic pages write. Presentation forms are left out: browsers shape with the font's
# own substitutions, which the subset keeps whole.
CHARACTERS: tuple[int, ...] = tuple(
    sorted(
        {
            *_span(0x0621, 0x063A),  # the letters
            *_span(0x0640, 0x0655),  # tatweel, the vowel marks, shadda, sukun, madda, hamza marks
            *_span(0x0660, 0x066D),  # Arabic-Indic digits, percent, decimal and thousands separators
            0x0670,  # superscript alef
            0x0671,  # alef wasla
            0x060C,  # comma
            0x061B,  # semicolon
            0x061F,  # question mark
            0x067E, 0x0686, 0x06A4, 0x06AF,  # پ چ ڤ گ in foreign names
            0x06A9, 0x06CC,  # ک ی, which the house style folds, in text from elsewhere
            0x0020, 0x0021, 0x002C, 0x002E, *_span(0x0030, 0x003A), 0x00A0,  # space, ! , . digits : nbsp
            0x00AB, 0x00BB,  # « »
            *_span(0x200B, 0x200F),  # zero-width space and joiners, direction marks
        }
    )
)  # fmt: skip


def unicode_range(codepoints) -> str:
    """CSS ``unicode-range`` for ``codepoints``: consecutive ones as ranges, in order."""
    spans: list[list[int]] = []
    for point in sorted(set(codepoints)):
        if spans and point == spans[-1][1] + 1:
            spans[-1][1] = point
        else:
            spans.append([point, point])
    return ", ".join(
        f"U+{first:04X}" if first == last else f"U+{first:04X}-{last:04X}" for first, last in spans
    )


class Command(BaseCommand):
    help = (
        "Make the site's Arabic web font (static/fonts/noto-naskh-arabic/) from Debian's Noto Naskh Arabic."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=SOURCE, help="where NotoNaskhArabic-*.ttf are")
        parser.add_argument("--target", type=Path, default=TARGET, help="where the .woff2 files go")

    def handle(self, *args, source: Path, target: Path, **options):
        try:
            # Imported here: fontTools is a development requirement, not the site's.
            from fontTools import subset
        except ImportError as missing:
            raise CommandError("needs fontTools and brotli: pip install -r requirements-dev.txt") from missing
        logging.getLogger("fontTools").setLevel(logging.WARNING)  # it narrates every glyph it keeps
        target.mkdir(parents=True, exist_ok=True)
        covered: set[int] = set()
        for weight in WEIGHTS:
            font_file = source / f"NotoNaskhArabic-{weight}.ttf"
            if not font_file.exists():
                raise CommandError(f"{font_file} is missing: apt-get install fonts-noto-core")
            options = subset.Options()
            options.flavor = "woff2"
            options.layout_features = ["*"]  # Arabic shaping needs every joining form and mark
            options.name_IDs = ["*"]  # the copyright and licence notices stay in the file
            font = subset.load_font(str(font_file), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=CHARACTERS)
            subsetter.subset(font)
            written = target / f"NotoNaskhArabic-{weight}.woff2"
            subset.save_font(font, str(written), options)
            covered |= set(font.getBestCmap())
            self.stdout.write(f"{written}: {written.stat().st_size} bytes")
        self.stdout.write(f"unicode-range: {unicode_range(covered)};")
