"""The state changes of a site page as the roles meet them: editors write, publish,
withdraw and restore; writers, copy editors and moderators can do none of it. Every change
is a revision with who made it and when; hostile markup never reaches the database."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from pages.models import Page, PageAction, PageRevision
from pages.publishing import publish_page, restore_page_revision, save_page, unpublish_page

from .site import about_page

pytestmark = pytest.mark.django_db


def new_page(**fields) -> Page:
    return Page(title_ar="اتصل بنا", body_ar="<p>راسلونا على البريد.</p>", **fields)


def test_an_editor_writes_publishes_and_withdraws_a_page(editor):
    page = save_page(new_page(title_en="Contact us", body_en="<p>Write to us.</p>"), by=editor)
    assert (page.slug_ar, page.slug_en) == ("اتصل-بنا", "contact-us")
    assert Client().get("/ar/pages/اتصل-بنا/").status_code == 404  # saved, not published

    publish_page(page, "ar", by=editor)
    publish_page(page, "en", by=editor)
    assert Client().get("/ar/pages/اتصل-بنا/").status_code == 200
    assert Client().get("/en/pages/contact-us/").status_code == 200

    unpublish_page(page, "en", by=editor)
    assert Client().get("/en/pages/contact-us/").status_code == 404
    assert Client().get("/ar/pages/اتصل-بنا/").status_code == 200


def test_every_change_is_a_revision_with_who_and_when(editor):
    page = save_page(new_page(), by=editor)
    page.body_ar = "<p>راسلونا على البريد أو الهاتف.</p>"
    save_page(page, by=editor)
    publish_page(page, "ar", by=editor)
    history = list(PageRevision.objects.filter(page=page).order_by("number"))
    assert [(r.number, r.action, r.language, r.user) for r in history] == [
        (1, PageAction.CREATE, "", editor),
        (2, PageAction.SAVE, "", editor),
        (3, PageAction.PUBLISH_LANGUAGE, "ar", editor),
    ]
    assert all(r.created_at for r in history)
    assert history[0].content["body_ar"] == "<p>راسلونا على البريد.</p>"
    assert history[1].content["body_ar"] == "<p>راسلونا على البريد أو الهاتف.</p>"
    assert history[2].content["live_ar"] is True


def test_a_restored_revision_is_a_new_revision_and_keeps_what_is_published(editor):
    page = about_page()
    first = page.revisions.get(number=1)
    page.title_ar, page.body_ar = "عن الموقع", "<p>نص جديد تماماً.</p>"
    page = save_page(page, by=editor)
    latest = page.revisions.first().number

    page = restore_page_revision(page, first, by=editor)

    assert (page.title_ar, page.body_ar) == ("من نحن", "<p>موقع إخباري مستقل يكتبه فريق من المحررين.</p>")
    assert page.live_languages() == ["ar", "en"]
    restored = page.revisions.first()
    assert (restored.number, restored.action, restored.restored_from, restored.user) == (
        latest + 1,
        PageAction.RESTORE,
        1,
        editor,
    )
    assert "موقع إخباري مستقل" in Client().get("/ar/pages/من-نحن/").content.decode()


def test_a_restore_that_would_empty_a_published_language_is_refused(editor):
    page = save_page(new_page(), by=editor)  # revision 1: Arabic only
    page.title_en, page.body_en = "Contact us", "<p>Write to us.</p>"
    page = publish_page(save_page(page, by=editor), "en", by=editor)
    with pytest.raises(ValidationError) as refused:
        restore_page_revision(page, page.revisions.get(number=1), by=editor)
    assert refused.value.code == "live_language_needs_text"
    assert Page.objects.get(pk=page.pk).title_en == "Contact us"


def test_a_language_without_text_cannot_be_published(editor):
    page = save_page(new_page(), by=editor)
    with pytest.raises(ValidationError) as refused:
        publish_page(page, "en", by=editor)
    assert refused.value.code == "no_text_in_language"
    assert Page.objects.get(pk=page.pk).live_en is False


def test_a_save_does_not_publish_and_cannot_empty_a_published_language(editor):
    page = about_page(english=False)
    page.live_en = True  # a save never publishes: only publish_page does
    page.title_en = "About us"
    page = save_page(page, by=editor)
    assert Page.objects.get(pk=page.pk).live_en is False
    page.body_ar = ""
    with pytest.raises(ValidationError) as refused:
        save_page(page, by=editor)
    assert refused.value.code == "live_language_needs_text"


def test_two_pages_never_share_an_address(editor):
    about_page()
    with pytest.raises(ValidationError) as refused:
        save_page(new_page(slug_ar="من-نحن"), by=editor)
    assert "slug_ar" in refused.value.message_dict
    # A title that would make a taken address gets another one.
    page = save_page(Page(title_ar="من نحن", body_ar="<p>نسخة ثانية.</p>"), by=editor)
    assert page.slug_ar == "من-نحن-2"


@pytest.mark.parametrize("role", ["writer", "copy_editor", "moderator"])
def test_other_roles_can_change_nothing(role, request):
    user = request.getfixturevalue(role)
    page = about_page(english=False)
    revisions = page.revisions.count()
    page.title_ar = "عنوان آخر"
    attempts = [
        lambda: save_page(new_page(), by=user),
        lambda: save_page(page, by=user),
        lambda: publish_page(page, "en", by=user),
        lambda: unpublish_page(page, "ar", by=user),
        lambda: restore_page_revision(page, page.revisions.last(), by=user),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    stored = Page.objects.get(pk=page.pk)
    assert (stored.title_ar, stored.live_languages()) == ("من نحن", ["ar"])
    assert Page.objects.count() == 1
    assert stored.revisions.count() == revisions


HOSTILE = (
    '<p>من نحن<script>alert("x")</script></p>'
    '<p><img src="x" onerror="alert(1)"><a href="javascript:alert(2)">رابط</a></p>'
    '<iframe src="https://evil.example/"></iframe><p style="position:fixed">نص</p>'
)


def test_hostile_html_in_a_body_is_sanitised(editor):
    page = save_page(Page(title_ar="صفحة", body_ar=HOSTILE), by=editor)
    publish_page(page, "ar", by=editor)
    stored = Page.objects.get(pk=page.pk).body_ar
    for hostile in ("<script", "onerror", "javascript:", "<iframe", "style="):
        assert hostile not in stored
    assert "من نحن" in stored
    html = Client().get(page.url_in("ar")).content.decode()
    for hostile in ("alert(", "onerror", "javascript:", "evil.example"):
        assert hostile not in html
