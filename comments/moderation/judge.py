"""The spam checker's reading of one comment: the database facts the rules need, the
model's score, and the verdict. It only reads; ``lifecycle.check_comment`` applies the
verdict. Loads the model (numpy, scikit-learn): for the worker and commands only."""

from datetime import timedelta

from django.conf import settings

from comments.addresses import is_confirmed
from comments.models import Comment, ModerationSettings, SpamExample

from .features import TextFacts
from .learning import facts_of
from .rules import Context, RuleSettings, check_rules, parse_list
from .training import current_model
from .verdict import Thresholds, Verdict, decide
from .vocabulary import Action


def rule_settings(row: ModerationSettings | None = None) -> RuleSettings:
    row = row or ModerationSettings.current()
    return RuleSettings(
        honeypot=Action(row.honeypot_action),
        too_fast=Action(row.too_fast_action),
        links=Action(row.links_action),
        link_limit=row.link_limit,
        blocked=Action(row.blocked_action),
        blocked_words=parse_list(row.blocked_words),
        blocked_domains=parse_list(row.blocked_domains),
        duplicate=Action(row.duplicate_action),
        burst=Action(row.burst_action),
        burst_per_network=row.burst_per_network,
        burst_per_email=row.burst_per_email,
        script_mismatch=Action(row.script_mismatch_action),
        contact=Action(row.contact_action),
    )


def thresholds() -> Thresholds:
    return Thresholds(
        approve_below=settings.COMMENTS_SPAM_APPROVE_BELOW,
        spam_from=settings.COMMENTS_SPAM_SPAM_FROM,
        min_examples=settings.COMMENTS_SPAM_MIN_EXAMPLES,
    )


def is_trusted(email_hash: str, exclude_id: int | None = None) -> bool:
    """The address was confirmed by its owner (``addresses``), and an earlier comment
    with it was approved (or imported as ham). Says nothing of who typed it: a comment
    also needs its sender's proof (``sender_is_trusted``)."""
    if not is_confirmed(email_hash):
        return False
    approved = Comment.objects.filter(
        email_hash=email_hash, status=Comment.Status.APPROVED, is_staff_reply=False
    )
    if exclude_id is not None:
        approved = approved.exclude(pk=exclude_id)
    return (
        approved.exists()
        or SpamExample.objects.filter(email_hash=email_hash, label=SpamExample.Label.HAM).exists()
    )


def sender_is_trusted(comment: Comment) -> bool:
    """Trust for this comment: its sender proved the address theirs (``sender``), and
    the address has earned it. Without the proof, anyone could borrow a regular's trust
    by typing their address; with it, the comment is judged as a stranger's."""
    return comment.address_proven and is_trusted(comment.email_hash, exclude_id=comment.pk)


def context_of(comment: Comment, burst_minutes: int) -> Context:
    """What the database knows around ``comment``: same text before, recent bursts."""
    others = Comment.objects.exclude(pk=comment.pk).filter(created_at__lte=comment.created_at)
    since = comment.created_at - timedelta(minutes=burst_minutes)
    recent = others.filter(created_at__gte=since, is_staff_reply=False)
    same_text = others.filter(text_key=comment.text_key).count() if comment.text_key else 0
    return Context(
        facts=facts_of(comment),
        flags=tuple(comment.flags or ()),
        page_language=comment.language,
        article_languages=_article_languages(comment),
        same_text_before=same_text,
        recent_from_network=recent.filter(ip_network=comment.ip_network).count() if comment.ip_network else 0,
        recent_from_email=recent.filter(email_hash=comment.email_hash).count() if comment.email_hash else 0,
    )


def _article_languages(comment: Comment) -> tuple[str, ...]:
    article = comment.article
    return tuple(code for code, _name in settings.LANGUAGES if article.has_translation(code))


def judge(comment: Comment) -> Verdict:
    """The verdict on a stored comment. Reads, never writes."""
    row = ModerationSettings.current()
    findings = check_rules(context_of(comment, row.burst_minutes), rule_settings(row))
    model = current_model()
    probability = model.probability(facts_of(comment)) if model else None
    examples = (model.spam_examples, model.ham_examples) if model else (0, 0)
    return decide(findings, probability, sender_is_trusted(comment), thresholds(), examples)


def judge_text(facts: TextFacts, rules: RuleSettings, email_hash: str = "") -> Verdict:
    """The verdict on text that is not a stored comment (``evaluate_spam``): the same
    rules, model, trust and thresholds, without the facts only a posted comment has."""
    findings = check_rules(Context(facts=facts, page_language=""), rules)
    model = current_model()
    probability = model.probability(facts) if model else None
    examples = (model.spam_examples, model.ham_examples) if model else (0, 0)
    return decide(findings, probability, is_trusted(email_hash), thresholds(), examples)
