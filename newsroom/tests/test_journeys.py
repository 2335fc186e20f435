"""The product in a real browser: reader, commenter, moderator and editor journeys.

Debian's Chromium, driven by Playwright, against the live test server (PostgreSQL,
Redis). Each journey keeps a screenshot of its last step in test-artifacts/.
"""

import inspect
import os
import sys
from base64 import b32decode
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps as installed_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import RunPython
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from articles.models import Article, EditLock, Section
from comments.models import Comment
from core.tests.processes import wait_for
from core.tests.roles import EDITOR, MODERATOR
from core.tests.twofactor import code_now, enrol
from core.twofactor import must_use_second_factor

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SEED_TITLE = "رئيس الأمن الروسي شويغو يجري محادثات مع كيم جونغ أون في كوريا الشمالية"
PASSWORD = "a-long-test-password-42"

pytestmark = pytest.mark.django_db(transaction=True)


# The roles ------------------------------------------------------------------------------
# A transactional test starts from emptied tables: the groups the migrations made are gone
# after the first one. They are made again by the migrations' own code, so the journeys'
# staff have exactly the permissions a real site's have.


class _NotAboutRoles(Exception):
    pass


class _AccountModelsOnly:
    """The models as the migrations see them, limited to accounts and permissions: a
    migration step that asks for any other model (articles, comments) is not about roles
    and is left out."""

    ALLOWED = ("auth", "contenttypes")

    def __init__(self, state_apps):
        self._apps = state_apps

    def get_model(self, app_label: str, model_name: str | None = None):
        if app_label.split(".")[0].lower() not in self.ALLOWED:
            raise _NotAboutRoles
        return self._apps.get_model(app_label, model_name)

    def __getattr__(self, name: str):
        return getattr(self._apps, name)


