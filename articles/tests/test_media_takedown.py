"""Taking a photo down: deleting it (an editor's decision) or replacing its file removes the
original and every rendition, from the storage after the commit and from the site at once;
the caches in front are told by the image's key, and the stories that showed it lose it,
with a line in their audit trail. (test_media_varnish.py shows a real Varnish dropping it.)"""

import re
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.media.library import make_renditions
from articles.models import Article, AuditAction, AuditEntry, Image
from core.tests.pagecache_helpers import get, state
from core.tests.twofactor import log_in_verified

from .factories import ArticleFactory
from .images import jpeg, library_image
from .test_media_rights import image_form

pytestmark = pytest.mark.django_db


def rendition_names(image: Image) -> list[str]:
    return [
        name
        for formats in image.renditions["shapes"].values()
        for entries in formats.values()
        for *_, name in entries
    ]


def media_path(name: str) -> str:
    return urlsplit(default_storage.url(name)).path


@pytest.fixture
def photo():
    image = library_image(title="صورة سُحبت", caption_ar="صورة من الاحتجاج", credit="رويترز")
    make_renditions(image.pk)
    image.refresh_from_db()
    return image


@pytest.fixture
def stories(photo):
    featured = ArticleFactory(title_ar="خبر بالصورة", image=photo)
    inside = ArticleFactory(
        title_ar="خبر فيه الصورة",
        body_ar=f'<p>قبل الصورة.</p><figure><img src="{photo.file.url}" data-file="{photo.pk}"></figure>',
    )
    draft = ArticleFactory(
        title_ar="مسودة بالصورة", image=photo, status=Article.Status.DRAFT, published_at=None
    )
    return featured, inside, draft


def delete_in_admin(client, image: Image):
    return client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})


def test_an_editor_deletes_a_photo_and_every_file_of_it_is_gone(
    client, editor, photo, stories, django_capture_on_commit_callbacks
):
    featured, inside, draft = stories
    files = [photo.file.name, *rendition_names(photo)]
    assert all(Client().get(media_path(name)).status_code == 200 for name in files)
    log_in_verified(client, editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = delete_in_admin(client, photo)

    assert response.status_code == 302
    assert not Image.objects.filter(pk=photo.pk).exists()
    assert not any(default_storage.exists(name) for name in files)
    assert all(Client().get(media_path(name)).status_code == 404 for name in files)
    # The stories lose the photo: no broken picture where it was.
    for story in (featured, inside):
        page = Client().get(story.get_absolute_url()).content.decode()
        assert "<picture" not in page and f"/{photo.pk}/" not in page and photo.file.name not in page
        assert "قبل الصورة" in page or "خبر بالصورة" in page
    assert Article.objects.get(pk=draft.pk).image is None
    entries = AuditEntry.objects.filter(action=AuditAction.IMAGE_DELETE)
    assert {entry.article_id for entry in entries} == {featured.pk, inside.pk}
    assert {entry.user for entry in entries} == {editor}
    assert all("صورة سُحبت" in entry.detail for entry in entries)


def test_a_deleted_photo_answers_404_before_its_files_are_removed(client, editor, photo, stories):
    log_in_verified(client, editor)
    rendition = rendition_names(photo)[0]

    delete_in_admin(client, photo)  # the test's transaction never commits: the files stay

    assert default_storage.exists(photo.file.name) and default_storage.exists(rendition)
    assert Client().get(media_path(photo.file.name)).status_code == 404
    assert Client().get(media_path(rendition)).status_code == 404


@pytest.mark.parametrize("role", ["writer", "copy_editor"])
def test_only_editors_delete_photos(request, client, photo, role):
    log_in_verified(client, request.getfixturevalue(role))

    response = delete_in_admin(client, photo)

    assert response.status_code == 403
    assert Image.objects.filter(pk=photo.pk).exists()
    assert Client().get(media_path(photo.file.name)).status_code == 200


def test_replacing_the_file_takes_the_old_one_and_its_renditions_down(
    client, editor, photo, stories, django_capture_on_commit_callbacks
):
    featured, _inside, _draft = stories
    old = [photo.file.name, *rendition_names(photo)]
    log_in_verified(client, editor)
    upload = SimpleUploadedFile("new.jpg", jpeg((1200, 800), colour=(0, 90, 200)), content_type="image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_image_change", args=[photo.pk]), image_form(photo, file=upload)
        )

    assert response.status_code == 302
    assert not any(default_storage.exists(name) for name in old)
    assert all(Client().get(media_path(name)).status_code == 404 for name in old)
    photo.refresh_from_db()
    # Until the worker has made the new renditions, pages show the new original, never a
    # picture that is gone.
    page = Client().get(featured.get_absolute_url()).content.decode()
    hero = re.search(r'<figure class="article__figure">.*?</figure>', page, re.S).group(0)
    assert photo.file.url in hero and not any(name in hero for name in old)
    assert Client().get(media_path(photo.file.name)).status_code == 200


