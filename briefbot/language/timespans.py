"""Durations: how long something lasted, read from a sentence ("four days", "a two-hour meeting").

A "how long" question asks for a stretch of time, not a count and not a date.  English says it
with a closed class of time units counted by a number, an article or a vague quantifier ("15
minutes", "a week", "several months", "48-hour"), a bare plural after "for" ("for hours"), or a
start point after "since" ("since 2009", "since March").  Two look-alikes are not durations:
an age ("the 61-year-old") and a point in time counted back ("three years ago").

:func:`has_duration` reads the text (no parse: the gate that asks whether any passage gives a
duration at all); :func:`duration_units` reads a dependency parse and returns the unit words,
so the truth layer can ask which event the duration hangs from.
"""

from __future__ import annotations

import re

from briefbot.language.parse import Parsed
from briefbot.language.text import NUMBER_WORDS

UNITS = frozenset("second minute hour day night week fortnight month year decade".split())
"""The time units English measures a stretch of time in (lemmas)."""
QUANTIFIERS = frozenset("a an one several few couple many some".split())
"""Words that count a unit as a number does ("a week", "several months", "a few hours")."""
_UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?)"
_COUNT = r"(?:\d[\d,.]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + \
    r"|a|an|several|a\s+few|a\s+couple\s+of|many|dozens\s+of|hundreds\s+of)"
DURATION = re.compile(
    rf"\b{_COUNT}(?:\s+|-)(?:and\s+a\s+half\s+)?{_UNIT}\b(?![-\s]+old\b)(?!\s+ago\b)"
    rf"|\bfor\s+(?:{_UNIT}|(?:more|less)\s+than\s+{_COUNT}\s+{_UNIT})\b"
    r"|\bsince\s+(?:(?:19|20)\d\d|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|last\s+\w+)\b",
    re.I,
)
"""A duration in plain text: a counted unit ("11 days", "a two-hour", "four-day"), not an age
("61-year-old") nor a point counted back ("two weeks ago"); "for hours"; "since 2009"."""


def has_duration(text: str) -> bool:
    """Does ``text`` give a stretch of time (:data:`DURATION`)?"""
    return DURATION.search(text) is not None


def _counted(p: Parsed, i: int) -> bool:
    """Is the unit at ``i`` counted: a number or an article/quantifier among its dependents
    ("four days", "a two-hour meeting": "two" hangs from "hour"), or a bare plural after "for"?"""
    tok = p.tokens[i]
    kids = [t for j, t in enumerate(p.tokens) if t.head == i and j != i]
    if any(k.pos == "NUM" or k.lemma in QUANTIFIERS or k.text.lower() in QUANTIFIERS for k in kids):
        return True
    return tok.text.lower() != tok.lemma and p.tokens[tok.head].lemma == "for" and tok.dep == "pobj"


def _age_or_ago(p: Parsed, i: int) -> bool:
    """The unit belongs to an age ("61-year-old") or to a point counted back ("two weeks ago")."""
    after = [t.lemma for t in p.tokens[i + 1:i + 3]]
    return "old" in after or "ago" in after[:1]


def duration_units(p: Parsed) -> list[int]:
    """Indices of the unit words of the durations in a parsed sentence, and of "since" before a
    date ("since 2009": the stretch runs from then to now)."""
    out: list[int] = []
    for i, tok in enumerate(p.tokens):
        if tok.lemma in UNITS and _counted(p, i) and not _age_or_ago(p, i):
            out.append(i)
        elif tok.lemma == "since" and any(t.head == i and t.ent == "DATE" for t in p.tokens):
            out.append(i)
    return out
