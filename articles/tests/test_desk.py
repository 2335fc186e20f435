"""The writing desk's server side: autosave that is kept per editor and never published,
the offer to restore it, and the library picker the editor opens."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, Autosave
from core.tests.twofactor import log_in_verified

from .factories import ArticleFactory, SectionFactory
from .images import library_image

pytestmark = pytest.mark.django_db

AUTOSAVE = reverse("admin:articles_article_autosave")
PICKER = reverse("admin:articles_image_picker")


def signed_in(user) -> Client:
    """A browser in English with ``user`` logged in (the roles are the root conftest.py's)."""
    client = Client(headers={"Accept-Language": "en"})
    log_in_verified(client, user)
    return client


@pytest.fixture
def draft(db):
    return ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, title_ar="مسودة", body_ar="<p>نص أول</p>"
    )


def test_what_is_typed_is_kept_for_the_editor_and_never_published(admin_client, draft):
    response = admin_client.post(
        AUTOSAVE,
        {"article": draft.pk, "title_ar": "عنوان يكتب الآن", "body_ar": "<p>نص جديد</p>", "slug_ar": "x"},
    )

    assert response.status_code == 200 and response.json()["saved"]
    saved = Autosave.objects.get(article=draft)
    assert saved.fields == {"title_ar": "عنوان يكتب الآن", "body_ar": "<p>نص جديد</p>"}  # text fields only
    draft.refresh_from_db()
    assert draft.title_ar == "مسودة" and draft.body_ar == "<p>نص أول</p>"


def test_the_form_offers_to_restore_it_and_restoring_fills_the_form(admin_client, draft):
    admin_client.post(
        AUTOSAVE, {"article": draft.pk, "title_ar": "عنوان لم يحفظ", "body_ar": "<p>نص لم يحفظ</p>"}
    )
    change = reverse("admin:articles_article_change", args=[draft.pk])

    offer = admin_client.get(change, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You have unsaved text in this article" in offer and "?restore=1" in offer
    assert 'value="مسودة"' in offer  # nothing restored until asked

    restored = admin_client.get(change + "?restore=1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="عنوان لم يحفظ"' in restored and "نص لم يحفظ" in restored
    assert "You have unsaved text" not in restored


def test_saving_the_article_forgets_the_autosave(admin_client, draft):
    admin_client.post(AUTOSAVE, {"article": draft.pk, "title_ar": "عنوان أخير"})
    change = reverse("admin:articles_article_change", args=[draft.pk])
    data = {
        "title_ar": "عنوان أخير", "title_en": "", "slug_ar": draft.slug_ar, "slug_en": "",
        "standfirst_ar": "", "standfirst_en": "", "body_ar": "<p>نص</p>", "body_en": "",
        "section": draft.section_id,
        "status": Article.Status.DRAFT, "published_at_0": "", "published_at_1": "", "comments_open": "on",
        "related_pins-TOTAL_FORMS": "0", "related_pins-INITIAL_FORMS": "0",
        "related_exclusions-TOTAL_FORMS": "0", "related_exclusions-INITIAL_FORMS": "0",
    }  # fmt: skip

    assert admin_client.post(change, data).status_code == 302
    assert not Autosave.objects.exists()


def test_a_new_article_is_autosaved_too(admin_client):
    admin_client.post(AUTOSAVE, {"article": "", "title_ar": "خبر لم يُحفظ بعد"})

    page = admin_client.get(reverse("admin:articles_article_add") + "?restore=1").content.decode()

    assert 'value="خبر لم يُحفظ بعد"' in page


def test_an_editor_cannot_autosave_into_what_they_may_not_change(writer):
    published = ArticleFactory(section=SectionFactory(slug="s2"))
    writing = signed_in(writer)

    assert writing.post(AUTOSAVE, {"article": published.pk, "title_ar": "x"}).status_code == 403
    assert writing.post(AUTOSAVE, {"article": "abc", "title_ar": "x"}).status_code == 403
    assert writing.get(AUTOSAVE).status_code == 405
    assert not Autosave.objects.exists()


def test_autosaves_are_each_editors_own(editor, draft, admin_client):
    admin_client.post(AUTOSAVE, {"article": draft.pk, "title_ar": "نص المدير"})
    editing = signed_in(editor)

    page = editing.get(
        reverse("admin:articles_article_change", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).text

    assert "You have unsaved text" not in page


def test_the_autosave_needs_the_forms_csrf_token(admin_user, draft):
    browser = Client(enforce_csrf_checks=True)
    log_in_verified(browser, admin_user)

    assert browser.post(AUTOSAVE, {"article": draft.pk, "title_ar": "x"}).status_code == 403


# The library picker ---------------------------------------------------------------------


def test_the_picker_lists_the_library_with_arabic_folded_search(admin_client):
    wanted = library_image(caption_ar="أمطار غزيرة في المدينة", title="")
    library_image(caption_ar="مباراة", title="")

    found = admin_client.get(PICKER, {"q": "امطار"}).json()["images"]

    assert [image["id"] for image in found] == [wanted.pk]
    assert found[0]["alt"] and found[0]["src"] == wanted.file.url


def test_the_picker_is_for_staff_only(client):
    assert client.get(PICKER).status_code == 302  # to the login page
