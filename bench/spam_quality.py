"""Spam filter quality on labelled CSV corpora: train on one half, evaluate on the other.

    python bench/spam_quality.py FILE.csv [FILE.csv ...]

Each file is de-duplicated on its folded text, split in two halves by a hash of the
text (stable across runs), and for each direction a fresh SQLite database is migrated,
``train_spam`` imports one half and ``evaluate_spam`` classifies the other: the same
commands a site owner runs. Prints each command's last line.
"""

import csv
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsroom.text import normalize_arabic  # noqa: E402


def halves(path: Path) -> tuple[list[dict], list[dict]]:
    seen, first, second = set(), [], []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            key = normalize_arabic(row["text"])
            if not key or key in seen:
                continue
            seen.add(key)
            digest = int(hashlib.sha256(key.encode()).hexdigest(), 16)
            (first if digest % 2 == 0 else second).append(row)
    return first, second


def write(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def run(path: Path) -> None:
    first, second = halves(path)
    for name, (train, test) in {"A→B": (first, second), "B→A": (second, first)}.items():
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            write(train, folder / "train.csv")
            write(test, folder / "test.csv")
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
                "REDIS_URL": "",
                "CELERY_BROKER_URL": "",
            }
            manage(env, "migrate", "--no-input", "-v", "0")
            trained = manage(env, "train_spam", str(folder / "train.csv")).splitlines()[-1]
            result = manage(env, "evaluate_spam", str(folder / "test.csv")).splitlines()
            print(f"{path.name} {name}: train {len(train)}, test {len(test)}; {trained}")
            print(f"  {result[0]}\n  {result[-1]}")


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        run(Path(argument))
