"""Double opt-in: an address typed into the comment form gets a confirmation link and
nothing else until its owner opens it; trust with the spam checker needs it too."""

import re
from datetime import timedelta

import pytest
from celery import current_app as celery_app
from django.core import signing
from django.test import Client
from django.utils import timezone

from comments.addresses import make_token
from comments.lifecycle import approve_comment
from comments.models import Comment, CommenterAddress
from comments.moderation.judge import is_trusted
from comments.notifications import notify_parent_author, send_address_confirmation
from comments.privacy import email_hash

from .conftest import form_data, make_comment, post_url

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.com"
CONFIRM_LINK = re.compile(r"https://news\.example(/(ar|en)/comments/confirm/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _tasks_run_here(monkeypatch, settings):
    """The tasks a post queues run in this process once it commits, as under ``make run``."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    settings.SITE_URL = "https://news.example"


def post(client, article, captured, **fields) -> Comment:
    with captured(execute=True):
        response = client.post(post_url(article), form_data(article, **fields))
    assert response.status_code == 303, response.content.decode()[:300]
    return Comment.objects.latest("id")


def reply_to(parent: Comment) -> Comment:
    reply = make_comment(
        parent.article, email="replier@example.net", parent=parent, root=parent, depth=1, text="ردّ"
    )
    return reply


def confirmation_path(message) -> str:
    return CONFIRM_LINK.search(message.body).group(1)


def test_asking_for_reply_emails_sends_only_a_confirmation(
    client, article, mailoutbox, django_capture_on_commit_callbacks
):
    comment = post(
        client,
        article,
        django_capture_on_commit_callbacks,
        email=VICTIM,
        author="Attacker's chosen name",
        comment="Here is my message to you, victim: call this number.",
        notify="yes",
    )

    assert [message.to for message in mailoutbox] == [[VICTIM]]
    sent = mailoutbox[0].message().as_string()
    # Nothing the commenter chose reaches the address: no name, no text, no article.
    for chosen in ("Attacker", "call this number", article.title_ar, article.slug_ar):
        assert chosen not in sent and chosen not in mailoutbox[0].body
    assert email_hash(VICTIM) not in sent and VICTIM not in confirmation_path(mailoutbox[0])

    # A reply to the comment is approved: the unconfirmed address is not told.
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    assert notify_parent_author(reply_to(comment).pk) is False
    assert len(mailoutbox) == 1


def test_opening_the_link_asks_and_the_button_confirms(
    client, article, mailoutbox, django_capture_on_commit_callbacks
):
    comment = post(client, article, django_capture_on_commit_callbacks, email=VICTIM, notify="yes")
    path = confirmation_path(mailoutbox[0])

    page = client.get(path)
    assert page.status_code == 200 and 'method="post"' in page.text
    assert 'name="robots" content="noindex"' in page.text
    # Mail scanners fetch links: the GET alone confirms nothing.
    assert not CommenterAddress.objects.confirmed().exists()

    assert client.post(path).status_code == 200
    assert CommenterAddress.objects.confirmed().get().email_hash == email_hash(VICTIM)

    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    assert notify_parent_author(reply_to(comment).pk) is True
    assert mailoutbox[-1].to == [VICTIM]


def test_the_button_needs_the_pages_csrf_token(article, mailoutbox):
    comment = make_comment(article, email=VICTIM, notify_replies=True)
    path = f"/ar/comments/confirm/{make_token(comment.pk)}/"
    browser = Client(enforce_csrf_checks=True)

    assert browser.post(path).status_code == 403
    assert not CommenterAddress.objects.confirmed().exists()


def test_one_confirmation_mail_per_address_per_interval(
    client, article, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_RATE_LIMIT_PER_EMAIL = 100
    for n, spelling in enumerate([VICTIM, "VICTIM@example.com", " Victim@Example.com"]):
        post(
            client,
            article,
            django_capture_on_commit_callbacks,
            email=spelling,
            notify="yes",
            comment=f"تعليق {n}",
        )

    assert len(mailoutbox) == 1

    # A day later, whoever asks again gets one more.
    earlier = timezone.now() - timedelta(seconds=settings.COMMENTS_CONFIRMATION_INTERVAL + 1)
    CommenterAddress.objects.update(confirmation_sent_at=earlier)
    post(
        client, article, django_capture_on_commit_callbacks, email=VICTIM, notify="yes", comment="تعليق أخير"
    )
    assert len(mailoutbox) == 2


def test_the_browser_that_confirmed_the_address_is_not_asked_again(
    client, article, mailoutbox, django_capture_on_commit_callbacks
):
    post(client, article, django_capture_on_commit_callbacks, email=VICTIM, notify="yes")
    assert client.post(confirmation_path(mailoutbox[0])).status_code == 200

    later = post(
        client, article, django_capture_on_commit_callbacks, email=VICTIM, notify="yes", comment="تعليق لاحق"
    )

    assert len(mailoutbox) == 1
    assert later.address_proven


def test_no_confirmation_without_asking_for_reply_emails(
    client, article, mailoutbox, django_capture_on_commit_callbacks
):
    post(client, article, django_capture_on_commit_callbacks, email=VICTIM)

    assert mailoutbox == []
    assert not CommenterAddress.objects.exists()


def test_the_mail_and_the_link_are_in_the_language_the_comment_was_written_in(
    client, article, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/comments/post/{article.pk}/", form_data(article, email=VICTIM, notify="yes"))

    message = mailoutbox[0]
    assert "Confirm your email address" in message.subject
    path = confirmation_path(message)
    assert path.startswith("/en/")
    assert 'lang="en"' in client.get(path).text


@pytest.mark.parametrize("age", [0, 8])
def test_a_tampered_foreign_or_week_old_link_is_refused(client, article, freezer_days, age):
    comment = make_comment(article, email=VICTIM, notify_replies=True)
    good = make_token(comment.pk)
    tokens = [
        good[:-1] + ("A" if good[-1] != "A" else "B"),
        signing.dumps({"c": comment.pk}, salt="comments.unsubscribe"),
        signing.dumps({"c": str(comment.pk)}, salt="comments.confirm-address"),
    ]
    if age:
        tokens = [freezer_days(good, age)]
    for token in tokens:
        path = f"/ar/comments/confirm/{token}/"
        assert client.get(path).status_code == 400
        assert client.post(path).status_code == 400
    assert not CommenterAddress.objects.confirmed().exists()


@pytest.fixture
def freezer_days():
    """A token for the same comment, signed ``days`` ago."""

    def sign_earlier(token: str, days: int) -> str:
        comment_id = signing.loads(token, salt="comments.confirm-address")["c"]
        signer = signing.TimestampSigner(salt="comments.confirm-address")
        signer.timestamp = lambda: signing.b62_encode(
            int((timezone.now() - timedelta(days=days)).timestamp())
        )
        return signer.sign_object({"c": comment_id}, compress=True)

    return sign_earlier


def test_a_mail_that_fails_to_go_out_does_not_use_up_the_interval(article, mailoutbox, monkeypatch):
    comment = make_comment(article, email=VICTIM, notify_replies=True)

    def smtp_down(*args, **kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", smtp_down)
    with pytest.raises(ConnectionRefusedError):
        send_address_confirmation(comment.pk)
    monkeypatch.undo()

    assert send_address_confirmation(comment.pk) is True
    assert len(mailoutbox) == 1


# Trust ------------------------------------------------------------------------------


def test_trust_needs_a_confirmed_address(article):
    earlier = make_comment(article, email=VICTIM, status=Comment.Status.PENDING)
    approve_comment(earlier)

    # Anybody can type a regular's address: the approval alone proves nothing.
    assert is_trusted(email_hash("Victim@example.com")) is False

    CommenterAddress.objects.create(email_hash=email_hash(VICTIM), confirmed_at=timezone.now())
    assert is_trusted(email_hash("Victim@example.com")) is True
