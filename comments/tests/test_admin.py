"""The moderation queue in the admin: decisions, what each role sees, replies."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.privacy import email_hash
from core.tests.twofactor import log_in_verified

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")
READER_EMAIL = "reader.private@example.com"


def change_url(comment: Comment) -> str:
    return reverse("admin:comments_comment_change", args=[comment.pk])


def make_comment(article: Article, email: str = READER_EMAIL, **fields) -> Comment:
    values = {"author_name": "قارئ", "text": "تعليق على الخبر", **fields}
    return Comment.objects.create(article=article, author_email=email, email_hash=email_hash(email), **values)


def results(response) -> set[Comment]:
    return set(response.context["cl"].result_list)


@pytest.fixture
def article():
    return ArticleFactory()


@pytest.fixture
def moderator_client(client, moderator):
    log_in_verified(client, moderator)
    return client


@pytest.fixture
def editor_client(client, editor):
    log_in_verified(client, editor)
    return client


# Roles


def test_roles_get_their_share_of_moderation(moderator, editor):
    for action in ["view", "change", "delete", "moderate"]:
        assert moderator.has_perm(f"comments.{action}_comment"), action
    assert not moderator.has_perm("comments.add_comment")
    assert editor.has_perm("comments.view_comment")
    for action in ["add", "change", "delete", "moderate"]:
        assert not editor.has_perm(f"comments.{action}_comment"), action


# The queue


def test_changelist_shows_counts_per_status(moderator_client, article):
    make_comment(article)
    make_comment(article)
    make_comment(article, status=Comment.Status.APPROVED)
    make_comment(article, status=Comment.Status.SPAM)

    response = moderator_client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()

    assert response.status_code == 200
    counts = {item["url"].split("=")[-1]: item["count"] for item in response.context["status_counts"]}
    assert counts == {"pending": 2, "approved": 1, "spam": 1, "rejected": 0}
    assert f'href="{CHANGELIST}?status__exact=pending"' in page
    assert "Pending: 2" in page
    assert "Rejected: 0" in page


def test_status_counts_take_one_query(moderator, article, django_assert_num_queries):
    make_comment(article)
    request = RequestFactory().get(CHANGELIST)
    request.user = moderator
    model_admin = admin.site._registry[Comment]

    with django_assert_num_queries(1):
        model_admin.status_counts(request)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=تعليق",
        "?status__exact=spam",
        "?o=-6",
        "?created_at__year=2000",
        "?checker=waiting",
        "?checker=moderator&status__exact=approved",
    ],
)
def test_changelist_renders(moderator_client, article, query):
    make_comment(article, flags=["honeypot"], score=0.9)

    assert moderator_client.get(CHANGELIST + query).status_code == 200


def test_filters(moderator_client, article):
    other_article = ArticleFactory()
    pending = make_comment(article)
    approved = make_comment(article, status=Comment.Status.APPROVED)
    elsewhere = make_comment(other_article)
    old = make_comment(article)
    last_year = timezone.now() - timedelta(days=400)
    Comment.objects.filter(pk=old.pk).update(created_at=last_year)

    by_status = moderator_client.get(CHANGELIST + "?status__exact=approved")
    by_article = moderator_client.get(CHANGELIST + f"?article__id__exact={other_article.pk}")
    by_year = moderator_client.get(CHANGELIST + f"?created_at__year={last_year.year}")

    assert results(by_status) == {approved}
    assert results(by_article) == {elsewhere}
    assert results(by_year) == {old}
    assert results(moderator_client.get(CHANGELIST)) == {pending, approved, elsewhere, old}


def test_queue_lists_newest_first(moderator_client, article):
    first = make_comment(article)
    second = make_comment(article)

    listed = list(moderator_client.get(CHANGELIST).context["cl"].result_list)

    assert listed == [second, first]


def test_flags_are_shown_as_labels(moderator_client, article):
    make_comment(article, flags=["honeypot", "too_fast", "something_new"])

    page = moderator_client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Hidden field filled in, Sent too fast, something_new" in page


def test_moderator_can_search_by_email(moderator_client, article):
    wanted = make_comment(article)
    make_comment(article, email="someone.else@example.com")

    response = moderator_client.get(CHANGELIST, {"q": "reader.private"})

    assert results(response) == {wanted}


def test_editor_cannot_search_or_filter_by_email(editor_client, article):
    make_comment(article)

    search = editor_client.get(CHANGELIST, {"q": "reader.private"})
    lookup = editor_client.get(CHANGELIST, {"author_email__startswith": "reader"})

    assert search.status_code == 200
    assert results(search) == set()
    assert lookup.status_code == 400


# Bulk decisions


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve_selected", Comment.Status.APPROVED),
        ("spam_selected", Comment.Status.SPAM),
        ("reject_selected", Comment.Status.REJECTED),
    ],
)
def test_bulk_decisions(moderator_client, moderator, article, action, status):
    selected = [make_comment(article), make_comment(article)]
    untouched = make_comment(article)

    response = moderator_client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in selected]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    for comment in selected:
        comment.refresh_from_db()
        assert comment.status == status
        assert comment.moderated_by == moderator
        assert comment.moderated_at is not None
    untouched.refresh_from_db()
    assert untouched.status == Comment.Status.PENDING
    assert "2 comments were" in response.content.decode()


def test_bulk_decision_skips_comments_already_decided(moderator_client, article):
    comment = make_comment(article, status=Comment.Status.SPAM)

    response = moderator_client.post(
        CHANGELIST,
        {"action": "spam_selected", "_selected_action": [comment.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    comment.refresh_from_db()
    assert comment.moderated_by is None
    assert "0 comments were marked as spam." in response.content.decode()


def test_editor_is_offered_no_decisions(editor_client, article):
    comment = make_comment(article)

    page = editor_client.get(CHANGELIST).content.decode()
    response = editor_client.post(
        CHANGELIST, {"action": "approve_selected", "_selected_action": [comment.pk]}
    )

    assert "approve_selected" not in page
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert response.status_code in (200, 302)


# The change page


def test_moderator_sees_the_email(moderator_client, article):
    comment = make_comment(article)

    assert READER_EMAIL in moderator_client.get(CHANGELIST).content.decode()
    assert READER_EMAIL in moderator_client.get(change_url(comment)).content.decode()


def test_editor_never_sees_the_email(editor_client, article):
    parent = make_comment(article, status=Comment.Status.APPROVED)
    comment = make_comment(article, parent=parent, root=parent, depth=1, ip_network="192.0.2.0/24")

    changelist = editor_client.get(CHANGELIST)
    change_page = editor_client.get(change_url(comment))

    assert changelist.status_code == 200
    assert change_page.status_code == 200
    for page in (changelist.content.decode(), change_page.content.decode()):
        assert "reader.private" not in page
        assert "192.0.2.0" not in page
        assert comment.email_hash not in page
    assert comment.text in change_page.content.decode()


def test_hashes_are_never_shown(moderator_client, article):
    comment = make_comment(article, ip_hash="a" * 64, user_agent_hash="b" * 64, ip_network="192.0.2.0/24")

    page = moderator_client.get(change_url(comment)).content.decode()

    assert "192.0.2.0/24" in page
    for value in (comment.email_hash, comment.ip_hash, comment.user_agent_hash):
        assert value not in page


def test_change_page_shows_article_parent_and_signals(moderator_client, article):
    parent = make_comment(article, text="التعليق الأصلي", status=Comment.Status.APPROVED)
    reply = make_comment(
        article,
        parent=parent,
        root=parent,
        depth=1,
        flags=["too_fast"],
        score=0.75,
        reasons=["many links"],
    )

    page = moderator_client.get(change_url(reply), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert article.get_absolute_url() in page
    assert "التعليق الأصلي" in page
    assert change_url(parent) in page
    assert "Sent too fast" in page
    assert "0.75" in page
    assert "many links" in page  # reasons stored as plain text before the checker gave codes


def test_author_history_lists_earlier_comments_by_the_same_email(moderator_client, article):
    earlier = make_comment(article, text="أول تعليق", status=Comment.Status.SPAM)
    same_address = make_comment(article, email=READER_EMAIL.upper(), text="ثاني تعليق")
    stranger = make_comment(article, email="stranger@example.com", text="تعليق غريب")
    current = make_comment(article, text="التعليق الحالي")
    later = make_comment(article, text="تعليق لاحق")

    response = moderator_client.get(change_url(current), HTTP_ACCEPT_LANGUAGE="en")
    with translation.override("en"):
        history = admin.site._registry[Comment].author_history(current)

    assert response.status_code == 200
    assert change_url(earlier) in history
    assert change_url(same_address) in history
    assert change_url(stranger) not in history
    assert change_url(later) not in history
    assert "Pending: 1" in history
    assert "Spam: 1" in history
    assert "أول تعليق" in response.content.decode()


def test_author_history_without_a_known_address(moderator_client, article):
    Comment.objects.create(article=article, author_name="أ", author_email="a@example.com", text="١")
    current = Comment.objects.create(article=article, author_name="ب", author_email="b@example.com", text="٢")

    with translation.override("en"):
        history = str(admin.site._registry[Comment].author_history(current))

    assert "No earlier comments" in history


def test_status_change_goes_through_the_lifecycle(moderator_client, moderator, article):
    comment = make_comment(article)

    response = moderator_client.post(change_url(comment), {"text": comment.text, "status": "approved"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by == moderator
    assert comment.moderated_at is not None


def test_moderator_can_fix_a_typo(moderator_client, article):
    comment = make_comment(article, text="خطا مطبعي")

    moderator_client.post(change_url(comment), {"text": "خطأ مطبعي\u202e", "status": "pending"})

    comment.refresh_from_db()
    assert comment.text == "خطأ مطبعي"
    assert comment.status == Comment.Status.PENDING
    assert comment.moderated_by is None


def test_a_decided_comment_cannot_go_back_to_the_queue(moderator_client, article):
    comment = make_comment(article, status=Comment.Status.REJECTED)

    response = moderator_client.post(change_url(comment), {"text": comment.text, "status": "pending"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED


def test_editor_cannot_change_a_comment(editor_client, article):
    comment = make_comment(article)

    response = editor_client.post(change_url(comment), {"text": "تغيير", "status": "approved"})

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


# Replies from the publication


def test_reply_as_the_publication(moderator_client, moderator, article):
    parent = make_comment(article, status=Comment.Status.APPROVED)

    form_page = moderator_client.get(change_url(parent)).content.decode()
    response = moderator_client.post(
        change_url(parent), {"text": parent.text, "status": "approved", "reply_text": "شكراً لملاحظتك"}
    )

    assert 'name="reply_text"' in form_page
    assert response.status_code == 302
    reply = Comment.objects.get(parent=parent)
    assert reply.text == "شكراً لملاحظتك"
    assert reply.status == Comment.Status.APPROVED
    assert reply.is_staff_reply
    assert reply.user == moderator
    assert reply.moderated_by == moderator
    assert reply.root == parent
    assert reply.author_email == settings.DEFAULT_FROM_EMAIL
    assert reply.author_name


def test_only_approved_comments_can_be_answered(moderator_client, article):
    pending = make_comment(article)
    approved = make_comment(article, status=Comment.Status.APPROVED)

    form_page = moderator_client.get(change_url(pending)).content.decode()
    moderator_client.post(
        change_url(pending), {"text": pending.text, "status": "pending", "reply_text": "رد"}
    )
    rejecting = moderator_client.post(
        change_url(approved), {"text": approved.text, "status": "rejected", "reply_text": "رد"}
    )

    assert 'name="reply_text"' not in form_page
    assert rejecting.status_code == 200
    assert rejecting.context["adminform"].form.errors["reply_text"]
    assert not Comment.objects.filter(is_staff_reply=True).exists()


def test_editor_is_not_offered_a_reply(editor_client, article):
    comment = make_comment(article, status=Comment.Status.APPROVED)

    assert 'name="reply_text"' not in editor_client.get(change_url(comment)).content.decode()


# Adding


def test_comments_cannot_be_added_in_the_admin(admin_client, moderator_client):
    add = reverse("admin:comments_comment_add")

    assert admin_client.get(add).status_code == 403
    assert moderator_client.get(add).status_code == 403


def test_editors_cannot_tie_pseudonymous_comments_together(editor, moderator, article):
    """The author's history matches comments by the email's hash: it tells who wrote what
    under several names, so only moderators see it."""
    from django.test import Client

    earlier = make_comment(article, author_name="اسم أول", text="تعليق قديم بتوقيع آخر")
    current = make_comment(article, author_name="اسم ثان", text="التعليق الحالي")
    editing, moderating = Client(), Client()
    log_in_verified(editing, editor)
    log_in_verified(moderating, moderator)

    editors_page = editing.get(change_url(current), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    moderators_page = moderating.get(change_url(current), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "earlier comments by the same author" not in editors_page.lower()
    assert change_url(earlier) not in editors_page and "تعليق قديم بتوقيع آخر" not in editors_page
    assert change_url(earlier) in moderators_page
