"""The status decision: answered, uncertain or insufficient_evidence — from the evidence alone.

* ``insufficient_evidence`` when no sentence is relevant enough, when the question's
  numbers or most of its names appear in no relevant evidence, or when the kind of
  answer the question needs is absent (a "what did X say" question with no speech
  attributed to X, a "when" question without any date, ...).
* ``uncertain`` when the selected evidence hedges ("it remains unclear",
  "reportedly", "a source said"), when sources disagree on a counted quantity, date,
  year or negation, or when the support is thin.  Also when a "when" / "how many"
  question has no date or number but strong evidence says the fact is pending ("the
  damage is still being assessed") or conditional ("not until Trump and Putin have
  met"): the answer then reports exactly that instead of abstaining.
* ``answered`` otherwise.  An LLM never changes this upward.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefbot.evidence import (
    EXPLANATION,
    Evidence,
    EvidenceSet,
    Focus,
    names_in,
    speaker_quoted,
)
from briefbot.schema import Status
from briefbot.verify import Conflict, content_words, find_conflicts, names, numbers, stem, without_named_years

YEAR = re.compile(r"(?:19|20)\d\d")
GENERIC_WORDS = frozenset(
    stem(w) for w in (
        "happen happened happens take took know known new latest thing things way ways much many "
        "long use used make made get got give gave go went come came mean means status situation "
        "state current currently update updates progress"
    ).split()
)
"""Question-frame words: "what is the status of X" asks about X, not about the word "status"."""
DATE_CUE = re.compile(
    r"\b(?:\d{4}|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|week|month|year)\b",
    re.I,
)
CONDITION = re.compile(r"\b(?:until|unless|once|as soon as|only after|not before|pending|depend(?:s|ing)? on)\b", re.I)
"""A "when" answered by a condition, not a date ("not until Trump and Putin have met")."""
PLACE = re.compile(r"\b(?:in|from|at|near|outside|across)\s+(?:the\s+)?([A-Z][\w'’\-]+)")
PARTIAL_HEDGES = frozenset({"pending", "unknown", "unclear"})
"""Hedges that say the asked-for fact is not known yet ("the damage is still being assessed")."""


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


@dataclass
class Assessment:
    """The decision and the evidence it rests on."""

    status: Status
    selected: list[Evidence]
    confidence: float
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    hedged: list[Evidence] = field(default_factory=list)
    conflicts: list[tuple[Evidence, Evidence, Conflict]] = field(default_factory=list)


def assess(es: EvidenceSet, max_evidence: int = 4, t: Thresholds | None = None) -> Assessment:
    """Decide the status of an answer to ``es.focus`` from ``es`` alone."""
    t = t or Thresholds()
    focus = es.focus
    items = es.items
    closest = max((e.similarity for e in items), default=0.0)
    if not items or (items[0].score < t.min_score and closest < t.min_similarity):
        best = f"{items[0].score:.2f}" if items else "none"
        return Assessment(
            "insufficient_evidence", [], 0.0,
            reasons=[f"no passage is relevant enough (best score {best} < {t.min_score}, "
                     f"closest meaning {closest:.2f} < {t.min_similarity})"],
        )
    floor_score = min(t.min_score, items[0].score)
    relevant = [e for e in items if e.score >= max(floor_score, items[0].score * 0.6)]
    pool = relevant[: max(8, max_evidence * 2)]

    # 1. The question's anchors (names, numbers) must be in the retrieved evidence.
    #    Years are strict ("the 2013 final" is not the 2012 one); with three names or
    #    fewer every name is needed; long multi-hop questions need most of them.
    vouched: set[str] = set()
    nums: set[str] = set()
    for ev in items:
        for e in [ev, *ev.duplicates]:
            vouched |= names_in(e)
            nums |= numbers(e.text) | numbers(e.title) | _date_numbers(e.published)
    vouched |= nums
    missing_years = sorted(n for n in focus.numbers if YEAR.fullmatch(n) and n not in nums)
    anchors = sorted((focus.names | focus.numbers) - set(missing_years))
    missing_anchors = [a for a in anchors if a not in vouched]
    missing = list(missing_years)
    if anchors and missing_anchors:
        coverage = 1 - len(missing_anchors) / len(anchors)
        if len(anchors) <= 3 or coverage < t.min_name_coverage:
            missing += missing_anchors
    # The question's other content words ("population", "capital", "agreed") must
    # appear somewhere in the retrieved passages, or they are about something else.
    topical = sorted(_topical(focus))
    if topical and not missing:
        seen_words: set[str] = set()
        for ev in items:
            seen_words |= content_words(ev.text) | content_words(ev.title)
        if not seen_words & set(topical):
            missing += topical
    if missing:
        return Assessment(
            "insufficient_evidence", [], 0.05,
            reasons=["the relevant passages never mention: " + ", ".join(missing)],
            missing=missing,
        )

    # 2. The kind of answer the question needs must be present.
    need = _requirement(es, pool, t)
    if need is not None:
        partial = _partial_answers(focus, pool, t)
        if not partial:
            return Assessment("insufficient_evidence", [], 0.1, reasons=[need])
        # The sources address the question but say the fact is not known yet, or give a
        # condition instead of a date: report exactly that, as uncertain.
        return Assessment(
            "uncertain", partial[:max_evidence], 0.3,
            reasons=[need + "; the sources say only what is not yet known or what it depends on"],
            hedged=[e for e in partial if e.hedges],
        )

    # 3. Select evidence: strong sentences, those of the needed kind first.
    ranked = sorted(pool, key=lambda e: e.score + (0.08 if _fits(focus, e.text) else 0.0),
                    reverse=True)
    best = ranked[0].score
    floor = max(t.min_score, best * t.relative_keep)
    selected = [e for e in ranked if e.score >= floor][:max_evidence]
    if len(selected) < 2:
        selected = ranked[: min(2, max_evidence)]
    if focus.kind == "why":
        # a reason may be stated apart from the event: keep the best explanations
        extras = _explanations(items, selected, t.min_score)[:2]
        if extras:
            keep = max(1, min(len(selected), max_evidence - len(extras)))
            selected = selected[:keep] + extras
    fitting: list[Evidence] = []
    if focus.kind in ("when", "how_many", "who", "say", "where"):
        allowed = _in_year(focus, items)
        fitting = sorted((e for e in items if e.score >= 0.8 * t.min_score and _fits(focus, e.text)
                          and e.article_id in allowed),
                         key=lambda e: e.score + _precision_bonus(focus, e.text), reverse=True)
        if fitting:  # the sentences that hold the asked-for date, number, name or speech
            floor_fit = fitting[0].score * t.relative_keep
            selected = [e for e in fitting if e.score >= floor_fit][:max_evidence]
    # Hedges count where they touch the core of the answer (the strongest evidence).
    core = selected[:1] + [e for e in selected[1:] if e.score >= best * 0.95]
    hedged = [e for e in core if e.hedges]
    others = [e for e in fitting + pool if e not in selected]
    conflicts = _conflicts(selected, others)
    for first, second, _ in conflicts:  # a conflict cites both sides
        for side in (first, second):
            if side not in selected:
                selected.append(side)

    reasons: list[str] = []
    status: Status = "answered"
    if hedged:
        status = "uncertain"
        reasons.append("the sources hedge: " + ", ".join(sorted({h for e in hedged for h in e.hedges})))
    if conflicts:
        status = "uncertain"
        reasons.append("the sources disagree")
    if focus.kind in ("when", "how_many") and not fitting:
        status = "uncertain"
        reasons.append("no selected passage gives the " + ("date" if focus.kind == "when" else "number") + " asked for")
    if items[0].score < t.answered_score:
        status = "uncertain"
        reasons.append(f"thin support (best score {items[0].score:.2f})")
    top = items[0].score
    confidence = min(0.95, 0.35 + 0.6 * top)
    if status == "uncertain":
        confidence = min(confidence, 0.6)
    return Assessment(status, selected, confidence, reasons, [], hedged, conflicts)


FULL_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d\d\b",
    re.I,
)


def _precision_bonus(focus: Focus, text: str) -> float:
    """Among fitting sentences, the most precise answer first: for "what did X say" X's own
    words (a direct quote), for "when" a full calendar date rather than a bare year, for
    "who" the sentence that covers most of what is asked."""
    if focus.kind == "say" and _QUOTE.search(text):
        return 0.05
    if focus.kind == "when" and FULL_DATE.search(text):
        return 0.04
    if focus.kind == "who":  # the sentence about what is asked, not one that merely names someone
        topical = _topical(focus)
        return 0.1 * len(topical & content_words(text)) / len(topical) if topical else 0.0
    return 0.0


_QUOTE = re.compile(r"[\"“][^\"”]{12,}[\"”]")


def _partial_answers(focus: Focus, pool: list[Evidence], t: Thresholds) -> list[Evidence]:
    """Strong evidence that the asked-for date or number is pending, unknown or conditional.

    Only for "when" and "how many/much": a figure can be "still being assessed".  A
    quote nobody reported, or a name nobody gave, stays insufficient evidence.
    """
    out: list[Evidence] = []
    if focus.kind not in ("when", "how_many"):
        return out
    for e in pool[:4]:
        if e.score < t.answered_score or not _topical_hit(focus, e.text):
            continue
        if PARTIAL_HEDGES & set(e.hedges) or (focus.kind == "when" and CONDITION.search(e.text)):
            out.append(e)
    return out


def _explanations(items: list[Evidence], selected: list[Evidence], floor: float) -> list[Evidence]:
    """Explanatory sentences that say something the selected evidence does not."""
    out: list[Evidence] = []
    for e in items:
        if e.score < floor or e in selected or not EXPLANATION.search(e.text):
            continue
        others = [*selected, *out]
        if e.vector is not None and any(
            o.vector is not None and float(e.vector @ o.vector) >= 0.6 for o in others
        ):
            continue
        out.append(e)
    return out


def _date_numbers(published: str | None) -> set[str]:
    if not published:
        return set()
    y, m, d = published.split("-")
    return {y, str(int(d))}


def _fits(focus: Focus, text: str) -> bool:
    """Does ``text`` hold the kind of answer ``focus`` asks for?"""
    if focus.kind == "say" and focus.speaker:
        return speaker_quoted(focus.speaker, text)
    if focus.kind == "when":
        return _has_date(text) and _topical_hit(focus, text)
    if focus.kind == "how_many":
        return _counts_something_asked(focus, text)
    if focus.kind == "who":
        # a name the question does not already give; sentences about what is asked rank
        # first (``_precision_bonus``), the asked year is checked per article (``_in_year``)
        return bool(names(text) - focus.names - focus.words)
    if focus.kind == "why":
        return bool(EXPLANATION.search(text) or re.search(r"\bunclear why\b", text, re.I))
    if focus.kind == "where":
        return any(stem(m.group(1)) not in focus.names and stem(m.group(1)) not in focus.words
                   and m.group(1).lower() not in ("the", "a") for m in PLACE.finditer(text))
    return False


def _in_year(focus: Focus, items: list[Evidence]) -> set[str]:
    """Articles whose retrieved text, title or date names the year a "who" question asks
    about ("who won in 2018?"): a name from a 2022 report is not the 2018 answer."""
    years = {n for n in focus.numbers if YEAR.fullmatch(n)}
    if focus.kind != "who" or not years:
        return {e.article_id for e in items}
    return {e.article_id for e in items
            if years & (numbers(e.text) | numbers(e.title) | _date_numbers(e.published))}


def _has_date(text: str) -> bool:
    """A date or time cue, not counting years inside names ("the Act of 2025")."""
    return bool(DATE_CUE.search(without_named_years(text)))


AMOUNT = re.compile(
    r"\d[\d,.]*\s*(?:%|percent|per cent|million|billion|trillion|thousand|tenge|dollars?|euros?|"
    r"pounds?|rubles?|roubles?|yuan|som|sum|manat|lari|dram)\b|[$€£]\s?\d",
    re.I,
)


def _topical(focus: Focus) -> frozenset[str]:
    """The question's content words that are neither names, numbers nor question-frame words."""
    return focus.words - focus.names - focus.numbers - GENERIC_WORDS


