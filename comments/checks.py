"""Invariants of the comments' configuration, refused by ``manage.py check``."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.compatibility)
def spam_thresholds_in_order(app_configs, **kwargs) -> list[Error]:
    """Under APPROVE_BELOW a comment is approved, from SPAM_FROM it is spam, in between a
    moderator decides: 0 ≤ APPROVE_BELOW ≤ SPAM_FROM ≤ 1, or a comment could be both."""
    approve_below = settings.COMMENTS_SPAM_APPROVE_BELOW
    spam_from = settings.COMMENTS_SPAM_SPAM_FROM
    if not 0 <= approve_below <= spam_from <= 1:
        return [
            Error(
                f"COMMENTS_SPAM_APPROVE_BELOW ({approve_below}) and COMMENTS_SPAM_SPAM_FROM ({spam_from}) "
                "must satisfy 0 ≤ APPROVE_BELOW ≤ SPAM_FROM ≤ 1.",
                id="comments.E001",
            )
        ]
    return []


@register(Tags.compatibility)
def limits_are_positive(app_configs, **kwargs) -> list[Error]:
    """A rate limit of zero would refuse every comment, a page of zero would show none."""
    names = (
        "COMMENTS_RATE_LIMIT_PER_IP",
        "COMMENTS_RATE_LIMIT_PER_EMAIL",
        "COMMENTS_RATE_WINDOW_SECONDS",
        "COMMENTS_PER_PAGE",
    )
    return [
        Error(f"{name} must be 1 or more.", id="comments.E002")
        for name in names
        if getattr(settings, name) < 1
    ]


@register(Tags.compatibility)
def form_lives_longer_than_the_too_fast_window(app_configs, **kwargs) -> list[Error]:
    """A form that expires before the reader may send it could never be sent."""
    if settings.COMMENTS_FORM_MAX_AGE <= settings.COMMENTS_MIN_SECONDS_TO_SUBMIT:
        return [
            Error(
                "COMMENTS_FORM_MAX_AGE must be above COMMENTS_MIN_SECONDS_TO_SUBMIT.",
                id="comments.E003",
            )
        ]
    return []
