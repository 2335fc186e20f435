"""The judge's decision from the rules that fired, the model's score and trust. Pure."""

from collections.abc import Sequence
from dataclasses import dataclass

from .rules import Finding, Signal
from .vocabulary import Action, Decision, Reason


@dataclass(frozen=True)
class Thresholds:
    approve_below: float = 0.2  # an unknown commenter is approved under this spam probability
    spam_from: float = 0.5  # and marked as spam from this one; between the two, a human decides
    min_examples: int = 20  # of each class, before the model may approve anyone by itself


@dataclass(frozen=True)
class Verdict:
    decision: Decision
    score: float | None
    reasons: list[dict]


def decide(
    findings: Sequence[Finding | Signal],
    probability: float | None,
    trusted: bool,
    thresholds: Thresholds,
    model_examples: tuple[int, int] = (0, 0),
) -> Verdict:
    """Rules first, then the model, then trust.

    A rule that says spam wins. A confident model says spam even for a trusted
    commenter (Akismet's order). Any other rule holds the comment for a moderator.
    A trusted commenter is approved; anyone else is approved only by a model that has
    seen enough of this site's moderation and is sure enough, and saw no weak signal:
    that one leaves the comment to a moderator instead, with its reason.
    """
    reasons = [finding.as_reason() for finding in findings]
    actions = {finding.action for finding in findings if isinstance(finding, Finding)}
    weak = any(isinstance(finding, Signal) for finding in findings)
    if probability is not None:
        reasons.append({"code": Reason.MODEL, "score": round(probability, 3)})
    if Action.SPAM in actions:
        return Verdict(Decision.SPAM, probability, reasons)
    if probability is not None and probability >= thresholds.spam_from:
        return Verdict(Decision.SPAM, probability, reasons)
    if Action.HOLD in actions:
        return Verdict(Decision.HOLD, probability, reasons)
    if trusted:
        return Verdict(Decision.APPROVE, probability, [*reasons, {"code": Reason.TRUSTED}])
    if probability is None:
        return Verdict(Decision.HOLD, probability, [*reasons, {"code": Reason.NO_MODEL}])
    if min(model_examples) < thresholds.min_examples:
        needed = {"code": Reason.FEW_EXAMPLES, "needed": thresholds.min_examples}
        return Verdict(Decision.HOLD, probability, [*reasons, needed])
    if probability < thresholds.approve_below:
        return Verdict(Decision.HOLD if weak else Decision.APPROVE, probability, reasons)
    return Verdict(Decision.HOLD, probability, [*reasons, {"code": Reason.UNCERTAIN}])
