"""Spam filter quality on labelled CSV corpora: train on one half, evaluate on the other.

    python bench/spam_quality.py [--news NEWS.jsonl] FILE.csv [FILE.csv ...]

Each file is de-duplicated on its folded text, split in two halves by a hash of the
text (stable across runs), and for each direction a fresh SQLite database is migrated,
``train_spam`` imports one half and ``evaluate_spam`` classifies the other: the same
commands a site owner runs. Prints each command's last line.

With ``--news`` (one JSON object a line with ``title`` and ``body``), the odd lines'
titles and openings are also classified, all as ordinary text, after each training:
the share marked spam is the filter's false-positive rate on news-style text. This is
done twice: on a site with no articles, and on one whose archive holds the even lines
(at most 300) as published articles, which the model learns as ordinary text.
"""

import argparse
import csv
import hashlib
import json
import tempfile
from pathlib import Path

from _common import manage_output, sqlite_environment


def halves(path: Path) -> tuple[list[dict], list[dict]]:
    from core.text import normalize_arabic

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


ARTICLE_LOADER = """
import json, os
from datetime import timedelta
from django.utils import timezone
from articles.models import Article, Section
section, _ = Section.objects.get_or_create(slug="news", defaults={"name": "أخبار", "name_ar": "أخبار"})
now = timezone.now()
for n, line in enumerate(open(os.environ["NEWS_ARCHIVE"], encoding="utf-8")):
    item = json.loads(line)
    Article.objects.create(
        section=section, status=Article.Status.PUBLISHED, published_at=now - timedelta(hours=n),
        title=item["title"][:250], title_ar=item["title"][:250], slug=f"news-{n}", slug_ar=f"news-{n}",
        body=item["body"], body_ar=item["body"],
    )
"""


def news_split(path: Path) -> tuple[list[dict], list[dict]]:
    items = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    archive = items[0::2][:300]
    evaluation = [
        {"text": text, "label": "ham"}
        for item in items[1::2]
        for text in (item["title"], item["body"][:600])
        if text.strip()
    ]
    return archive, evaluation


def run(path: Path, news: Path | None) -> None:
    first, second = halves(path)
    archive, news_rows = news_split(news) if news else ([], [])
    for name, (train, test) in {"A→B": (first, second), "B→A": (second, first)}.items():
        for with_archive in (False, True) if news else (False,):
            with tempfile.TemporaryDirectory() as folder:
                folder = Path(folder)
                write(train, folder / "train.csv")
                write(test, folder / "test.csv")
                env = sqlite_environment(folder / "db.sqlite3")
                manage_output(env, "migrate", "--no-input", "-v", "0")
                if with_archive:
                    with (folder / "archive.jsonl").open("w", encoding="utf-8") as handle:
                        handle.writelines(json.dumps(item, ensure_ascii=False) + "\n" for item in archive)
                    loader_env = {**env, "NEWS_ARCHIVE": str(folder / "archive.jsonl")}
                    manage_output(loader_env, "shell", "-c", ARTICLE_LOADER)
                trained = manage_output(env, "train_spam", str(folder / "train.csv")).splitlines()[-1]
                if not with_archive:
                    result = manage_output(env, "evaluate_spam", str(folder / "test.csv")).splitlines()
                    print(f"{path.name} {name}: train {len(train)}, test {len(test)}; {trained}")
                    print(f"  {result[0]}\n  {result[-1]}")
                if news:
                    write(news_rows, folder / "news.csv")
                    evaluated = manage_output(env, "evaluate_spam", str(folder / "news.csv"))
                    held, line = evaluated.splitlines()[-2:]
                    accuracy = float(line.split("accuracy=")[1].split()[0])
                    site = f"{len(archive)} articles" if with_archive else "no articles"
                    print(
                        f"  news passages ({len(news_rows)}), site with {site}: "
                        f"marked spam {100 * (1 - accuracy):.2f}%, {held}"
                    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--news", type=Path, help="news articles (JSON lines with title and body)")
    parser.add_argument("corpora", nargs="+", type=Path, help="labelled CSV files (text,label)")
    arguments = parser.parse_args()
    for corpus in arguments.corpora:
        run(corpus, arguments.news)
