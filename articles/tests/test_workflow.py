"""The desk's safety net: revisions, the review workflow, language versions, corrections
and the audit trail, through the state changes themselves and through the admin."""

import json
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.desk import locks, records, workflow
from articles.desk.mail import notify_desk
from articles.desk.publishing import (
    add_correction,
    approve_article,
    publish_article,
    publish_due_articles,
    publish_language,
    restore_revision,
    save_article,
    send_back,
    submit_for_review,
)
from articles.desk.workflow import WorkflowStep
from articles.models import Article, AuditAction, AuditEntry, Correction, EditLock, Revision
from core.tests.twofactor import log_in_verified

from .images import library_image
from .test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

# The desk's roles (writer hala, copy_editor sami, editor mona) are the root conftest.py's.


@pytest.fixture
def draft(section, writer):
    article = Article(
        section=section,
        title_ar="افتتاح المعرض",
        body_ar="<p>نص أول.</p>",
        title_en="The fair opens",
        body_en="<p>First text.</p>",
    )
    return save_article(article, by=writer)


def actions(article) -> list[tuple[str, str]]:
    entries = AuditEntry.objects.filter(article=article).order_by("at", "id").select_related("user")
    return [(entry.action, entry.user.username if entry.user else "system") for entry in entries]


# Revisions --------------------------------------------------------------------------


def test_every_save_is_a_revision_with_its_author_and_both_languages(draft, writer):
    draft.body_ar = "<p>نص ثان.</p>"
    save_article(draft, by=writer)

    first, second = Revision.objects.filter(article=draft).order_by("number")
    assert (first.number, first.action, first.user) == (1, AuditAction.CREATE, writer)
    assert (second.number, second.action) == (2, AuditAction.SAVE)
    assert first.content["body_ar"] == "<p>نص أول.</p>" and second.content["body_ar"] == "<p>نص ثان.</p>"
    assert second.content["title_en"] == "The fair opens"


def test_restoring_a_revision_makes_a_new_one_and_keeps_the_publication(draft, writer, editor):
    draft.body_ar = "<p>نص ثان.</p>"
    save_article(draft, by=writer)
    publish_article(draft, by=editor)

    restore_revision(draft, Revision.objects.get(article=draft, number=1), by=editor)

    draft.refresh_from_db()
    assert draft.body_ar == "<p>نص أول.</p>"
    assert draft.status == Article.Status.PUBLISHED  # restoring text publishes or withdraws nothing
    latest = draft.revisions.first()
    assert (latest.number, latest.action, latest.user) == (4, AuditAction.RESTORE, editor)
    assert Revision.objects.filter(article=draft).count() == 4  # nothing rewritten


def test_a_save_over_a_newer_revision_is_refused(draft, writer, editor):
    opened = records.latest_revision_number(draft)
    draft.body_ar = "<p>نص المحرر.</p>"
    save_article(draft, by=editor)

    stale = Article.objects.get(pk=draft.pk)
    stale.body_ar = "<p>نص الكاتبة.</p>"
    with pytest.raises(records.StaleEdit) as refused:
        save_article(stale, by=writer, based_on=opened)

    assert refused.value.revision.user == editor
    assert Article.objects.get(pk=draft.pk).body_ar == "<p>نص المحرر.</p>"


# The workflow -----------------------------------------------------------------------


