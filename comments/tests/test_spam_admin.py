"""The spam checker in the admin: its queue, its reasons, the history, the rules, the examples."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from articles.tests.factories import ArticleFactory
from comments.admin import reason_text
from comments.admin.reasons import SENTENCES
from comments.lifecycle import approve_comment, record_check
from comments.models import Comment, ModerationEvent, ModerationSettings, SpamExample, SpamModel
from comments.moderation.verdict import Verdict
from comments.moderation.vocabulary import Reason
from comments.privacy import email_hash
from core.tests.twofactor import log_in_verified

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")
RULES_CHANGELIST = reverse("admin:comments_moderationsettings_changelist")
EXAMPLES = reverse("admin:comments_spamexample_changelist")
READER_EMAIL = "reader.private@example.com"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def make_comment(article, email: str = READER_EMAIL, **fields) -> Comment:
    values = {"author_name": "قارئ", "text": "تعليق على الخبر", **fields}
    return Comment.objects.create(article=article, author_email=email, email_hash=email_hash(email), **values)


def change_url(comment: Comment) -> str:
    return reverse("admin:comments_comment_change", args=[comment.pk])


def rules_url(row: ModerationSettings) -> str:
    return reverse("admin:comments_moderationsettings_change", args=[row.pk])


def staff(django_user_model, username: str, permissions: tuple[str, ...]):
    """A staff member in no group, with only ``permissions`` (the roles are the root
    conftest.py's fixtures)."""
    user = django_user_model.objects.create_user(username=username, password="x", is_staff=True)
    for codename in permissions:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="comments", codename=codename)
        )
    return user


def results(response) -> set[Comment]:
    return set(response.context["cl"].result_list)


def english(reason) -> str:
    with translation.override("en"):
        return str(reason_text(reason))


@pytest.fixture
def article():
    return ArticleFactory()


@pytest.fixture
def moderator_client(client, moderator):
    log_in_verified(client, moderator)
    return client


@pytest.fixture
def queue(article):
    """One comment in each place the checker filter knows, and one decided before the checker."""
    now = timezone.now()
    return {
        "waiting": make_comment(article, text="ينتظر الفحص"),
        "held": make_comment(article, text="محجوز للمشرف", judged_at=now, score=0.4),
        "checker": make_comment(article, status=Comment.Status.SPAM, judged_at=now, score=0.97),
        "moderator": make_comment(article, status=Comment.Status.APPROVED, judged_at=now, score=0.3),
    }


# The queue: what waits for the checker


def test_the_waiting_count_links_to_the_waiting_comments(moderator_client, article, queue, moderator):
    approve_comment(queue["moderator"], moderator=moderator)
    make_comment(article, text="تعليق آخر ينتظر")

    page = moderator_client.get(CHANGELIST, **EN).content.decode()

    assert "2 comments are waiting for the spam checker" in page
    assert "1 comment is held for a moderator" in page
    assert f'href="{CHANGELIST}?checker=waiting"' in page
    assert f'href="{CHANGELIST}?checker=held"' in page


def test_no_waiting_line_when_the_checker_is_done(moderator_client, article):
    make_comment(article, judged_at=timezone.now())
    make_comment(article, status=Comment.Status.APPROVED)

    page = moderator_client.get(CHANGELIST, **EN).content.decode()

    assert "waiting for the spam checker" not in page
    assert "?checker=waiting" in page  # still offered in the filter
    assert "1 comment is held for a moderator" in page


def test_the_checker_filter(moderator_client, queue, moderator, article):
    approve_comment(queue["moderator"], moderator=moderator)
    # Decided from a task or command: no moderator, but a moderator's event all the same.
    untouched = make_comment(article, judged_at=timezone.now())
    Comment.objects.filter(pk=untouched.pk).update(status=Comment.Status.REJECTED)
    ModerationEvent.objects.create(comment=untouched, actor="moderator", decision="rejected")

    def listed(value: str) -> set[Comment]:
        response = moderator_client.get(CHANGELIST, {"checker": value})
        assert response.status_code == 200
        return results(response)

    assert listed("waiting") == {queue["waiting"]}
    assert listed("held") == {queue["held"]}
    assert listed("checker") == {queue["checker"]}
    assert listed("moderator") == {queue["moderator"], untouched}


def test_checker_counts_take_one_query(moderator, queue, django_assert_num_queries):
    request = RequestFactory().get(CHANGELIST)
    request.user = moderator
    model_admin = admin.site._registry[Comment]

    with django_assert_num_queries(1):
        counts = model_admin.checker_queue(request)

    assert [item["count"] for item in counts] == [1, 1]


