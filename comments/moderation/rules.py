"""Rules a site editor tunes in the admin. Each one that fires gives a reason; so does
a weak signal, which no editor tunes (``Signal``).

Pure: the caller gathers what the database knows (earlier identical texts, recent
comments from the same network or email) into a ``Context``; ``check_rules`` only
reads it. Every rule has an action: off, hold for a moderator, or mark as spam.
"""

import re
from dataclasses import dataclass, field

from .features import TextFacts, fold, squeeze
from .vocabulary import Action, Flag, Reason, ScriptMismatch

# Words Arabic joins to the front of a noun: "والكازينو" still contains "كازينو".
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ف", "ل")
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class RuleSettings:
    """The editor's choices; defaults follow WordPress's Discussion settings."""

    honeypot: Action = Action.SPAM
    too_fast: Action = Action.HOLD
    links: Action = Action.HOLD
    link_limit: int = 2
    blocked: Action = Action.SPAM
    blocked_words: tuple[str, ...] = ()
    blocked_domains: tuple[str, ...] = ()
    duplicate: Action = Action.HOLD
    duplicate_min_length: int = 20
    burst: Action = Action.HOLD
    burst_per_network: int = 5
    burst_per_email: int = 3
    script_mismatch: Action = Action.HOLD
    contact: Action = Action.HOLD


@dataclass(frozen=True)
class Context:
    """One comment as the rules see it."""

    facts: TextFacts
    flags: tuple[str, ...] = ()
    page_language: str = ""
    article_languages: tuple[str, ...] = ("ar",)
    same_text_before: int = 0
    recent_from_network: int = 0
    recent_from_email: int = 0


@dataclass(frozen=True)
class Finding:
    """A rule that fired: its code, what it decided, and details for the reason shown."""

    code: Reason
    action: Action
    detail: dict = field(default_factory=dict)

    def as_reason(self) -> dict:
        return {"code": self.code, "action": self.action, **self.detail}


@dataclass(frozen=True)
class Signal:
    """Weak evidence: not enough to hold a comment or call it spam, too much for the model
    to approve it alone (``verdict.decide``). Its reason says only what was seen."""

    code: Reason

    def as_reason(self) -> dict:
        return {"code": self.code}


def parse_list(value: str) -> tuple[str, ...]:
    """One entry a line (commas also separate); blank lines and # comments ignored."""
    entries = []
    for line in value.splitlines():
        line = line.split("#", 1)[0]
        entries += [part.strip() for part in line.split(",") if part.strip()]
    return tuple(entries)


def _without_prefix(token: str) -> set[str]:
    # Every reading, not just the longest prefix: "واتس" starts with the conjunction "و"
    # too, and stripping it alone turned "واتس اب" into "اتساب".
    return {token} | {
        token[len(prefix) :]
        for prefix in _ARABIC_PREFIXES
        if token.startswith(prefix) and len(token) - len(prefix) >= 3
    }


def blocked_words_in(text: str, words: tuple[str, ...]) -> list[str]:
    """The blocked entries found in ``text``.

    As in WordPress, a word matches inside longer words. On top of that, text is folded
    (diacritics, tatweel, letter variants, case), and a word spelled out with spaces or
    punctuation between its letters ("v i a g r a", "فـ.ـيـ.ـاجرا"), or split in two
    ("واتس اب"), still matches.
    """
    tokens = _TOKEN.findall(fold(text))
    if not tokens:
        return []
    candidates = set(tokens)
    # Runs of one-letter tokens are a word spelled out: join them.
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1:
            run.append(token)
            continue
        if len(run) >= 3:
            candidates.add("".join(run))
        run = []
    # A word split into two or three pieces. The pieces must make exactly the word: matching
    # inside the joined text made "is expected" contain "sex" and "via Granada" "viagra".
    pieces: set[str] = set()
    for size in (2, 3):
        for start in range(len(tokens) - size + 1):
            rest = "".join(tokens[start + 1 : start + size])
            pieces.update(first + rest for first in _without_prefix(tokens[start]))
    spaced = " ".join(tokens)
    found = []
    for entry in words:
        entry_tokens = _TOKEN.findall(fold(entry))
        if not entry_tokens:
            continue
        if len(entry_tokens) > 1:
            if f" {' '.join(entry_tokens)} " in f" {spaced} ":
                found.append(entry)
            continue
        wanted = entry_tokens[0]
        if wanted in pieces or any(wanted in candidate for candidate in candidates):
            found.append(entry)
    return found