def test_a_story_goes_from_writer_to_review_back_and_to_publication(
    draft, writer, copy_editor, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        submit_for_review(draft, by=writer)
    assert draft.status == Article.Status.IN_REVIEW
    assert [c.__qualname__ for c in queued][-1] == "enqueue articles.tasks.notify_desk"
    # The writer can no longer change it while it is with the desk.
    draft.body_ar = "<p>تعديل متأخر.</p>"
    with pytest.raises(PermissionDenied):
        save_article(draft, by=writer)
    draft.refresh_from_db()

    with pytest.raises(ValidationError):
        send_back(draft, by=copy_editor, note=" ")
    send_back(draft, by=copy_editor, note="أضيفي مصدر الرقم في الفقرة الثانية.")
    assert draft.status == Article.Status.DRAFT
    assert draft.notes.get().text == "أضيفي مصدر الرقم في الفقرة الثانية."

    draft.body_ar = "<p>نص مع المصدر.</p>"
    save_article(draft, by=writer)
    submit_for_review(draft, by=writer)
    with pytest.raises(PermissionDenied):
        publish_article(draft, by=copy_editor)  # copy editors approve; editors publish
    approve_article(draft, by=copy_editor)
    publish_article(draft, by=editor)

    assert draft.status == Article.Status.PUBLISHED
    assert actions(draft) == [
        (AuditAction.CREATE, "hala"),
        (AuditAction.SUBMIT, "hala"),
        (AuditAction.NOTE, "sami"),
        (AuditAction.SEND_BACK, "sami"),
        (AuditAction.SAVE, "hala"),
        (AuditAction.SUBMIT, "hala"),
        (AuditAction.APPROVE, "sami"),
        (AuditAction.PUBLISH, "mona"),
    ]


def test_reviewers_are_mailed_when_a_story_is_submitted_and_the_writer_when_it_comes_back(
    draft, writer, copy_editor, editor
):
    submit_for_review(draft, by=writer)
    assert notify_desk(draft.pk, AuditAction.SUBMIT) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["mona@example.com", "sami@example.com"]
    assert "افتتاح المعرض" in mail.outbox[0].subject
    assert change_url(draft) in mail.outbox[0].body

    mail.outbox.clear()
    send_back(draft, by=copy_editor, note="العنوان طويل.")
    assert notify_desk(draft.pk, AuditAction.SEND_BACK) == 1
    assert mail.outbox[0].to == ["hala@example.com"] and "العنوان طويل." in mail.outbox[0].body


def test_a_writer_cannot_publish_even_outside_the_admin(draft, writer):
    with pytest.raises(PermissionDenied):
        publish_article(draft, by=writer)
    draft.status = Article.Status.PUBLISHED
    with pytest.raises(PermissionDenied):
        save_article(draft, by=writer)
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


# Language versions ------------------------------------------------------------------


def test_the_english_version_waits_for_an_editor(client, draft, editor):
    publish_article(draft, by=editor)
    draft.refresh_from_db()
    english = reverse("articles:detail", kwargs={"slug": draft.slug_en}).replace("/ar/", "/en/")
    assert client.get(draft.url_in("ar")).status_code == 200
    assert draft.url_in("en") is None and client.get(english).status_code == 404

    publish_language(draft, "en", by=editor)

    assert client.get(draft.url_in("en")).status_code == 200
    assert actions(draft)[-1] == (AuditAction.PUBLISH_LANGUAGE, "mona")


# Scheduled publishing and bulk actions ----------------------------------------------


def test_the_beat_publishes_due_articles_as_the_system(draft, editor):
    publish_article(draft, by=editor, at=timezone.now() + timezone.timedelta(minutes=5))
    assert draft.status == Article.Status.SCHEDULED

    assert publish_due_articles(now=timezone.now() + timezone.timedelta(minutes=6)) == 1

    assert actions(draft)[-2:] == [(AuditAction.SCHEDULE, "mona"), (AuditAction.WENT_LIVE, "system")]


def test_bulk_actions_leave_a_record_with_their_editor(client, draft, editor):
    log_in_verified(client, editor)
    changelist = reverse("admin:articles_article_changelist")
    for action in ("publish_selected", "unpublish_selected", "archive_selected"):
        client.post(changelist, {"action": action, "_selected_action": [draft.pk]})

    assert actions(draft)[1:] == [
        (AuditAction.PUBLISH, "mona"),
        (AuditAction.UNPUBLISH, "mona"),
        (AuditAction.ARCHIVE, "mona"),
    ]
    log = client.get(reverse("admin:articles_auditentry_changelist") + "?action__exact=unpublish")
    assert log.status_code == 200 and "افتتاح المعرض" in log.content.decode()


# Corrections and updates ------------------------------------------------------------


def json_ld(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])