def test_score_and_why_columns(moderator_client, article):
    make_comment(
        article,
        score=0.874,
        judged_at=timezone.now(),
        reasons=[
            {"code": "links", "action": "hold", "count": 3, "limit": 2},
            {"code": "contact", "action": "hold", "phones": 1, "messengers": 0},
            {"code": "model", "score": 0.874},
        ],
    )
    make_comment(article, text="لم يفحص بعد")

    response = moderator_client.get(CHANGELIST, **EN)
    page = response.content.decode()

    assert "0.87" in page
    assert "3 links; the rule starts at 2 — held for a moderator" in page
    assert "Contact details: 1 phone number — held for a moderator" in page
    assert "and 1 more reason" in page
    assert "admin-extra/comments.css" in page
    model_admin = admin.site._registry[Comment]
    assert model_admin.spam_score(Comment(score=None)) == ""
    assert model_admin.why(Comment(reasons=[])) == ""


# Reasons as sentences


@pytest.mark.parametrize(
    ("reason", "sentence"),
    [
        ({"code": "honeypot", "action": "spam"}, "The hidden form field was filled in — marked as spam"),
        (
            {"code": "too_fast", "action": "hold"},
            "Sent within seconds of opening the page — held for a moderator",
        ),
        ({"code": "links", "action": "hold", "count": 1, "limit": 1}, "1 link; the rule starts at 1"),
        ({"code": "duplicate", "action": "hold", "count": 2}, "The same text was posted 2 times before"),
        ({"code": "duplicate", "action": "hold", "count": 1}, "The same text was posted 1 time before"),
        ({"code": "burst_network", "action": "hold", "count": 5}, "5 other comments from the same network"),
        (
            {"code": "burst_email", "action": "hold", "count": 3},
            "3 other comments from the same email address",
        ),
        (
            {"code": "script_mismatch", "action": "hold", "kind": "latin_links"},
            "Only Latin letters, with links",
        ),
        (
            {"code": "script_mismatch", "action": "hold", "kind": "other"},
            "a script the site does not publish in",
        ),
        (
            {"code": "contact", "action": "spam", "phones": 2, "messengers": 1},
            "Contact details: 2 phone numbers, 1 messaging handle — marked as spam",
        ),
        ({"code": "blocked_domains", "action": "spam", "domains": ["spam.example"]}, "blocked domain: <bdi>"),
        ({"code": "model", "score": 0.912}, "The spam model&#x27;s score: 0.91"),
        ({"code": "trusted"}, "An earlier comment from this confirmed email address was approved"),
        ({"code": "no_model"}, "No spam model has been trained yet"),
        ({"code": "few_examples", "needed": 20}, "fewer than 20 examples of each kind"),
        ({"code": "uncertain"}, "The spam model is not sure either way"),
    ],
)
def test_reasons_read_as_sentences(reason, sentence):
    assert sentence in english(reason)


@pytest.mark.parametrize("code", list(Reason))
def test_every_reason_the_checker_gives_has_a_sentence_in_both_languages(code):
    assert code in SENTENCES  # a new rule must not reach moderators as a bare code
    reason = {"code": str(code), "count": 2, "limit": 2, "needed": 20, "score": 0.5, "phones": 1}
    english_text = english(reason)
    with translation.override("ar"):
        arabic_text = str(reason_text(reason))
    assert english_text != str(code)
    assert arabic_text != english_text
    assert any("\u0600" <= char <= "\u06ff" for char in arabic_text)


def test_reasons_without_an_action_say_nothing_of_one():
    assert english({"code": "model", "score": 0.5}) == "The spam model&#x27;s score: 0.50"
    assert "held" not in english({"code": "uncertain"})


def test_reader_words_and_unknown_codes_are_escaped():
    words = english({"code": "blocked_words", "action": "spam", "words": ["<script>", "كازينو"]})
    unknown = english({"code": "<img src=x onerror=alert(1)>", "action": "<b>"})
    broken = english({"code": "links", "count": "<i>", "limit": None, "action": ["hold"]})

    assert words == ("Contains blocked words: <bdi>&lt;script&gt;</bdi>, <bdi>كازينو</bdi> — marked as spam")
    assert unknown == "&lt;img src=x onerror=alert(1)&gt;"
    assert broken == "0 links; the rule starts at 0"
    assert english("<b>plain text</b>") == "&lt;b&gt;plain text&lt;/b&gt;"


def test_change_page_lists_the_reasons_escaped(moderator_client, article):
    comment = make_comment(
        article,
        score=0.99,
        judged_at=timezone.now(),
        reasons=[
            {"code": "blocked_words", "action": "spam", "words": ["<script>alert(1)</script>"]},
            {"code": "no_model"},
        ],
    )

    page = moderator_client.get(change_url(comment), **EN).content.decode()

    assert (
        "Contains a blocked word: <bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi> — marked as spam" in page
    )
    assert "<script>alert(1)" not in page
    assert "No spam model has been trained yet" in page


