"""The roles as the people who hold them: a real staff account in each group the
migrations create (never a superuser) walks every admin page and action, and the table
below says what each must get. The README's role table promises the same.

Writers and copy editors log in with their password alone; editors and moderators, who
publish and moderate, with a verified second factor.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from articles.desk import records
from articles.desk.publishing import publish_article, save_article
from articles.models import Article, Autosave, EditLock, Image
from articles.tests.factories import AuthorFactory, SectionFactory, TagFactory
from articles.tests.images import jpeg, library_image
from articles.tests.test_admin import form_data
from breaking import alerts
from breaking.models import Alert
from comments.models import Comment
from core.tests.roles import COPY_EDITOR, EDITOR, MODERATOR, WRITER
from core.tests.twofactor import log_in_verified
from core.twofactor import must_use_second_factor
from fronts.models import Layout, LayoutStatus

pytestmark = pytest.mark.django_db


class Answer(StrEnum):
    WORKS = "works"  # 200, and what was asked was done (a form with its save button)
    READS = "reads"  # 200, read only: no save button, nothing to restore or decide
    # 403 or a redirect to the login page; for an action, nothing was done (the admin may
    # answer by showing the page again without the action, or the form with its error).
    REFUSED = "refused"


WORKS, READS, REFUSED = Answer.WORKS, Answer.READS, Answer.REFUSED
ROLES = (WRITER, COPY_EDITOR, EDITOR, MODERATOR)

# role × page → what the account gets.
MATRIX: dict[str, tuple[Answer, Answer, Answer, Answer]] = {
    #                                       Writer   Copy ed. Editor   Moderator
    "admin index":                          (WORKS,   WORKS,   WORKS,   WORKS),
    # The desk.
    "article list":                         (WORKS,   WORKS,   WORKS,   WORKS),
    "new article form":                     (WORKS,   REFUSED, WORKS,   REFUSED),
    "a draft's form":                       (WORKS,   WORKS,   WORKS,   READS),
    "a published story's form":             (READS,   READS,   WORKS,   READS),
    "a draft's revisions":                  (WORKS,   WORKS,   WORKS,   READS),
    "lock heartbeat on a draft":            (WORKS,   WORKS,   WORKS,   REFUSED),
    "lock heartbeat on a published story":  (REFUSED, REFUSED, WORKS,   REFUSED),
    "take over a draft's lock":             (REFUSED, REFUSED, WORKS,   REFUSED),
    "autosave of a new article":            (WORKS,   REFUSED, WORKS,   REFUSED),
    "autosave of a draft":                  (WORKS,   WORKS,   WORKS,   REFUSED),
    "autosave of a published story":        (REFUSED, REFUSED, WORKS,   REFUSED),
    "preview of a draft":                   (WORKS,   WORKS,   WORKS,   WORKS),
    "publish button on a ready story":      (REFUSED, REFUSED, WORKS,   REFUSED),
    # The media library.
    "image list":                           (WORKS,   WORKS,   WORKS,   REFUSED),
    "image upload":                         (WORKS,   WORKS,   WORKS,   REFUSED),
    "an image's form":                      (WORKS,   WORKS,   WORKS,   REFUSED),
    "delete an image":                      (REFUSED, REFUSED, WORKS,   REFUSED),
    "the editor's library picker":          (WORKS,   WORKS,   WORKS,   REFUSED),
    "featured-image search":                (WORKS,   WORKS,   WORKS,   REFUSED),
    # Comments.
    "comment queue":                        (REFUSED, REFUSED, READS,   WORKS),
    "a comment's page":                     (REFUSED, REFUSED, READS,   WORKS),
    "approve a comment":                    (REFUSED, REFUSED, REFUSED, WORKS),
    # The fronts, «عاجل» and the site's pages.
    "front layout list":                    (REFUSED, REFUSED, WORKS,   REFUSED),
    "new front layout form":                (REFUSED, REFUSED, WORKS,   REFUSED),
    "publish a home page layout":           (REFUSED, REFUSED, WORKS,   REFUSED),
    "fronts' audit trail":                  (REFUSED, REFUSED, WORKS,   REFUSED),
    "breaking alerts":                      (REFUSED, REFUSED, WORKS,   REFUSED),
    "post an alert":                        (REFUSED, REFUSED, WORKS,   REFUSED),
    "withdraw an alert":                    (REFUSED, REFUSED, WORKS,   REFUSED),
    "site page list":                       (REFUSED, REFUSED, WORKS,   REFUSED),
    "new site page form":                   (REFUSED, REFUSED, WORKS,   REFUSED),
    # The record, the taxonomy, the accounts.
    "audit trail":                          (WORKS,   WORKS,   WORKS,   WORKS),
    "section list":                         (WORKS,   WORKS,   WORKS,   REFUSED),
    "new section form":                     (REFUSED, REFUSED, WORKS,   REFUSED),
    "tag list":                             (WORKS,   WORKS,   WORKS,   REFUSED),
    "new tag form":                         (REFUSED, WORKS,   WORKS,   REFUSED),
    "author list":                          (WORKS,   WORKS,   WORKS,   REFUSED),
    "new author form":                      (REFUSED, REFUSED, WORKS,   REFUSED),
    "user list":                            (REFUSED, REFUSED, REFUSED, REFUSED),
    "group list":                           (REFUSED, REFUSED, REFUSED, REFUSED),
}  # fmt: skip

# Who must log in with a second factor (core.twofactor.must_use_second_factor).
SECOND_FACTOR = {WRITER: False, COPY_EDITOR: False, EDITOR: True, MODERATOR: True}

ACCOUNTS = {WRITER: "writer", COPY_EDITOR: "copy_editor", EDITOR: "editor", MODERATOR: "moderator"}


@dataclass
class Newsroom:
    """What the accounts walk through, made by the system (no role's own doing)."""

    draft: Article
    ready: Article
    published: Article
    image: Image
    comment: Comment


def story(section, title: str, **fields) -> Article:
    return save_article(
        Article(section=section, title_ar=title, body_ar="<p>نص الخبر.</p>", **fields), by=None
    )


@pytest.fixture
def newsroom() -> Newsroom:
    section = SectionFactory(slug="world", name_ar="دولي", name_en="World")
    TagFactory(name_ar="السودان")
    AuthorFactory(name_ar="هالة")
    draft = story(section, "مسودة عن الانتخابات")
    draft.body_ar = "<p>نص ثان.</p>"
    save_article(draft, by=None)  # a second revision, so an older one can be restored
    ready = story(section, "خبر جاهز للنشر", status=Article.Status.READY)
    published = publish_article(story(section, "خبر منشور"), by=None)
    comment = Comment.objects.create(
        article=published, author_name="سارة", author_email="sara@example.com", text="تعليق ينتظر المراجعة."
    )
    return Newsroom(draft, ready, published, library_image(title="صورة في المكتبة"), comment)


def log_in(client: Client, user) -> None:
    """As the account logs in: with its second factor when its role needs one."""
    if must_use_second_factor(user):
        log_in_verified(client, user)
    else:
        client.force_login(user)


# What an answer means ---------------------------------------------------------------------


def refused(response) -> bool:
    login = reverse("admin:login")
    return response.status_code == 403 or (response.status_code == 302 and response.url.startswith(login))


def unexpected(response) -> str:
    return f"answered {response.status_code} {response.get('Location', '')}".strip()


def shown(response) -> Answer | str:
    if response.status_code == 200:
        return WORKS
    return REFUSED if refused(response) else unexpected(response)


def editable(response, marker: str = 'name="_save"') -> Answer | str:
    """A page that is either the account's to change (it has ``marker``) or to read."""
    if response.status_code == 200:
        return WORKS if marker in response.content.decode() else READS
    return REFUSED if refused(response) else unexpected(response)


def done(response, happened: bool, page_again: bool = False) -> Answer | str:
    """An action: it happened with a 200 or a redirect, or it did not and was refused
    (``page_again``: the admin's own refusal is to show the page again)."""
    if happened and response.status_code in (200, 302):
        return WORKS
    if not happened and (refused(response) or (page_again and response.status_code in (200, 302))):
        return REFUSED
    return unexpected(response) + (" and it was done" if happened else " and nothing was done")


# The pages and actions --------------------------------------------------------------------

Visit = Callable[[Client, object, Newsroom], Answer | str]


def get(url: str | Callable[[Newsroom], str], judge=shown) -> Visit:
    return lambda client, user, news: judge(client.get(url(news) if callable(url) else url))


def change_url(model: str, news_object: Callable[[Newsroom], Model]) -> Callable[[Newsroom], str]:
    return lambda news: reverse(f"admin:{model}_change", args=[news_object(news).pk])


def lock(client: Client, article: Article, action: str):
    return client.post(reverse("admin:articles_article_lock", args=[article.pk]), {"action": action})


def heartbeat(which: str) -> Visit:
    def visit(client, user, news):
        article = getattr(news, which)
        response = lock(client, article, "heartbeat")
        return done(response, EditLock.objects.filter(article=article, user=user).exists())

    return visit


def take_over(client, user, news) -> Answer | str:
    response = lock(client, news.draft, "take_over")
    return done(response, EditLock.objects.filter(article=news.draft, user=user, taken_over_by=user).exists())


def autosave(which: str | None) -> Visit:
    def visit(client, user, news):
        article = getattr(news, which) if which else None
        typed = {"article": article.pk if article else "", "title_ar": "عنوان", "body_ar": "<p>نص يكتب.</p>"}
        response = client.post(reverse("admin:articles_article_autosave"), typed)
        return done(response, Autosave.objects.filter(user=user, article=article).exists())

    return visit


def publish_ready(client, user, news) -> Answer | str:
    ready = news.ready
    data = form_data(ready.section, title_ar=ready.title_ar, body_ar=ready.body_ar, status=ready.status)
    data.update(based_on=str(records.latest_revision_number(ready)), _workflow="publish")
    response = client.post(reverse("admin:articles_article_change", args=[ready.pk]), data)
    went_live = Article.objects.filter(pk=ready.pk, status=Article.Status.PUBLISHED).exists()
    return done(response, went_live, page_again=True)


def upload(client, user, news) -> Answer | str:
    photo = SimpleUploadedFile("photo.jpg", jpeg(size=(800, 450)), content_type="image/jpeg")
    fields = {"file": photo, "title": "صورة جديدة", "alt_ar": "وصف", "credit": "رويترز"}
    fields.update(focal_x="0.5", focal_y="0.5")
    response = client.post(reverse("admin:articles_image_add"), fields)
    return done(response, Image.objects.filter(uploaded_by=user).exists())


def found(response, key: str, wanted) -> Answer | str:
    """A JSON search: it works when ``wanted`` is among the ids it lists under ``key``."""
    if response.status_code == 200:
        return WORKS if wanted in [item["id"] for item in response.json()[key]] else "found nothing"
    return REFUSED if refused(response) else unexpected(response)


def picker(client, user, news) -> Answer | str:
    return found(client.get(reverse("admin:articles_image_picker")), "images", news.image.pk)


def featured_image_search(client, user, news) -> Answer | str:
    query = {"app_label": "articles", "model_name": "article", "field_name": "image", "term": "صورة"}
    return found(client.get(reverse("admin:autocomplete"), query), "results", str(news.image.pk))


def approve_comment(client, user, news) -> Answer | str:
    action = {"action": "approve_selected", "_selected_action": [news.comment.pk], "index": "0"}
    response = client.post(reverse("admin:comments_comment_changelist"), action)
    approved = Comment.objects.filter(pk=news.comment.pk, status=Comment.Status.APPROVED).exists()
    return done(response, approved, page_again=True)


def publish_layout(client, user, news) -> Answer | str:
    rows = {"section": "", "title": "واجهة المساء", "lead": str(news.published.pk), "_front": "publish"}
    for prefix in ("stories", "blocks"):
        rows.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(reverse("admin:fronts_layout_add"), rows)
    live = Layout.objects.filter(
        title="واجهة المساء", status=LayoutStatus.PUBLISHED, updated_by=user
    ).exists()
    return done(response, live, page_again=True)


def post_alert(client, user, news) -> Answer | str:
    fields = {"text_ar": "عاجل: انقطاع الكهرباء", "text_en": "", "link": "", "minutes": "30"}
    response = client.post(reverse("admin:breaking_alert_add"), fields)
    return done(response, Alert.objects.filter(posted_by=user).exists())


def withdraw_alert(client, user, news) -> Answer | str:
    alert = alerts.post_alert(by=None, text_ar="عاجل: زلزال", text_en="", link="")
    response = client.post(reverse("admin:breaking_alert_withdraw", args=[alert.pk]))
    return done(response, Alert.objects.filter(pk=alert.pk, withdrawn_by=user).exists())


VISITS: dict[str, Visit] = {
    "admin index": get(reverse("admin:index")),
    "article list": get(reverse("admin:articles_article_changelist")),
    "new article form": get(reverse("admin:articles_article_add")),
    "a draft's form": get(change_url("articles_article", lambda news: news.draft), editable),
    "a published story's form": get(change_url("articles_article", lambda news: news.published), editable),
    "a draft's revisions": get(
        lambda news: reverse("admin:articles_article_revisions", args=[news.draft.pk]),
        lambda response: editable(response, 'name="restore"'),
    ),
    "lock heartbeat on a draft": heartbeat("draft"),
    "lock heartbeat on a published story": heartbeat("published"),
    "take over a draft's lock": take_over,
    "autosave of a new article": autosave(None),
    "autosave of a draft": autosave("draft"),
    "autosave of a published story": autosave("published"),
    "preview of a draft": get(lambda news: f"/ar/preview/{news.draft.pk}/"),
    "publish button on a ready story": publish_ready,
    "image list": get(reverse("admin:articles_image_changelist")),
    "image upload": upload,
    "an image's form": get(change_url("articles_image", lambda news: news.image), editable),
    "delete an image": get(lambda news: reverse("admin:articles_image_delete", args=[news.image.pk])),
    "the editor's library picker": picker,
    "featured-image search": featured_image_search,
    "comment queue": get(
        reverse("admin:comments_comment_changelist"), lambda response: editable(response, "approve_selected")
    ),
    "a comment's page": get(change_url("comments_comment", lambda news: news.comment), editable),
    "approve a comment": approve_comment,
    "front layout list": get(reverse("admin:fronts_layout_changelist")),
    "new front layout form": get(reverse("admin:fronts_layout_add")),
    "publish a home page layout": publish_layout,
    "fronts' audit trail": get(reverse("admin:fronts_frontauditentry_changelist")),
    "breaking alerts": get(reverse("admin:breaking_alert_changelist")),
    "post an alert": post_alert,
    "withdraw an alert": withdraw_alert,
    "site page list": get(reverse("admin:pages_page_changelist")),
    "new site page form": get(reverse("admin:pages_page_add")),
    "audit trail": get(reverse("admin:articles_auditentry_changelist")),
    "section list": get(reverse("admin:articles_section_changelist")),
    "new section form": get(reverse("admin:articles_section_add")),
    "tag list": get(reverse("admin:articles_tag_changelist")),
    "new tag form": get(reverse("admin:articles_tag_add")),
    "author list": get(reverse("admin:articles_author_changelist")),
    "new author form": get(reverse("admin:articles_author_add")),
    "user list": get(reverse("admin:auth_user_changelist")),
    "group list": get(reverse("admin:auth_group_changelist")),
}

CELLS = [(role, page, MATRIX[page][column]) for page in MATRIX for column, role in enumerate(ROLES)]
CELL_NAMES = [f"{role}: {page}" for role, page, _expected in CELLS]


def test_every_page_of_the_matrix_is_visited_and_every_visit_is_in_the_matrix():
    assert list(VISITS) == list(MATRIX)


@pytest.mark.parametrize(("role", "page", "expected"), CELLS, ids=CELL_NAMES)
def test_each_role_gets_what_the_matrix_says(client, request, newsroom, role, page, expected):
    user = request.getfixturevalue(ACCOUNTS[role])
    log_in(client, user)

    assert VISITS[page](client, user, newsroom) == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_roles_that_publish_or_moderate_need_a_second_factor(request, role):
    user = request.getfixturevalue(ACCOUNTS[role])

    assert must_use_second_factor(user) is SECOND_FACTOR[role]
    assert not user.is_superuser


def test_no_role_may_manage_users_or_groups(writer, copy_editor, editor, moderator):
    account_permissions = Permission.objects.filter(content_type__app_label="auth")
    for user in (writer, copy_editor, editor, moderator):
        assert not [p.codename for p in account_permissions if user.has_perm(f"auth.{p.codename}")], user
