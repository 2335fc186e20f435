"""The layouts' screens in the admin, as the roles meet them: editors arrange, publish,
schedule and preview; the search for a story folds Arabic; nobody else gets in."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.models import Article
from articles.reader.lists import ArticleList
from articles.tests.factories import ArticleFactory
from core.tests.twofactor import log_in_verified
from fronts.models import FrontAction, FrontAuditEntry, Layout, LayoutState, LayoutStatus

from .stories import lead_title, news_day, secondary_titles

pytestmark = pytest.mark.django_db

ADD = "/admin/fronts/layout/add/"


@pytest.fixture
def day():
    return news_day()


@pytest.fixture
def desk(editor) -> Client:
    client = Client()
    log_in_verified(client, editor)
    return client


def page_language(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def inline(prefix: str, rows: list[dict], extra: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + extra),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data.update({f"{prefix}-{number}-{name}": value for name, value in row.items()})
    return data


def layout_form(lead, stories=(), blocks=(), **fields) -> dict:
    """The form as an editor sends it: the rows in the order their order boxes say."""
    return {
        "section": "",
        "title": "واجهة الصباح",
        "lead": str(lead.pk) if lead else "",
        "schedule_at_0": "",
        "schedule_at_1": "",
        **inline("stories", [{"article": str(s.pk), "position": str(n)} for n, s in enumerate(stories)], 1),
        **inline("blocks", list(blocks)),
        **fields,
    }


def test_an_editor_arranges_and_publishes_the_home_page(day, desk, editor):
    stories = day.stories
    blocks = [
        {
            "kind": ArticleList.SECTION_LATEST,
            "section": str(day.sections["sport"].pk),
            "count": "3",
            "position": "1",
        },
        {"kind": ArticleList.TAG_LATEST, "tag": str(day.iran.pk), "count": "4", "position": "0"},
    ]
    data = layout_form(stories["economy4"], [stories["sport3"], stories["world2"]], blocks, _front="publish")
    data["stories-0-position"], data["stories-1-position"] = "1", "0"  # dragged: world2 first

    response = desk.post(ADD, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    layout = Layout.objects.get()
    assert layout.status == LayoutStatus.PUBLISHED and layout.live_from <= timezone.now()
    assert [block.kind for block in layout.blocks.all()] == [
        ArticleList.TAG_LATEST,
        ArticleList.SECTION_LATEST,
    ]
    assert list(FrontAuditEntry.objects.order_by("id").values_list("action", "user")) == [
        (FrontAction.SAVE, editor.pk),
        (FrontAction.PUBLISH, editor.pk),
    ]
    home = Client().get("/ar/").content.decode()
    assert lead_title(home) == "خبر economy رقم 4"
    assert secondary_titles(home)[:2] == ["خبر world رقم 2", "خبر sport رقم 3"]


def test_scheduling_asks_for_a_time_ahead_and_then_keeps_the_layout_for_it(day, desk):
    past = timezone.localtime(timezone.now() - timedelta(hours=1))
    refused = desk.post(
        ADD,
        layout_form(
            day.stories["sport4"],
            _front="schedule",
            schedule_at_0=past.strftime("%Y-%m-%d"),
            schedule_at_1=past.strftime("%H:%M:%S"),
        ),
    )
    assert refused.status_code == 200 and not Layout.objects.exists()
    ahead = timezone.localtime(timezone.now() + timedelta(hours=6))
    response = desk.post(
        ADD,
        layout_form(
            day.stories["sport4"],
            _front="schedule",
            schedule_at_0=ahead.strftime("%Y-%m-%d"),
            schedule_at_1=ahead.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302
    layout = Layout.objects.get()
    assert layout.status == LayoutStatus.SCHEDULED and layout.live_from > timezone.now()
    assert lead_title(Client().get("/ar/").content.decode()) == "خبر world رقم 0"


def test_the_form_refuses_a_story_twice_in_the_states_words(day, desk):
    response = desk.post(ADD, layout_form(day.stories["sport4"], [day.stories["sport4"]]))
    assert response.status_code == 200
    errors = [
        error.code
        for shown in response.context["inline_admin_formsets"]
        for error in shown.formset.non_form_errors().as_data()
    ]
    assert errors == ["story_twice"]
    with translation.override(page_language(response)):
        assert gettext("A story can be on a front only once.") in response.content.decode()
    assert not Layout.objects.exists()


def test_the_story_search_folds_arabic_and_offers_only_what_readers_can_see(day, desk):
    live = ArticleFactory(section=day.sections["world"], title_ar="إسرائيل تعلن هدنة")
    ArticleFactory(
        section=day.sections["world"], title_ar="إسرائيل: مسودة لم تنشر", status=Article.Status.DRAFT
    )
    response = desk.get(
        "/admin/autocomplete/",
        {"term": "اسرائيل", "app_label": "fronts", "model_name": "layout", "field_name": "lead"},
    )
    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(live.pk)]


@pytest.mark.parametrize("role", ["writer", "copy_editor", "moderator"])
def test_no_other_role_opens_the_layouts(day, request, role):
    client = Client()
    log_in_verified(client, request.getfixturevalue(role))
    assert client.get("/admin/fronts/layout/").status_code == 403
    assert client.get(ADD).status_code == 403
    layout = Layout.objects.create(section=None, title="مسودة")
    assert client.get(f"/ar/fronts/preview/{layout.pk}/").status_code == 404


def test_an_editor_previews_a_scheduled_layout_as_readers_will_see_it(day, desk):
    later = ArticleFactory(
        section=day.sections["sport"],
        title_ar="مباراة الليلة",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=5),
    )
    layout = Layout.objects.create(
        section=day.sections["sport"],
        title="واجهة المساء",
        lead=later,
        status=LayoutStatus.SCHEDULED,
        live_from=timezone.now() + timedelta(hours=6),
    )
    response = desk.get(f"/ar/fronts/preview/{layout.pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store" and "noindex" in response["X-Robots-Tag"]
    page = response.content.decode()
    assert lead_title(page) == "مباراة الليلة"
    assert 'class="preview-banner"' in page and "<bdi>واجهة المساء</bdi>" in page
    # Readers see nothing of it before its time.
    assert "مباراة الليلة" not in Client().get(day.fronts["sport"]).content.decode()


def test_a_preview_needs_a_staff_login(day):
    layout = Layout.objects.create(section=None, title="مسودة")
    response = Client().get(f"/ar/fronts/preview/{layout.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_layouts_list_says_which_is_live(day, desk, editor):
    Layout.objects.create(
        section=None,
        title="القديمة",
        status=LayoutStatus.PUBLISHED,
        live_from=timezone.now() - timedelta(days=1),
    )
    Layout.objects.create(
        section=None,
        title="الحالية",
        status=LayoutStatus.PUBLISHED,
        live_from=timezone.now() - timedelta(hours=1),
    )
    response = desk.get("/admin/fronts/layout/")
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override(page_language(response)):
        assert str(LayoutState.LIVE.label) in page and str(LayoutState.REPLACED.label) in page
