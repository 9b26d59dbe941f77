"""The status decision's types: :class:`Thresholds` (named, calibrated cut-offs) and :class:`Assessment`."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefbot.schema import Status
from briefbot.truth.conflicts import Disagreement
from briefbot.truth.evidence import Evidence


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs for the decision, calibrated on ../shared/evaldata dev files."""

    min_score: float = 0.36
    """Best evidence score below this: nothing relevant was found ..."""
    min_similarity: float = 0.43
    """... unless a sentence is this close in meaning (MiniLM cosine) to the question: long
    multi-part questions share few of their words with any one sentence, so their
    blended score stays low even when the evidence is on point."""
    min_name_coverage: float = 0.6
    """Share of the question's names that relevant evidence must mention."""
    answered_score: float = 0.5
    """Best evidence score below this (but above ``min_score``): thin support."""
    relative_keep: float = 0.8
    """Keep evidence scoring at least this share of the best score."""
    predicate_match: float = 0.6
    """A sentence whose masked-predicate similarity (question and sentence with names hidden)
    reaches this says the asked thing in other words ("called off" for "cancelled"), so the
    question's own words need not appear.  Calibrated on evals/ + MultiHop-RAG dev."""
    predicate_min: float = 0.2
    """Best selected sentence's masked-predicate similarity below this: it names the right
    parties but speaks of another event — never ``answered``."""


@dataclass
class Assessment:
    """The decision and the evidence it rests on."""

    status: Status
    selected: list[Evidence]
    confidence: float
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    hedged: list[Evidence] = field(default_factory=list)
    conflicts: list[tuple[Evidence, Evidence, Disagreement]] = field(default_factory=list)


