"""Blame is a claim: "whose fault is the slide", "who is to blame for the outage".

Who is at fault is what the parties say ("Hale blamed the media for his drop in the polls", "the
union says management cut corners") unless a body whose job is to find it out says so ("the
inquiry found the operator at fault").  A blame question answered from one party's claim is
answered from one side: the other party's account is often in another outlet, or nowhere in the
retrieved passages.  So a question asking for blame is ``uncertain`` unless a selected sentence
carries blame as a *finding* — a blame word whose subject (or the subject of the verb it hangs
from) is an investigating body (:data:`FINDERS`) — and says so ("who is to blame is what the
parties say: …"); the sentences that put blame on someone lead the selection (:func:`blame_first`).

Grammar only: the blame words and the investigating nouns are closed classes.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefbot.language.parse import children, parse
from briefbot.language.question import QuestionFrame
from briefbot.language.text import stem
from briefbot.truth.evidence import Evidence

BLAME_WORDS = frozenset(stem(w) for w in "blame blamed fault faults culpable culpability accountable".split())
"""Question words that ask who is at fault (stems)."""
BLAME_LEMMAS = frozenset("blame fault responsible responsibility culpable accountable accuse".split())
FINDERS = frozenset(
    "investigation investigator inquiry probe court judge jury review report panel commission regulator audit "
    "auditor coroner inspector tribunal board".split())
"""Bodies whose finding of fault is a finding, not one party's claim."""
MAX_CLIMB = 4


def asks_blame(frame: QuestionFrame) -> bool:
    """Does the question ask who is at fault ("whose fault is …", "who is to blame for …")?"""
    return bool(frame.words & BLAME_WORDS)


def found_at_fault(text: str) -> bool:
    """Does the sentence carry blame as an investigating body's finding ("the inquiry blamed the
    operator", "investigators found the crew at fault")?"""
    p = parse(text)
    for i, tok in enumerate(p.tokens):
        if tok.lemma not in BLAME_LEMMAS:
            continue
        j = i
        for _ in range(MAX_CLIMB):
            subjects = [k for k in children(p, j) if p.tokens[k].dep in ("nsubj", "nsubjpass", "agent")]
            if any(p.tokens[k].lemma in FINDERS for k in subjects):
                return True
            if p.tokens[j].head == j:
                break
            j = p.tokens[j].head  # "the report said the operator was responsible": the report's finding
    return False


def carries_blame(text: str) -> bool:
    """Does the sentence put blame on someone (a blame word in it: "blamed the media", "at fault")?"""
    return any(t.lemma in BLAME_LEMMAS for t in parse(text).tokens)


def blame_first(frame: QuestionFrame, selected: list[Evidence]) -> list[Evidence]:
    """For a blame question, the selected sentences that put blame on someone lead: a poll figure
    beside "Hale blamed the media for his slide" is topical, the blame is the answer (or one side)."""
    if not asks_blame(frame):
        return selected
    blaming = [e for e in selected if carries_blame(e.text)]
    return blaming + [e for e in selected if e not in blaming]


def blame_claimed(frame: QuestionFrame, selected: Sequence[Evidence]) -> str | None:
    """The reason to say ``uncertain`` for a blame question no selected sentence answers with a
    finding (module docstring)."""
    if not asks_blame(frame) or not selected or any(found_at_fault(e.text) for e in selected):
        return None
    return "who is to blame is what the parties say, not a finding"
