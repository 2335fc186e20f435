"""Mail as every app sends it: two templates, one message per recipient, signed links that
name a row and nothing else, and the headers of one-click unsubscribe."""

import time

import pytest
from django.core import mail, signing
from django.test import override_settings

from core.mail import (
    one_line,
    read_link_token,
    render_mail,
    send_separately,
    sign_link_token,
    unsubscribe_headers,
)

SALT = "core.tests.link"
OTHER_SALT = "core.tests.other-link"

TEMPLATES = {
    "notice/reply_subject.txt": "{% autoescape off %}\n  Reply from {{ name }}\n\n{% endautoescape %}",
    "notice/reply_body.txt": (
        "{% autoescape off %}\n\n{{ name }} wrote:\n\n{{ text }}\n\n\n{% endautoescape %}"
    ),
}


@pytest.fixture
def mail_templates():
    with override_settings(
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)]},
            }
        ]
    ):
        yield


def signed_ago(payload, seconds: int, salt: str = SALT) -> str:
    """``payload`` signed as ``signing.dumps`` signs it, ``seconds`` ago."""
    signer = signing.TimestampSigner(salt=salt)
    signer.timestamp = lambda: signing.b62_encode(int(time.time()) - seconds)
    return signer.sign_object(payload, serializer=signing.JSONSerializer, compress=True)


def test_one_line_folds_line_breaks_and_runs_of_space():
    assert one_line("  Re: «عنوان»\r\nBcc: someone@example.com\t\n") == "Re: «عنوان» Bcc: someone@example.com"


def test_a_mail_is_rendered_from_its_subject_and_body_templates(mail_templates):
    subject, body = render_mail("notice/reply", {"name": "ليلى", "text": "أوافقك الرأي."})
    assert subject == "Reply from ليلى"
    assert body == "ليلى wrote:\n\nأوافقك الرأي.\n"


def test_a_name_with_a_line_break_cannot_add_a_header(mail_templates):
    subject, _body = render_mail("notice/reply", {"name": "Sami\nBcc: victim@example.com", "text": ""})
    assert subject == "Reply from Sami Bcc: victim@example.com"
    assert "\n" not in subject


def test_each_recipient_gets_a_message_of_their_own():
    recipients = ["a@example.com", "b@example.com", "c@example.com"]
    assert send_separately("Subject", "Body\n", recipients) == 3
    assert [message.to for message in mail.outbox] == [[email] for email in recipients]
    assert all(not message.cc and not message.bcc for message in mail.outbox)
    assert {(message.subject, message.body) for message in mail.outbox} == {("Subject", "Body\n")}


def test_nobody_to_tell_sends_nothing():
    assert send_separately("Subject", "Body\n", []) == 0
    assert mail.outbox == []


def test_a_link_token_names_its_id():
    token = sign_link_token(42, SALT)
    assert read_link_token(token, SALT) == 42


def test_the_token_keeps_the_format_of_the_links_already_mailed():
    # Links in mails sent before this module existed were made by these very calls.
    assert read_link_token(signing.dumps({"c": 42}, salt=SALT, compress=True), SALT) == 42
    assert signing.loads(sign_link_token(42, SALT), salt=SALT) == {"c": 42}


def test_a_token_signed_for_something_else_names_nothing():
    assert read_link_token(sign_link_token(42, OTHER_SALT), SALT) is None
    assert read_link_token(signing.dumps({"c": 42}), SALT) is None  # the key, but no salt


def test_an_altered_token_names_nothing():
    token = sign_link_token(42, SALT)
    assert read_link_token(token[:-1] + ("A" if token[-1] != "A" else "B"), SALT) is None
    assert read_link_token("", SALT) is None
    assert read_link_token("not-a-token", SALT) is None


@pytest.mark.parametrize(
    "payload",
    [{"c": "42"}, {"c": True}, {"c": 4.2}, {"c": None}, {"id": 42}, {}, [42], 42, "42"],
    ids=repr,
)
def test_a_signed_payload_of_another_shape_names_nothing(payload):
    assert read_link_token(signing.dumps(payload, salt=SALT, compress=True), SALT) is None


def test_a_token_expires_only_when_asked_to():
    old = signed_ago({"c": 42}, seconds=400 * 86400)
    assert read_link_token(old, SALT) == 42  # an unsubscribe link works for as long as mail comes
    assert read_link_token(old, SALT, max_age=7 * 86400) is None
    assert read_link_token(signed_ago({"c": 42}, seconds=60), SALT, max_age=7 * 86400) == 42


@pytest.mark.parametrize("url", ["https://news.example/ar/u/tok/", "http://localhost:8000/ar/u/tok/"])
def test_an_absolute_link_gets_the_one_click_unsubscribe_headers(url):
    assert unsubscribe_headers(url) == {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


@pytest.mark.parametrize("url", ["/ar/u/tok/", "//news.example/ar/u/tok/", "mailto:stop@news.example", ""])
def test_a_link_a_mail_client_cannot_post_to_gets_no_headers(url):
    assert unsubscribe_headers(url) == {}
