"""Demo moderation history that ships with the product, so that a first run has a spam
checker that already approves ordinary comments and catches obvious spam.

``examples.csv`` (columns ``text,label``, read like any ``train_spam`` file) holds short
reader comments written for the demo: ordinary comments on news, mostly in Arabic (ham),
and the kinds of spam a news site gets (spam). Its phone numbers are fictional (zeros)
and its links point only to reserved domains (``.example``, ``.test``, ``.invalid``,
``example.org``).
"""

from pathlib import Path

from comments.moderation.corpus import read_rows
from comments.moderation.learning import Row

EXAMPLES_FILE = Path(__file__).with_name("examples.csv")


def demo_examples() -> list[Row]:
    """The labelled demo comments, in file order."""
    return list(read_rows(EXAMPLES_FILE))