def test_media_answers_name_their_photo_for_the_caches_in_front_and_are_not_kept_for_a_year(photo, settings):
    settings.DEBUG = False
    rendition = rendition_names(photo)[0]

    for name in (photo.file.name, rendition):
        response = Client().get(media_path(name))
        assert response.status_code == 200
        assert response["xkey"] == response["Surrogate-Key"] == f"image:{photo.pk}"
        control = response["Cache-Control"]
        assert "immutable" not in control
        ages = [int(age) for age in re.findall(r"max-age=(\d+)", control)]
        assert ages and max(ages) <= 24 * 60 * 60


def test_a_file_no_photo_of_the_library_has_is_not_served(photo):
    """A rendition of an older crop, or a file left behind in the folder."""
    stray = f"renditions/{photo.pk}/0000000000-1x1-160.jpeg"
    default_storage.save(stray, default_storage.open(rendition_names(photo)[0]))

    assert Client().get(media_path(stray)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "renditions/99999999999999999999999999/x.jpg",  # more than a bigint
        "renditions/1/x.jpg/",
        "renditions/x/1.jpg",
        "images/" + "a" * 400 + ".jpg",
        "images/%00.jpg",
        "images/ملف.jpg",
    ],
)
def test_hostile_media_addresses_are_404s(path):
    assert Client().get("/media/" + path).status_code == 404


@pytest.mark.usefixtures("page_cache")
def test_the_stored_pages_of_the_stories_lose_the_photo_on_the_next_request(editor, photo, stories, commit):
    from articles.media.library import delete_image  # the state change the admin calls

    featured, inside, _draft = stories
    urls = [featured.get_absolute_url(), inside.get_absolute_url()]
    for url in urls:
        Client().get(url)
        assert state(url) == "hit"

    with commit():
        delete_image(Image.objects.get(pk=photo.pk), by=editor)

    for url in urls:
        _response, page = get(url)
        assert "<picture" not in page and f'data-file="{photo.pk}"' not in page


def test_a_photo_on_live_stories_is_taken_down_with_the_system_named_as_actor():
    """A command or a task (by=None) is the system: allowed, and named so in the trail."""
    from articles.media.library import delete_image  # the state change the admin calls

    image = library_image(title="صورة قديمة")
    story = ArticleFactory(image=image)

    delete_image(image, by=None)

    entry = AuditEntry.objects.get(action=AuditAction.IMAGE_DELETE)
    assert (entry.article_id, entry.user) == (story.pk, None)
    assert "صورة قديمة" in entry.detail


def test_restoring_a_revision_that_showed_a_photo_since_taken_down_keeps_the_article(editor, section):
    """An old revision names a photo an editor has since deleted: restoring its text must
    not point the article at nothing (the save failed on the foreign key, a 500)."""
    from articles.desk.publishing import restore_revision, save_article
    from articles.media.library import delete_image

    photo = library_image()
    article = save_article(
        Article(section=section, title_ar="خبر", body_ar="<p>نص أول.</p>", image=photo), by=editor
    )
    first = article.revisions.get()
    article.body_ar = "<p>نص ثان.</p>"
    save_article(article, by=editor)
    delete_image(Image.objects.get(pk=photo.pk), by=editor)

    restored = restore_revision(Article.objects.get(pk=article.pk), first, by=editor)

    restored.refresh_from_db()
    assert restored.body_ar == "<p>نص أول.</p>" and restored.image_id is None