def blocked_domains_in(domains: set[str], blocked: tuple[str, ...]) -> list[str]:
    """Blocked domains among ``domains``; a blocked domain also covers its subdomains."""
    found = []
    for entry in blocked:
        # Editors paste "https://spam.example/page" or write "*.spam.example"; both mean the host.
        entry = entry.strip().casefold().split("://", 1)[-1].split("/", 1)[0]
        entry = entry.removeprefix("*.").removeprefix("www.").strip(".")
        if entry and any(host == entry or host.endswith("." + entry) for host in domains):
            found.append(entry)
    return found


def _script_mismatch(context: Context) -> ScriptMismatch | None:
    """'other' for text mostly in a script the site does not publish in; 'latin_links'
    for Latin-only text with links under a page that is in Arabic."""
    scripts = context.facts.scripts
    letters = sum(scripts.values())
    if letters >= 10 and scripts["other"] > letters / 2:
        return ScriptMismatch.OTHER
    arabic_page = context.page_language == "ar" or "en" not in context.article_languages
    if arabic_page and scripts["arabic"] == 0 and scripts["latin"] and context.facts.link_count:
        return ScriptMismatch.LATIN_LINKS
    return None


def weak_signals(context: Context) -> list[Signal]:
    """Weak evidence about how the comment was sent.

    A post with the shared page's token alone ran no script, so how long its writer took is
    unknown: bots that post without rendering the page look like that, and so do readers
    without JavaScript, who must not be turned away for it.
    """
    return [Signal(Reason.NO_TIMING)] if Flag.NO_TIMING in context.flags else []


def check_rules(context: Context, settings: RuleSettings) -> list[Finding | Signal]:
    """Every rule that fires on this comment, and every weak signal, in the order
    moderators read them."""
    facts = context.facts
    findings: list[Finding | Signal] = []

    def fire(code: Reason, action: Action, **detail) -> None:
        if action != Action.OFF:
            findings.append(Finding(code, action, detail))

    if Flag.HONEYPOT in context.flags:
        fire(Reason.HONEYPOT, settings.honeypot)
    if Flag.TOO_FAST in context.flags:
        fire(Reason.TOO_FAST, settings.too_fast)
    findings.extend(weak_signals(context))
    if settings.link_limit and facts.link_count >= settings.link_limit:
        fire(Reason.LINKS, settings.links, count=facts.link_count, limit=settings.link_limit)
    words = blocked_words_in(
        " ".join((facts.text, facts.author_name, facts.author_url)), settings.blocked_words
    )
    if words:
        fire(Reason.BLOCKED_WORDS, settings.blocked, words=words)
    domains = blocked_domains_in(facts.domains, settings.blocked_domains)
    if domains:
        fire(Reason.BLOCKED_DOMAINS, settings.blocked, domains=domains)
    if context.same_text_before and len(squeeze(facts.text)) >= settings.duplicate_min_length:
        fire(Reason.DUPLICATE, settings.duplicate, count=context.same_text_before)
    if settings.burst_per_network and context.recent_from_network >= settings.burst_per_network:
        fire(Reason.BURST_NETWORK, settings.burst, count=context.recent_from_network)
    if settings.burst_per_email and context.recent_from_email >= settings.burst_per_email:
        fire(Reason.BURST_EMAIL, settings.burst, count=context.recent_from_email)
    mismatch = _script_mismatch(context)
    if mismatch:
        fire(Reason.SCRIPT_MISMATCH, settings.script_mismatch, kind=mismatch)
    if facts.phone_numbers or facts.messengers:
        fire(
            Reason.CONTACT,
            settings.contact,
            phones=len(facts.phone_numbers),
            messengers=len(facts.messengers),
        )
    return findings
