"""The spam checker as it runs in production: a real Celery worker on a real Redis,
reading and writing the real PostgreSQL test database."""

import pytest
from celery import current_app as celery_app
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone

from comments.lifecycle import mark_comment_spam
from comments.models import Comment, CommenterAddress, ModerationEvent, SpamModel
from comments.moderation.learning import Row, import_examples
from comments.moderation.training import retrain
from comments.sender import remember_sender
from core.tests.processes import Worker, wait_for

from .conftest import form_data, post_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        celery_app.conf.task_always_eager or connection.vendor != "postgresql",
        reason="needs REDIS_URL and PostgreSQL (make test sets both)",
    ),
]

HAM = [
    "تحليل ممتاز، شكراً على هذا التقرير الوافي.",
    "أتفق مع الكاتب في أن الحكومة تأخرت في الرد على الأزمة.",
    "المقال يتجاهل رأي سكان المنطقة أنفسهم، وهذا مؤسف.",
    "هل من مصدر لهذه الأرقام؟ أود قراءة الدراسة كاملة.",
    "متابعة موفقة، ننتظر منكم تغطية الجلسة القادمة للبرلمان.",
    "Great reporting, thank you for covering the local elections.",
    "I disagree with the conclusion, the figures from last year tell another story.",
    "Could you publish the full interview with the minister?",
    "الفريق لعب بشكل رائع في الشوط الثاني، والمدرب يستحق الإشادة.",
    "شكراً للمراسل على نقل الصورة من الميدان بكل أمانة.",
]
SPAM = [
    "اربح 5000 دولار يومياً من البيت، اشترك الآن في الدورة المجانية!!!",
    "أفضل عروض التخسيس بدون رجيم، اطلب الآن والتوصيل مجاني",
    "Cheap pills online, buy now without prescription, best price guaranteed!!!",
    "Earn money fast from home, click here and join today, limited offer!!!",
    "خصم 70% على جميع المنتجات لفترة محدودة، سارع بالطلب قبل نفاد الكمية",
    "Hot singles in your area are waiting, sign up free now!!!",
]


def history(ham: list[str], spam: list[str]) -> None:
    rows = [Row(text, False, author_email=f"reader{i}@example.org") for i, text in enumerate(ham)]
    rows += [Row(text, True) for text in spam]
    import_examples(rows)
    retrain()


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker):
    running = Worker(celery_app.conf.broker_url, COMMENTS_SPAM_MIN_EXAMPLES="3").start()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def settled(transactional_db, worker):
    """Each test leaves the worker idle before its tables are emptied."""
    yield
    worker.wait_idle()


def decided(comment_id: int) -> Comment | None:
    comment = Comment.objects.get(pk=comment_id)
    return comment if comment.judged_at else None


def post(client, article, **fields) -> Comment:
    response = client.post(post_url(article), form_data(article, **fields))
    assert response.status_code == 303, response.content.decode()[:500]
    return Comment.objects.latest("id")


def test_honeypot_comment_is_marked_spam_with_its_reason(client, article, worker):
    comment = post(client, article, address="https://spam.example/")
    judged = wait_for(lambda: decided(comment.pk), what="the checker")
    assert judged.status == Comment.Status.SPAM
    assert "honeypot" in [reason["code"] for reason in judged.reasons]
    assert judged.moderated_by is None
    assert judged.text not in client.get(article.get_absolute_url()).content.decode()


def test_trusted_commenter_is_approved_and_published(client, article, worker):
    first = post(client, article, email="loyal@example.com")
    Comment.objects.filter(pk=first.pk).update(status=Comment.Status.APPROVED, judged_at=first.created_at)
    CommenterAddress.objects.create(email_hash=first.email_hash, confirmed_at=timezone.now())
    # The key the confirmation button leaves in the reader's browser (test_borrowed_address.py
    # presses it): without it, a confirmed address lends no trust.
    proof = HttpResponse()
    remember_sender(proof, first.email_hash)
    for name, morsel in proof.cookies.items():
        client.cookies[name] = morsel.value
    comment = post(client, article, email="Loyal@Example.com", comment="رأيي أن القرار جاء متأخراً جداً.")
    judged = wait_for(lambda: decided(comment.pk), what="the checker")
    assert judged.status == Comment.Status.APPROVED
    assert {"code": "trusted"} in judged.reasons
    assert "رأيي أن القرار جاء متأخراً جداً." in client.get(article.get_absolute_url()).content.decode()


def test_model_learns_from_a_moderator_and_catches_the_next_similar_comment(client, article, worker):
    history(HAM, SPAM)
    first_model = SpamModel.objects.latest()
    scam = "استثمر في العملات الرقمية مع خبيرنا واربح أضعاف رأس مالك خلال أسبوع، راسلنا الآن"
    comment = post(client, article, comment=scam, email="first@scam.example")
    judged = wait_for(lambda: decided(comment.pk), what="the checker")
    assert judged.status != Comment.Status.SPAM, judged.reasons  # nothing like it was seen before

    moderator = get_user_model().objects.create_user("moderator", is_staff=True)
    mark_comment_spam(judged, moderator)
    wait_for(lambda: SpamModel.objects.latest().pk != first_model.pk, what="the model to retrain")

    again = "استثمر في العملات الرقمية مع خبرائنا واربح أضعاف رأس المال خلال أيام، راسلونا الآن"
    comment = post(client, article, comment=again, email="second@scam.example")
    judged = wait_for(lambda: decided(comment.pk), what="the checker")
    assert judged.status == Comment.Status.SPAM
    model_reason = next(reason for reason in judged.reasons if reason["code"] == "model")
    assert model_reason["score"] >= 0.5


def test_each_comment_is_decided_once(client, article, worker):
    comments = [
        post(client, article, comment=f"تعليق رقم {n} على الخبر", email=f"r{n}@example.com") for n in range(3)
    ]
    for comment in comments:
        wait_for(lambda comment=comment: decided(comment.pk), what="the checker")
    for comment in comments:
        assert ModerationEvent.objects.filter(comment=comment, actor="checker").count() == 1
