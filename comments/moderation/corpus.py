"""Labelled CSV files for ``train_spam`` and ``evaluate_spam``: columns ``text,label``
(``spam`` or ``ham``) and, optionally, ``author_name,author_email,author_url``."""

import csv
from collections.abc import Iterator
from pathlib import Path

from .learning import Row

LABELS = {"spam": True, "ham": False}


class CorpusError(ValueError):
    """The file cannot be read as a labelled corpus; the message says where and why."""


def read_rows(path: Path) -> Iterator[Row]:
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as error:
        raise CorpusError(f"{path}: {error.strerror}") from error
    with handle:
        reader = csv.DictReader(handle)
        missing = {"text", "label"} - set(reader.fieldnames or ())
        if missing:
            raise CorpusError(f"{path}: missing column(s): {', '.join(sorted(missing))}")
        for line, record in enumerate(reader, start=2):
            label = (record.get("label") or "").strip().casefold()
            if label not in LABELS:
                raise CorpusError(f"{path}, line {line}: label must be spam or ham, not {label!r}")
            text = (record.get("text") or "").strip()
            if not text:
                continue
            yield Row(
                text=text,
                is_spam=LABELS[label],
                author_name=(record.get("author_name") or "").strip(),
                author_email=(record.get("author_email") or "").strip(),
                author_url=(record.get("author_url") or "").strip(),
            )
