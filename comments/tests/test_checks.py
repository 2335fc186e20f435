"""The comments' configuration invariants, as ``manage.py check`` reports them."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings


def error_ids() -> set[str]:
    return {message.id for message in run_checks() if message.is_serious()}


@pytest.mark.parametrize(
    ("approve_below", "spam_from"),
    [(0.6, 0.5), (-0.1, 0.5), (0.2, 1.5)],
)
def test_spam_thresholds_out_of_order_are_refused(approve_below, spam_from):
    with override_settings(COMMENTS_SPAM_APPROVE_BELOW=approve_below, COMMENTS_SPAM_SPAM_FROM=spam_from):
        assert "comments.E001" in error_ids()


def test_equal_thresholds_leave_nothing_for_a_moderator_but_are_allowed():
    with override_settings(COMMENTS_SPAM_APPROVE_BELOW=0.5, COMMENTS_SPAM_SPAM_FROM=0.5):
        assert "comments.E001" not in error_ids()


@override_settings(COMMENTS_RATE_LIMIT_PER_IP=0)
def test_a_rate_limit_of_zero_is_refused():
    assert "comments.E002" in error_ids()


@override_settings(COMMENTS_FORM_MAX_AGE=2, COMMENTS_MIN_SECONDS_TO_SUBMIT=3)
def test_a_form_that_expires_before_it_may_be_sent_is_refused():
    assert "comments.E003" in error_ids()
