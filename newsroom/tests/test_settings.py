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
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


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
