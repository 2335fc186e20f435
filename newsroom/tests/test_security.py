"""What the browser is told to enforce, and the brake on guessing admin passwords."""

import contextlib
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from articles.tests.factories import ArticleFactory
from core.tests.roles import PASSWORD

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


def test_guessing_an_editors_password_is_slowed_even_at_the_right_one(settings):
    settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT = 3
    get_user_model().objects.create_user("layla", password="the-right-password-9", is_staff=True)
    guesser = Client(HTTP_ACCEPT_LANGUAGE="ar")
    for guess in ("123456", "password", "layla2026"):
        page = guesser.post("/admin/login/", {"username": "layla", "password": guess})
        assert page.status_code == 200 and "_auth_user_id" not in guesser.session
    refused = guesser.post("/admin/login/", {"username": "layla", "password": "the-right-password-9"})
    assert refused.status_code == 429 and refused["Retry-After"] == "1"
    page = refused.content.decode()
    assert "محاولات دخول فاشلة كثيرة. حاول مجدداً بعد ثانية واحدة." in page and 'dir="rtl"' in page
    assert "_auth_user_id" not in guesser.session
    # Another editor, from another address, is not slowed by someone else's guessing.
    get_user_model().objects.create_user("omar", password="omars-own-password-7", is_staff=True)
    other = Client(REMOTE_ADDR="10.1.2.3")
    login = other.post("/admin/login/", {"username": "omar", "password": "omars-own-password-7"})
    assert login.status_code == 302


@pytest.mark.parametrize("variant", ["editor ", "\teditor", "ＥＤＩＴＯＲ", "ｅｄｉｔｏｒ", " Editor\n"])
def test_a_name_typed_another_way_is_the_same_account_for_the_brake(settings, variant):
    settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT = 2
    get_user_model().objects.create_user("editor", password="the-right-password-9", is_staff=True)
    guesser = Client()
    guesser.post("/admin/login/", {"username": "editor", "password": "wrong-1"})
    guesser.post("/admin/login/", {"username": variant, "password": "wrong-2"})  # counted as editor
    refused = guesser.post("/admin/login/", {"username": variant, "password": "the-right-password-9"})
    assert refused.status_code == 429
    assert "_auth_user_id" not in guesser.session


def test_the_brake_is_a_growing_delay_not_a_lockout(settings, clock):
    """Five wrong passwords used to lock a known name out for 15 minutes. Each wait is
    let pass by moving the clock on by what the answer says, not by sleeping through it."""
    settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT = 2
    settings.ADMIN_LOGIN_MAX_DELAY = 2
    get_user_model().objects.create_user("duty-editor", password="the-right-password-9", is_staff=True)
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    waits = []
    for guess in range(6):
        answer = attacker.post("/admin/login/", {"username": "duty-editor", "password": f"guess-{guess}"})
        if answer.status_code == 429:
            waits.append(int(answer["Retry-After"]))
            clock.advance(int(answer["Retry-After"]))
            attacker.post("/admin/login/", {"username": "duty-editor", "password": f"again-{guess}"})
    assert waits and max(waits) <= 2 and waits == sorted(waits)
    clock.advance(settings.ADMIN_LOGIN_MAX_DELAY)
    editor = Client(REMOTE_ADDR="198.51.100.20")
    login = editor.post("/admin/login/", {"username": "duty-editor", "password": "the-right-password-9"})
    assert login.status_code == 302  # at most the delay, never a lockout


def test_one_address_guessing_many_names_is_slowed_more_and_more(settings, clock):
    """A new name for every guess escapes the brake per account, not the one per address.
    Each wait is let pass by moving the clock on, not by sleeping through it."""
    settings.ADMIN_LOGIN_FAILURES_PER_ADDRESS = 3
    settings.ADMIN_LOGIN_MAX_DELAY = 8
    guesser = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="203.0.113.9")
    for name in ("a", "b", "c"):
        assert guesser.post("/admin/login/", {"username": name, "password": "x"}).status_code == 200
    waits = []
    for name in ("d", "e", "f", "g", "h", "i"):
        refused = guesser.post("/admin/login/", {"username": name, "password": "x"})
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        clock.advance(waits[-1])
        guesser.post("/admin/login/", {"username": name, "password": "x"})  # its turn: one more failure
    assert waits == [1, 2, 4, 8, 8, 8]
    assert "Try again in 8 seconds." in refused.content.decode()