def _topical_hit(focus: Focus, text: str) -> bool:
    """Does ``text`` carry one of the question's non-name words (or has the question none)?"""
    topical = _topical(focus)
    return not topical or bool(topical & content_words(text))


def _counts_something_asked(focus: Focus, text: str) -> bool:
    """A number next to one of the question's words ("85 senators"), or an amount of money."""
    if AMOUNT.search(text) and re.search(r"\bhow\s+much\b", focus.text, re.I):
        return True
    for m in re.finditer(r"(\d[\d,.]*%?)((?:\s+[\w'’-]+){1,4})", text):
        value = m.group(1).rstrip("%.,").replace(",", "")
        if value in focus.numbers or YEAR.fullmatch(value):
            continue  # the question's own numbers and years ("the Act of 2025") count nothing
        if any(stem(w.strip(".,;:!?\"'()“”’")) in focus.words for w in m.group(2).split()):
            return True
    return False


def _requirement(es: EvidenceSet, pool: list[Evidence], t: Thresholds) -> str | None:
    """A reason to abstain when the answer type is absent, else None."""
    focus = es.focus
    candidates = pool[:6]
    if focus.kind in ("when", "how_many", "who"):  # the date, number or name may sit in a weaker sentence
        candidates = candidates + [e for e in es.items[:12] if e.score >= 0.8 * t.min_score]
    texts = [e.text for e in candidates]
    if focus.kind == "say" and focus.speaker:
        if not any(speaker_quoted(focus.speaker, t) for t in texts):
            return f"no passage reports anything said by {focus.speaker.title()}"
    elif focus.kind == "when":
        if not any(_has_date(t) for t in texts):
            return "no relevant passage gives a date or time"
    elif focus.kind == "how_many":
        if not any(_counts_something_asked(focus, t) for t in texts):
            return "no relevant passage gives a number"
    elif focus.kind == "who":
        allowed = _in_year(focus, es.items)
        if not any(e.article_id in allowed and _fits(focus, e.text) for e in candidates):
            return "no relevant passage names anyone in connection with what is asked"
    return None


def _conflicts(
    selected: list[Evidence], pool: list[Evidence]
) -> list[tuple[Evidence, Evidence, Conflict]]:
    import numpy as np

    group = selected + [e for e in pool if e not in selected][:6]
    group = [e for e in group if e.vector is not None]
    if len(group) < 2:
        return []
    vectors = np.stack([e.vector for e in group])  # type: ignore[misc]
    found = find_conflicts([e.text for e in group], [e.article_id for e in group], vectors)
    return [(group[c.first], group[c.second], c) for c in found]