@cache
def _role_steps() -> tuple[_AccountModelsOnly, list]:
    """Every step of the project's own migrations that makes or changes a group, in the
    order the migrations run."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    steps = []
    for migration, _backwards in plan:
        ours = installed_apps.get_app_config(migration.app_label).path.startswith(str(settings.BASE_DIR))
        if not ours:
            continue
        runs = [op for op in migration.operations if isinstance(op, RunPython)]
        if '"auth", "Group"' in inspect.getsource(sys.modules[type(migration).__module__]):
            steps.extend(op.code for op in runs)
        else:  # core.group_permissions.grant_to_groups
            steps.extend(op.code for op in runs if getattr(op.code, "about_roles", False))
    return _AccountModelsOnly(executor.loader.project_state().apps), steps


def restore_roles() -> None:
    """The groups, with their permissions, as after ``migrate``."""
    state_apps, steps = _role_steps()
    with connection.schema_editor() as schema_editor:
        for step in steps:
            try:
                step(state_apps, schema_editor)
            except _NotAboutRoles:
                continue


def staff(username: str, role: str):
    """A staff member (never a superuser) in ``role``, as a real site's."""
    restore_roles()
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def site(live_server):
    restore_roles()  # the demo's accounts are made in their groups
    call_command("load_demo", "--no-spam-examples", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server.url


def new_page(browser, language="ar"):
    context = browser.new_context(locale=language)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.errors = errors
    return page


def keep(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def direction(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).direction")


def seed_url(site, language="ar") -> str:
    return site + Article.objects.get(title_ar=SEED_TITLE).url_in(language)


def fill_comment(page, text, name="سارة", email="sara@example.com"):
    page.fill("#comment", text)
    page.fill("#author", name)
    page.fill("#email", email)


def send_comment(page):
    page.locator("#commentform button[type=submit]").click()
    page.wait_for_load_state()


def log_in(page, site, username):
    """With the password, and the code the user's authenticator app shows when the role
    needs one (set up as on the enrolment page, whose own journey is below)."""
    user = get_user_model().objects.get(username=username)
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    if must_use_second_factor(user):
        page.fill("#id_otp_token", code_now(enrol(user)))
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    assert "/admin/login/" not in page.url, "the login was refused"


def left(article: Article, user) -> None:
    """The page that was left released its lock (a beacon sent as it unloaded)."""
    wait_for(lambda: not EditLock.objects.filter(article=article, user=user).exists(), 10, what="the release")


def fill_translated(page, field: str, language: str, value: str) -> None:
    """As an editor does: pick the language's tab above the field, then type."""
    tab = page.locator(f"a[href='#tab_id_{field}_{language}']")
    if tab.count():
        tab.click()
    page.fill(f"#id_{field}_{language}", value)


def body_editor(page, language: str):
    """The body's editing area in ``language``, after picking its tab."""
    tab = page.locator(f"a[href='#tab_id_body_{language}']")
    if tab.count():
        tab.click()
    return page.locator(f"#tab_id_body_{language} [contenteditable=true]")


def write_body(page, language: str, paragraphs: list[str]) -> None:
    """Typed into the editor as a writer types: Enter between paragraphs."""
    editor = body_editor(page, language)
    editor.click()
    for n, paragraph in enumerate(paragraphs):
        if n:
            page.keyboard.press("Enter")
        page.keyboard.insert_text(paragraph)


def test_a_reader_lands_on_the_arabic_home_page_and_opens_the_seed_article(browser, site):
    page = new_page(browser)
    page.goto(site + "/")
    assert page.url == site + "/ar/"
    assert (page.get_attribute("html", "lang"), direction(page)) == ("ar", "rtl")
    page.get_by_role("link", name=SEED_TITLE).first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=SEED_TITLE).is_visible()
    assert page.get_by_role("heading", name="شاهد أيضاً").is_visible()
    assert page.locator(".see-also__item").count() >= 1
    assert page.get_by_role("heading", name="اترك تعليقاً").is_visible()
    notice = "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *"
    assert page.get_by_text(notice).is_visible()
    assert page.errors == []  # nothing blocked by the content security policy, no script error
    keep(page, "1-reader-seed-article")


@pytest.mark.parametrize(
    ("language", "dir_", "errors", "pending"),
    [
        ("ar", "rtl", ["يرجى كتابة تعليقك.", "يرجى إدخال اسمك.", "يرجى إدخال بريدك الإلكتروني."],
         "تعليقك بانتظار المراجعة."),
        ("en", "ltr", ["Please write your comment.", "Please enter your name.",
                       "Please enter your email address."], "Your comment is awaiting moderation."),
    ],
    ids=["arabic", "english"],
)  # fmt: skip
def test_a_commenter_is_told_what_is_missing_then_sees_their_own_comment_waiting(
    browser, site, language, dir_, errors, pending
):
    page = new_page(browser, language)
    page.goto(seed_url(site, language))
    assert direction(page) == dir_
    before = Comment.objects.count()
    send_comment(page)
    for message in errors:
        assert page.get_by_text(message).is_visible(), message
    assert Comment.objects.count() == before

    text = "تحليل دقيق للخبر، وأتمنى متابعة التطورات." if language == "ar" else "A careful report, thank you."
    fill_comment(page, text)
    send_comment(page)
    assert page.get_by_text(text).is_visible()
    assert page.get_by_text(pending).is_visible()
    assert Comment.objects.count() == before + 1

    stranger = new_page(browser, language)
    stranger.goto(seed_url(site, language))
    assert stranger.get_by_text(text).count() == 0
    keep(page, f"2-commenter-pending-{language}")


def test_a_moderator_approves_and_the_reader_sees_the_name_but_never_the_email(browser, site):
    from celery import current_app as celery_app

    from core.tests.processes import Worker, wait_for

    if celery_app.conf.task_always_eager:
        pytest.skip("needs REDIS_URL: the spam checker runs in a real worker")
    from comments.tests.test_moderation_worker import HAM, SPAM, history

    history(HAM, SPAM)  # a little labelled history, so that the checker scores comments
    checker = Worker(celery_app.conf.broker_url, COMMENTS_SPAM_MIN_EXAMPLES="3").start()
    try:
        _moderator_journey(browser, site, wait_for)
    finally:
        checker.stop()


def _moderator_journey(browser, site, wait_for):
    staff("mona", MODERATOR)
    reader = new_page(browser)
    reader.goto(seed_url(site))
    text = "أشكر الكاتب على هذا العرض الواضح للأحداث."
    fill_comment(reader, text, name="ريم", email="reem.private@example.com")
    send_comment(reader)
    comment = Comment.objects.get(author_name="ريم")
    # The spam checker (a real Celery worker) judges it first: scored as not spam, but
    # held for a moderator, because it was sent faster than a person types.
    wait_for(lambda: Comment.objects.filter(pk=comment.pk, judged_at__isnull=False).exists(), 60,
             what="the spam checker")  # fmt: skip
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING

    admin = new_page(browser)
    log_in(admin, site, "mona")
    admin.goto(site + "/admin/comments/comment/?status__exact=pending")
    row = admin.locator("#result_list tr", has_text="ريم")
    assert row.count() == 1
    # Why it waits, in the moderator's language: the browser sent it seconds after the
    # page opened, faster than a person types.
    shown = row.inner_text()
    assert "حُجز لمراجعة مشرف" in shown
    assert f"{comment.score:.2f}".replace(".", ",") in shown  # its spam score, as Arabic writes decimals
    row.locator("input[name=_selected_action]").check()
    admin.select_option("select[name=action]", "approve_selected")
    admin.locator("button[name=index]").click()
    admin.wait_for_load_state()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    reader.reload()
    assert reader.get_by_text(text).is_visible()
    assert reader.locator(f"#comment-{comment.pk} .comment__author").inner_text() == "ريم"
    assert "reem.private" not in reader.content()
    assert reader.get_by_text("تعليقك بانتظار المراجعة.").count() == 0
    keep(reader, "3-moderator-approved")

    english = new_page(browser, "en")  # the same article's English page, left to right
    english.goto(seed_url(site, "en"))
    assert direction(english) == "ltr"
    assert english.get_by_text(text).is_visible()
    assert "reem.private" not in english.content()
    keep(english, "3-moderator-approved-en")


def test_an_editor_schedules_an_article_in_two_languages_and_it_appears_by_itself(browser, site, clock):
    staff("hala", EDITOR)
    page = new_page(browser)
    log_in(page, site, "hala")
    page.goto(site + "/admin/articles/article/add/")
    for language, title, slug, body in (
        ("ar", "افتتاح معرض الكتاب الدولي في الرياض", "افتتاح-معرض-الكتاب",
         "افتتح اليوم معرض الكتاب الدولي بمشاركة واسعة من دور النشر."),
        ("en", "International book fair opens in Riyadh", "book-fair-opens",
         "The international book fair opened today with many publishers."),
    ):  # fmt: skip
        fill_translated(page, "title", language, title)
        fill_translated(page, "slug", language, slug)
        write_body(page, language, [body])
    page.select_option("#id_section", str(Section.objects.first().pk))
    page.check("#id_language_live_en")  # the English version goes out with it, by the editor's decision
    # Beside "Submit for review", the editor's own button: "Publish" until a time ahead is
    # typed, then "Schedule".
    button = page.locator("button[data-follows-time]")
    expect(button).to_have_attribute("value", "publish")
    due = timezone.localtime(timezone.now() + timedelta(minutes=1)).replace(microsecond=0)
    page.fill("#id_published_at_0", due.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", due.strftime("%H:%M:%S"))
    expect(button).to_have_attribute("value", "schedule")
    expect(button).to_have_text(button.get_attribute("data-schedule-label"))
    button.click()
    page.wait_for_load_state()
    scheduled = Article.objects.get(title_en="International book fair opens in Riyadh")
    assert (scheduled.status, scheduled.published_at) == (Article.Status.SCHEDULED, due)

    home = new_page(browser)
    home.goto(site + "/ar/")
    assert home.get_by_text("افتتاح معرض الكتاب الدولي في الرياض").count() == 0
    # The minute passes (the site's clock is moved on, not waited for). Nobody publishes it,
    # and no periodic task runs: the clock alone must bring it to readers.
    clock.advance((due - timezone.now()).total_seconds() + 1)
    home.reload()
    assert home.get_by_text("افتتاح معرض الكتاب الدولي في الرياض").first.is_visible()
    scheduled.refresh_from_db()
    assert scheduled.status == Article.Status.SCHEDULED
    english = new_page(browser, "en")
    english.goto(site + "/en/")
    assert direction(english) == "ltr"
    assert english.get_by_text("International book fair opens in Riyadh").first.is_visible()
    keep(home, "4-editor-scheduled-article")


def test_the_english_reader_journey_is_left_to_right(browser, site):
    page = new_page(browser, "en")
    page.goto(site + "/en/")
    assert (page.get_attribute("html", "lang"), direction(page)) == ("en", "ltr")
    page.goto(seed_url(site, "en"))
    assert direction(page) == "ltr"
    assert page.get_by_role("heading", name="See also").is_visible()
    assert page.get_by_text("Your email address will not be published.", exact=False).is_visible()
    keep(page, "5-english-reader")


XSS = [
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 1">',
    '"><svg onload="window.__xss = 1">',
    "javascript:window.__xss=1",
    '<a href="javascript:window.__xss=1" id=xss>x</a>',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "'-alert(1)-'",
    "<style>*{display:none}</style>",
]


def test_script_payloads_in_every_comment_field_stay_inert(browser, site):
    article = Article.objects.get(title_ar=SEED_TITLE)
    for number, payload in enumerate(XSS):
        Comment.objects.create(
            article=article,
            author_name=payload[:100],
            author_email=f"x{number}@example.com",
            author_url="javascript:window.__xss=1" if number % 2 else "http://example.com/" + payload[:50],
            text=payload,
            status=Comment.Status.APPROVED,
        )
    page = new_page(browser)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(seed_url(site))
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.evaluate("window.__xss") is None
    injected = ".comment-list :is(script, iframe, svg, style, img), img[src=x], #xss"
    assert page.locator(injected).count() == 0
    assert page.locator(".comment-list a[href^='javascript']").count() == 0
    assert page.get_by_text("<script>window.__xss = 1</script>").first.is_visible()  # shown as text
    keep(page, "6-xss-inert")


@pytest.mark.parametrize(
    ("language", "dir_", "enrol_heading", "codes_heading", "wrong"),
    [
        ("ar", "rtl", "المصادقة الثنائية", "رموز الاسترداد", "هذا الرمز غير صحيح"),
        ("en", "ltr", "Two-factor authentication", "Your recovery codes", "That code is not right"),
    ],
    ids=["arabic", "english"],
)
def test_a_new_editor_sets_up_the_second_factor_and_logs_in_with_it(
    browser, site, clock, language, dir_, enrol_heading, codes_heading, wrong
):
    staff("nour", EDITOR)
    page = new_page(browser, language)

    # The password alone leads to the enrolment page, and nowhere else in the admin.
    page.goto(site + "/admin/articles/article/")
    page.fill("#id_username", "nour")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    assert "/admin/two-factor/" in page.url
    assert direction(page) == dir_
    assert page.get_by_role("heading", name=enrol_heading).first.is_visible()
    assert page.locator(".two-factor__qr svg").is_visible()
    page.goto(site + "/admin/articles/article/add/")
    assert "/admin/two-factor/" in page.url

    # The phone app scans the code (here: reads the key printed under it).
    secret = page.locator("#two-factor-secret").inner_text().replace(" ", "")
    app = TOTPDevice(key=b32decode(secret).hex())
    page.fill("#id_code", "000000" if code_now(app) != "000000" else "111111")
    page.locator(".two-factor input[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text(wrong).first.is_visible()
    clock.advance(1.1)  # django-otp makes a device wait a second after a wrong code
    page.fill("#id_code", code_now(app))
    page.locator(".two-factor input[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=codes_heading).is_visible()
    codes = page.locator(".two-factor__codes code").all_inner_texts()
    assert len(codes) == 10
    keep(page, f"6-second-factor-codes-{language}")
    page.locator(".two-factor a.button").click()
    page.wait_for_url("**/admin/articles/article/add/")  # where the editor was going
    expect(page.get_by_role("link", name=enrol_heading)).to_be_visible()  # among the user's links

    # Next time: password and a code. The app's code was just used, so a recovery code.
    page.context.clear_cookies()
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "nour")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    assert "/admin/login/" in page.url and page.locator(".errornote").is_visible()
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", codes[0])
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    assert page.errors == []  # nothing blocked by the admin's content security policy
    keep(page, f"6-second-factor-in-{language}")
