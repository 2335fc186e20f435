"""The spam checker's reasons and decisions, as sentences a moderator reads.

``SENTENCES`` has one entry for every ``Reason``: a function from the stored reason (a
dict with its code and details) to a translated sentence. A test checks that none is
missing, so a new rule cannot reach moderators as a bare code.
"""

from collections.abc import Callable

from django.utils import formats
from django.utils.html import escape, format_html_join, mark_safe
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from comments.models import Comment
from comments.moderation.vocabulary import Action, Decision, Reason, ScriptMismatch

# What the checker or a moderator decided, as ModerationEvent.decision stores it.
DECISION_LABELS = {
    **{status.value: status.label for status in Comment.Status},
    Decision.HOLD: _("Held for a moderator"),
}
RULE_ACTIONS = {
    Action.HOLD: _("%(reason)s — held for a moderator"),
    Action.SPAM: _("%(reason)s — marked as spam"),
}


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


def _links(reason: dict) -> SafeString:
    count = _count(reason.get("count"))
    return _sentence(
        ngettext(
            "%(count)s link; the rule starts at %(limit)s",
            "%(count)s links; the rule starts at %(limit)s",
            count,
        ),
        count=count,
        limit=_count(reason.get("limit")),
    )


def _duplicate(reason: dict) -> SafeString:
    count = _count(reason.get("count"))
    return _sentence(
        ngettext(
            "The same text was posted %(count)s time before",
            "The same text was posted %(count)s times before",
            count,
        ),
        count=count,
    )


def _burst_network(reason: dict) -> SafeString:
    count = _count(reason.get("count"))
    return _sentence(
        ngettext(
            "%(count)s other comment from the same network shortly before",
            "%(count)s other comments from the same network shortly before",
            count,
        ),
        count=count,
    )


def _burst_email(reason: dict) -> SafeString:
    count = _count(reason.get("count"))
    return _sentence(
        ngettext(
            "%(count)s other comment from the same email address shortly before",
            "%(count)s other comments from the same email address shortly before",
            count,
        ),
        count=count,
    )


def _blocked_words(reason: dict) -> SafeString:
    words = _entries(reason.get("words"))
    return _sentence(
        ngettext("Contains a blocked word: %(words)s", "Contains blocked words: %(words)s", len(words)),
        words=_reader_words(words),
    )


def _blocked_domains(reason: dict) -> SafeString:
    domains = _entries(reason.get("domains"))
    return _sentence(
        ngettext(
            "Mentions a blocked domain: %(domains)s", "Mentions blocked domains: %(domains)s", len(domains)
        ),
        domains=_reader_words(domains),
    )


def _script_mismatch(reason: dict) -> SafeString:
    kind = reason.get("kind")
    if kind == ScriptMismatch.LATIN_LINKS:
        return _sentence(gettext("Only Latin letters, with links, under a page in Arabic"))
    if kind == ScriptMismatch.OTHER:
        return _sentence(gettext("Written mostly in a script the site does not publish in"))
    return _sentence(gettext("Written in a different script from the page"))


def _contact(reason: dict) -> SafeString:
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
    if not details:
        return _sentence(gettext("Contact details"))
    return _sentence(gettext("Contact details: %(details)s"), details=gettext(", ").join(details))


def _model(reason: dict) -> SafeString:
    score = reason.get("score")
    shown = formats.number_format(score, 2) if isinstance(score, int | float) else ""
    return _sentence(gettext("The spam model's score: %(score)s"), score=shown)


def _few_examples(reason: dict) -> SafeString:
    needed = _count(reason.get("needed"))
    return _sentence(
        ngettext(
            "The spam model has learned from fewer than %(needed)s example of each kind",
            "The spam model has learned from fewer than %(needed)s examples of each kind",
            needed,
        ),
        needed=needed,
    )


SENTENCES: dict[Reason, Callable[[dict], SafeString]] = {
    Reason.HONEYPOT: lambda reason: _sentence(gettext("The hidden form field was filled in")),
    Reason.TOO_FAST: lambda reason: _sentence(gettext("Sent within seconds of opening the page")),
    Reason.LINKS: _links,
    Reason.BLOCKED_WORDS: _blocked_words,
    Reason.BLOCKED_DOMAINS: _blocked_domains,
    Reason.DUPLICATE: _duplicate,
    Reason.BURST_NETWORK: _burst_network,
    Reason.BURST_EMAIL: _burst_email,
    Reason.SCRIPT_MISMATCH: _script_mismatch,
    Reason.CONTACT: _contact,
    Reason.NO_TIMING: lambda reason: _sentence(
        gettext("No evidence of how long it took to write: sent without the form's script")
    ),
    Reason.MODEL: _model,
    Reason.TRUSTED: lambda reason: _sentence(
        gettext("An earlier comment from this confirmed email address was approved")
    ),
    Reason.NO_MODEL: lambda reason: _sentence(gettext("No spam model has been trained yet")),
    Reason.FEW_EXAMPLES: _few_examples,
    Reason.UNCERTAIN: lambda reason: _sentence(gettext("The spam model is not sure either way")),
}


def reason_text(reason) -> SafeString:
    """One reason of the checker as a sentence in the active language, escaped HTML.

    Rule reasons say whether the rule held the comment or marked it as spam. Codes this
    admin does not know yet are shown as they are, escaped; so are plain-text reasons.
    """
    if not isinstance(reason, dict):
        return escape(str(reason))
    code = str(reason.get("code", ""))
    sentence = SENTENCES.get(code)  # a StrEnum key matches its plain-string code
    text = sentence(reason) if sentence is not None else escape(code)
    action = reason.get("action")
    action = RULE_ACTIONS.get(action) if isinstance(action, str) else None
    if action is None:
        return text
    return _sentence(str(action), reason=text)


def reasons_of(obj) -> list:
    return obj.reasons if isinstance(obj.reasons, list) else []
