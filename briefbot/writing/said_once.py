"""One fact, one sentence across an ``uncertain`` answer's lead and its body.

The lead of an ``uncertain`` why-answer gives the reason a sentence states in that sentence's own
words, with its marker ("No confirmed reason: …; one of the network's sources points to differing
expectations of how the talks could end [2].": :func:`briefbot.writing.lead.summary_line` and
:mod:`briefbot.writing.reasons`).  The body then quoted the same sentence again ("One of the
network's sources did point to a possible point of friction: according to that source, the two
had differing expectations of how the talks could end. [2]"): the reason said twice, once in the
lead and once in the quote.

:func:`said_in_lead` reads a body sentence as said when the lead already carries its claim — its
reason span (:func:`briefbot.writing.reasons.reason_span`, an exact substring of the sentence, at
least :data:`SAID_MIN_WORDS` words) followed by the same markers.  :func:`without_said` leaves such
sentences out of the body; their citation stays (the lead's marker opens the quote), and a body
is never emptied.  A value ("October 19 according to a diplomatic source [2]") or a hedge reading
("CNN says it is unclear why [1]") is not a claim of its sentence: that sentence says more (the
event the date is of, what was postponed) and stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefbot.language.question import QuestionFrame
from briefbot.writing.markers import MARK
from briefbot.writing.reasons import reason_span
from briefbot.writing.writer import asked_words

SAID_MIN_WORDS = 5
"""Words a reason span must hold for the lead to carry the sentence's claim: "heavy rain [2]" in the
lead names a reason; the sentence that says who blamed it on what says more."""

_PIECE = re.compile(rf"\s*(.+?)\s*((?:{MARK})+)(?=\s|$)", re.S)
"""One rendered answer sentence and its markers ("The talks were delayed. [1][3]")."""


def pieces(answer: str) -> list[tuple[str, str]]:
    """The rendered ``answer`` as (sentence, markers) pairs, in order; text after the last marker
    (none in a rendered answer) is left out."""
    return [(m.group(1), m.group(2)) for m in _PIECE.finditer(answer)]


def said_in_lead(sentence: str, markers: str, lead: str | None, frame: QuestionFrame | None) -> bool:
    """Does the ``lead`` already give the claim of the body ``sentence`` cited as ``markers``: the
    reason it states, as the lead quotes it, with the same markers (module docstring)?"""
    if not lead or frame is None or str(frame.kind) != "why":
        return False
    found = reason_span(sentence, asked_words(frame))
    if found is None or len(found[0].split()) < SAID_MIN_WORDS:
        return False
    return f"{' '.join(found[0].split())} {markers}" in " ".join(lead.split())


def without_said(answer: str, lead: str | None, frame: QuestionFrame | None) -> str:
    """The rendered ``answer`` without the sentences whose claim the ``lead`` already gives
    (:func:`said_in_lead`); unchanged when that would leave no sentence."""
    parts = pieces(answer)
    kept = [(s, m) for s, m in parts if not said_in_lead(s, m, lead, frame)]
    if not kept or len(kept) == len(parts):
        return answer
    return joined(kept)


def joined(parts: Sequence[tuple[str, str]]) -> str:
    """(sentence, markers) pairs joined back into a rendered answer."""
    return " ".join(f"{s} {m}" for s, m in parts)
