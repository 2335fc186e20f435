"""What a reader's browser downloads on a first visit: HTML, CSS, JavaScript and fonts.

    python bench/page_weight.py [--port 8792] [--database-url postgres://…/newsroom_weight_bench]

Builds the demo site (``load_demo``) in a database of its own, collects the static files and
serves it as `make serve` does (DEBUG off, gunicorn, WhiteNoise's hashed and compressed
static files), then opens the Arabic and English home pages and the seed article in
Debian's Chromium, each in a new browser profile (an empty cache: a first visit). Every
response the page loads is counted by kind, as the browser received it (``transferred``:
compressed where the server compressed it) and decoded. Photos are listed apart: they are
the articles', not the site's weight.

The database is created and dropped; its name must contain ``bench``.
"""

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

from _common import (
    POSTGRES,
    PYTHON,
    SECRET_KEY,
    Server,
    django_shell,
    drop_database,
    machine_lines,
    recreate_database,
    run,
)

CHROMIUM = "/usr/bin/chromium"
KINDS = ("document", "stylesheet", "script", "font")
SEED_TITLE = "رئيس الأمن الروسي"


def site_env(database_url: str, port: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", SECRET_KEY),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "NEWSROOM_TRUSTED_PROXIES": "0",
        "NEWSROOM_PAGE_CACHE": "0",  # every page rendered: the weight does not depend on it
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PORT": str(port),
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
    }


def build(env: dict) -> dict[str, str]:
    """The demo site; returns the pages to weigh by name."""
    recreate_database(env["DATABASE_URL"])
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0", env=env)
    run(PYTHON, "manage.py", "load_demo", "--no-spam-examples", env=env, stdout=open(os.devnull, "w"))  # noqa: SIM115
    run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0", env=env)
    paths = django_shell(
        "from articles.models import Article; "
        f"a = Article.objects.get(title_ar__startswith={SEED_TITLE!r}); "
        "print(a.url_in('ar'), a.url_in('en') or '')",
        env,
    ).split()
    pages = {"home ar": "/ar/", "article ar": paths[0], "home en": "/en/"}
    if len(paths) > 1:
        pages["article en"] = paths[1]
    return pages


def weigh(browser, url: str) -> dict[str, list[tuple[str, int, int]]]:
    """Every response of a first visit to ``url``: (address, transferred, decoded) by kind."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found: dict[str, list[tuple[str, int, int]]] = defaultdict(list)

    def finished(request):
        response = request.response()
        if response is None:
            return
        sizes = request.sizes()
        body = response.body()
        kind = request.resource_type if request.resource_type in KINDS else "other"
        if kind == "other" and request.resource_type == "image":
            kind = "image"
        found[kind].append((request.url, sizes["responseBodySize"], len(body)))

    page.on("requestfinished", finished)
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    context.close()
    return found


def report(name: str, found: dict[str, list[tuple[str, int, int]]]) -> tuple[int, int]:
    print(f"\n{name}")
    total_sent = total_decoded = 0
    for kind in (*KINDS, "image", "other"):
        items = found.get(kind, [])
        if not items:
            continue
        sent = sum(item[1] for item in items)
        decoded = sum(item[2] for item in items)
        if kind in KINDS:
            total_sent += sent
            total_decoded += decoded
        files = "" if kind == "document" else ", ".join(Path(item[0]).name for item in items)
        print(f"  {kind:<10} {len(items):>2} file(s) {sent:>8} B transferred {decoded:>8} B decoded  {files}")
    print(f"  {'HTML+CSS+JS+font':<21} {total_sent:>8} B transferred {total_decoded:>8} B decoded")
    font = sum(item[1] for item in found.get("font", []))
    if font:
        share, rest = f"{font / total_sent:.0%}", total_sent - font
        print(f"  {'of which the font':<21} {share:>8}   {rest:>8} B transferred without it")
    return total_sent, total_decoded


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8792)
    parser.add_argument("--database-url", default=f"{POSTGRES}/newsroom_weight_bench")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_DEBUG", "0")
    if not Path(CHROMIUM).exists():
        sys.exit("needs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    env = site_env(options.database_url, options.port)
    server = None
    try:
        pages = build(env)
        server = Server("newsroom.wsgi", env)
        server.wait_ready("/robots.txt")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for name, path in pages.items():
                report(f"{name}: {unquote(path)}", weigh(browser, server.url + path))
            browser.close()
        print()
        for line in machine_lines("make serve's gunicorn and WhiteNoise, Debian's Chromium"):
            print(line)
    finally:
        if server is not None:
            server.stop()
        drop_database(options.database_url)


if __name__ == "__main__":
    main()
