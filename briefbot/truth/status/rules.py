"""The final status rules: each looks at the selected evidence and returns a reason to say
``uncertain`` or None.  ``answered`` is what is left when no rule fires."""

from __future__ import annotations

from briefbot.language.forecast import asks_past, is_forecast
from briefbot.language.question import QuestionFrame
from briefbot.truth.evidence import Evidence, EvidenceSet, explains, names_in
from briefbot.truth.status.kinds import fits, partial_answers, topical_hit
from briefbot.truth.status.model import Thresholds

CORE_SHARE = 0.95
"""Hedges count in sentences scoring at least this share of the best (the core of the answer)."""


DETAIL_HEDGES = {"not stated": {"when", "how_many", "why"}, "pending": {"when", "how_many"}}
"""Hedges that leave one *detail* open ("gave no date", "still being assessed") matter only
to questions asking for that kind of detail; the other hedges (reportedly, a source said,
unclear, unconfirmed, may) qualify the claim itself and always count."""


def asked_detail(frame: QuestionFrame) -> str:
    """The kind of detail ``frame`` asks for, as :data:`DETAIL_HEDGES` names it: an extent
    ("how badly was it hit", "what was the bill for …") is a quantity, as "how many" is."""
    return "how_many" if frame.asks_extent else frame.kind


def hedges_that_apply(ev: Evidence, kind: str) -> list[str]:
    return [h for h in ev.hedges if h not in DETAIL_HEDGES or kind in DETAIL_HEDGES[h]]


def hedged_core(selected: list[Evidence], best: float, frame: QuestionFrame) -> list[Evidence]:
    """The core sentences with a hedge that bears on what ``frame`` asks.

    The core is the strongest sentence, any nearly as strong (:data:`CORE_SHARE` of the
    ``best`` score), and any that carries more of the asked words (the question's
    predicate) than the strongest does: a sentence that states more of what is asked
    ("U.S. officials reportedly concluded after the call ...") is part of the answer
    however its score compares.  For "why" the stated reasons are the answer, so every
    selected explanation is core.  A question about who reported a claim is answered by
    the attribution; hedges on the reported claim do not qualify it."""
    if not selected or frame.asks_for_source:
        return []
    asked = frame.predicate
    first = len(asked & selected[0].features.words)
    core = selected[:1] + [e for e in selected[1:]
                           if e.score >= best * CORE_SHARE or len(asked & e.features.words) > first
                           or (frame.kind == "why" and explains(e.text))]
    core = [e for e in core if not forecast_for_past(e, frame)]
    return [e for e in core if hedges_that_apply(e, asked_detail(frame))]


def forecast_for_past(ev: Evidence, frame: QuestionFrame) -> bool:
    """A forecast ("they may speak again later this week") cannot answer a question about what
    has happened ("when did they last speak"), so its hedges do not qualify that answer.  It
    counts as core by carrying the asked verb in its present form where the report says "spoke"."""
    return bool(ev.hedges) and asks_past(frame.text) and is_forecast(ev.text)


def sources_hedge(hedged: list[Evidence]) -> str | None:
    if not hedged:
        return None
    return "the sources hedge: " + ", ".join(sorted({h for e in hedged for h in e.hedges}))


def sources_disagree(conflicts: list) -> str | None:
    return "the sources disagree" if conflicts else None


def asked_value_absent(es: EvidenceSet, fit: list[Evidence]) -> str | None:
    """A "when"/"how many" question whose selected passages give no date/number."""
    kind = es.focus.kind
    if kind in ("when", "how_many") and not fit:
        value = "date" if kind == "when" else "duration" if es.focus.asks_duration else "number"
        return f"no selected passage gives the {value} asked for"
    return None


def pending_over_value(focus: QuestionFrame, pool: list[Evidence], fit: list[Evidence],
                       t: Thresholds) -> list[Evidence]:
    """Stronger evidence than any dated/counted sentence saying the asked date or number is
    pending or conditional ("will not return to the bill until the leaders have met"): the
    weaker sentence's date belongs to another event ("introduced on April 1")."""
    if not fit:
        return []
    top_fit = max(e.score for e in fit)
    return [e for e in partial_answers(focus, pool, t) if e.score > top_fit and e not in fit]


def other_event(selected: list[Evidence], t: Thresholds) -> str | None:
    """The best passages name the parties asked about but say nothing like what is asked."""
    if selected and max(e.predicate_similarity for e in selected[:2]) < t.predicate_min:
        return "the closest passages name the parties asked about but not what is asked"
    return None


FORM_KINDS = frozenset({"when", "how_many", "who", "say"})
"""Kinds whose answer has a form a sentence can be checked for (a date, a counted figure, a
name the question does not give, the named speaker's words)."""


def covers_question(focus: QuestionFrame, lead: Evidence, t: Thresholds) -> bool:
    """Does the lead sentence hold everything the question asks, whatever its similarity?

    Every name of the question (in the sentence, its title or outlet), the asked kind of
    answer in its checkable form (:data:`FORM_KINDS`: a date for "when", the speaker's words
    for "what did X say", ...), one of the asked words, no hedge, and a score of at least
    ``min_score``.  What a sentence covers does not move with the question's wording; its
    similarity to the question does (a paraphrase scores 0.48 for the sentence the original
    question scores 0.55 for)."""
    return (focus.kind in FORM_KINDS and lead.score >= t.min_score and not lead.hedges
            and focus.names <= names_in(lead) and fits(focus, lead.text) and topical_hit(focus, lead.text))


def thin_support(es: EvidenceSet, t: Thresholds, selected: list[Evidence] = ()) -> str | None:
    """The best score is under ``answered_score`` and the lead selected sentence does not
    cover the question (:func:`covers_question`)."""
    top = es.items[0].score
    if top >= t.answered_score or (selected and covers_question(es.focus, selected[0], t)):
        return None
    return f"thin support (best score {top:.2f})"


def confidence(es: EvidenceSet, uncertain: bool) -> float:
    """0.35 + 0.6 x best score, capped at 0.95 (0.6 when uncertain)."""
    value = min(0.95, 0.35 + 0.6 * es.items[0].score)
    return min(value, 0.6) if uncertain else value
