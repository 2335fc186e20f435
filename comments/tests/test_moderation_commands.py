"""train_spam and evaluate_spam: the command-line contract a site owner relies on."""

import csv
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from comments.models import SpamExample, SpamModel

pytestmark = pytest.mark.django_db

HAM = [
    "أتفق مع ما جاء في المقال بخصوص ميزانية التعليم",
    "شكراً على التغطية المتوازنة لجلسة البرلمان",
    "هل يمكن نشر نص القرار كاملاً؟",
    "The council vote was closer than the article suggests.",
    "Thanks for the clear explanation of the new tax rules.",
    "المباراة كانت ممتعة رغم الخسارة، والجمهور كان رائعاً",
    "أين يمكن قراءة التقرير الأصلي للبنك المركزي؟",
    "I was at the protest and the numbers look right to me.",
]
SPAM = [
    "اربح المال من البيت الآن!!! تواصل واتساب 0500000000",
    "خصم خاص على حبوب التخسيس اطلب الآن واتساب 0500000001",
    "Buy cheap followers now!!! visit best-followers.example",
    "Casino bonus 500$ free spins, join today at casino.example",
    "قروض سريعة بدون ضمانات تواصل معنا واتساب 0500000002",
    "Earn $$$ fast working from home, click cash.example now!!!",
    "أقوى عروض المراهنات الرياضية سجل الآن واربح",
    "Cheap pills, no prescription, order at pharmacy.example!!!",
]
RESULT_LINE = re.compile(
    r"^precision=(\d\.\d{4}) recall=(\d\.\d{4}) f1=(\d\.\d{4}) accuracy=(\d\.\d{4})"
    r" n=(\d+) per_second=[\d.]+$"
)


def write_csv(path, rows, fieldnames=("text", "label")):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    return path


def labelled(texts, label, **extra):
    return [{"text": text, "label": label, **extra} for text in texts]


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_train_spam_imports_history_and_trains_once_per_text(tmp_path):
    path = write_csv(tmp_path / "history.csv", labelled(HAM, "ham") + labelled(SPAM, "spam"))
    output = run("train_spam", str(path))
    assert f"Imported {len(HAM) + len(SPAM)} examples" in output
    assert SpamExample.objects.filter(label="ham", source="import").count() == len(HAM)
    assert SpamExample.objects.filter(label="spam").count() == len(SPAM)
    model = SpamModel.objects.latest()
    assert (model.spam_examples, model.ham_examples) == (len(SPAM), len(HAM))

    again = run("train_spam", str(path))
    assert f"Imported 0 examples ({len(HAM) + len(SPAM)} already known)" in again
    assert SpamExample.objects.count() == len(HAM) + len(SPAM)


def test_train_spam_keeps_only_a_hash_of_optional_author_emails(tmp_path):
    rows = labelled(HAM[:2], "ham", author_name="Ali", author_email="ali@example.com", author_url="")
    rows += labelled(
        SPAM[:2], "spam", author_name="Promo", author_email="", author_url="https://promo.example"
    )
    path = write_csv(tmp_path / "h.csv", rows, ("text", "label", "author_name", "author_email", "author_url"))
    run("train_spam", str(path))
    example = SpamExample.objects.get(text=HAM[0])
    assert example.author_name == "Ali"
    assert example.email_hash and "ali@example.com" not in example.email_hash
    assert SpamExample.objects.get(text=SPAM[0]).author_url == "https://promo.example"


def test_evaluate_spam_ends_with_the_metrics_line_and_learns_nothing(tmp_path):
    run("train_spam", str(write_csv(tmp_path / "train.csv", labelled(HAM, "ham") + labelled(SPAM, "spam"))))
    examples, models = SpamExample.objects.count(), SpamModel.objects.count()
    test_rows = labelled(["شكراً على المقال الواضح عن ميزانية التعليم"], "ham") + labelled(
        ["اربح المال بسرعة من البيت!!! تواصل واتساب 0500000009"], "spam"
    )
    output = run("evaluate_spam", str(write_csv(tmp_path / "test.csv", test_rows)))
    match = RESULT_LINE.match(output.strip().splitlines()[-1])
    assert match, output
    precision, recall, f1, accuracy, n = match.groups()
    assert int(n) == 2
    assert float(precision) == 1.0 and float(recall) == 1.0 and float(f1) == 1.0 and float(accuracy) == 1.0
    assert (SpamExample.objects.count(), SpamModel.objects.count()) == (examples, models)


def test_evaluate_spam_counts_a_missed_spam_against_recall(tmp_path):
    run("train_spam", str(write_csv(tmp_path / "train.csv", labelled(HAM, "ham") + labelled(SPAM, "spam"))))
    # Labelled spam, but ordinary text: the filter lets it through, so recall is 0.
    rows = labelled(["أتفق مع الكاتب في تحليله لجلسة البرلمان"], "spam") + labelled(HAM[:1], "ham")
    output = run("evaluate_spam", str(write_csv(tmp_path / "test.csv", rows)))
    _precision, recall, f1, accuracy, n = RESULT_LINE.match(output.strip().splitlines()[-1]).groups()
    assert (float(recall), float(f1), float(accuracy), int(n)) == (0.0, 0.0, 0.5, 2)


@pytest.mark.parametrize("command", ["train_spam", "evaluate_spam"])
def test_bad_files_are_refused_with_where_and_why(tmp_path, command):
    bad_label = write_csv(
        tmp_path / "bad.csv", [{"text": "x", "label": "ham"}, {"text": "y", "label": "maybe"}]
    )
    with pytest.raises(CommandError, match=r"line 3: label must be spam or ham"):
        call_command(command, str(bad_label))
    no_label = write_csv(tmp_path / "nolabel.csv", [{"text": "x"}], ("text",))
    with pytest.raises(CommandError, match="missing column"):
        call_command(command, str(no_label))
    with pytest.raises(CommandError, match="No such file"):
        call_command(command, str(tmp_path / "absent.csv"))
    assert not SpamExample.objects.exists()
