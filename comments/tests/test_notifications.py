"""Emails to moderators and to readers, the unsubscribe link, and the trace retention."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from articles.tests.factories import ArticleFactory
from comments.models import Comment, CommenterAddress
from comments.notifications import notify_moderators, notify_parent_author, review_path
from comments.periodic import purge_comment_traces
from comments.privacy import email_hash
from comments.unsubscribe import make_token
from core.site import site_name

pytestmark = pytest.mark.django_db

SITE = "https://news.example"
READER = "reader@example.com"
REPLIER = "replier.private@example.net"
UNSUBSCRIBE_LINK = re.compile(rf"{re.escape(SITE)}(/ar/comments/unsubscribe/[^/\s]+/)")


def make_comment(article, email, **fields) -> Comment:
    """A comment sent from the browser that confirmed its address (``address_proven``;
    test_borrowed_address.py shows what a comment without that proof gets)."""
    values = {
        "author_name": "ليلى",
        "text": "تعليق مفيد على الخبر.",
        "status": Comment.Status.APPROVED,
        "email_hash": email_hash(email),
        "address_proven": True,
    }
    values.update(fields)
    return Comment.objects.create(article=article, author_email=email, **values)


def make_reply(parent, email=REPLIER, **fields) -> Comment:
    values = {
        "author_name": "سامي",
        "text": "أوافقك الرأي تماماً.",
        "parent": parent,
        "root": parent,
        "depth": 1,
    }
    values.update(fields)
    return make_comment(parent.article, email, **values)


@pytest.fixture
def article(db):
    return ArticleFactory(title_ar="عنوان الخبر العربي", title_en="The English headline")


@pytest.fixture(autouse=True)
def _reader_confirmed_their_address(db):
    """The reader opened the confirmation link long ago (double opt-in has its own tests)."""
    CommenterAddress.objects.create(email_hash=email_hash(READER), confirmed_at=timezone.now())


@pytest.fixture
def moderate_permission(db):
    return Permission.objects.get(content_type__app_label="comments", codename="moderate_comment")


def make_user(username, *, permission=None, **fields):
    values = {"email": f"{username}@newsroom.example", "is_staff": True}
    values.update(fields)
    user = get_user_model().objects.create_user(username=username, **values)
    if permission:
        user.user_permissions.add(permission)
    return user


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    return SITE


# Moderators ---------------------------------------------------------------------------


def test_moderators_are_told_about_a_pending_comment(article, moderate_permission, mailoutbox):
    make_user("moderator", permission=moderate_permission)
    reviewers = Group.objects.create(name="Comment reviewers")
    reviewers.permissions.add(moderate_permission)
    make_user("grouped").groups.add(reviewers)
    make_user("boss", is_superuser=True)
    make_user("boss-without-email", is_superuser=True, email="")
    make_user("writer")  # staff, but may not moderate
    make_user("former", permission=moderate_permission, is_active=False)
    make_user("outsider", permission=moderate_permission, is_staff=False)
    comment = make_comment(
        article,
        "commenter@example.org",
        author_name="كريم",
        text="رأيي في الخبر.",
        status=Comment.Status.PENDING,
    )

    # Whatever language the worker happens to be in, the email is in the site's.
    with translation.override("en"):
        sent = notify_moderators(comment.pk)

    assert sent == 3
    assert sorted(message.to[0] for message in mailoutbox) == [
        "boss@newsroom.example",
        "grouped@newsroom.example",
        "moderator@newsroom.example",
    ]
    # One message each: moderators do not see each other's addresses.
    assert all(len(message.to) == 1 and not message.cc and not message.bcc for message in mailoutbox)
    message = mailoutbox[0]
    assert "\n" not in message.subject
    assert "عنوان الخبر العربي" in message.subject
    for expected in (
        "عنوان الخبر العربي",
        "كريم",
        "رأيي في الخبر.",
        "commenter@example.org",
        review_path(comment),
    ):
        assert expected in message.body
    assert "The English headline" not in message.body


NAME_AS_MESSAGE = "اربح 5000 دولار يومياً واتساب 0551234567"


def test_a_readers_name_never_reaches_a_moderators_subject(article, moderator, mailoutbox):
    comment = make_comment(
        article, "commenter@example.org", author_name=NAME_AS_MESSAGE, status=Comment.Status.PENDING
    )

    notify_moderators(comment.pk)

    subject = mailoutbox[0].subject
    assert "اربح" not in subject and "0551234567" not in subject
    assert "عنوان الخبر العربي" in subject and site_name() in subject
    assert NAME_AS_MESSAGE in mailoutbox[0].body  # the moderator still reads who wrote it


def test_review_link_is_absolute_on_the_public_origin(article, moderate_permission, mailoutbox, site_url):
    make_user("moderator", permission=moderate_permission)
    comment = make_comment(article, "commenter@example.org", status=Comment.Status.PENDING)

    notify_moderators(comment.pk)

    assert f"{SITE}{review_path(comment)}" in mailoutbox[0].body
    assert review_path(comment).startswith(reverse("admin:index"))


def test_staff_without_the_permission_are_not_told(article, mailoutbox):
    make_user("writer")
    comment = make_comment(article, "commenter@example.org", status=Comment.Status.PENDING)

    assert notify_moderators(comment.pk) == 0
    assert mailoutbox == []


@pytest.mark.parametrize("status", [Comment.Status.APPROVED, Comment.Status.SPAM, Comment.Status.REJECTED])
def test_a_decided_comment_needs_no_review(article, moderate_permission, mailoutbox, status):
    make_user("moderator", permission=moderate_permission)
    comment = make_comment(article, "commenter@example.org", status=status)

    assert notify_moderators(comment.pk) == 0
    assert mailoutbox == []


def test_a_deleted_comment_is_ignored(moderate_permission, mailoutbox):
    make_user("moderator", permission=moderate_permission)

    assert notify_moderators(987654) == 0
    assert mailoutbox == []


# Replies ------------------------------------------------------------------------------


def test_reader_is_told_about_a_reply(article, mailoutbox, site_url):
    parent = make_comment(article, READER, author_name="ليلى", notify_replies=True)
    reply = make_reply(parent, text="أوافقك الرأي تماماً.")

    assert notify_parent_author(reply.pk) is True

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [READER]
    assert "\n" not in message.subject
    assert "أوافقك الرأي تماماً." in message.body
    assert "ليلى" in message.body
    assert "عنوان الخبر العربي" in message.body
    with translation.override("ar"):
        assert f"{SITE}{article.url_in('ar')}#comment-{reply.pk}" in message.body
    link = UNSUBSCRIBE_LINK.search(message.body)
    assert link
    assert message.extra_headers["List-Unsubscribe"] == f"<{link.group(0)}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_repliers_name_never_reaches_the_subject(article, mailoutbox):
    parent = make_comment(article, READER, notify_replies=True)
    reply = make_reply(parent, author_name=NAME_AS_MESSAGE)

    notify_parent_author(reply.pk)

    subject = mailoutbox[0].subject
    assert "اربح" not in subject and "0551234567" not in subject
    assert "عنوان الخبر العربي" in subject and site_name() in subject


def test_reply_email_never_shows_the_repliers_address(article, mailoutbox, site_url):
    parent = make_comment(article, READER, notify_replies=True)
    reply = make_reply(parent, email="Replier.Private@Example.net")

    notify_parent_author(reply.pk)

    # The whole message as sent, headers included.
    raw = mailoutbox[0].message().as_string().casefold()
    assert "replier.private@example.net" not in raw
    assert email_hash("Replier.Private@Example.net") not in raw


def test_without_a_public_origin_the_link_stays_in_the_body_only(article, mailoutbox, settings):
    settings.SITE_URL = ""
    parent = make_comment(article, READER, notify_replies=True)

    notify_parent_author(make_reply(parent).pk)

    message = mailoutbox[0]
    assert "List-Unsubscribe" not in message.extra_headers
    assert re.search(r"/ar/comments/unsubscribe/[^/\s]+/", message.body)


@pytest.mark.parametrize(
    ("parent_fields", "reply_fields"),
    [
        pytest.param({"notify_replies": False}, {}, id="not-opted-in"),
        pytest.param({"status": Comment.Status.SPAM}, {}, id="parent-spam"),
        pytest.param({"status": Comment.Status.REJECTED}, {}, id="parent-rejected"),
        pytest.param({}, {"email": " READER@Example.com "}, id="own-reply"),
        pytest.param({}, {"status": Comment.Status.PENDING}, id="reply-not-approved"),
        pytest.param({}, {"status": Comment.Status.SPAM}, id="reply-spam"),
    ],
)
def test_no_reply_email_when_not_wanted_or_not_public(article, mailoutbox, parent_fields, reply_fields):
    parent = make_comment(article, READER, **{"notify_replies": True, **parent_fields})
    reply = make_reply(parent, **reply_fields)

    assert notify_parent_author(reply.pk) is False
    assert mailoutbox == []


def test_a_pending_parent_is_still_told(article, mailoutbox):
    parent = make_comment(article, READER, notify_replies=True, status=Comment.Status.PENDING)

    assert notify_parent_author(make_reply(parent).pk) is True
    assert len(mailoutbox) == 1


def test_no_reply_email_about_an_article_readers_cannot_open(article, mailoutbox):
    parent = make_comment(article, READER, notify_replies=True)
    reply = make_reply(parent)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    assert notify_parent_author(reply.pk) is False
    assert mailoutbox == []


def test_a_top_level_or_deleted_comment_sends_nothing(article, mailoutbox):
    top = make_comment(article, READER, notify_replies=True)

    assert notify_parent_author(top.pk) is False
    assert notify_parent_author(987654) is False
    assert mailoutbox == []


# Unsubscribing ------------------------------------------------------------------------


@pytest.fixture
def emailed_link(article, mailoutbox, site_url):
    """The unsubscribe path from a real reply email, with the comments it concerns."""
    parent = make_comment(article, READER, notify_replies=True)
    notify_parent_author(make_reply(parent).pk)
    same_reader = make_comment(ArticleFactory(), READER.upper(), notify_replies=True)
    someone_else = make_comment(article, "other@example.com", notify_replies=True)
    path = UNSUBSCRIBE_LINK.search(mailoutbox[0].body).group(1)
    return path, parent, same_reader, someone_else


def notify_flags(*comments) -> list[bool]:
    return [Comment.objects.get(pk=comment.pk).notify_replies for comment in comments]


def test_following_the_link_asks_before_changing_anything(client, emailed_link):
    path, parent, same_reader, _ = emailed_link

    response = client.get(path)

    assert response.status_code == 200
    content = response.content.decode()
    assert '<form method="post"' in content
    assert 'name="robots" content="noindex"' in content
    assert READER not in content
    # Scanners prefetch links: the GET alone must not unsubscribe anybody.
    assert notify_flags(parent, same_reader) == [True, True]


def test_confirming_stops_reply_emails_for_the_reader(client, emailed_link):
    path, parent, same_reader, someone_else = emailed_link

    response = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert notify_flags(parent, same_reader, someone_else) == [False, False, True]
    # Asking twice is harmless.
    assert client.post(path).status_code == 200


def test_one_click_post_needs_no_csrf_token(emailed_link):
    path, parent, _, someone_else = emailed_link
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert notify_flags(parent, someone_else) == [False, True]


def test_a_tampered_token_is_refused(client, emailed_link):
    path, parent, same_reader, _ = emailed_link
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = path.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))

    for response in (client.get(tampered), client.post(tampered)):
        assert response.status_code == 400
        assert b'method="post"' not in response.content
    assert notify_flags(parent, same_reader) == [True, True]


def test_a_token_for_another_purpose_or_shape_is_refused(client, article):
    parent = make_comment(article, READER, notify_replies=True)
    forged = [
        signing.dumps({"c": parent.pk}),  # signed with the key, for something else
        signing.dumps({"c": str(parent.pk)}, salt="comments.unsubscribe"),
        signing.dumps([parent.pk], salt="comments.unsubscribe"),
    ]
    for token in forged:
        url = reverse("comments:unsubscribe", kwargs={"token": token})
        assert client.post(url).status_code == 400
    assert notify_flags(parent) == [True]


def test_a_token_for_a_comment_without_email_hash_touches_only_that_comment(client, article):
    staff_reply = make_comment(article, "desk@newsroom.example", notify_replies=True, email_hash="")
    other = make_comment(article, "other@example.com", notify_replies=True, email_hash="")

    client.post(reverse("comments:unsubscribe", kwargs={"token": make_token(staff_reply.pk)}))

    assert notify_flags(staff_reply, other) == [False, True]


def test_unsubscribe_page_is_in_the_language_of_its_address(client, article):
    parent = make_comment(article, READER, notify_replies=True)
    token = make_token(parent.pk)

    response = client.get(f"/en/comments/unsubscribe/{token}/")

    assert response.status_code == 200
    assert b'<html lang="en"' in response.content


# Retention ----------------------------------------------------------------------------


def make_traced(article, days_ago: int) -> Comment:
    comment = make_comment(
        article, READER, ip_hash="a" * 64, ip_network="192.0.2.0/24", user_agent_hash="b" * 64
    )
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return comment


def traces(comment) -> tuple[str, str, str]:
    comment.refresh_from_db()
    return comment.ip_hash, comment.ip_network, comment.user_agent_hash


def test_purge_command_forgets_old_traces_only(article, settings):
    settings.COMMENTS_TRACE_RETENTION_DAYS = 30
    old, recent = make_traced(article, 31), make_traced(article, 29)
    out = StringIO()

    call_command("purge_comment_traces", stdout=out)

    assert re.search(r"\b1\b", out.getvalue())
    assert traces(old) == ("", "", "")
    assert traces(recent) == ("a" * 64, "192.0.2.0/24", "b" * 64)
    # The email hash is what links a reader's comments for unsubscribing; it stays.
    assert Comment.objects.get(pk=old.pk).email_hash == email_hash(READER)


def test_purge_command_takes_a_shorter_period(article):
    old, recent = make_traced(article, 10), make_traced(article, 1)

    call_command("purge_comment_traces", "--days", "5", stdout=StringIO())

    assert traces(old) == ("", "", "")
    assert traces(recent) != ("", "", "")


def test_periodic_task_uses_the_retention_setting(article, settings):
    settings.COMMENTS_TRACE_RETENTION_DAYS = 7
    old, recent = make_traced(article, 8), make_traced(article, 6)

    assert purge_comment_traces() == 1

    assert traces(old) == ("", "", "")
    assert traces(recent) != ("", "", "")
