"""The status decision: answered, uncertain or insufficient_evidence — from the evidence alone.

A short list of named rules, each a pure function with its own unit tests
(tests/test_status.py):

* gates (:mod:`.gates`) — ``insufficient_evidence`` when nothing is relevant
  (:func:`nothing_relevant`; a multi-part question is relevant when each part is covered),
  when the question's names/numbers or its predicate are
  absent (:func:`unanchored`), or when the kind of answer needed is absent
  (:func:`answer_kind_absent`; a pending or conditional fact makes it ``uncertain``);
* selection (:mod:`.select`) — the evidence the answer rests on;
* disagreement (:mod:`.conflicting`) — same-event conflicts, both sides cited;
* rules (:mod:`.rules`) — ``uncertain`` when the core hedges (a hedge that leaves a detail
  open counts when that detail is asked: a date, a number, an extent), sources disagree, the
  asked value is absent, the passages are about another event, or support is thin (a low
  best score, unless the lead sentence covers the question: every name, the asked kind of
  answer, an asked word, no hedge), or the passages are on topic but none fills the asked
  slot (:mod:`.slot`: a date of the asked event, a figure of the asked thing, a new name in
  the asked role; a question sentence never answers), or blame is asked and only parties claim
  it (:mod:`.blame`);
* one report alone (:mod:`.alone`) — when nothing else is open, ``uncertain`` when the lead claim
  comes from one report while other independent reports on the story were read and none gives it
  (a second report's same claim is found by :mod:`.second_report` and cited with the lead).

An LLM never changes the status upward.
"""

from __future__ import annotations

from briefbot.language.question import question_parts
from briefbot.schema import Status
from briefbot.store.copies import CopyGroups
from briefbot.store.embeddings import encode_queries
from briefbot.truth.evidence import EvidenceSet
from briefbot.truth.status import rules
from briefbot.truth.status.alone import single_report
from briefbot.truth.status.blame import blame_claimed, blame_first
from briefbot.truth.status.conflicting import claim_of, disagreeing
from briefbot.truth.status.gates import answer_kind_absent, nothing_relevant, says_it_otherwise, unanchored
from briefbot.truth.status.model import Assessment, Thresholds
from briefbot.truth.status.second_report import corroborate
from briefbot.truth.status.select import candidate_pool, rank, select
from briefbot.truth.status.slot import lead_with_filler, slot_unfilled

__all__ = ["Assessment", "Thresholds", "assess", "claim_of", "says_it_otherwise"]


def assess(es: EvidenceSet, max_evidence: int = 4, t: Thresholds | None = None,
           groups: CopyGroups | None = None) -> Assessment:
    """Decide the status of an answer to ``es.focus`` from ``es`` alone."""
    t = t or Thresholds()
    parts = question_parts(es.focus.text)  # their vectors are cached from the search
    stop = nothing_relevant(es, t, encode_queries(parts) if parts else ()) or unanchored(es, t)
    if stop is not None:
        return stop
    pool = candidate_pool(es, t, max_evidence)
    stop = answer_kind_absent(es, pool, t, max_evidence)
    if stop is not None:
        return stop
    selected, fit = select(es, pool, t, max_evidence)
    pending = rules.pending_over_value(es.focus, pool, fit, t)
    if pending:  # the strongest passages say the date/number is not known yet: they lead
        selected = (pending + [e for e in selected if e not in pending])[:max_evidence]
    selected = blame_first(es.focus, lead_with_filler(es, selected, fit + pool, t, max_evidence))
    best = rank(es, pool)[0].score
    hedged = rules.hedged_core(selected, best, es.focus)
    conflicts = disagreeing(selected, [e for e in fit + pool if e not in selected], es.focus, es.items,
                            es.canvass)
    for first, second, _ in conflicts:  # a conflict cites both sides
        selected += [side for side in (first, second) if side not in selected]
    reasons = [r for r in (
        rules.sources_hedge(hedged),
        rules.sources_disagree(conflicts),
        blame_claimed(es.focus, selected),
        rules.asked_value_absent(es, fit),
        "the strongest passages say it is not yet known or depends on a condition" if pending else None,
        rules.other_event(selected, t),
        slot_unfilled(es, selected, t),
        rules.thin_support(es, t, selected),
    ) if r]
    corroborate(selected, es.reports or es.canvass, es.focus, es.story)  # another report's same claim is cited
    alone = None if reasons else single_report(es, selected, groups)
    if alone:
        reasons.append(alone)
    status: Status = "uncertain" if reasons else "answered"
    return Assessment(status, selected, rules.confidence(es, bool(reasons)), reasons, [], hedged, conflicts)
