"""A state change that refuses says why with a code as well as words, so that an API can
answer with codes and a form can put the words on the right field; and a rule the article
form checks before saving is the state change's own rule, refused in the same words."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.desk.publishing import (
    add_correction,
    approve_article,
    publish_article,
    publish_language,
    restore_revision,
    save_article,
    send_back,
    submit_for_review,
)
from articles.models import Article, SlugRedirect
from core.tests.twofactor import log_in_verified

from .images import library_image
from .test_admin import change_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(section, writer):
    return save_article(Article(section=section, title_ar="افتتاح المعرض", body_ar="<p>نص.</p>"), by=writer)


def codes(refused: ValidationError) -> list[str]:
    """Every code of a refusal, whether its errors are a list or per field."""
    groups = refused.error_dict.values() if hasattr(refused, "error_dict") else [refused.error_list]
    return sorted(error.code for group in groups for error in group)


def refused_by(change) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        change()
    return caught.value


def in_review(article, writer):
    return submit_for_review(article, by=writer)


def test_each_refusal_of_the_workflow_has_its_code(draft, writer, copy_editor, editor):
    assert codes(refused_by(lambda: approve_article(draft, by=copy_editor))) == ["not_in_review"]
    assert codes(refused_by(lambda: send_back(draft, by=copy_editor, note="x"))) == ["not_on_the_desk"]
    article = in_review(draft, writer)
    assert codes(refused_by(lambda: submit_for_review(article, by=writer))) == ["not_a_draft"]
    assert codes(refused_by(lambda: send_back(article, by=copy_editor, note="  "))) == ["note_required"]
    assert Article.objects.get(pk=draft.pk).status == Article.Status.IN_REVIEW


def test_publishing_refusals_have_their_codes(draft, editor, section):
    assert codes(refused_by(lambda: publish_language(draft, "en", by=editor))) == ["no_text_in_language"]
    texts = {"ar": " ", "en": "Corrected."}
    assert codes(refused_by(lambda: add_correction(draft, by=editor, kind="correction", texts=texts))) == [
        "correction_note_required"
    ]
    other = save_article(Article(section=section, title_ar="خبر آخر", body_ar="<p>نص.</p>"), by=editor)
    revision = other.revisions.get()
    assert codes(refused_by(lambda: restore_revision(draft, revision, by=editor))) == ["another_article"]


def test_a_stale_save_and_an_old_address_of_another_article_have_their_codes(draft, writer, editor, section):
    draft.body_ar = "<p>نص أحدث.</p>"
    save_article(draft, by=editor)
    mine = Article.objects.get(pk=draft.pk)
    mine.body_ar = "<p>نصي.</p>"
    assert codes(refused_by(lambda: save_article(mine, by=writer, based_on=1))) == ["stale"]

    SlugRedirect.objects.create(article=draft, language="ar", slug="عنوان-قديم")
    other = Article(section=section, title_ar="خبر آخر", slug_ar="عنوان-قديم", body_ar="<p>نص.</p>")
    assert codes(refused_by(lambda: save_article(other, by=editor))) == ["slug_held"]


def test_a_photo_that_is_not_ready_refuses_publication_with_a_code_per_problem(draft, editor):
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    draft.image = library_image(alt_ar="", credit="", usable_until=yesterday)
    refused = refused_by(lambda: publish_article(draft, by=editor))
    assert codes(refused) == ["image_rights_ended", "image_without_alt_text", "image_without_credit"]
    assert not Article.objects.get(pk=draft.pk).is_live


# The form and the state change: one rule, one message ------------------------------------


def form_errors(client, user, article, **fields) -> dict[str, list[str]]:
    log_in_verified(client, user)
    data = form_data(article.section, title_ar=article.title_ar, based_on=str(article.revisions.count()))
    response = client.post(change_url(article), {**data, **fields})
    assert response.status_code == 200, "the form was saved"
    return response.context["adminform"].form.errors


def test_sending_back_without_a_note_is_refused_in_the_same_words_by_the_form(
    client, draft, writer, copy_editor
):
    article = in_review(draft, writer)
    said = refused_by(lambda: send_back(article, by=copy_editor, note="")).messages
    assert form_errors(client, copy_editor, article, _workflow="send_back")["desk_note"] == said


def test_an_empty_language_version_is_refused_in_the_same_words_by_the_form(client, draft, editor):
    said = refused_by(lambda: publish_language(draft, "en", by=editor)).messages
    assert form_errors(client, editor, draft, language_live_en="on")["language_live_en"] == said


def test_a_correction_without_a_note_is_refused_in_the_same_words_by_the_form(client, draft, editor):
    said = refused_by(lambda: add_correction(draft, by=editor, kind="correction", texts={"ar": ""})).messages
    assert form_errors(client, editor, draft, correction_kind="correction")["correction_text_ar"] == said