def test_a_bad_host_gets_its_400_with_the_security_headers():
    for path in ("/ar/", "/ar/news/x/", "/en/section/world/"):
        response = Client(HTTP_HOST="evil.example").get(path)
        assert response.status_code == 400
        assert script_sources(response["Content-Security-Policy"]) == "'self'"
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


def _seen(settings, trusted, remote, forwarded=None):
    from django.test import RequestFactory

    from core.security import client_ip

    settings.TRUSTED_PROXIES = trusted
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


def test_the_address_is_the_one_the_trusted_proxy_saw(settings):
    import ipaddress

    # The client writes whatever it likes on the left; each proxy appends what it saw.
    assert _seen(settings, 1, "10.0.0.2", "1.1.1.1, 203.0.113.5") == "203.0.113.5"
    assert _seen(settings, 2, "10.0.0.2", "1.1.1.1, 203.0.113.5, 10.0.0.9") == "203.0.113.5"
    networks = [ipaddress.ip_network("10.0.0.0/8")]
    assert _seen(settings, networks, "10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.9") == "203.0.113.5"
    # Not from a trusted proxy: its header proves nothing.
    assert _seen(settings, networks, "198.51.100.7", "203.0.113.5") == "198.51.100.7"
    assert _seen(settings, None, "198.51.100.7", "203.0.113.5") == "198.51.100.7"
    assert _seen(settings, 1, "10.0.0.2", "not-an-address") == "10.0.0.2"


def test_rotating_x_forwarded_for_does_not_escape_the_comment_rate_limit(settings):
    """15 of 15 comments used to be accepted (limit 10) by changing the left-most entry."""
    from comments.models import Comment

    settings.TRUSTED_PROXIES = 1
    settings.COMMENTS_RATE_LIMIT_PER_IP = 10
    article = ArticleFactory()
    answers = []
    for n in range(15):
        browser = Client(
            headers={"Sec-Fetch-Site": "same-origin", "X-Forwarded-For": f"10.{n}.0.1, 203.0.113.50"}
        )
        answers.append(
            browser.post(f"/ar/comments/post/{article.pk}/", _comment_form(article, n)).status_code
        )
    assert answers.count(303) == 10 and answers[10:] == [429] * 5
    assert Comment.objects.count() == 10


def test_rotating_x_forwarded_for_does_not_reset_the_login_limit_per_address(settings):
    settings.TRUSTED_PROXIES = 1
    settings.ADMIN_LOGIN_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        spoofed = Client(headers={"X-Forwarded-For": f"10.{n}.0.1, 203.0.113.60"})
        spoofed.post("/admin/login/", {"username": f"name{n}", "password": "x"})
    refused = Client(headers={"X-Forwarded-For": "10.99.0.1, 203.0.113.60"}).post(
        "/admin/login/", {"username": "name9", "password": "x"}
    )
    assert refused.status_code == 429


# --- the brake whatever Redis does ------------------------------------------------------------------

LOGIN = "/admin/login/"


def _redis_cache(settings, url: str) -> None:
    """The counters' cache (the login brake's) in the Redis at ``url``, as the site sets it up."""
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }
    }


@pytest.fixture
def full_redis(settings):
    """The counters' Redis at its memory limit: it refuses new keys (noeviction, as a
    Redis holding a queue must be set). Pages stored under every spelling of the site's host
    used to fill it so."""
    import redis

    from core.tests.processes import RedisServer

    server = RedisServer().start()
    client = redis.Redis.from_url(server.url)
    client.config_set("maxmemory-policy", "noeviction")
    client.config_set("maxmemory", client.info("memory")["used_memory"] + 2_000_000)
    filler = b"x" * 50_000
    with contextlib.suppress(redis.exceptions.ResponseError):  # OOM: full
        for n in range(10_000):
            client.set(f"page:{n}", filler)
    with pytest.raises(redis.exceptions.ResponseError):
        client.set("one-more", filler)
    _redis_cache(settings, server.url)
    yield server
    server.stop()


