"""The moderation's words, spelled once: what the checker decides, why, and the flags the
form sets. Pure: the rules, the verdict, the lifecycle, the admin and the reason sentences
(``comments.admin.reasons``, with a test that every reason has one) all use these.

They are ``StrEnum``s, so they are stored in the database and in JSON as the plain
strings they always were.
"""

from enum import StrEnum


class Decision(StrEnum):
    """What the spam checker decides about a comment."""

    APPROVE = "approve"
    HOLD = "hold"  # for a moderator
    SPAM = "spam"


class Action(StrEnum):
    """What a rule that fires does; an editor picks one per rule."""

    OFF = "off"
    HOLD = "hold"
    SPAM = "spam"


class Flag(StrEnum):
    """What the form noticed about how a comment was sent."""

    HONEYPOT = "honeypot"  # the hidden field was filled in
    TOO_FAST = "too_fast"  # sent within seconds of the form being made
    NO_TIMING = "no_timing"  # sent with the shared page's token alone: its time is unknown


class Reason(StrEnum):
    """Why the checker decided as it did: a rule that fired, or what the model and trust said."""

    # Rules (comments.moderation.rules)
    HONEYPOT = "honeypot"
    TOO_FAST = "too_fast"
    LINKS = "links"
    BLOCKED_WORDS = "blocked_words"
    BLOCKED_DOMAINS = "blocked_domains"
    DUPLICATE = "duplicate"
    BURST_NETWORK = "burst_network"
    BURST_EMAIL = "burst_email"
    SCRIPT_MISMATCH = "script_mismatch"
    CONTACT = "contact"
    # A weak signal: it only keeps the model from approving by itself (never spam, never
    # holding a trusted commenter), so it has no action for an editor to pick.
    NO_TIMING = "no_timing"
    # The verdict (comments.moderation.verdict)
    MODEL = "model"
    TRUSTED = "trusted"
    NO_MODEL = "no_model"
    FEW_EXAMPLES = "few_examples"
    UNCERTAIN = "uncertain"


class ScriptMismatch(StrEnum):
    """Which kind of script mismatch the rule found."""

    LATIN_LINKS = "latin_links"  # Latin-only text with links under an Arabic page
    OTHER = "other"  # mostly a script the site does not publish in
