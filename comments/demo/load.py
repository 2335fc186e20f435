"""Load the comments' part of the demo: reader comments for the benchmark's workload, and
the spam checker's demo moderation history. ``manage.py load_demo`` (newsroom) calls these
after the articles' part.
"""

import random

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.moderation import learning, training
from comments.privacy import email_hash

from . import demo_examples


def add_approved_comments(article: Article, wanted: int, seed: int) -> int:
    """Approved comments on ``article`` until it has ``wanted`` of them; returns how many
    were added."""
    have = Comment.objects.approved().filter(article=article).count()
    rng = random.Random(seed)  # noqa: S311 - demo text, not a secret
    openings = ["تحليل دقيق", "أتفق مع الكاتب", "سؤال للمحرر", "معلومة مهمة", "شكراً على التغطية"]
    endings = ["وننتظر المزيد من التفاصيل.", "لكن الصورة أعقد من ذلك.", "هل من مصدر رسمي؟"]
    now = timezone.now()
    new = [
        Comment(
            article=article,
            author_name=f"قارئ {n + 1}",
            author_email=f"reader{n + 1}@example.org",
            email_hash=email_hash(f"reader{n + 1}@example.org"),
            text=f"{rng.choice(openings)} رقم {n + 1}، {rng.choice(endings)}",
            status=Comment.Status.APPROVED,
            moderated_at=now,
            judged_at=now,
        )
        for n in range(have, wanted)
    ]
    Comment.objects.bulk_create(new)
    return len(new)


def load_spam_checker() -> str:
    """Store the demo moderation history and train on it; retrain only when it adds
    something (or no model exists yet), so that running again stores nothing new.
    Returns what happened, as a line for the command's output."""
    rows = demo_examples()
    demo_spam = sum(row.is_spam for row in rows)
    demo_ham = len(rows) - demo_spam
    with transaction.atomic():
        added, _known = learning.import_examples(rows)
        existing = None if added else training.current_model()
        model = training.retrain() if existing is None else None
    if existing is not None:
        return (
            "Spam checker: demo examples already loaded; the model was trained on "
            f"{existing.spam_examples} spam and {existing.ham_examples} ham examples."
        )
    if model is None:  # only for a history without one of the classes; the demo has both
        return "Spam checker: not trained, the examples lack spam or ham."
    if (model.spam_examples, model.ham_examples) == (demo_spam, demo_ham):
        return f"Spam checker: trained on {demo_spam} spam and {demo_ham} ham demo examples."
    return (
        f"Spam checker: trained on {model.spam_examples} spam and {model.ham_examples} ham "
        f"examples, {demo_spam} spam and {demo_ham} ham demo examples among them."
    )
