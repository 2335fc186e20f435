"""The spam checker's reasons and decisions, as sentences a moderator reads."""

from django.utils import formats
from django.utils.html import escape, format_html_join, mark_safe
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import Comment, ModerationSettings

# What the checker or a moderator decided, as ModerationEvent.decision stores it.
DECISION_LABELS = {
    **{status.value: status.label for status in Comment.Status},
    "hold": _("Held for a moderator"),
}
RULE_ACTIONS = {
    ModerationSettings.Action.HOLD: _("%(reason)s — held for a moderator"),
    ModerationSettings.Action.SPAM: _("%(reason)s — marked as spam"),
}


# Reasons given by the spam checker (comments.moderation.rules and verdict)


def _count(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _entries(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(entry) for entry in value]
    return [] if value is None else [str(value)]


def _sentence(template: str, **values) -> SafeString:
    """``template`` (translated, plain text) with ``values`` put in; all of it escaped.

    Words from readers are isolated with <bdi> so that an Arabic word in an English
    sentence, or the reverse, does not reorder the text around it.
    """
    escaped = {
        name: value if isinstance(value, SafeString) else escape(value) for name, value in values.items()
    }
    return mark_safe(escape(template) % escaped)  # every part is escaped above


def _reader_words(words: list[str]) -> SafeString:
    return format_html_join(gettext(", "), "<bdi>{}</bdi>", ((word,) for word in words))


def reason_text(reason) -> SafeString:
    """One reason of the checker as a sentence in the active language, escaped HTML.

    Rule reasons say whether the rule held the comment or marked it as spam. Codes this
    admin does not know yet are shown as they are, escaped; so are plain-text reasons.
    """
    if not isinstance(reason, dict):
        return escape(str(reason))
    code = str(reason.get("code", ""))
    if code == "honeypot":
        text = _sentence(gettext("The hidden form field was filled in"))
    elif code == "too_fast":
        text = _sentence(gettext("Sent within seconds of opening the page"))
    elif code == "links":
        count = _count(reason.get("count"))
        text = _sentence(
            ngettext(
                "%(count)s link; the rule starts at %(limit)s",
                "%(count)s links; the rule starts at %(limit)s",
                count,
            ),
            count=count,
            limit=_count(reason.get("limit")),
        )
    elif code == "blocked_words":
        words = _entries(reason.get("words"))
        text = _sentence(
            ngettext("Contains a blocked word: %(words)s", "Contains blocked words: %(words)s", len(words)),
            words=_reader_words(words),
        )
    elif code == "blocked_domains":
        domains = _entries(reason.get("domains"))
        text = _sentence(
            ngettext(
                "Mentions a blocked domain: %(domains)s",
                "Mentions blocked domains: %(domains)s",
                len(domains),
            ),
            domains=_reader_words(domains),
        )
    elif code == "duplicate":
        count = _count(reason.get("count"))
        text = _sentence(
            ngettext(
                "The same text was posted %(count)s time before",
                "The same text was posted %(count)s times before",
                count,
            ),
            count=count,
        )
    elif code == "burst_network":
        count = _count(reason.get("count"))
        text = _sentence(
            ngettext(
                "%(count)s other comment from the same network shortly before",
                "%(count)s other comments from the same network shortly before",
                count,
            ),
            count=count,
        )
    elif code == "burst_email":
        count = _count(reason.get("count"))
        text = _sentence(
            ngettext(
                "%(count)s other comment from the same email address shortly before",
                "%(count)s other comments from the same email address shortly before",
                count,
            ),
            count=count,
        )
    elif code == "script_mismatch":
        kind = reason.get("kind")
        if kind == "latin_links":
            text = _sentence(gettext("Only Latin letters, with links, under a page in Arabic"))
        elif kind == "other":
            text = _sentence(gettext("Written mostly in a script the site does not publish in"))
        else:
            text = _sentence(gettext("Written in a different script from the page"))
    elif code == "contact":
        phones, messengers = _count(reason.get("phones")), _count(reason.get("messengers"))
        details = []
        if phones:
            details.append(
                ngettext("%(count)s phone number", "%(count)s phone numbers", phones) % {"count": phones}
            )
        if messengers:
            details.append(
                ngettext("%(count)s messaging handle", "%(count)s messaging handles", messengers)
                % {"count": messengers}
            )
        if details:
            text = _sentence(gettext("Contact details: %(details)s"), details=gettext(", ").join(details))
        else:
            text = _sentence(gettext("Contact details"))
    elif code == "model":
        score = reason.get("score")
        shown = formats.number_format(score, 2) if isinstance(score, int | float) else ""
        text = _sentence(gettext("The spam model's score: %(score)s"), score=shown)
    elif code == "trusted":
        text = _sentence(gettext("An earlier comment from this email address was approved"))
    elif code == "no_model":
        text = _sentence(gettext("No spam model has been trained yet"))
    elif code == "few_examples":
        needed = _count(reason.get("needed"))
        text = _sentence(
            ngettext(
                "The spam model has learned from fewer than %(needed)s example of each kind",
                "The spam model has learned from fewer than %(needed)s examples of each kind",
                needed,
            ),
            needed=needed,
        )
    elif code == "uncertain":
        text = _sentence(gettext("The spam model is not sure either way"))
    else:
        text = escape(code)
    action = reason.get("action")
    action = RULE_ACTIONS.get(action) if isinstance(action, str) else None
    if action is None:
        return text
    return _sentence(str(action), reason=text)


def reasons_of(obj) -> list:
    return obj.reasons if isinstance(obj.reasons, list) else []
