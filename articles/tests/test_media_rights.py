"""Who may change a photo that readers see: on a live story, its file, caption, alt text and
credit are the publishing desk's to change (an editor's), and each change is in the audit
trail of every live story showing the photo, with its actor; a photo no live story shows
stays editable by every role that uploads photos."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from articles.media.library import change_image
from articles.models import Article, AuditAction, AuditEntry, Image
from core.tests.twofactor import log_in_verified

from .factories import ArticleFactory
from .images import jpeg, library_image

pytestmark = pytest.mark.django_db

REFUSAL = (
    "A live story shows this photo: only an editor may change its file, caption, alt text or credit. "
    "Ask an editor, or upload a new photo for your story."
)


@pytest.fixture
def photo():
    return library_image(title="مؤتمر صحفي", caption_ar="الوزير يتحدث", credit="رويترز")


@pytest.fixture
def shown_live(photo):
    """The photo on two live stories (as featured image, inside the text) and a draft."""
    featured = ArticleFactory(title_ar="خبر بصورة رئيسية", image=photo)
    inside = ArticleFactory(
        title_ar="خبر بصورة في النص",
        body_ar=f'<p>نص.</p><figure><img src="/x.jpg" data-file="{photo.pk}"></figure>',
    )
    draft = ArticleFactory(title_ar="مسودة", image=photo, status=Article.Status.DRAFT, published_at=None)
    return featured, inside, draft


def in_arabic(message: str) -> str:
    with translation.override("ar"):
        return translation.gettext(message)


def image_form(image: Image, **changes) -> dict:
    """The image's admin form as it stands, with ``changes`` typed in."""
    data = {
        "title": image.title,
        "alt_ar": image.alt_ar or "",
        "alt_en": image.alt_en or "",
        "caption_ar": image.caption_ar or "",
        "caption_en": image.caption_en or "",
        "credit": image.credit,
        "copyright": image.copyright,
        "usage_terms": image.usage_terms,
        "usable_until": "",
        "taken_at_0": "",
        "taken_at_1": "",
        "focal_x": str(image.focal_x),
        "focal_y": str(image.focal_y),
    }
    data.update(changes)
    return data


def post_change(client, image: Image, **changes):
    return client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        image_form(image, **changes),
        HTTP_ACCEPT_LANGUAGE="ar",
    )


def new_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("other.jpg", jpeg((800, 450), colour=(10, 120, 10)), content_type="image/jpeg")


CHANGES = {
    "caption": {"caption_ar": "تعليق غيّره غير المحرر"},
    "credit": {"credit": "وكالة أخرى"},
    "alt text": {"alt_en": "Someone else's description"},
    "file": {"file": None},  # a new file, made per test
}


@pytest.mark.parametrize("role", ["writer", "copy_editor"])
def test_the_form_says_so_when_it_opens(request, client, photo, shown_live, role):
    log_in_verified(client, request.getfixturevalue(role))

    page = client.get(reverse("admin:articles_image_change", args=[photo.pk]), HTTP_ACCEPT_LANGUAGE="ar")

    assert in_arabic(REFUSAL) in page.content.decode()


@pytest.mark.parametrize("role", ["writer", "copy_editor"])
@pytest.mark.parametrize("what", list(CHANGES))
def test_only_an_editor_changes_what_readers_see_of_a_photo_on_a_live_story(
    request, client, photo, shown_live, role, what
):
    user = request.getfixturevalue(role)
    log_in_verified(client, user)
    before = Image.objects.values().get(pk=photo.pk)
    changes = {key: value or new_file() for key, value in CHANGES[what].items()}

    response = post_change(client, photo, **changes)

    assert response.status_code == 200  # the form again, with the refusal
    assert in_arabic(REFUSAL) in response.content.decode()
    assert Image.objects.values().get(pk=photo.pk) == before
    assert not AuditEntry.objects.filter(action=AuditAction.IMAGE_CHANGE).exists()


