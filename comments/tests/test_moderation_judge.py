"""The checker against the database: rules that need history, idempotence, labels,
the re-queue sweep and spam retention. The task body runs in this process here; the
worker tests show the same through Celery."""

import json
from datetime import timedelta

import pytest
from celery import current_app as celery_app
from django.utils import timezone

from comments.lifecycle import (
    approve_comment,
    check_comment,
    delete_old_spam,
    mark_comment_spam,
    reject_comment,
    reply_as_publication,
    requeue_unchecked,
)
from comments.models import Comment, CommenterAddress, ModerationEvent, ModerationSettings, SpamExample
from comments.moderation.judge import judge
from comments.moderation.learning import text_key
from comments.privacy import email_hash

pytestmark = pytest.mark.django_db


def moderate(comment_id):
    """What the worker's task does: the judge reads, the lifecycle applies its verdict."""
    return check_comment(comment_id, judge)


def new_comment(article, text="تعليق عادي على الخبر", email="reader@example.com", **fields):
    values = {"author_name": "قارئ", "ip_network": "192.0.2.0/24", "language": "ar", **fields}
    return Comment.objects.create(
        article=article,
        author_email=email,
        email_hash=email_hash(email),
        text=text,
        text_key=text_key(text),
        **values,
    )


def codes(comment) -> list[str]:
    comment.refresh_from_db()
    return [reason["code"] for reason in comment.reasons]


def test_running_the_checker_twice_decides_once(article):
    comment = new_comment(article)
    assert moderate(comment.pk) == "hold"  # no model yet: a human decides
    assert moderate(comment.pk) is None
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and comment.judged_at
    assert ModerationEvent.objects.filter(comment=comment, actor="checker").count() == 1


def test_the_checker_leaves_a_moderators_decision_alone(article, moderator):
    comment = new_comment(article, flags=["honeypot"])
    approve_comment(comment, moderator)
    assert moderate(comment.pk) is None
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert not ModerationEvent.objects.filter(comment=comment, actor="checker").exists()


def test_a_comment_that_no_longer_exists_is_skipped(article):
    assert moderate(987654321) is None


def test_blocked_words_edited_in_the_admin_catch_disguised_spellings(article):
    rules = ModerationSettings.current()
    rules.blocked_words = "كازينو\nviagra"
    rules.save()
    comment = new_comment(article, text="أفضل كـــازِينو على الإنترنت")
    assert moderate(comment.pk) == "spam"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    blocked = next(reason for reason in comment.reasons if reason["code"] == "blocked_words")
    assert blocked["words"] == ["كازينو"]


def test_blocked_domain_in_the_website_field(article):
    rules = ModerationSettings.current()
    rules.blocked_domains = "spam.example"
    rules.save()
    comment = new_comment(article, author_url="https://shop.spam.example/offer")
    moderate(comment.pk)
    assert "blocked_domains" in codes(comment)


def test_the_same_text_posted_again_elsewhere_is_held(article):
    text = "هذا النص الطويل نفسه منشور في كل مكان على الموقع"
    new_comment(article, text=text, email="one@example.com", ip_network="198.51.100.0/24")
    again = new_comment(article, text=text.replace(" ", "  "), email="two@example.com")
    assert moderate(again.pk) == "hold"
    assert "duplicate" in codes(again)


def test_a_burst_from_one_network_is_held(article):
    for n in range(5):
        new_comment(article, text=f"تعليق رقم {n}", email=f"r{n}@example.com", ip_network="203.0.113.0/24")
    latest = new_comment(article, text="تعليق آخر", email="last@example.com", ip_network="203.0.113.0/24")
    assert moderate(latest.pk) == "hold"
    assert "burst_network" in codes(latest)


def test_latin_text_with_links_under_an_arabic_page_is_held(article):
    comment = new_comment(article, text="Great offer http://deals.example visit now", language="ar")
    moderate(comment.pk)
    assert "script_mismatch" in codes(comment)


def test_rule_set_to_off_in_the_admin_no_longer_holds(article):
    rules = ModerationSettings.current()
    rules.contact_action = ModerationSettings.Action.OFF
    rules.save()
    comment = new_comment(article, text="للتواصل واتساب 0500000000")
    moderate(comment.pk)
    assert "contact" not in codes(comment)


