"""The first line of an ``uncertain`` answer: what is and is not known, in a reader's words.

Issue 18 item 1: "No confirmed reason: CNN says it is unclear why; one of its sources points to a
possible reason [2][3]".  The line used to name hedge categories ("No confirmed reason: called
unclear [1]; only a possibility [2]; only reported [3]"), which told a reader neither who says
it nor what.  Now each clause names its speaker as the sentence itself does
(:mod:`briefbot.writing.attribution`: "CNN", "one of CNN's sources", "a diplomatic source"; else the
outlet whose text it is) and what that speaker gives:

* a **value** of the asked kind ("October 19 according to a diplomatic source [2]", "$175 million
  according to the water department [3]": :func:`value_clause`);
* a **hedge** read as what the speaker does ("CNN says it is unclear why [1]", "one of CNN's
  sources calls it unlikely [2]": :func:`hedge_clause`), and for a *why* question a reason a
  sentence gives, in the sentence's own words ("one of the network's sources points to a dispute over
  fees [3]": :mod:`briefbot.writing.reasons`; "points to a possible reason" only when no span of
  it reads on its own);
* the two sides of a **disagreement** no value clause already shows ("one report and AFP disagree
  [2][3]": :func:`dispute_clause`);
* a slot **no report fills**, in the truth layer's words ("the reports cover X but none says when
  …": :func:`briefbot.writing.writer.unfilled_clauses`).

It never quotes a whole claim: a value or a reason is a short exact span of its sentence, and the
answer says the sentence right after, with the same markers.  The line
is held to :data:`LEAD_WORDS` (its first clause, the disagreement and what none gives always stay).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefbot.language.cues import hedges
from briefbot.language.question import QuestionFrame
from briefbot.schema import Citation
from briefbot.truth.evidence import explains
from briefbot.truth.status import Assessment
from briefbot.truth.status.slot import UNFILLED, slot_heads, slot_kind
from briefbot.writing.attribution import agree, hedge_cue, hedge_reading, plural, speaker_of
from briefbot.writing.markers import marker_texts, strip_markers
from briefbot.writing.reasons import reason_reading
from briefbot.writing.single_source import reports_behind
from briefbot.writing.stance import stance_clause
from briefbot.writing.writer import (
    THING,
    answers_asked,
    asked_words,
    coverage,
    disputed_values,
    fills,
    shape,
    stand_in,
    unfilled_clauses,
    value_spans,
)

LEAD_WORDS = 32
"""Words the line may run to after its "No confirmed …:" opening (issue 18's ~35 in all): clauses
past it are left to the answer below."""
VALUES_PER_SENTENCE = 2
OPEN_READINGS = ("says it is unclear", "says it is not yet known", "says it is still", "says it is not yet",
                 "says it is yet", "gives none")
"""Readings that say the asked thing is not known (:func:`briefbot.writing.attribution.hedge_reading`):
such a sentence is part of the line whatever it is about."""


def marks(ids: Sequence[int]) -> str:
    return "".join(f"[{i}]" for i in ids)


def outlets(ids: Sequence[int], citations: Sequence[Citation]) -> str:
    """The outlets whose text the cited quotes are ("Steppe Wire", "CNN and AFP"), else "one report"
    / "two reports" for articles without an outlet: the one who says it when the sentence names no
    one."""
    by_id = {c.id: c for c in citations}
    names = list(dict.fromkeys(by_id[i].source for i in ids if i in by_id and by_id[i].source))
    if names:
        return " and ".join(names[:2])
    return "one report" if len(ids) <= 1 else "two reports"


def voice(text: str, ids: Sequence[int], citations: Sequence[Citation]) -> str:
    """Who says ``text``: its own attribution where its strongest hedge is, else the outlet."""
    return speaker_of(text, hedge_cue(text)) or outlets(ids, citations)


def value_clause(text: str, ids: Sequence[int], frame: QuestionFrame | None, heads: frozenset[str],
                 citations: Sequence[Citation], seen: set[str]) -> str | None:
    """"October 19 according to a diplomatic source [2]": the values of the asked kind ``text``
    gives (not already in ``seen``) and who gives them; None without a new value."""
    values = [v for v in value_spans(text, frame, fills(frame, stand_in(text), heads))
              if v.casefold() not in seen][:VALUES_PER_SENTENCE]
    if not values:
        return None
    seen.update(v.casefold() for v in values)
    who = speaker_of(text) or outlets(ids, citations)
    return f"{' and '.join(values)} according to {who} {marks(ids)}"


def reading(text: str, frame: QuestionFrame | None, reasons_given: int) -> str | None:
    """What the speaker of ``text`` does, for the line: a hedge that says the asked thing is open,
    whatever the sentence answers; for a *why* question a reason the sentence gives ("points to a
    possible reason", then "points to another"); else its hedge when it answers the asked kind;
    None when it has nothing for the line."""
    said = hedge_reading(text)
    if said is not None and said.startswith(OPEN_READINGS):
        return said
    if frame is not None and str(frame.kind) == "why" and explains(text):
        given = reason_reading(text, asked_words(frame))  # the reason itself, an exact span (reasons.py)
        if given is not None:
            return given
        return "points to another" if reasons_given else "points to a possible reason"
    if said is None or frame is None:
        return None
    if str(frame.kind) == "who" and UNNAMED & set(hedges(text)) and coverage(frame, stand_in(text)):
        return "says so"  # who said it is what was asked: the unnamed source is the answer
    return said if about_asked(frame, text) else None


UNNAMED = frozenset({"anonymous source", "unnamed officials"})


def about_asked(frame: QuestionFrame, text: str) -> bool:
    """Does ``text`` answer what ``frame`` asks: the asked kind (:func:`answers_asked`), or, for a
    question without a checkable form (yes/no, an open "what": :func:`shape` is None), one of the
    question's asked words (:func:`coverage`)?"""
    if answers_asked(frame, stand_in(text), "uncertain"):
        return True
    return shape(frame) is None and coverage(frame, stand_in(text)) > 0


def hedge_clause(text: str, ids: Sequence[int], frame: QuestionFrame | None, citations: Sequence[Citation],
                 reasons_given: int) -> str | None:
    """"CNN says it is unclear why [1]": who says ``text`` and what they do (:func:`reading`)."""
    said = reading(text, frame, reasons_given)
    if said is None:
        return None
    who = voice(text, ids, citations)
    if said == "says so" and "source" not in who and "official" not in who:
        said = "cites an unnamed source"  # the outlet speaks, the source it cites is unnamed
    return f"{who} {agree(said, plural(who))} {marks(ids)}"


def dispute_values(detail: str, first: str, second: str) -> tuple[str, str] | None:
    """The two values a disagreement's ``detail`` names ("Olm Vale vs Brantwick"), when each is
    written in its own side's sentence (``first``, ``second``) as it is in the detail; else None
    (a detail such as "one report says “shake-up”, another denies it" names no values)."""
    parts = [p.strip() for p in detail.split(" vs ")]
    if len(parts) != 2 or not all(parts):
        return None
    if parts[0].casefold() in first.casefold() and parts[1].casefold() in second.casefold():
        return parts[0], parts[1]
    return None


def dispute_clause(first_ids: Sequence[int], second_ids: Sequence[int], texts: dict[int, str],
                   citations: Sequence[Citation], detail: str = "") -> str:
    """The two sides of a disagreement by who says them: each with its value when the detail
    names values its sentence writes ("Olm Vale according to one report [2], Brantwick according to
    AFP [3]": :func:`dispute_values`), else "one report and AFP disagree [2][3]"."""
    names, sides = [], []
    for ids in (first_ids, second_ids):
        text = texts.get(ids[0], "") if ids else ""
        sides.append(text)
        names.append(speaker_of(text) or outlets(ids, citations))
    values = dispute_values(detail, sides[0], sides[1]) if detail else None
    if values is not None:
        return (f"{values[0]} according to {names[0]} {marks(first_ids)}, "
                f"{values[1]} according to {names[1]} {marks(second_ids)}")
    stances = None if disputed_values(detail) else stance_sides(first_ids, second_ids, texts, citations)
    if stances is not None:  # values the sentences write otherwise are the note's ("One report gives …")
        return stances
    who = "two reports" if names[0].casefold() == names[1].casefold() else " and ".join(names)
    return f"{who} disagree {marks([*first_ids, *second_ids])}"


def stance_sides(first_ids: Sequence[int], second_ids: Sequence[int], texts: dict[int, str],
                 citations: Sequence[Citation]) -> str | None:
    """"Steppe Wire reports Velmar charged Ado Renk [1]; his lawyer says no case was filed [2]":
    each side's stance in a few words of its own sentence (:func:`briefbot.writing.stance.stance_clause`),
    when both sides give one; None otherwise (the line then names who disagrees)."""
    clauses = []
    for ids in (first_ids, second_ids):
        text = texts.get(ids[0], "") if ids else ""
        clause = stance_clause(text, ids, outlets(ids, citations)) if text else None
        if clause is None:
            return None
        clauses.append(clause)
    return "; ".join(clauses)


WH_WORDS = ("why", "how", "when", "whether", "who", "what", "where")


def asked_wh(frame: QuestionFrame | None) -> str | None:
    """The wh-word of the question ("why", "how" …; "whether" for a yes/no question)."""
    if frame is None:
        return None
    if str(frame.kind) == "yes_no":
        return "whether"
    first = frame.text.split()[0].casefold() if frame.text.split() else ""
    return first if first in WH_WORDS else None


def on_question(clauses: Sequence[str], frame: QuestionFrame | None) -> list[str]:
    """``clauses`` without those saying another question is open ("CNN says it is unclear why" when
    the question asks how): a reader would take it for the answer to theirs.  All of them when none
    is left."""
    wh = asked_wh(frame)
    kept = [c for c in clauses
            if not (m := _OPEN_WH.search(c)) or wh is None or m.group(1) == wh]
    return kept or list(clauses)


_OPEN_WH = re.compile(r"\b(?:unclear|not yet known) (" + "|".join(WH_WORDS) + r")\b")


def merged(clauses: Sequence[str]) -> list[str]:
    """``clauses`` with those that say the same words (markers aside) joined into the first, with
    all their markers: "CNN says it is unclear how [1]; CNN says it is unclear how [3]" is one
    clause, "CNN says it is unclear how [1][3]"."""
    out: dict[str, list[str]] = {}
    for clause in clauses:
        words = strip_markers(clause).strip()
        ids = out.setdefault(words, [])
        ids += [m for m in marker_texts(clause) if m not in ids]
    return [f"{words} {''.join(ids)}".strip() for words, ids in out.items()]


EMPTY_POINTERS = (" points to another ", " points to a possible reason ", " point to another ",
                  " point to a possible reason ")
"""Readings that say a speaker points to a reason without naming it (:func:`reading`)."""


def without_empty_pointers(clauses: Sequence[str]) -> list[str]:
    """``clauses`` without those that point to a reason they do not name ("Steppe Wire points to
    another [4]") when another clause names one: the line then already gives a reason, and the
    answer below quotes the sentence with its marker.  The seed question's line ran to 38 words
    with it, 30 without (issue 18: ≤ 30)."""
    empty = [c for c in clauses if any(p in f" {strip_markers(c, ' ')} " for p in EMPTY_POINTERS)]
    named = [c for c in clauses if c not in empty and (" points to " in c or " as the reason " in c
                                                          or " point to " in c)]
    return [c for c in clauses if c not in empty] if named else list(clauses)


def not_in_disputes(values: Sequence[str], disputes: Sequence[str]) -> list[str]:
    """``values`` without those a dispute clause already says: "June according to one report [1]"
    is inside "June according to one report [1], fall according to the firm [2]", and a line that
    gives both says one side twice."""
    said = [strip_markers(d).casefold() for d in disputes]
    return [v for v in values if not any(strip_markers(v).strip().casefold() in d for d in said)]




def _words(clause: str) -> int:
    return len([w for w in clause.split() if not w.startswith("[")])


def summary_line(frame: QuestionFrame | None, sentences: Sequence[tuple[str, Sequence[int]]],
                 a: Assessment, citations: Sequence[Citation]) -> str | None:
    """One line opening an ``uncertain`` answer (module docstring), built only from the answer's
    own sentences (``sentences``: text and citation ids) and the assessment; None when it has
    nothing of its own to say (thin support alone: the note says so)."""
    if reports_behind(a.reasons) is not None:  # one report alone gives it: the answer reads as it is, the note says so
        return None
    unfilled = any(r.startswith(UNFILLED) for r in a.reasons)
    heads = slot_heads(frame, a.selected) if frame is not None and slot_kind(frame) is not None else frozenset()
    seen: set[str] = set()
    values: list[str] = []
    others: list[str] = []
    shown: set[int] = set()
    reasons_given = 0
    for text, ids in sentences:
        clause = None if unfilled else value_clause(text, ids, frame, heads, citations, seen)
        if clause is not None:
            values.append(clause)
        else:
            clause = hedge_clause(text, ids, frame, citations, reasons_given)
            if clause is None:
                continue
            reasons_given += " points to " in clause or " as the reason " in clause
            others.append(clause)
        shown.update(ids)
    cite_of = {(c.article_id, c.start, c.end): c.id for c in citations}
    texts = {i: text for text, ids in sentences for i in ids}
    disputes = []
    for first, second, conflict in a.conflicts:
        sides = [[cite_of[e.key]] if e.key in cite_of else [] for e in (first, second)]
        if all(sides) and not (set(sides[0]) <= shown and set(sides[1]) <= shown and values):
            disputes.append(dispute_clause(sides[0], sides[1], texts, citations, conflict.detail))
    missing = unfilled_clauses(a, citations)
    clauses = [*not_in_disputes(values, disputes), *on_question(without_empty_pointers(merged(others)), frame)]
    if missing and not clauses and not disputes:  # "No confirmed figure: the reports cover X …" says it twice
        return missing[0][:1].upper() + missing[0][1:] + "."
    if not clauses and not disputes:
        return None
    kept = clauses[:1]
    budget = LEAD_WORDS - sum(_words(c) for c in [*kept, *disputes, *missing])
    for clause in clauses[1:]:
        if _words(clause) <= budget:
            kept.append(clause)
            budget -= _words(clause)
    said = [", ".join(c for c in kept if c in values)] if any(c in values for c in kept) else []
    said += [c for c in kept if c not in values]
    thing = THING.get(str(frame.kind), "answer") if frame is not None else "answer"
    return f"No confirmed {thing}: " + "; ".join(dict.fromkeys([*said, *disputes, *missing])) + "."