def test_an_editors_change_is_in_the_audit_trail_of_each_live_story_showing_the_photo(
    client, editor, photo, shown_live
):
    featured, inside, _draft = shown_live
    log_in_verified(client, editor)
    form = client.get(reverse("admin:articles_image_change", args=[photo.pk]), HTTP_ACCEPT_LANGUAGE="ar")
    assert in_arabic(REFUSAL) not in form.content.decode()

    response = post_change(client, photo, caption_ar="الوزير في المؤتمر", credit="أسوشيتد برس")

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.caption_ar, photo.credit) == ("الوزير في المؤتمر", "أسوشيتد برس")
    entries = AuditEntry.objects.filter(action=AuditAction.IMAGE_CHANGE)
    assert {entry.article_id for entry in entries} == {featured.pk, inside.pk}  # not the draft
    assert {entry.user for entry in entries} == {editor}
    with translation.override(settings.LANGUAGE_CODE):
        caption, credit, alt = (
            str(Image._meta.get_field(name).verbose_name) for name in ("caption", "credit", "alt")
        )
    for entry in entries:
        assert "مؤتمر صحفي" in entry.detail  # the photo
        assert caption in entry.detail and credit in entry.detail and alt not in entry.detail


def test_an_editor_replaces_the_file_of_a_photo_on_a_live_story(client, editor, photo, shown_live):
    log_in_verified(client, editor)
    old_name = photo.file.name

    response = post_change(client, photo, file=new_file())

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.file.name != old_name and (photo.width, photo.height) == (800, 450)
    with translation.override(settings.LANGUAGE_CODE):
        file_label = str(Image._meta.get_field("file").verbose_name)
    assert all(
        file_label in entry.detail for entry in AuditEntry.objects.filter(action=AuditAction.IMAGE_CHANGE)
    )
    assert AuditEntry.objects.filter(action=AuditAction.IMAGE_CHANGE).count() == 2


@pytest.mark.parametrize("role", ["writer", "copy_editor", "editor"])
def test_a_photo_no_live_story_shows_stays_editable_by_every_role(request, client, photo, role):
    ArticleFactory(title_ar="مسودة", image=photo, status=Article.Status.DRAFT, published_at=None)
    log_in_verified(client, request.getfixturevalue(role))

    response = post_change(client, photo, caption_ar="تعليق جديد", credit="وكالة الأنباء", file=new_file())

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.caption_ar, photo.credit, photo.width) == ("تعليق جديد", "وكالة الأنباء", 800)
    assert not AuditEntry.objects.filter(action=AuditAction.IMAGE_CHANGE).exists()


def test_a_change_readers_do_not_see_needs_no_editor(client, copy_editor, photo, shown_live):
    """Usage terms and the library's own title are the desk's notes, not the story's."""
    log_in_verified(client, copy_editor)

    response = post_change(client, photo, title="مؤتمر صحفي للوزير", usage_terms="للاستخدام مرة واحدة")

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.title, photo.usage_terms) == ("مؤتمر صحفي للوزير", "للاستخدام مرة واحدة")


def test_every_path_meets_the_same_rule_as_the_form(copy_editor, moderator, photo, shown_live):
    """A command, a task or the import calls the state change itself, not the admin."""
    photo.credit = "وكالة أخرى"

    with pytest.raises(ValidationError) as refused:
        change_image(photo, by=copy_editor)
    assert refused.value.code == "image_shown_live"
    with pytest.raises(PermissionDenied):
        change_image(photo, by=moderator)  # no say in the library at all
    assert Image.objects.get(pk=photo.pk).credit == "رويترز"

    change_image(photo, by=None)  # the system: allowed, and in the trail with no actor

    assert Image.objects.get(pk=photo.pk).credit == "وكالة أخرى"
    entries = AuditEntry.objects.filter(action=AuditAction.IMAGE_CHANGE)
    assert entries.count() == 2 and {entry.user for entry in entries} == {None}
