"""Which selected evidence disagrees with other evidence about the same event (via :mod:`briefbot.truth.conflicts`),
and whether the disagreement bears on what the question asks."""

from __future__ import annotations

from briefbot.language.counts import counts
from briefbot.language.question import QuestionFrame
from briefbot.truth.conflicts import Claim, Disagreement
from briefbot.truth.conflicts import find_conflicts as find_disagreements
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.kinds import fits

VALUE_KINDS = {"when": {"date", "year"}, "how_many": {"number"}}
"""Disagreements on values matter to questions asking for that value; other questions
(what, why, yes/no, who, say) are about claims, so claim-level disagreements matter to them.
A ferry's two reopening dates do not bear on which island it sails to."""
CLAIM_KINDS = {"denial", "recommendation", "claim", "explanation"}
RIVALS = 6
"""Next-best candidates compared with the selected evidence; for a value question (when, how
many) those giving a value of the asked kind come first ("arrested eight people" is a rival
of "at least nine were arrested" even when sentences about the protest outscore it)."""


def bears_on(frame: QuestionFrame, kind: str) -> bool:
    """Does a disagreement of ``kind`` bear on what ``frame`` asks?"""
    if frame.kind in VALUE_KINDS:
        return kind in VALUE_KINDS[frame.kind]
    if kind in {"date", "year"}:
        return bool(frame.days or frame.years)  # "did it open on March 3?"
    return kind in CLAIM_KINDS


def gives_asked_value(frame: QuestionFrame, text: str) -> bool:
    """Does ``text`` give a value of the asked kind: a date, or a count of an asked word
    (the counted noun or verb: "arrested eight people" counts arrests)?"""
    if frame.kind == "how_many" and any(c.thing in frame.words for c in counts(text)):
        return True
    return fits(frame, text)


def disagreeing(
    selected: list[Evidence], pool: list[Evidence], frame: QuestionFrame | None = None
) -> list[tuple[Evidence, Evidence, Disagreement]]:
    """Same-event disagreements between the selected evidence and the next-best candidates."""
    others = [e for e in pool if e not in selected]
    if frame is not None and frame.kind in VALUE_KINDS:  # the asked value's rivals first
        rivals = [e for e in others if gives_asked_value(frame, e.text)]
        others = rivals + [e for e in others if e not in rivals]
    group = selected + others[:RIVALS]
    group = [e for e in group if e.vector is not None]
    by_key = {e.key: e for e in group}
    found = [d for d in find_disagreements([claim_of(e) for e in group]) if frame is None or bears_on(frame, d.kind)]
    return [(by_key[(d.sides[0].article_id, d.sides[0].start, d.sides[0].end)],
             by_key[(d.sides[1].article_id, d.sides[1].start, d.sides[1].end)], d) for d in found]


def claim_of(ev: Evidence) -> Claim:
    """The conflict module's view of one evidence sentence."""
    return Claim(ev.text, ev.article_id, ev.source, ev.start, ev.end, ev.vector, ev.title)
