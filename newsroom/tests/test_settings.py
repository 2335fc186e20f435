"""Production settings refuse to run unsafely; development needs nothing set."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="news.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k3y" * 20,
        DJANGO_ALLOWED_HOSTS="news.example",
        NEWSROOM_TRUSTED_PROXIES="1",
        NEWSROOM_SITE_URL="https://news.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_when_the_site_has_no_public_origin():
    """Without it, every allowed host and port is an origin of its own, with its own pages."""
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k3y" * 20,
        DJANGO_ALLOWED_HOSTS=".news.example",
        NEWSROOM_TRUSTED_PROXIES="1",
    )
    assert "core.W002" in result.stdout + result.stderr


def test_deploy_check_warns_when_nobody_said_whether_a_proxy_is_in_front():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k3y" * 20,
        DJANGO_ALLOWED_HOSTS="news.example",
    )
    assert "core.W001" in result.stdout + result.stderr


def test_without_any_setting_the_site_is_in_production_mode_and_refuses_to_start():
    """A gunicorn or a worker started by hand, with nothing set, must not run in debug mode
    with a published secret key."""
    result = run_manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    shown = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k3y" * 20,
        DJANGO_ALLOWED_HOSTS="news.example",
    )
    assert shown.stdout.split()[-1] == "False", shown.stderr


def test_development_is_an_explicit_choice():
    shown = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", DJANGO_DEBUG="1"
    )
    assert shown.stdout.split()[-1] == "True", shown.stderr


def storage_settings(**env: str) -> dict:
    script = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    result = run_manage("shell", "-c", script, DJANGO_DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])  # after the shell's greeting


def test_the_media_library_is_on_the_filesystem_unless_told_otherwise():
    assert storage_settings() == {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {}}


def test_an_s3_media_store_gets_its_bucket_from_the_environment_and_plain_links():
    stored = storage_settings(
        NEWSROOM_MEDIA_STORAGE="storages.backends.s3.S3Storage",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_S3_CUSTOM_DOMAIN="media.example.net",
    )
    assert stored["BACKEND"] == "storages.backends.s3.S3Storage"
    assert stored["OPTIONS"] == {
        "bucket_name": "newsroom-media",
        "endpoint_url": "https://s3.example.net",
        "custom_domain": "media.example.net",
        # Signed links would expire inside cached pages; uploads never replace each other.
        "querystring_auth": False,
        "file_overwrite": False,
    }


# --- the page cache's Redis, make serve, and what the README promises ---------------------------------


def shown_setting(name: str, **env: str) -> str:
    """The value of setting ``name`` in a development process with ``env`` (and none of
    the variables this test module sets itself left over from the caller's environment)."""
    script = f"from django.conf import settings; print('setting=' + str(settings.{name}))"
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NEWSROOM_")) and key != "REDIS_URL"
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.rsplit("setting=", 1)[1].strip()  # after the shell's greeting


def test_the_page_cache_has_a_redis_database_of_its_own():
    """Pages fill their Redis to its limit: never the counters' and the queue's database."""
    assert (
        shown_setting("PAGE_CACHE_REDIS_URL", REDIS_URL="redis://10.0.0.7:6379/0")
        == "redis://10.0.0.7:6379/1"
    )
    assert (
        shown_setting("PAGE_CACHE_REDIS_URL", REDIS_URL="redis://10.0.0.7:6379") == "redis://10.0.0.7:6379/1"
    )
    assert shown_setting("PAGE_CACHE_REDIS_URL", REDIS_URL="redis://10.0.0.7/15") == "redis://10.0.0.7/14"
    chosen = shown_setting(
        "PAGE_CACHE_REDIS_URL",
        REDIS_URL="redis://10.0.0.7:6379/0",
        NEWSROOM_PAGE_CACHE_REDIS_URL="redis://10.0.0.8:6380/0",
    )
    assert chosen == "redis://10.0.0.8:6380/0"
    assert shown_setting("PAGE_CACHE_REDIS_URL") == ""  # no Redis: pages in memory


def test_make_serve_does_not_decide_for_the_operator_that_no_proxy_is_in_front(tmp_path):
    """It used to set NEWSROOM_TRUSTED_PROXIES=0 silently: behind a proxy, every reader and
    every editor then had the proxy's address. It leaves the setting unset and says so."""
    for name, script in (
        ("python", "#!/bin/sh\nexit 0\n"),  # collectstatic and migrate: nothing to do here
        ("gunicorn", '#!/bin/sh\necho "TRUSTED_PROXIES=${NEWSROOM_TRUSTED_PROXIES-unset}"\n'),
    ):
        (tmp_path / name).write_text(script)
        (tmp_path / name).chmod(0o755)
    (tmp_path / ".installed").touch()  # the virtualenv is there
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "NEWSROOM_"))}
    served = subprocess.run(
        ["make", "--no-print-directory", "serve", f"BIN={tmp_path}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert served.returncode == 0, served.stderr
    assert "TRUSTED_PROXIES=unset" in served.stdout
    assert "NEWSROOM_TRUSTED_PROXIES is not set" in served.stderr
    told = subprocess.run(
        ["make", "--no-print-directory", "serve", f"BIN={tmp_path}"],
        cwd=ROOT,
        env={**env, "NEWSROOM_TRUSTED_PROXIES": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "TRUSTED_PROXIES=1" in told.stdout and "NEWSROOM_TRUSTED_PROXIES" not in told.stderr


def test_the_readme_gives_the_shared_max_age_the_code_has():
    """s-maxage was documented as 1 second while pages said 300: the table and the code agree."""
    import re

    readme = (ROOT / "README.md").read_text()
    row = re.search(r"^\| `NEWSROOM_SHARED_MAX_AGE` \| `(\d+)` \|", readme, re.MULTILINE)
    assert row, "the README's configuration table has no row for NEWSROOM_SHARED_MAX_AGE"
    assert shown_setting("SHARED_MAX_AGE") == row.group(1)
    assert f"s-maxage={row.group(1)}`" in readme  # the header the caching section shows
