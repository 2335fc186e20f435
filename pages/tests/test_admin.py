"""The site's pages in the admin, as the roles meet them: an editor (with the second factor)
writes a page with the articles' body editor, publishes it per language, reads its
revisions and restores one; writers, copy editors and moderators are turned away."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.tests.twofactor import log_in_verified
from pages.models import Page, PageAction
from pages.publishing import save_page

from .site import about_page

pytestmark = pytest.mark.django_db

LIST = "/admin/pages/page/"
ADD = "/admin/pages/page/add/"


def form(**fields) -> dict:
    data = {
        "title_ar": "اتصل بنا",
        "title_en": "",
        "slug_ar": "",
        "slug_en": "",
        "body_ar": "<p>راسلونا على البريد.</p>",
        "body_en": "",
        "position": "20",
        "_save": "1",
    }
    data.update(fields)
    return data


@pytest.fixture
def desk(editor) -> Client:
    client = Client()
    log_in_verified(client, editor)
    return client


def test_an_editor_writes_and_publishes_a_page_from_the_admin(desk, editor):
    html = desk.get(ADD).content.decode()
    # The articles' body editor, each box in its own language and direction.
    assert re.search(r'<textarea name="body_ar"[^>]* lang="ar" dir="rtl" class="article-body', html)
    assert re.search(r'<textarea name="body_en"[^>]* lang="en" dir="ltr" class="article-body', html)
    assert 'name="publish_en"' in html
    response = desk.post(ADD, form(publish_ar="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = Page.objects.get(title_ar="اتصل بنا")
    assert page.live_languages() == ["ar"]
    assert [(r.action, r.language, r.user) for r in page.revisions.order_by("number")] == [
        (PageAction.CREATE, "", editor),
        (PageAction.PUBLISH_LANGUAGE, "ar", editor),
    ]
    assert Client().get(page.url_in("ar")).status_code == 200


def test_a_language_without_text_is_refused_on_its_box(desk):
    response = desk.post(ADD, form(publish_ar="on", publish_en="on"))
    assert response.status_code == 200
    errors = response.context_data["adminform"].form.errors.as_data()
    assert [error.code for error in errors["publish_en"]] == ["no_text_in_language"]
    assert "publish_ar" not in errors
    assert not Page.objects.exists()


def test_unticking_a_language_withdraws_it_and_may_empty_it(desk):
    page = about_page()
    url = reverse("admin:pages_page_change", args=[page.pk])
    data = form(title_ar="من نحن", slug_ar="من-نحن", body_ar=page.body_ar, publish_ar="on")
    response = desk.post(url, data)  # English unticked and emptied at once
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live_languages() == ["ar"] and not page.title_en
    assert Client().get("/en/pages/about-us/").status_code == 404


def test_an_editor_restores_a_revision_from_its_page(desk, editor):
    page = about_page()
    page.title_ar = "عن الموقع"
    save_page(page, by=editor)
    revisions_url = reverse("admin:pages_page_revisions", args=[page.pk])
    assert revisions_url in desk.get(reverse("admin:pages_page_change", args=[page.pk])).content.decode()
    html = desk.get(revisions_url).content.decode()
    assert "<del>من نحن</del> <ins>عن الموقع</ins>" in html
    response = desk.post(revisions_url, {"restore": "1"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title_ar == "من نحن"
    assert page.revisions.first().action == PageAction.RESTORE


@pytest.mark.parametrize("role", ["writer", "copy_editor", "moderator"])
def test_other_roles_are_turned_away(role, request):
    user = request.getfixturevalue(role)
    page = about_page()
    client = Client()
    log_in_verified(client, user)
    change = reverse("admin:pages_page_change", args=[page.pk])
    revisions_url = reverse("admin:pages_page_revisions", args=[page.pk])
    for url in (LIST, ADD, change, revisions_url):
        assert client.get(url).status_code == 403, url
    assert client.post(ADD, form()).status_code == 403
    assert client.post(change, form(title_ar="عنوان آخر")).status_code == 403
    assert client.post(revisions_url, {"restore": "1"}).status_code == 403
    assert Page.objects.get().title_ar == "من نحن"
    assert "/admin/pages/" not in client.get("/admin/").content.decode()