def test_trusted_commenter_is_approved_unless_a_rule_fires(article):
    earlier = new_comment(article, email="loyal@example.com")
    approve_comment(earlier)
    CommenterAddress.objects.create(email_hash=email_hash("loyal@example.com"), confirmed_at=timezone.now())
    # Sent from the browser that confirmed the address (test_borrowed_address.py: without it, no trust).
    comment = new_comment(article, text="رأي جديد في الموضوع", email="LOYAL@example.com", address_proven=True)
    assert moderate(comment.pk) == "approve"
    flagged = new_comment(
        article, text="رأي آخر", email="loyal@example.com", flags=["honeypot"], address_proven=True
    )
    assert moderate(flagged.pk) == "spam"


def test_only_a_moderators_decisions_become_examples(article, moderator):
    by_checker = new_comment(article, flags=["honeypot"])
    moderate(by_checker.pk)
    assert not SpamExample.objects.exists()

    comment = new_comment(article, text="عرض خاص جداً")
    mark_comment_spam(comment, moderator)
    assert SpamExample.objects.get(comment=comment).label == "spam"
    approve_comment(comment, moderator)  # changed their mind: the label follows
    assert SpamExample.objects.get(comment=comment).label == "ham"
    reject_comment(comment, moderator)
    assert SpamExample.objects.get(comment=comment).label == "rejected"
    assert ModerationEvent.objects.filter(comment=comment, actor="moderator").count() == 3

    reply_as_publication(comment, "شكراً لك", moderator, "التحرير", "desk@example.com")
    assert SpamExample.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_requeue_sends_only_comments_the_checker_has_not_seen(article):
    if celery_app.conf.task_always_eager:
        pytest.skip("needs a broker (make test sets REDIS_URL)")
    import redis

    broker = redis.Redis.from_url(celery_app.conf.broker_url)
    broker.delete("celery")
    old = timezone.now() - timedelta(minutes=10)
    stale = new_comment(article, text="تعليق ضاع في الطريق")
    judged = new_comment(article, text="تعليق تم فحصه", judged_at=old)
    recent = new_comment(article, text="تعليق وصل للتو")
    Comment.objects.filter(pk__in=[stale.pk, judged.pk]).update(created_at=old)

    assert requeue_unchecked(older_than_seconds=180) == 1
    assert requeue_unchecked(older_than_seconds=180) == 0  # already sent, within the window
    queued = [json.loads(raw)["headers"]["argsrepr"] for raw in broker.lrange("celery", 0, -1)]
    broker.delete("celery")
    assert queued == [f"({stale.pk},)"]
    assert recent.pk not in queued


def test_spam_older_than_thirty_days_is_deleted_and_what_was_learned_is_kept(article, moderator):
    old = timezone.now() - timedelta(days=31)
    old_spam = new_comment(article, text="عرض قديم")
    mark_comment_spam(old_spam, moderator)
    recent_spam = new_comment(article, text="عرض جديد", status=Comment.Status.SPAM)
    old_approved = new_comment(article, text="رأي قديم", status=Comment.Status.APPROVED)
    Comment.objects.filter(pk__in=[old_spam.pk, old_approved.pk]).update(created_at=old)

    assert delete_old_spam(30) == 1
    assert set(Comment.objects.values_list("pk", flat=True)) == {recent_spam.pk, old_approved.pk}
    assert SpamExample.objects.get(text="عرض قديم").comment is None


def test_the_sites_own_articles_teach_what_ordinary_text_looks_like(article):
    from articles.models import Article
    from articles.tests.factories import ArticleFactory
    from comments.moderation.learning import Row, import_examples
    from comments.moderation.training import article_passages, retrain

    ArticleFactory(title_ar="مسودة لم تنشر بعد", status=Article.Status.DRAFT)
    passages = article_passages(10)
    assert article.title_ar in passages
    assert "مسودة لم تنشر بعد" not in passages

    import_examples([Row("اربح المال الآن!!!", True), Row("مقال جيد", False)])
    model = retrain()
    # Passages from articles are background, not moderation history.
    assert (model.spam_examples, model.ham_examples) == (1, 1)