def test_a_correction_is_shown_with_its_date_and_in_the_structured_data(client, draft, editor):
    publish_article(draft, by=editor)
    before = json_ld(client.get(draft.url_in("ar")).content.decode())

    add_correction(
        draft,
        by=editor,
        kind=Correction.Kind.CORRECTION,
        texts={"ar": "صُحّح تاريخ الافتتاح.", "en": "The opening date was corrected."},
    )

    page = client.get(draft.url_in("ar")).content.decode()
    assert "تصحيح" in page and "صُحّح تاريخ الافتتاح." in page
    data = json_ld(page)
    assert data["correction"][0]["text"] == "صُحّح تاريخ الافتتاح."
    assert data["dateModified"] == before["dateModified"]  # a correction is not an update
    assert "article__updated" not in page


def test_an_update_moves_the_date_readers_see_and_a_typo_fix_does_not(client, draft, editor):
    publish_article(draft, by=editor)
    draft.body_ar = "<p>نص أول مصحح الإملاء.</p>"
    save_article(draft, by=editor)
    assert "article__updated" not in client.get(draft.url_in("ar")).content.decode()

    add_correction(draft, by=editor, kind=Correction.Kind.UPDATE, texts={"ar": "أضيفت تصريحات الوزير."})

    page = client.get(draft.url_in("ar")).content.decode()
    draft.refresh_from_db()
    assert "article__updated" in page and "تحديث" in page
    assert json_ld(page)["dateModified"] == draft.modified_at.isoformat()
    assert actions(draft)[-1] == (AuditAction.UPDATE, "mona")


def test_only_editors_add_corrections(draft, writer):
    with pytest.raises(PermissionDenied):
        add_correction(draft, by=writer, kind=Correction.Kind.CORRECTION, texts={"ar": "تصحيح"})


# The admin --------------------------------------------------------------------------


