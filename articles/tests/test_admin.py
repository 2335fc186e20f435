"""The editors' admin: bilingual forms, publishing actions and what each role may do."""

import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone, translation

from articles.desk.publishing import save_article
from articles.models import Article, Section, SlugRedirect, Tag
from core.tests.twofactor import log_in_verified

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


class FormTags(HTMLParser):
    """Attributes of every form control, script and stylesheet of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.controls: dict[str, dict] = {}
        self.assets: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"input", "textarea", "select"} and attrs.get("name"):
            self.controls[attrs["name"]] = attrs
        elif tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.assets.append(attrs["href"])


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def make_article(section: Section, n: int = 1, **fields) -> Article:
    values = {
        "title_ar": f"خبر رقم {n}",
        "slug_ar": f"خبر-{n}",
        "body_ar": "<p>نص الخبر.</p>",
        "section": section,
    }
    values.update(fields)
    return Article.objects.create(**values)


def form_data(section: Section, **fields) -> dict:
    """What the article form posts, for an Arabic-only draft unless told otherwise."""
    data = {
        "title_ar": "خبر جديد",
        "title_en": "",
        "slug_ar": "",
        "slug_en": "",
        "standfirst_ar": "",
        "standfirst_en": "",
        "body_ar": "<p>نص الخبر.</p>",
        "body_en": "",
        "image_alt_ar": "",
        "image_alt_en": "",
        "image_caption_ar": "",
        "image_caption_en": "",
        "section": section.pk,
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "comments_open": "on",
        # The «See also» pins and exclusions, empty.
        **{
            f"{prefix}-{name}": value
            for prefix in ("related_pins", "related_exclusions")
            for name, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        },
    }
    data.update(fields)
    return data


@pytest.fixture
def news_section():
    return Section.objects.create(slug="local", name_ar="محليات", name_en="Local")


@pytest.fixture
def writer_client(client, writer):
    log_in_verified(client, writer)
    return client


@pytest.fixture
def editor_client(client, editor):
    log_in_verified(client, editor)
    return client


# Pages


@pytest.mark.parametrize(
    "query",
    ["", "?q=خبر", "?translated_en=yes", "?translated_en=no", "?status__exact=draft", "?o=1.-2.3"],
)
def test_changelist_renders(admin_client, news_section, query):
    make_article(news_section, 1)
    make_article(news_section, 2, title_en="Story", slug_en="story", body_en="<p>Story.</p>")

    response = admin_client.get(CHANGELIST + query)

    assert response.status_code == 200


def test_english_version_filter_and_translation_queue(admin_client, news_section):
    live = {"status": Article.Status.PUBLISHED, "published_at": timezone.now()}
    arabic_only = make_article(news_section, 1, **live)
    english = {"title_en": "Story", "slug_en": "story", "body_en": "<p>Story.</p>"}
    bilingual = make_article(news_section, 2, **english, language_live_en=True, **live)
    unpublished = make_article(news_section, 3, **{**english, "slug_en": "story-3"}, **live)
    title_only = make_article(news_section, 4, title_en="Untold", slug_en="untold")

    def listed(query):
        return set(admin_client.get(CHANGELIST + query).context["cl"].result_list)

    assert listed("?translated_en=yes") == {bilingual}
    assert listed("?translated_en=no") == {arabic_only, unpublished, title_only}
    # The translation queue: live in Arabic, English missing or not yet published.
    assert listed("?translated_en=queue") == {arabic_only, unpublished}


def test_changelist_shows_due_scheduled_articles_as_published(admin_client, news_section):
    due = make_article(
        news_section, status=Article.Status.SCHEDULED, published_at=timezone.now() - timedelta(minutes=1)
    )
    model_admin = admin.site._registry[Article]

    assert model_admin.status_label(due) == Article.Status.PUBLISHED.label
    due.published_at = timezone.now() + timedelta(hours=1)
    assert model_admin.status_label(due) == Article.Status.SCHEDULED.label


@pytest.mark.parametrize("language", ["ar", "en"])
def test_add_and_change_pages_render(admin_client, news_section, language):
    article = make_article(news_section)

    assert admin_client.get(ADD, HTTP_ACCEPT_LANGUAGE=language).status_code == 200
    assert admin_client.get(change_url(article), HTTP_ACCEPT_LANGUAGE=language).status_code == 200


@pytest.mark.parametrize("model", ["section", "tag", "author"])
def test_other_admin_pages_render(admin_client, model):
    assert admin_client.get(reverse(f"admin:articles_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:articles_{model}_add")).status_code == 200


def test_change_page_loads_every_asset_from_local_static(admin_client, news_section):
    response = admin_client.get(change_url(make_article(news_section)))
    assets = FormTags(response.content.decode()).assets

    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in assets
    assert "/static/modeltranslation/js/tabbed_translation_fields.js" in assets
    for url in assets:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
        else:
            assert url.startswith("/admin/"), url


@pytest.mark.parametrize("admin_language", ["ar", "en"])
def test_translated_inputs_carry_their_language_and_direction(admin_client, admin_language):
    controls = FormTags(admin_client.get(ADD, HTTP_ACCEPT_LANGUAGE=admin_language).content.decode()).controls

    for field in ["title", "slug", "standfirst", "body"]:
        assert controls[f"{field}_ar"]["dir"] == "rtl", field
        assert controls[f"{field}_ar"]["lang"] == "ar", field
        assert controls[f"{field}_en"]["dir"] == "ltr", field
        assert controls[f"{field}_en"]["lang"] == "en", field
    assert "dir" not in controls["section"]


def test_each_body_gets_the_editor_in_its_language(admin_client):
    page = admin_client.get(ADD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    controls = FormTags(page).controls

    for language, direction in (("ar", "rtl"), ("en", "ltr")):
        config = json.loads(controls[f"body_{language}"]["data-django-prose-editor-configurable"])
        text = config["extensions"]["NewsroomText"]
        assert (text["language"], text["direction"]) == (language, direction)
        assert config["extensions"]["Heading"] == {"levels": [2, 3, 4]}
        assert "NoSpellCheck" not in config["extensions"]  # the browser's spell check stays on
    # The editor's own modules come from this site, through an import map the policy allows.
    assert '<script type="importmap">' in page
    assert "A YouTube, X, Instagram, TikTok, Facebook or Telegram link" in page


def test_preview_and_view_on_site_links(admin_client, news_section):
    draft = make_article(news_section, 1)
    live = make_article(news_section, 2, status=Article.Status.PUBLISHED, published_at=timezone.now())
    with translation.override("ar"):
        draft_preview = reverse("articles:preview", args=[draft.pk])

    draft_page = admin_client.get(change_url(draft)).content.decode()
    live_page = admin_client.get(change_url(live)).content.decode()

    assert draft_preview in draft_page
    assert "preview_links" not in admin_client.get(ADD).content.decode()
    assert draft_preview in admin_client.get(CHANGELIST).content.decode()
    assert 'class="viewsitelink"' not in draft_page
    assert live.get_absolute_url() in live_page
    assert 'class="viewsitelink"' in live_page


# Saving and actions


def test_saving_with_a_new_slug_keeps_the_old_one_as_a_redirect(admin_client, news_section):
    article = make_article(news_section, slug_ar="عنوان-قديم")

    response = admin_client.post(change_url(article), form_data(news_section, slug_ar="عنوان-جديد"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.slug_ar == "عنوان-جديد"
    assert SlugRedirect.objects.filter(article=article, language="ar", slug="عنوان-قديم").exists()


def test_a_writer_cannot_take_another_articles_old_address(writer_client, news_section):
    live = make_article(
        news_section, slug_ar="عنوان-قديم", status=Article.Status.PUBLISHED, published_at=timezone.now()
    )
    live.slug_ar = "عنوان-جديد"
    save_article(live, by=None)
    draft = make_article(news_section, n=2)

    response = writer_client.post(change_url(draft), form_data(news_section, slug_ar="عنوان-قديم"))

    assert response.status_code == 200
    assert "عنوان-قديم" not in Article.objects.values_list("slug_ar", flat=True)
    (error,) = response.context["adminform"].form.errors.as_data()["slug_ar"]
    assert error.code == "slug_held" and live.title_ar in str(error.message % error.params)
    # Readers who follow the old link still reach the live article.
    old = writer_client.get("/ar/news/عنوان-قديم/")
    assert old.status_code == 301 and old["Location"] == live.get_absolute_url()


def test_an_article_takes_back_its_own_old_address(admin_client, news_section):
    article = make_article(news_section, slug_ar="عنوان-أول")
    article.slug_ar = "عنوان-ثان"
    save_article(article, by=None)

    response = admin_client.post(change_url(article), form_data(news_section, slug_ar="عنوان-أول"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.slug_ar == "عنوان-أول"
    assert list(SlugRedirect.objects.values_list("slug", flat=True)) == ["عنوان-ثان"]


def test_saving_fills_a_missing_slug_from_the_title(admin_client, news_section):
    response = admin_client.post(ADD, form_data(news_section, title_ar="مباراة القمة اليوم"))

    assert response.status_code == 302
    assert Article.objects.get().slug_ar == "مباراة-القمة-اليوم"


def test_arabic_only_articles_can_be_added_from_an_english_admin(admin_client, news_section):
    for title in ["الخبر الأول", "الخبر الثاني"]:
        response = admin_client.post(ADD, form_data(news_section, title_ar=title), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 302

    assert Article.objects.count() == 2


def test_editor_choosing_published_gets_a_publish_time(admin_client, news_section):
    admin_client.post(ADD, form_data(news_section, status=Article.Status.PUBLISHED))

    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.is_live


def test_scheduling_needs_a_publish_time(admin_client, news_section):
    response = admin_client.post(ADD, form_data(news_section, status=Article.Status.SCHEDULED))

    assert response.status_code == 200
    assert "published_at" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def run_action(client, action: str, *articles: Article):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [article.pk for article in articles]}, follow=True
    )


def test_bulk_publish_and_unpublish(admin_client, news_section):
    drafts = [make_article(news_section, n) for n in (1, 2)]

    response = run_action(admin_client, "publish_selected", *drafts)

    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
    for article in drafts:
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert article.is_live

    run_action(admin_client, "unpublish_selected", *drafts)

    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}


def test_bulk_archive(admin_client, news_section):
    article = make_article(news_section, status=Article.Status.PUBLISHED, published_at=timezone.now())

    run_action(admin_client, "archive_selected", article)

    article.refresh_from_db()
    assert article.status == Article.Status.ARCHIVED


# Roles


def test_roles_have_the_intended_publishing_rights(editor, writer, moderator):
    assert editor.has_perms(
        ["articles.publish_article", "articles.delete_article", "articles.change_section"]
    )
    assert writer.has_perms(["articles.add_article", "articles.change_article", "articles.view_tag"])
    assert not writer.has_perm("articles.add_tag")  # a new tag is a new public page: an editor's call
    assert not writer.has_perm("articles.publish_article")
    assert not writer.has_perm("articles.delete_article")
    assert moderator.has_perm("articles.view_article")
    assert not moderator.has_perm("articles.change_article")


def test_writer_adds_only_drafts(writer_client, news_section):
    future = timezone.now() + timedelta(days=1)
    data = form_data(
        news_section,
        status=Article.Status.PUBLISHED,
        published_at_0=future.date().isoformat(),
        published_at_1="10:00:00",
    )

    response = writer_client.post(ADD, data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


def test_writer_form_shows_status_and_time_read_only(writer_client, news_section):
    controls = FormTags(writer_client.get(ADD).content.decode()).controls

    assert "title_ar" in controls
    assert "status" not in controls
    assert "published_at_0" not in controls


def test_writer_edits_a_draft(writer_client, news_section):
    article = make_article(news_section)

    response = writer_client.post(change_url(article), form_data(news_section, title_ar="عنوان منقح"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_ar == "عنوان منقح"
    assert article.status == Article.Status.DRAFT


def test_writer_can_pick_tags_and_authors(writer_client, news_section):
    for field in ["tags", "authors"]:
        response = writer_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "articles", "model_name": "article", "field_name": field, "term": ""},
        )
        assert response.status_code == 200, field


def test_writer_is_not_offered_publishing_actions(writer_client, news_section):
    make_article(news_section)

    response = writer_client.get(CHANGELIST)

    assert response.status_code == 200
    assert "publish_selected" not in response.content.decode()


def test_writer_cannot_run_the_publish_action(writer_client, news_section):
    draft = make_article(news_section)

    run_action(writer_client, "publish_selected", draft)

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


@pytest.mark.parametrize(
    "status", [Article.Status.PUBLISHED, Article.Status.SCHEDULED, Article.Status.ARCHIVED]
)
def test_writer_may_view_but_not_change_a_non_draft(writer_client, news_section, status):
    article = make_article(news_section, status=status, published_at=timezone.now())

    page = writer_client.get(change_url(article))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert "title_ar" not in FormTags(page.content.decode()).controls
    response = writer_client.post(change_url(article), form_data(news_section, title_ar="تعديل"))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title_ar == "خبر رقم 1"


def test_editor_is_offered_publishing_actions_and_may_change_live_articles(editor_client, news_section):
    article = make_article(news_section, status=Article.Status.PUBLISHED, published_at=timezone.now())

    assert "publish_selected" in editor_client.get(CHANGELIST).content.decode()
    data = form_data(
        news_section,
        title_ar="تعديل",
        status=Article.Status.PUBLISHED,
        published_at_0=article.published_at.date().isoformat(),
        published_at_1=article.published_at.strftime("%H:%M:%S"),
    )
    response = editor_client.post(change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_ar == "تعديل"
    assert article.status == Article.Status.PUBLISHED


def test_a_writer_picks_existing_tags_and_cannot_create_one(writer_client):
    assert writer_client.get("/admin/articles/tag/add/").status_code == 403
    response = writer_client.post("/admin/articles/tag/add/", {"name_ar": "عاجل", "slug": "breaking"})
    assert response.status_code == 403
    assert not Tag.objects.filter(slug="breaking").exists()
    assert "/admin/articles/tag/add/" not in writer_client.get(ADD).content.decode()  # no "+" by the field
