"""The words of «عاجل»: where an alert stands, and why a change is refused (pure)."""

from enum import StrEnum


class State(StrEnum):
    """Where an alert stands at a moment; only a live one can be on readers' pages."""

    LIVE = "live"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class Refusal(StrEnum):
    """Why ``post_alert`` or ``withdraw_alert`` refused: the ``code`` of its ValidationError."""

    NO_TEXT = "no_text"
    NOT_ONE_LINE = "not_one_line"
    TOO_LONG = "too_long"
    UNSAFE_LINK = "unsafe_link"
    BAD_DURATION = "bad_duration"
    ALREADY_WITHDRAWN = "already_withdrawn"
    ALREADY_ENDED = "already_ended"
