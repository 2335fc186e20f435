"""A staff member's admin language sticks to their account, whatever the browser asks."""

import pytest
from django.urls import reverse

from core.models import AdminPreference

from .twofactor import log_in_verified

pytestmark = pytest.mark.django_db


def test_the_chosen_admin_language_wins_over_the_browser(client, admin_user):
    log_in_verified(client, admin_user)
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en"}
    assert 'lang="en"' in client.get(reverse("admin:index"), **english_browser).content.decode()[:200]

    response = client.post(
        reverse("admin_language"), {"language": "ar", "next": "/admin/"}, **english_browser
    )

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert AdminPreference.objects.get(user=admin_user).language == "ar"
    page = client.get(reverse("admin:index"), **english_browser).content.decode()
    assert '<html lang="ar" dir="rtl">' in page


def test_the_switch_never_sends_anyone_elsewhere(client, admin_user):
    log_in_verified(client, admin_user)
    response = client.post(reverse("admin_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin_language")).status_code == 405
