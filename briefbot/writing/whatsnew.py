"""What is new since a date: a brief's ``new_points`` and ``answered_open_questions``.

A reader who last looked on day D wants two things from ``briefbot brief TOPIC --since
D``:

* **new points** — facts first reported after D.  A fact is one group of near-duplicate
  sentences across outlets (the brief's reduce step); it is new when its *earliest*
  report is after D, so a fact merely repeated by a later article is not new;
* **answered open questions** — something an article up to D left open ("it remains
  unclear when the bridge reopens") that a later article states without that hedge and
  about the same thing (MiniLM cosine ≥ :data:`ANSWER_SIMILARITY`, sharing a content word
  beyond the question's names).

Both cite exact quotes, numbered after the brief's own citations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefbot.language.eventdates import resolve_date
from briefbot.schema import AnsweredQuestion, Citation, SummaryPoint
from briefbot.truth.evidence import EXPLANATION
from briefbot.truth.verify import content_words, names, numbers, stem

if TYPE_CHECKING:
    from briefbot.writing.summarize_sentences import Group, Sentence

ANSWER_SIMILARITY = 0.55
"""A later unhedged sentence at least this similar to an open question addresses it.
Calibrated on corpus/ (the CNN "remains unclear why" sentences vs. later restatements
reach 0.5 only when they repeat the hedge, which disqualifies them) and the tests'
fixtures (question/answer pairs at 0.6-0.8)."""

class CitationBook:
    """Continues a summary's citation numbering (one id per exact quote)."""

    def __init__(self, existing: Sequence[Citation]) -> None:
        self.items = list(existing)
        self._ids = {(c.article_id, c.start, c.end): c.id for c in self.items}

    def add(self, s: Sentence) -> int:
        ev = s.ev
        if ev.key not in self._ids:
            cid = len(self.items) + 1
            self._ids[ev.key] = cid
            self.items.append(Citation(cid, ev.article_id, ev.title, ev.source, ev.url, ev.published,
                                       ev.chunk_id, ev.text, ev.start, ev.end, True))
        return self._ids[ev.key]

    def add_citation(self, c: Citation) -> int:
        """The id of ``c``'s exact quote in this book (added when new): another list's citation
        renumbered into this one."""
        key = (c.article_id, c.start, c.end)
        if key not in self._ids:
            cid = len(self.items) + 1
            self._ids[key] = cid
            self.items.append(Citation(cid, c.article_id, c.title, c.source, c.url, c.published, c.chunk_id,
                                       c.quote, c.start, c.end, c.supported, list(c.also_in)))
        return self._ids[key]


def is_after(published: str | None, since: str) -> bool:
    return bool(published) and str(published) > since


def new_points(chosen: Sequence[Group], book: CitationBook) -> list[SummaryPoint]:
    """The chosen new facts as points, each citing every report of it."""
    return [SummaryPoint(" ".join(g.rep.ev.text.split()), [book.add(s) for s in g.all]) for g in chosen]


def is_new(g: Group, since: str) -> bool:
    """Is the fact first reported after ``since`` (no report of it on or before that day)?"""
    return all(is_after(s.ev.published, since) for s in g.all)


WANTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(r"\b(?:when|date|day|timing|timetable|schedule[sd]?)\b", re.I)),
    ("reason", re.compile(r"\b(?:why|reasons?|cause[sd]?)\b", re.I)),
    ("amount", re.compile(r"\bhow (?:many|much|big|large|long)\b|\b(?:figures?|amount|number|cost|extent|toll)\b",
                          re.I)),
)
"""What an open question lacks, from its wording (one labelled row each): the answer must supply it."""
REPORTING_WORDS = frozenset("report reports reported reporting said say says source sources according told "
                            "statement news outlet".split())
"""Words every news sentence shares; they do not make two sentences about the same thing."""


def supplies(want: str, sentence: Sentence) -> bool:
    """Does ``sentence`` give the kind of fact an open question lacks?"""
    text = sentence.ev.text
    if want == "date":
        return resolve_date(text, sentence.ev.published) is not None
    if want == "reason":
        return bool(EXPLANATION.search(text))
    return bool(numbers(text))


def answered_questions(open_sentences: Sequence[Sentence], later: Sequence[Sentence], since: str,
                       book: CitationBook, open_hedges: frozenset[str]) -> list[AnsweredQuestion]:
    """Open questions reported up to ``since`` that a later, unhedged sentence addresses.

    The answer must be about the same thing (similar in meaning, sharing a content word
    beyond names and reporting words) and, when the question says what it lacks (a date,
    a reason, an amount), supply exactly that.
    """
    reporting = {stem(w) for w in REPORTING_WORDS}
    asked = [s for s in open_sentences if not is_after(s.ev.published, since)]
    answers = [s for s in later if is_after(s.ev.published, since) and not (open_hedges & set(s.ev.hedges))
               and s.ev.vector is not None]
    out: list[AnsweredQuestion] = []
    for q in asked:
        if q.ev.vector is None:
            continue
        q_words = content_words(q.ev.text) - names(q.ev.text) - reporting
        wants = [w for w, cue in WANTS if cue.search(q.ev.text)]
        best = None
        for a in answers:
            sim = float(a.ev.vector @ q.ev.vector)  # type: ignore[operator]
            if sim < ANSWER_SIMILARITY or not (q_words & (content_words(a.ev.text) - names(a.ev.text))):
                continue
            if wants and not all(supplies(w, a) for w in wants):
                continue
            if best is None or sim > best[0]:
                best = (sim, a)
        if best is not None:
            a = best[1]
            out.append(AnsweredQuestion(" ".join(q.ev.text.split()), book.add(q), " ".join(a.ev.text.split()),
                                        book.add(a), q.ev.source or q.ev.article_id, a.ev.source or a.ev.article_id))
    return out
