"""What the truth layer tells the writer beyond the evidence and the status: one plan for every
composer.

The extractive answer is written from the selected evidence with four inputs the assessment
decides (:func:`plan_of`): the items it must keep (both sides of every disagreement, the first
hedged core sentence), the item that must lead (a value the strongest passages call pending), the
sides of the disagreements (they lead when no sentence fills the asked slot) and whether no report
fills the asked slot (then the answer only shows what they cover).  The local model is shown the
quotes the extractive answer cites (:func:`briefbot.writing.model_prompt.answer_quotes`); written
without these inputs, that answer could cite other quotes than the one the reader is given, so
the model rewrote a different answer.  Both now read one :class:`WritePlan`.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefbot.language.question import QuestionFrame
from briefbot.truth.status import Assessment
from briefbot.truth.status.slot import UNFILLED

PENDING = "not yet known or depends on a condition"
"""Words of the truth layer's reason when the strongest passages say the value is pending."""


@dataclass(frozen=True)
class WritePlan:
    """The writer's inputs for one answer (indices are 0-based into ``Assessment.selected``)."""

    frame: QuestionFrame | None = None
    protected: frozenset[int] = frozenset()
    pinned: frozenset[int] = frozenset()
    sides: frozenset[int] = frozenset()
    unfilled: bool = False


def protected_evidence(a: Assessment) -> frozenset[int]:
    """Indices of ``a.selected`` the writer must keep: both sides of every disagreement, the
    first hedged core sentence (the hedge is said once, in the answer), and the lead when it
    says the asked value is pending (the truth layer puts such sentences first)."""
    keep = {id(e) for first, second, _ in a.conflicts for e in (first, second)} | {id(e) for e in a.hedged[:1]}
    out = {i for i, e in enumerate(a.selected) if id(e) in keep}
    return frozenset(out | pinned_lead(a))


def conflict_sides(a: Assessment) -> frozenset[int]:
    """Indices of ``a.selected`` that are a side of a disagreement the truth layer found: when no
    sentence fills the asked slot, they are what the answer gives (the writer leads with them)."""
    keep = {id(e) for first, second, _ in a.conflicts for e in (first, second)}
    return frozenset(i for i, e in enumerate(a.selected) if id(e) in keep)


def unfilled_slot(a: Assessment) -> bool:
    """Did the truth layer find that no selected sentence fills the asked slot ("the reports cover
    X but none says Y")?  The answer then only shows what the reports cover."""
    return any(r.startswith(UNFILLED) for r in a.reasons)


def pinned_lead(a: Assessment) -> frozenset[int]:
    """Indices of ``a.selected`` that must lead the answer: the lead when the strongest passages
    say the asked value is not yet known (the truth layer puts such sentences first)."""
    return frozenset({0}) if a.selected and any(PENDING in r for r in a.reasons) else frozenset()


def plan_of(a: Assessment, frame: QuestionFrame | None) -> WritePlan:
    """The writer's inputs the assessment ``a`` decides, for the question ``frame``."""
    return WritePlan(frame, protected_evidence(a), pinned_lead(a), conflict_sides(a), unfilled_slot(a))
