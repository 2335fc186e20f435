"""A confirmed address lends nothing to whoever types it: trust with the spam checker and
reply mail go to the browser that confirmed it (a keyed, signed cookie set when its owner
pressed the button behind the mailed link), or to the one comment whose link was opened.

Every step goes through the site as readers and moderators use it; the tasks a post queues
run in this process once it commits, as under ``make run``.
"""

import re
from datetime import timedelta
from importlib import import_module

import pytest
from celery import current_app as celery_app
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from comments.lifecycle import approve_comment
from comments.models import Comment, CommenterAddress
from comments.privacy import email_hash
from core.tests.pagecache_helpers import with_cookies

from .conftest import form_data, post_url

pytestmark = pytest.mark.django_db

REGULAR = "layla.regular@example.com"
CONFIRM_LINK = re.compile(r"https://news\.example(/(ar|en)/comments/confirm/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _tasks_run_here(monkeypatch, settings):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    settings.SITE_URL = "https://news.example"
    settings.COMMENTS_RATE_LIMIT_PER_EMAIL = 100


def browser() -> Client:
    """A reader's browser: every current browser says where a form's POST started."""
    return Client(headers={"Sec-Fetch-Site": "same-origin"})


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what a commit runs (the queued tasks) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def post(client, article, on_commit, **fields):
    with on_commit():
        response = client.post(post_url(article), form_data(article, **fields))
    assert response.status_code == 303, response.content.decode()[:300]
    return response, Comment.objects.latest("id")


def confirm_from_the_mail(client, message) -> object:
    """Open the link in ``message`` in ``client`` and press the button."""
    path = CONFIRM_LINK.search(message.body).group(1)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 200
    return response


def reasons(comment) -> list[str]:
    comment.refresh_from_db()
    return [reason["code"] for reason in comment.reasons]


def approve(comment, moderator, on_commit) -> None:
    with on_commit():
        approve_comment(Comment.objects.get(pk=comment.pk), moderator)


def reply_by_someone_else(article, parent, moderator, on_commit, text) -> None:
    """Another reader answers ``parent`` and a moderator approves the answer."""
    _response, reply = post(
        browser(),
        article,
        on_commit,
        email="someone.else@example.net",
        author="سامي",
        comment=text,
        parent=parent.pk,
    )
    approve(reply, moderator, on_commit)


def to_the_regular(mailoutbox) -> list:
    """The mails that went to the regular's address (moderators are told of held comments too)."""
    return [message for message in mailoutbox if message.to == [REGULAR]]


def reply_mails(mailoutbox, text) -> list:
    """The mails to the regular's address that carry the reply ``text``."""
    return [message for message in to_the_regular(mailoutbox) if text in message.body]


@pytest.fixture
def regular(article, mailoutbox, moderator, on_commit):
    """Layla's browser, after she asked for reply mail, confirmed her address from the link
    in it, and had that first comment approved: a regular the checker should trust."""
    layla = browser()
    _response, first = post(
        layla, article, on_commit, email=REGULAR, notify="yes", comment="أول تعليق لي هنا."
    )
    assert len(to_the_regular(mailoutbox)) == 1
    layla.confirmation = confirm_from_the_mail(layla, to_the_regular(mailoutbox)[0])
    approve(first, moderator, on_commit)
    layla.first_comment = first
    mailoutbox.clear()
    return layla


def test_an_impostor_typing_a_confirmed_address_is_judged_as_a_stranger_and_gets_no_reply_mail(
    article, regular, mailoutbox, moderator, on_commit, clock, settings
):
    impostor = browser()
    _response, borrowed = post(
        impostor,
        article,
        on_commit,
        email=" Layla.Regular@Example.com",
        notify="yes",
        comment="رأيي الذي أنسبه لها.",
    )

    # Judged as anyone unknown: no trust, so (with no model yet) left for a moderator.
    assert Comment.objects.get(pk=borrowed.pk).status == Comment.Status.PENDING
    assert "trusted" not in reasons(borrowed)
    assert reasons(borrowed)[-1] == "no_model"
    # Reply mail is not switched on by typing the address, and the address got no new
    # confirmation mail: one went to it less than a day ago.
    approve(borrowed, moderator, on_commit)
    reply_by_someone_else(article, borrowed, moderator, on_commit, "ردّ على التعليق المنتحل.")
    assert reply_mails(mailoutbox, "ردّ على التعليق المنتحل.") == []
    assert to_the_regular(mailoutbox) == []

    # A day later, asking again sends the address one confirmation mail, still nothing else.
    clock.advance(settings.COMMENTS_CONFIRMATION_INTERVAL + 1)
    post(impostor, article, on_commit, email=REGULAR, notify="yes", comment="محاولة ثانية باسمها.")
    assert len(to_the_regular(mailoutbox)) == 1
    assert CONFIRM_LINK.search(to_the_regular(mailoutbox)[0].body)
    post(impostor, article, on_commit, email=REGULAR, notify="yes", comment="محاولة ثالثة باسمها.")
    assert len(to_the_regular(mailoutbox)) == 1


def test_the_reader_on_their_own_browser_keeps_trust_and_reply_mail(
    article, regular, mailoutbox, moderator, on_commit
):
    _response, later = post(
        regular, article, on_commit, email=REGULAR, notify="yes", comment="تعليقي الثاني."
    )

    assert Comment.objects.get(pk=later.pk).status == Comment.Status.APPROVED
    assert reasons(later)[-1] == "trusted"
    assert to_the_regular(mailoutbox) == []  # no new confirmation: her browser proved the address

    reply_by_someone_else(article, later, moderator, on_commit, "ردّ على تعليقها الثاني.")
    reply_by_someone_else(article, regular.first_comment, moderator, on_commit, "ردّ على تعليقها الأول.")
    assert len(reply_mails(mailoutbox, "ردّ على تعليقها الثاني.")) == 1
    assert len(reply_mails(mailoutbox, "ردّ على تعليقها الأول.")) == 1


def proof_cookies(response) -> dict:
    """The cookies the confirmation set, but for the CSRF cookie of its form."""
    return {name: morsel for name, morsel in response.cookies.items() if name != "csrftoken"}


def test_the_proof_is_a_keyed_signed_cookie_sent_only_with_the_comment_form(article, regular, on_commit):
    cookies = proof_cookies(regular.confirmation)

    assert cookies, "confirming the address set no cookie on the reader's browser"
    for name, morsel in cookies.items():
        # Nothing personal in it: neither the address nor the hash the database keeps.
        assert "layla" not in morsel.value.casefold() and email_hash(REGULAR) not in morsel.value
        assert morsel["httponly"] and morsel["samesite"] == "Strict"
        # Only the comment form's POST carries it back, never a page.
        assert re.fullmatch(r"/(ar|en)/comments/post/", morsel["path"]), (name, morsel["path"])
        assert int(morsel["max-age"]) > 0
    assert not Session.objects.exists()

    # A later comment from that browser renews it.
    response, _later = post(regular, article, on_commit, email=REGULAR, comment="تعليق يجدد الدليل.")
    assert set(proof_cookies(response)) >= set(cookies)


@pytest.mark.usefixtures("page_cache")
def test_a_reader_holding_the_proof_still_gets_the_shared_page(article, regular):
    """The cookie is read on POST only: a page is not made personal by it (and browsers
    do not even send it with pages, by its path)."""
    holder = with_cookies(
        **{name: morsel.value for name, morsel in proof_cookies(regular.confirmation).items()}
    )
    url = article.get_absolute_url()
    Client().get(url)

    response = holder.get(url)

    assert response["X-Page-Cache"] == "hit"
    assert "public" in response["Cache-Control"]


def test_the_proof_is_for_one_address_and_cannot_be_forged(article, regular, on_commit):
    # Another regular, trusted on her own browser, whose address Layla's browser types.
    CommenterAddress.objects.create(
        email_hash=email_hash("omar@example.org"), confirmed_at=regular.first_comment.created_at
    )
    Comment.objects.create(
        article=article,
        author_name="عمر",
        author_email="omar@example.org",
        email_hash=email_hash("omar@example.org"),
        text="تعليق عمر المعتمد",
        status=Comment.Status.APPROVED,
    )
    _response, borrowed = post(regular, article, on_commit, email="omar@example.org", comment="لست عمر.")
    assert "trusted" not in reasons(borrowed)

    # A cookie altered by hand, or made up, proves nothing and breaks nothing.
    forger = browser()
    for name, morsel in proof_cookies(regular.confirmation).items():
        forger.cookies[name] = morsel.value[:-2] + ("AA" if not morsel.value.endswith("AA") else "BB")
    _response, forged = post(forger, article, on_commit, email=REGULAR, comment="دليل مزور.")
    assert "trusted" not in reasons(forged)


def test_reply_mail_already_on_stays_on_for_comments_their_owner_had_confirmed(article):
    """The upgrade keeps the subscriptions that existed when their address was confirmed;
    those typed with it afterwards were anyone's, and wait for a confirmation of their own."""
    migration = import_module("comments.migrations.0007_sender_proof")

    def subscription(email, text) -> Comment:
        return Comment.objects.create(
            article=article,
            author_name="قارئ",
            author_email=email,
            email_hash=email_hash(email),
            text=text,
            notify_replies=True,
        )

    before = subscription(REGULAR, "قبل التأكيد")
    CommenterAddress.objects.create(email_hash=email_hash(REGULAR), confirmed_at=timezone.now())
    after = subscription(REGULAR, "بعد التأكيد")
    Comment.objects.filter(pk=after.pk).update(created_at=timezone.now() + timedelta(seconds=1))
    never_confirmed = subscription("stranger@example.org", "عنوان لم يؤكد")

    migration.keep_subscriptions_their_owners_confirmed(apps, None)

    proven = dict(Comment.objects.values_list("text", "address_proven"))
    assert proven == {before.text: True, after.text: False, never_confirmed.text: False}
