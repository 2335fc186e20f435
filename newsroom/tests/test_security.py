"""What the browser is told to enforce, and the brake on guessing admin passwords."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from articles.tests.factories import ArticleFactory

from .test_settings import run_manage

pytestmark = pytest.mark.django_db


def script_sources(policy: str) -> str:
    return re.search(r"script-src ([^;]+)", policy).group(1)


@pytest.mark.parametrize("page_cache", [False, True], ids=["rendered", "from the page cache"])
def test_reader_pages_carry_a_policy_without_inline_scripts_and_the_usual_headers(settings, page_cache):
    settings.PAGE_CACHE = page_cache
    article = ArticleFactory()
    for url in ("/ar/", article.get_absolute_url(), "/ar/search/?q=x", "/ar/no-such-page/"):
        Client().get(url)
        response = Client().get(url)
        policy = response["Content-Security-Policy"]
        assert script_sources(policy) == "'self'", url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_admin_allows_inline_styles_but_never_inline_scripts(admin_client):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    assert script_sources(policy) == "'self'"
    assert "style-src 'self' 'unsafe-inline'" in policy


def test_production_settings_send_hsts_and_secure_cookies():
    shown = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k3y" * 20,
        DJANGO_ALLOWED_HOSTS="news.example",
    )
    assert shown.stdout.split()[-4:] == ["31536000", "True", "True", "True"], shown.stderr


def test_guessing_an_editors_password_is_stopped_even_at_the_right_one(settings):
    settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT = 3
    get_user_model().objects.create_user("layla", password="the-right-password-9", is_staff=True)
    guesser = Client(HTTP_ACCEPT_LANGUAGE="ar")
    for guess in ("123456", "password", "layla2026"):
        page = guesser.post("/admin/login/", {"username": "layla", "password": guess})
        assert page.status_code == 200 and "_auth_user_id" not in guesser.session
    refused = guesser.post("/admin/login/", {"username": "layla", "password": "the-right-password-9"})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "محاولات دخول فاشلة كثيرة. حاول مجدداً بعد 15 دقيقة." in page and 'dir="rtl"' in page
    assert "_auth_user_id" not in guesser.session
    # Another editor, from another address, is not locked out by someone else's guessing.
    get_user_model().objects.create_user("omar", password="omars-own-password-7", is_staff=True)
    other = Client(REMOTE_ADDR="10.1.2.3")
    login = other.post("/admin/login/", {"username": "omar", "password": "omars-own-password-7"})
    assert login.status_code == 302
