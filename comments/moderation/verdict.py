"""The judge's decision from the rules that fired, the model's score and trust. Pure."""

from dataclasses import dataclass

from .rules import HOLD, SPAM, Finding

APPROVE = "approve"


@dataclass(frozen=True)
class Thresholds:
    approve_below: float = 0.2  # an unknown commenter is approved under this spam probability
    spam_from: float = 0.5  # and marked as spam from this one; between the two, a human decides
    min_examples: int = 20  # of each class, before the model may approve anyone by itself


@dataclass(frozen=True)
class Verdict:
    decision: str  # approve, hold or spam
    score: float | None
    reasons: list[dict]


def decide(
    findings: list[Finding],
    probability: float | None,
    trusted: bool,
    thresholds: Thresholds,
    model_examples: tuple[int, int] = (0, 0),
) -> Verdict:
    """Rules first, then the model, then trust.

    A rule that says spam wins. A confident model says spam even for a trusted
    commenter (Akismet's order). Any other rule holds the comment for a moderator.
    A trusted commenter is approved; anyone else is approved only by a model that has
    seen enough of this site's moderation and is sure enough.
    """
    reasons = [finding.as_reason() for finding in findings]
    actions = {finding.action for finding in findings}
    if probability is not None:
        reasons.append({"code": "model", "score": round(probability, 3)})
    if SPAM in actions:
        return Verdict(SPAM, probability, reasons)
    if probability is not None and probability >= thresholds.spam_from:
        return Verdict(SPAM, probability, reasons)
    if HOLD in actions:
        return Verdict(HOLD, probability, reasons)
    if trusted:
        return Verdict(APPROVE, probability, [*reasons, {"code": "trusted"}])
    if probability is None:
        return Verdict(HOLD, probability, [*reasons, {"code": "no_model"}])
    if min(model_examples) < thresholds.min_examples:
        return Verdict(
            HOLD, probability, [*reasons, {"code": "few_examples", "needed": thresholds.min_examples}]
        )
    if probability < thresholds.approve_below:
        return Verdict(APPROVE, probability, reasons)
    return Verdict(HOLD, probability, [*reasons, {"code": "uncertain"}])