def test_a_writer_submits_from_the_form_and_a_reviewer_must_say_why_to_send_back(
    client, draft, writer, copy_editor
):
    log_in_verified(client, writer)
    response = client.post(
        change_url(draft), form_data(draft.section, title_ar=draft.title_ar, _workflow="submit", based_on="1")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.IN_REVIEW

    log_in_verified(client, copy_editor)
    opened = str(records.latest_revision_number(draft))  # what the reviewer's form was opened on
    data = form_data(draft.section, title_ar=draft.title_ar, _workflow="send_back", based_on=opened)
    refused = client.post(change_url(draft), data)
    assert refused.status_code == 200 and "سيرى الكاتب هذه الملاحظة" in refused.content.decode()
    sent = client.post(change_url(draft), {**data, "desk_note": "المصدر ناقص."})
    assert sent.status_code == 302, sent.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT and draft.notes.get().text == "المصدر ناقص."


def test_the_form_refuses_to_save_over_a_newer_version(client, draft, writer, editor):
    log_in_verified(client, writer)
    opened = records.latest_revision_number(draft)
    draft.body_ar = "<p>نص المحرر الأحدث.</p>"
    save_article(draft, by=editor)

    response = client.post(
        change_url(draft), form_data(draft.section, body_ar="<p>نص قديم.</p>", based_on=str(opened))
    )

    assert response.status_code == 200
    assert "حفظ mona هذا المقال بعد أن فتحته" in response.content.decode()
    assert Article.objects.get(pk=draft.pk).body_ar == "<p>نص المحرر الأحدث.</p>"


def test_the_history_shows_who_changed_what_and_restores_from_the_admin(client, draft, writer, editor):
    draft.body_ar = "<p>نص أول. وجملة جديدة.</p>"
    save_article(draft, by=writer)
    log_in_verified(client, editor)
    revisions = reverse("admin:articles_article_revisions", args=[draft.pk])

    page = client.get(revisions + "?show=2").content.decode()

    # Whole words added, the rest kept as it was.
    assert "نص أول. <ins>وجملة جديدة.</ins>" in page and "<del>" not in page
    assert page.count("hala") >= 2  # both revisions are the writer's
    response = client.post(revisions, {"restore": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body_ar == "<p>نص أول.</p>" and draft.revisions.first().action == AuditAction.RESTORE


def test_the_form_shows_the_workflow_buttons_each_role_may_use(client, draft, writer, copy_editor):
    log_in_verified(client, writer)
    assert 'value="submit"' in client.get(change_url(draft)).content.decode()
    submit_for_review(draft, by=writer)
    log_in_verified(client, copy_editor)
    page = client.get(change_url(draft)).content.decode()
    assert 'value="approve"' in page and 'value="send_back"' in page and 'value="submit"' not in page


EXPECTED_STEP = {
    WorkflowStep.SUBMIT: submit_for_review,
    WorkflowStep.APPROVE: approve_article,
    WorkflowStep.SEND_BACK: send_back,
    WorkflowStep.PUBLISH: publish_article,
    WorkflowStep.SCHEDULE: publish_article,  # the time decides, whatever the button's name
}


@pytest.mark.parametrize("button", list(WorkflowStep))
def test_every_button_under_the_form_plans_its_own_state_change(button):
    steps = workflow.plan(workflow.Request(button=button, publisher=True), by=None)

    assert [step.func for step in steps] == [EXPECTED_STEP[button]]


def button_post(article: Article, button: str, **fields) -> dict:
    """What the form posts when its ``button`` is pressed, opened on the latest revision."""
    opened = {
        "title_ar": article.title_ar,
        "body_ar": article.body_ar,
        "status": article.status,
        "based_on": str(records.latest_revision_number(article)),
        "_workflow": button,
    }
    return form_data(article.section, **{**opened, **fields})


def test_an_editor_publishes_with_the_button_beside_submit(client, draft, editor):
    log_in_verified(client, editor)
    page = client.get(change_url(draft)).content.decode()
    assert 'value="submit"' in page and 'value="publish"' in page

    response = client.post(change_url(draft), button_post(draft, "publish"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and draft.published_at <= timezone.now()
    assert actions(draft)[-1] == (AuditAction.PUBLISH, "mona")
    assert client.get(draft.url_in("ar")).status_code == 200  # readers have it


def test_the_button_schedules_for_a_publish_time_in_the_future(client, draft, editor):
    log_in_verified(client, editor)
    due = timezone.localtime(timezone.now() + timezone.timedelta(hours=2)).replace(microsecond=0)
    when = {"published_at_0": due.strftime("%Y-%m-%d"), "published_at_1": due.strftime("%H:%M:%S")}

    response = client.post(change_url(draft), button_post(draft, "publish", **when))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (Article.Status.SCHEDULED, due)
    assert actions(draft)[-1] == (AuditAction.SCHEDULE, "mona")
    assert client.get(draft.url_in("ar")).status_code == 404  # not before its time


def test_the_button_reads_schedule_while_the_publish_time_is_ahead(client, draft, editor):
    draft.published_at = timezone.now() + timezone.timedelta(days=1)
    save_article(draft, by=editor)
    log_in_verified(client, editor)

    page = client.get(change_url(draft)).content.decode()

    assert 'value="schedule"' in page and 'value="publish"' not in page
    # Pressed with the time cleared (the script has turned its label back to "Publish"), it
    # publishes now.
    response = client.post(change_url(draft), button_post(draft, "schedule"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and draft.published_at <= timezone.now()


def test_the_status_select_still_publishes(client, draft, editor):
    log_in_verified(client, editor)
    data = button_post(draft, "", status=Article.Status.PUBLISHED)

    assert client.post(change_url(draft), data).status_code == 302
    assert Article.objects.get(pk=draft.pk).status == Article.Status.PUBLISHED


def test_writers_and_copy_editors_get_no_publish_button_and_a_forged_one_publishes_nothing(
    client, draft, writer, copy_editor
):
    for user in (writer, copy_editor):
        log_in_verified(client, user)
        assert 'value="publish"' not in client.get(change_url(draft)).content.decode()

        response = client.post(change_url(draft), button_post(draft, "publish"))

        assert response.status_code == 200
        assert response.context["adminform"].form.non_field_errors()
        assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_a_button_the_form_does_not_offer_is_refused_with_an_error(client, draft, copy_editor):
    log_in_verified(client, copy_editor)

    for button in ("approve", "no-such-step", "\x00"):
        response = client.post(change_url(draft), button_post(draft, button))

        assert response.status_code == 200, button
        assert response.context["adminform"].form.non_field_errors(), button
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_the_publish_button_asks_for_what_a_photo_needs_before_anything_is_saved(client, draft, editor):
    photo = library_image(title="صورة بلا مصدر", credit="")
    log_in_verified(client, editor)

    response = client.post(change_url(draft), button_post(draft, "publish", image=photo.pk))

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors().as_data()
    assert [error.code for error in errors] == ["image_without_credit"]
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_an_editor_adds_a_correction_from_the_form(client, draft, editor):
    publish_article(draft, by=editor)
    log_in_verified(client, editor)
    data = form_data(
        draft.section,
        title_ar=draft.title_ar,
        body_ar=draft.body_ar,
        status=Article.Status.PUBLISHED,
        published_at_0=timezone.localtime(draft.published_at).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(draft.published_at).strftime("%H:%M:%S"),
        based_on=str(records.latest_revision_number(draft)),
        correction_kind=Correction.Kind.CORRECTION,
        correction_text_ar="صُحّح اسم الوزير.",
    )

    response = client.post(change_url(draft), data)

    assert response.status_code == 302
    assert draft.corrections.get().text_ar == "صُحّح اسم الوزير."
    assert "صُحّح اسم الوزير." in client.get(draft.url_in("ar")).content.decode()


# Edit locks -------------------------------------------------------------------------


def test_the_lock_shows_who_is_editing_and_an_editor_can_take_it_over(draft, writer, copy_editor, editor):
    assert locks.open_for_editing(draft, by=writer).mine
    other = locks.open_for_editing(draft, by=copy_editor)
    assert not other.mine and other.holder == writer

    with pytest.raises(PermissionDenied):
        locks.take_over(draft, by=copy_editor)
    assert locks.take_over(draft, by=editor).mine

    # The writer's page hears of it at its next heartbeat.
    beat = locks.heartbeat(draft, by=writer)
    assert not beat.mine and beat.holder == editor
    assert actions(draft)[-1] == (AuditAction.TAKE_OVER, "mona")


def test_a_lock_without_heartbeat_frees_itself(draft, writer, copy_editor, settings):
    locks.open_for_editing(draft, by=writer)
    stale = timezone.now() - timezone.timedelta(seconds=settings.ARTICLE_LOCK_SECONDS + 1)
    EditLock.objects.filter(article=draft).update(heartbeat_at=stale)

    assert locks.open_for_editing(draft, by=copy_editor).mine


def lock_url(article: Article) -> str:
    return reverse("admin:articles_article_lock", args=[article.pk])


def test_a_writer_reading_a_published_story_neither_takes_nor_keeps_its_lock(client, draft, writer, editor):
    publish_article(draft, by=editor)
    log_in_verified(client, writer)

    assert client.get(change_url(draft)).status_code == 200  # she may read it
    beat = client.post(lock_url(draft), {"action": "heartbeat"})
    took = client.post(lock_url(draft), {"action": "take_over"})

    assert (beat.status_code, took.status_code) == (403, 403)
    assert not EditLock.objects.filter(article=draft).exists()


def test_a_moderator_never_locks_an_article(client, draft, moderator):
    log_in_verified(client, moderator)

    assert client.get(change_url(draft)).status_code == 200  # read only
    assert client.post(lock_url(draft), {"action": "heartbeat"}).status_code == 403
    assert not EditLock.objects.filter(article=draft).exists()
    # Nor outside the admin: the lock's own functions check who asks.
    with pytest.raises(PermissionDenied):
        locks.open_for_editing(draft, by=moderator)
    with pytest.raises(PermissionDenied):
        locks.heartbeat(draft, by=moderator)
    assert not EditLock.objects.filter(article=draft).exists()


def test_a_story_published_while_its_writer_has_it_open_is_freed_at_her_next_heartbeat(
    client, draft, writer, editor
):
    log_in_verified(client, writer)
    client.get(change_url(draft))
    assert EditLock.objects.filter(article=draft, user=writer).exists()
    publish_article(draft, by=editor)

    assert client.post(lock_url(draft), {"action": "heartbeat"}).status_code == 403

    # Her page no longer holds the story: the editor opens it for editing.
    assert not EditLock.objects.filter(article=draft).exists()
    log_in_verified(client, editor)
    client.get(change_url(draft))
    assert EditLock.objects.get(article=draft).user == editor


def test_the_form_is_not_saved_while_someone_else_has_the_article_open(client, draft, writer, editor):
    locks.open_for_editing(draft, by=editor)
    log_in_verified(client, writer)

    page = client.get(change_url(draft)).content.decode()
    assert "mona" in page and "data-take-over" not in page  # writers cannot take over

    data = form_data(draft.section, body_ar="<p>نص.</p>", based_on=str(records.latest_revision_number(draft)))
    response = client.post(change_url(draft), data)
    assert response.status_code == 200
    assert Article.objects.get(pk=draft.pk).body_ar == "<p>نص أول.</p>"


def test_the_admin_search_folds_arabic_over_title_standfirst_and_text(admin_client, section):
    found = save_article(
        Article(section=section, title_ar="زيارة إسرائيل", body_ar="<p>قال إن المحادثات ستستمر.</p>"), by=None
    )
    save_article(Article(section=section, title_ar="خبر آخر", body_ar="<p>نص.</p>"), by=None)
    changelist = reverse("admin:articles_article_changelist")

    for query in ("اسرائيل", "ان المحادثات", "ستستمر"):
        listed = list(admin_client.get(changelist, {"q": query}).context["cl"].result_list)
        assert listed == [found], query


def test_unsaved_text_restored_after_a_colleague_saved_is_checked_against_that_save(
    client, draft, writer, editor
):
    log_in_verified(client, writer)
    typed = {
        "article": draft.pk,
        "based_on": "1",
        "title_ar": draft.title_ar,
        "body_ar": "<p>نص لم يحفظ.</p>",
    }
    client.post(reverse("admin:articles_article_autosave"), typed)
    draft.body_ar = "<p>نص المحرر.</p>"
    save_article(draft, by=editor)

    assert "?restore=1" in client.get(change_url(draft)).content.decode()  # still offered
    restored = client.get(change_url(draft) + "?restore=1").content.decode()
    assert 'name="based_on" value="1"' in restored and "نص لم يحفظ." in restored

    data = form_data(draft.section, title_ar=draft.title_ar, body_ar="<p>نص لم يحفظ.</p>", based_on="1")
    response = client.post(change_url(draft), data)
    assert response.status_code == 200 and "بعد أن فتحته" in response.content.decode()
    assert Article.objects.get(pk=draft.pk).body_ar == "<p>نص المحرر.</p>"