@pytest.fixture
def redis_down(settings):
    from core.tests.processes import free_port

    _redis_cache(settings, f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there


@pytest.fixture
def frozen_redis(settings):
    """A Redis that takes connections and never answers (SIGSTOP), as one swapping or
    stalled on its disk: every call waits for its timeout."""
    import os
    import signal

    from core.tests.processes import RedisServer

    server = RedisServer().start()
    _redis_cache(settings, server.url)
    os.kill(server.process.pid, signal.SIGSTOP)
    yield server
    os.kill(server.process.pid, signal.SIGCONT)
    server.stop()


def _guesses(account: str, count: int, address: str = "203.0.113.7") -> list[int]:
    guesser = Client(REMOTE_ADDR=address)
    answers = [guesser.post(LOGIN, {"username": account, "password": f"guess-{n}"}) for n in range(count)]
    return [answer.status_code for answer in answers]


@pytest.mark.parametrize("redis_state", ["full_redis", "redis_down", "frozen_redis"])
def test_a_redis_that_cannot_count_does_not_open_the_brake(request, redis_state, settings, editor, writer):
    """Redis full (it refuses new keys), down or frozen: the failures used to go uncounted,
    and every guess went through. This process counts them instead, after waiting a moment
    for Redis; the rest of the staff still log in."""
    request.getfixturevalue(redis_state)
    settings.ADMIN_LOGIN_FAILURES_PER_ACCOUNT = 3
    answers = _guesses(editor.username, 5)
    assert answers[:4] == [200, 200, 200, 429]
    colleague = Client(REMOTE_ADDR="198.51.100.20")
    login = colleague.post(LOGIN, {"username": writer.username, "password": PASSWORD})
    assert login.status_code == 302  # not a lockout either


def test_behind_a_proxy_twenty_bad_logins_do_not_lock_the_staff_out(settings, writer, clock):
    """``make serve`` set NEWSROOM_TRUSTED_PROXIES=0: behind a proxy every login then comes
    from the proxy's address, and 20 failures refused every staff login for 15 minutes.
    The limit per address is a growing delay now: the writer waits a second, not a quarter
    of an hour."""
    settings.TRUSTED_PROXIES = None
    proxy = "10.0.0.2"
    assert 429 not in _guesses("someone", 1, proxy)  # a typo of the writer's colleague...
    for n in range(19):
        _guesses(f"name{n}", 1, proxy)  # ...and someone guessing names: 20 failures
    staff = Client(REMOTE_ADDR=proxy)
    answer = staff.post(LOGIN, {"username": writer.username, "password": PASSWORD})
    waited = 0
    while answer.status_code == 429:
        assert int(answer["Retry-After"]) <= settings.ADMIN_LOGIN_MAX_DELAY
        waited += int(answer["Retry-After"])
        clock.advance(int(answer["Retry-After"]))
        answer = staff.post(LOGIN, {"username": writer.username, "password": PASSWORD})
    assert answer.status_code == 302
    assert waited <= settings.ADMIN_LOGIN_MAX_DELAY


def _comment_form(article, n: int) -> dict:
    """A reader's n-th comment as the form sends it, written a minute ago."""
    from comments.protection import form_token

    return {
        "token": form_token(article.pk, now=time.time() - 60),
        "comment": f"تعليق رقم {n} على الخبر",
        "author": "قارئ",
        "email": f"reader{n}@example.com",
        "url": "",
        "parent": "",
        "address": "",
    }


def _comment(article, address: str, n: int) -> int:
    browser = Client(REMOTE_ADDR=address, headers={"Sec-Fetch-Site": "same-origin"})
    return browser.post(f"/ar/comments/post/{article.pk}/", _comment_form(article, n)).status_code


def test_the_addresses_of_one_ipv6_network_share_the_comment_limit(settings):
    """A reader's provider gives them a /64: a new address in it for every comment used to
    escape the limit per address."""
    settings.COMMENTS_RATE_LIMIT_PER_IP = 3
    article = ArticleFactory()
    answers = [_comment(article, f"2001:db8:5:7:{n:x}::1", n) for n in range(5)]
    assert answers == [303, 303, 303, 429, 429]
    assert _comment(article, "2001:db8:5:8::1", 9) == 303  # the next /64 is someone else
    assert _comment(article, "::ffff:203.0.113.70", 10) == 303  # IPv4 keeps its own address


def test_the_addresses_of_one_ipv6_network_share_the_login_brake(settings):
    settings.ADMIN_LOGIN_FAILURES_PER_ADDRESS = 3
    answers = [_guesses(f"name{n}", 1, f"2001:db8:5:7:{n:x}::1")[0] for n in range(4)]
    assert answers == [200, 200, 200, 429]
    assert _guesses("name9", 1, "2001:db8:5:8::1") == [200]
