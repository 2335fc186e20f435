"""A comment sent with the shared page's token alone (no script: no evidence of how long
the reader took to write) is a weak signal: the model does not approve it by itself, it is
never spam for that alone, and the moderator who decides reads why it waits."""

import re

import pytest
from celery import current_app as celery_app
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.moderation.learning import Row, import_examples
from comments.moderation.training import retrain
from core.tests.twofactor import log_in_verified

from .conftest import form_data, post_url

pytestmark = pytest.mark.django_db

HAM = [
    "تحليل ممتاز، شكراً على هذا التقرير الوافي.",
    "أتفق مع الكاتب في أن الحكومة تأخرت في الرد على الأزمة.",
    "المقال يتجاهل رأي سكان المنطقة أنفسهم، وهذا مؤسف.",
    "هل من مصدر لهذه الأرقام؟ أود قراءة الدراسة كاملة.",
    "متابعة موفقة، ننتظر منكم تغطية الجلسة القادمة للبرلمان.",
    "شكراً للمراسل على نقل الصورة من الميدان بكل أمانة.",
    "تقرير ممتاز ومتابعة موفقة، شكراً للكاتب على التحليل.",
]
SPAM = [
    "اربح 5000 دولار يومياً من البيت، اشترك الآن في الدورة المجانية!!!",
    "أفضل عروض التخسيس بدون رجيم، اطلب الآن والتوصيل مجاني",
    "خصم 70% على جميع المنتجات لفترة محدودة، سارع بالطلب قبل نفاد الكمية",
    "Cheap pills online, buy now without prescription, best price guaranteed!!!",
]
ORDINARY = "تحليل ممتاز ومتابعة موفقة، شكراً للكاتب على هذا التقرير."


@pytest.fixture(autouse=True)
def _a_model_sure_enough_to_approve(monkeypatch, settings):
    """The checker runs when the post commits, with a model trained on a little history
    that approves ordinary comments by itself."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    settings.COMMENTS_SPAM_MIN_EXAMPLES = 3
    rows = [Row(text, False, author_email=f"reader{n}@example.org") for n, text in enumerate(HAM)]
    import_examples(rows + [Row(text, True) for text in SPAM])
    retrain()


def shared_page_token(client, article) -> str:
    """The token in the form of the page every reader shares, as a browser without the
    form's script sends it."""
    page = client.get(article.get_absolute_url()).content.decode()
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def post(client, article, django_capture_on_commit_callbacks, **fields) -> Comment:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(post_url(article), form_data(article, **fields))
    assert response.status_code == 303, response.content.decode()[:300]
    return Comment.objects.latest("id")


def test_a_post_without_the_scripts_token_waits_for_a_moderator_who_reads_why(
    client, article, moderator, django_capture_on_commit_callbacks
):
    timed = post(
        client, article, django_capture_on_commit_callbacks, email="timed@example.com", comment=ORDINARY
    )
    assert timed.status == Comment.Status.APPROVED  # the model alone approves it

    no_script = Client(headers={"Sec-Fetch-Site": "same-origin"})
    untimed = post(
        no_script,
        article,
        django_capture_on_commit_callbacks,
        email="untimed@example.com",
        comment=ORDINARY.replace("هذا", "ذلك"),
        token=shared_page_token(no_script, article),
    )

    assert untimed.status == Comment.Status.PENDING
    assert untimed.flags == ["no_timing"]
    assert "no_timing" in [reason["code"] for reason in untimed.reasons]
    assert ORDINARY.replace("هذا", "ذلك") not in Client().get(article.get_absolute_url()).content.decode()

    moderator_browser = Client()
    log_in_verified(moderator_browser, moderator)
    url = reverse("admin:comments_comment_change", args=[untimed.pk])
    page = moderator_browser.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No evidence of how long it took to write: sent without the form&#x27;s script" in page
    assert "Sent without the form&#x27;s script<" in page  # the flag, with the other signals


def test_no_timing_evidence_alone_never_makes_spam(client, article, django_capture_on_commit_callbacks):
    untimed = post(
        client,
        article,
        django_capture_on_commit_callbacks,
        email="plain@example.com",
        comment="هل من مصدر لهذه الأرقام الواردة في التقرير؟",
        token=shared_page_token(client, article),
    )

    assert untimed.status != Comment.Status.SPAM
