"""An author's page: their photo from the media library (a rendition, its alt text in the
page's language), name and job title in each language, kept by the page cache and shown
anew the moment an editor changes any of it — or the photo itself. Bylines are unchanged."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.media.library import change_image, delete_image, make_renditions
from articles.models import Author
from core.tests.pagecache_helpers import get, state
from core.tests.twofactor import log_in_verified

from .factories import ArticleFactory, AuthorFactory
from .images import jpeg, library_image

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

URL = "/ar/author/sara/"


@pytest.fixture
def photo():
    image = library_image(
        jpeg((900, 900)),
        alt_ar="سارة أحمد في مكتب التحرير",
        alt_en="Sara Ahmed in the newsroom",
        title="Sara",
    )
    make_renditions(image.pk)  # as the worker does after the upload
    image.refresh_from_db()
    return image


@pytest.fixture
def author(photo):
    author = AuthorFactory(
        slug="sara",
        name_ar="سارة أحمد",
        name_en="Sara Ahmed",
        job_title_ar="مراسلة الشؤون الدولية",
        job_title_en="International affairs correspondent",
        photo=photo,
    )
    ArticleFactory(title_ar="محادثات في بيونغ يانغ").authors.add(author)
    return author


def author_card(page: str) -> str:
    return re.search(r'<header class="author-card">(.*?)</header>', page, re.S).group(1)


def form_data(author: Author, **changes) -> dict:
    data = {
        "name_ar": author.name_ar,
        "name_en": author.name_en or "",
        "slug": author.slug,
        "job_title_ar": author.job_title_ar or "",
        "job_title_en": author.job_title_en or "",
        "photo": author.photo_id or "",
        "bio_ar": author.bio_ar or "",
        "bio_en": author.bio_en or "",
        "user": "",
    }
    data.update(changes)
    return data


def test_the_author_page_shows_photo_name_and_job_title_in_each_language(author, photo):
    _response, arabic = get(URL)
    card = author_card(arabic)
    assert '<picture class="author-card__photo">' in card
    assert 'alt="سارة أحمد في مكتب التحرير"' in card
    assert re.search(
        r'srcset="[^"]*/renditions/[^"]*-1x1-160\.\w+ 160w', card
    )  # a rendition, not the original
    assert "<h1><bdi>سارة أحمد</bdi></h1>" in card
    assert '<p class="author-card__title">مراسلة الشؤون الدولية</p>' in card

    _response, english = get("/en/author/sara/")
    card = author_card(english)
    assert 'alt="Sara Ahmed in the newsroom"' in card
    assert "<h1><bdi>Sara Ahmed</bdi></h1>" in card
    assert '<p class="author-card__title">International affairs correspondent</p>' in card


def test_bylines_are_unchanged(author):
    _response, page = get(author.articles.get().url_in("ar"))
    byline = re.search(r'<p class="article__byline">(.*?)</p>', page, re.S).group(1)
    assert '<a href="/ar/author/sara/"><bdi>سارة أحمد</bdi></a>' in byline
    assert "picture" not in byline and "مراسلة" not in byline


def test_an_author_without_photo_or_title_shows_the_name_alone(db):
    author = AuthorFactory(slug="omar", name_ar="عمر")
    ArticleFactory().authors.add(author)
    _response, page = get("/ar/author/omar/")
    assert author_card(page).split() == ["<div>", "<h1><bdi>عمر</bdi></h1>", "</div>"]


def test_an_editor_changing_the_title_or_photo_in_the_admin_shows_on_the_next_request(author, editor, commit):
    get(URL)
    assert state(URL) == "hit"
    client = Client()
    log_in_verified(client, editor)
    change = reverse("admin:articles_author_change", args=[author.pk])
    with commit():
        answer = client.post(change, form_data(author, job_title_ar="رئيسة قسم الشؤون الدولية"))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    response, page = get(URL)
    assert response["X-Page-Cache"] == "miss"
    assert '<p class="author-card__title">رئيسة قسم الشؤون الدولية</p>' in author_card(page)

    other = library_image(
        jpeg((600, 600), colour=(20, 120, 60)), alt_ar="صورة جديدة لسارة", alt_en="A new photo"
    )
    with commit():
        answer = client.post(change, form_data(Author.objects.get(pk=author.pk), photo=other.pk))
    assert answer.status_code == 302
    response, page = get(URL)
    assert response["X-Page-Cache"] == "miss"
    assert 'alt="صورة جديدة لسارة"' in author_card(page)  # the original, until its renditions are made


def test_a_change_to_the_photo_itself_shows_on_the_author_page(author, photo, editor, commit):
    get(URL)
    assert state(URL) == "hit"
    photo.alt_ar = "سارة أحمد في بيونغ يانغ"
    with commit():
        change_image(photo, by=editor)
    response, page = get(URL)
    assert response["X-Page-Cache"] == "miss"
    assert 'alt="سارة أحمد في بيونغ يانغ"' in author_card(page)

    with commit():
        delete_image(photo, by=editor)
    response, page = get(URL)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert "<picture" not in author_card(page) and "<img" not in author_card(page)
    assert Author.objects.get(pk=author.pk).photo is None


def test_editors_pick_the_photo_with_the_library_s_search(author, photo, editor):
    client = Client()
    log_in_verified(client, editor)
    form = client.get(reverse("admin:articles_author_change", args=[author.pk])).content.decode()
    select = re.search(r'<select name="photo"[^>]*>', form).group(0)
    assert "admin-autocomplete" in select
    for field in ("job_title_ar", "job_title_en"):
        assert f'name="{field}"' in form
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "author", "field_name": "photo", "term": "مكتب التحرير"},
    ).json()
    assert [result["id"] for result in found["results"]] == [str(photo.pk)]
