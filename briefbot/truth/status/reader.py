"""The reason for an ``insufficient_evidence`` answer, as a reader's sentence.

The status rules record their reasons for debugging ("no passage is relevant enough (best
score 0.31 < 0.36, closest meaning 0.40 < 0.43)", "the relevant passages never mention:
acme, 2019").  A user reads instead what was looked for and not found: "none of them is
about when the Senate will return", "none of them mentions Acme or 2019", "none of the
passages about it gives a date".  Scores, thresholds and stems stay in the debug fields.
"""

from __future__ import annotations

import re

from briefbot.language.indirect import indirect
from briefbot.language.text import stem
from briefbot.truth.status.model import Assessment

NEEDS = (
    (re.compile(r"gives a date"), "gives a date for it"),
    (re.compile(r"gives a number"), "gives a figure for it"),
    (re.compile(r"names anyone"), "names anyone in that role"),
    (re.compile(r"said by (.+)$"), r"quotes \1 on it"),
)
"""What a missing kind of answer is called for a reader (one row per answer kind the rules check)."""


def surface(stems: list[str], question: str) -> list[str]:
    """The question's own words behind ``stems`` (as typed), numbers as they are."""
    typed: dict[str, str] = {}
    for w in re.findall(r"[\w'’-]+", question):
        for key in (stem(w.lower()), w.lower()):
            typed.setdefault(key, w)
    out: list[str] = []
    for s in stems:
        word = typed.get(s, s)
        if word not in out:
            out.append(word)
    return out


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def plain_reason(a: Assessment, question: str) -> str:
    """Why nothing was answered, for a reader: no scores, no rule names."""
    reason = a.reasons[0] if a.reasons else ""
    if a.missing:
        return f"none of them mentions {_joined(surface(a.missing, question))}"
    for pattern, said in NEEDS:
        m = pattern.search(reason)
        if m:
            return "none of the passages about it " + m.expand(said)
    return f"none of them {indirect(question)}" if reason.startswith("no passage is relevant") or not reason \
        else "none of them answers it"