def test_history_follows_the_admin_language(moderator_client, moderator, article):
    comment = make_comment(article)
    approve_comment(comment, moderator=moderator)

    arabic = moderator_client.get(change_url(comment), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    english_page = moderator_client.get(change_url(comment), **EN).content.decode()

    assert "موافق عليه" in arabic[arabic.index("moderation-history") :]
    assert "موافق عليه" not in english_page[english_page.index("moderation-history") :]


# The history of decisions


def test_history_lists_the_checker_and_the_moderator(moderator_client, moderator, article):
    comment = make_comment(article)
    record_check(
        comment,
        Verdict("hold", 0.42, [{"code": "uncertain"}]),
        now=timezone.now(),
    )
    approve_comment(comment, moderator=moderator)

    page = moderator_client.get(change_url(comment), **EN).content.decode()

    assert "moderation-history" in page
    history = page[page.index("moderation-history") :]
    assert "Spam checker" in history
    assert "Held for a moderator" in history
    assert "0.42" in history
    assert "<bdi>moderator</bdi>" in history
    assert "Approved" in history
    assert history.index("Spam checker") < history.index("<bdi>moderator</bdi>")


def test_history_when_nothing_was_decided(moderator_client, article):
    comment = make_comment(article)

    page = moderator_client.get(change_url(comment), **EN).content.decode()

    assert "No decisions yet." in page


def test_editor_sees_the_history_but_not_the_email(client, editor, moderator, article):
    comment = make_comment(article)
    approve_comment(comment, moderator=moderator)
    log_in_verified(client, editor)

    page = client.get(change_url(comment), **EN).content.decode()

    assert "<bdi>moderator</bdi>" in page
    assert READER_EMAIL not in page


# The spam rules


def test_rules_list_leads_to_the_single_row(admin_client):
    first = admin_client.get(RULES_CHANGELIST)
    second = admin_client.get(RULES_CHANGELIST)

    row = ModerationSettings.objects.get()
    assert row.pk == 1
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == rules_url(row)


def test_rules_can_be_neither_added_nor_deleted(admin_client):
    row = ModerationSettings.current()

    page = admin_client.get(rules_url(row), **EN).content.decode()

    assert admin_client.get(reverse("admin:comments_moderationsettings_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:comments_moderationsettings_delete", args=[row.pk])).status_code
        == 403
    )
    assert "_addanother" not in page
    assert reverse("admin:comments_moderationsettings_delete", args=[row.pk]) not in page


def test_rules_page_groups_the_rules_and_shows_the_checker(admin_client, article):
    make_comment(article)
    make_comment(article)
    make_comment(article, judged_at=timezone.now())
    SpamExample.objects.create(label="spam", source="import", text="سبام", text_key="a")
    SpamExample.objects.create(label="ham", source="moderator", text="جيد", text_key="b")

    page = admin_client.get(rules_url(ModerationSettings.current()), **EN).content.decode()

    for title in ["Form signals", "Links", "Blocked words and domains", "Repeats and bursts"]:
        assert f">{title}<" in page, title
    assert "Script and contact details" in page
    assert "No model has been trained yet" in page
    assert "2 labelled examples" in page
    assert f"{EXAMPLES}?label__exact=spam" in page
    assert "2 comments are waiting for the spam checker" in page
    assert f"{CHANGELIST}?checker=waiting" in page
    assert page.count('dir="auto"') >= 2
    assert 'name="blocked_words"' in page


def test_rules_page_shows_the_latest_model(admin_client):
    SpamModel.objects.create(
        hash_bits=18,
        feature_version=1,
        weights=b"",
        intercept=0.0,
        spam_examples=7,
        ham_examples=40,
        seconds=0.5,
    )
    SpamModel.objects.create(
        hash_bits=18,
        feature_version=1,
        weights=b"",
        intercept=0.0,
        spam_examples=25,
        ham_examples=41,
        seconds=0.5,
    )

    page = admin_client.get(rules_url(ModerationSettings.current()), **EN).content.decode()

    assert "on 25 spam examples and 41 examples of wanted comments" in page
    assert "7 spam examples" not in page
    assert "approves no comment by itself" not in page


def test_a_model_with_few_examples_is_explained(admin_client):
    SpamModel.objects.create(
        hash_bits=18,
        feature_version=1,
        weights=b"",
        intercept=0.0,
        spam_examples=3,
        ham_examples=40,
        seconds=1,
    )

    page = admin_client.get(rules_url(ModerationSettings.current()), **EN).content.decode()

    assert "It approves no comment by itself until it has learned from 20 examples of each kind." in page


def rules_form(row: ModerationSettings, **changes) -> dict:
    data = model_to_dict(row, exclude=["id", "updated_at"])
    return {**data, **changes}


def test_rules_are_saved(admin_client):
    row = ModerationSettings.current()

    response = admin_client.post(
        rules_url(row),
        rules_form(row, link_limit=3, blocked_words="كازينو\ncasino", blocked_action="hold"),
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == rules_url(row)
    row.refresh_from_db()
    assert row.link_limit == 3
    assert row.blocked_words == "كازينو\ncasino"
    assert row.blocked_action == "hold"
    assert ModerationSettings.objects.count() == 1


def test_a_writer_cannot_change_the_rules(client, writer):
    log_in_verified(client, writer)
    row = ModerationSettings.current()

    response = client.post(rules_url(row), rules_form(row, link_limit=9))

    assert response.status_code == 403
    assert client.get(RULES_CHANGELIST).status_code == 403
    row.refresh_from_db()
    assert row.link_limit == 2


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_editors_and_moderators_tune_the_rules(client, request, role):
    log_in_verified(client, request.getfixturevalue(role))
    row = ModerationSettings.current()

    response = client.post(rules_url(row), rules_form(row, link_limit=4))

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.link_limit == 4


def test_viewing_the_rules_is_not_changing_them(client, django_user_model):
    log_in_verified(client, staff(django_user_model, "viewer", ("view_moderationsettings",)))
    row = ModerationSettings.current()

    page = client.get(rules_url(row)).content.decode()
    response = client.post(rules_url(row), rules_form(row, link_limit=9))

    assert 'name="link_limit"' not in page
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.link_limit == 2


def test_the_change_permission_is_enough(client, django_user_model):
    log_in_verified(
        client,
        staff(django_user_model, "rules", ("view_moderationsettings", "change_moderationsettings")),
    )
    row = ModerationSettings.current()

    response = client.post(rules_url(row), rules_form(row, link_limit=3))

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.link_limit == 3


# What the model learns from


@pytest.fixture
def example(article):
    comment = make_comment(article, status=Comment.Status.SPAM)
    return SpamExample.objects.create(
        comment=comment,
        label=SpamExample.Label.SPAM,
        source=SpamExample.Source.MODERATOR,
        text="اربح المال الآن <b>مجاناً</b>",
        author_name="بائع",
        email_hash=comment.email_hash,
        text_key="k" * 64,
    )


def example_url(example: SpamExample, action: str = "change") -> str:
    return reverse(f"admin:comments_spamexample_{action}", args=[example.pk])


def test_examples_never_show_the_email(admin_client, example):
    pages = [
        admin_client.get(EXAMPLES, **EN),
        admin_client.get(EXAMPLES, {"q": "اربح"}, **EN),
        admin_client.get(EXAMPLES, {"label__exact": "spam", "source__exact": "moderator"}),
        admin_client.get(example_url(example), **EN),
        admin_client.get(example_url(example, "delete")),
    ]

    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert example.email_hash not in page
        assert READER_EMAIL not in page
    assert "اربح المال الآن" in pages[0].content.decode()
    assert "&lt;b&gt;مجاناً&lt;/b&gt;" in pages[3].content.decode()
    assert results(pages[1]) == {example}


def test_examples_cannot_be_found_by_email_hash(admin_client, example):
    assert admin_client.get(EXAMPLES, {"email_hash": example.email_hash}).status_code == 400
    assert admin_client.get(EXAMPLES, {"q": example.email_hash}).context["cl"].result_count == 0


def test_examples_are_read_only_but_can_be_deleted(admin_client, example):
    page = admin_client.get(example_url(example)).content.decode()
    edit = admin_client.post(example_url(example), {"label": "ham", "text": "تغيير"})

    assert 'name="text"' not in page
    assert edit.status_code == 403
    assert admin_client.get(reverse("admin:comments_spamexample_add")).status_code == 403
    example.refresh_from_db()
    assert example.label == SpamExample.Label.SPAM

    deleted = admin_client.post(example_url(example, "delete"), {"post": "yes"})

    assert deleted.status_code == 302
    assert not SpamExample.objects.exists()
    assert Comment.objects.filter(pk=example.comment_id).exists()


def test_spam_models_are_not_in_the_admin(admin_client):
    assert SpamModel not in admin.site._registry
    assert "spammodel" not in admin_client.get(reverse("admin:index")).content.decode()


def test_old_comments_decided_before_the_checker_are_in_no_checker_group(moderator_client, article):
    old = make_comment(article, status=Comment.Status.APPROVED)
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))

    for value in ["waiting", "held", "checker", "moderator"]:
        assert old not in results(moderator_client.get(CHANGELIST, {"checker": value}))
