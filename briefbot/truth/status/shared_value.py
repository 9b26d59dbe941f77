"""The asked value said twice: a second report found by the lead's value, not by whole-sentence likeness.

Two reports of one fact often frame it differently: "tops the list, with a delinquent balance of
$437,714" and "a golf course that owes $437,000" are one figure (MiniLM cosine 0.45, under the
same-event test's :data:`~briefbot.truth.conflicts.SAME_EVENT_SIMILARITY`), and "received a text
message … four years ago" in a report of 2018 and "… in 2014" are one year.  Where the claim is a
value — a figure, a date, a name in the asked role, a member of the asked class, a place — the
shared value is what ties the two; the whole sentence only has to be about the asked thing:

* :func:`value_event` — the event test for a shared value: the other sentence says every asked word
  of the question the lead says (:func:`covers_lead`), their cosine reaches :data:`VALUE_EVENT`, and
  for *who* the other sentence also puts the name in the asked role
  (:func:`~briefbot.truth.status.slot.in_role`).  Open claims and stances have no value: they keep
  the whole-sentence test.
* :func:`names_the_role_holder` — for *who*, a second report must name the lead's role holder (the
  name nearest the asked word), not another name the two sentences share.
* :func:`candidates` — the canvass shortlists a few sentences per text by the question's words, so
  a report that states the lead's value in other words is often not among them.  The story's other
  statements (``EvidenceSet.story``) that share the lead's value cheaply (:func:`carries_value`: a
  name, a number, a date) are embedded, at most :data:`SECOND_PASS` of them, closest in words first,
  and asked the same questions (:func:`~briefbot.truth.status.same_claim.same_claim` and the event test)
  by :func:`briefbot.truth.status.second_report.corroborate`.

Grammar and meaning only: no word list names a story's things.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefbot.language.ago import relative_years
from briefbot.language.months import time_labels
from briefbot.language.parse import Parsed, parse
from briefbot.language.question import QuestionFrame
from briefbot.language.text import STOPWORDS, fold, stem, tokens
from briefbot.store.embeddings import encode
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.same_claim import FIGURE_KINDS, claim_kind
from briefbot.truth.status.slot import HOLDER_TYPES, asked_class, asked_words, in_role

VALUE_KINDS = FIGURE_KINDS | {"when", "who", "class", "where"}
"""Claims that are a value two reports can share (not a stance or an open claim)."""
VALUE_EVENT = 0.40
"""MiniLM cosine at or above which two sentences sharing the asked value and an asked word are about
one event (below :data:`~briefbot.truth.conflicts.SAME_EVENT_SIMILARITY`: the shared value carries
the rest).  Realnews dev pairs of one fact framed two ways sit at 0.45–0.54."""
SECOND_PASS = 12
"""Story sentences embedded per answer by the value-first pass: its cost bound."""


def asked_stems(frame: QuestionFrame) -> frozenset[str]:
    """The question's asked stems and its class noun ("which journal": a name in the corpus, but the
    asked thing here)."""
    cls = asked_class(frame)
    return asked_words(frame) | ({stem(fold(cls))} if cls else set())


def covers_lead(frame: QuestionFrame, lead: Evidence, other: Evidence) -> bool:
    """Does ``other`` say every asked word of the question the lead says (stems), and the lead at
    least one?  "announced a fund on Wednesday" and "announced on Wednesday that it will chase debts"
    share the day and "announced", not the fund: another act of that day."""
    said = asked_stems(frame) & lead.features.words
    return bool(said) and said <= other.features.words


def tree_distance(p: Parsed, i: int, j: int) -> int:
    """Steps between tokens ``i`` and ``j`` through their heads in the dependency parse."""
    def up(k: int) -> list[int]:
        chain = [k]
        while p.tokens[chain[-1]].head != chain[-1] and len(chain) < len(p.tokens):
            chain.append(p.tokens[chain[-1]].head)
        return chain
    a, b = up(i), up(j)
    common = set(a) & set(b)
    if not common:
        return len(p.tokens)
    return min(a.index(c) + b.index(c) for c in common)


SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def role_name(frame: QuestionFrame, text: str) -> frozenset[str]:
    """Stems of the person or organisation new to the question that stands nearest an asked word in
    the parse of ``text`` (dependency steps; a subject first on a tie, then tokens apart): the name a
    who-answer puts in the role, not another name of the sentence ("host Ada Holm asked … about
    manager Bram Koval" for "who was the host")."""
    p = parse(text)
    asked = asked_stems(frame)
    at = [i for i, t in enumerate(p.tokens) if stem(fold(t.text)) in asked or stem(fold(t.lemma)) in asked]
    best: tuple[tuple[int, int, int], frozenset[str]] | None = None
    for ent in p.entities:
        if ent.label not in HOLDER_TYPES:
            continue
        own = frozenset(stem(fold(w)) for w in tokens(ent.text) if w not in STOPWORDS) - frame.names - frame.words
        if not own or not at:
            continue
        span = range(ent.start, ent.end)
        rank = (min(tree_distance(p, i, j) for i in at for j in span),
                0 if any(p.tokens[j].dep in SUBJECTS for j in span) else 1,
                min(abs(i - j) for i in at for j in span))
        if best is None or rank < best[0]:
            best = (rank, own)
    return best[1] if best else frozenset()


def names_the_role_holder(frame: QuestionFrame, lead: Evidence, other: Evidence) -> bool:
    """Who: does ``other`` name the lead's role holder (:func:`role_name`; a surname suffices)?  Any
    question but who passes."""
    if claim_kind(frame) != "who":
        return True
    holder = role_name(frame, lead.text)
    return bool(holder & {stem(fold(w)) for w in tokens(other.text)})


def value_event(frame: QuestionFrame, lead: Evidence, other: Evidence) -> bool:
    """Are two sentences that share the lead's asked value about the asked event (module docstring)?
    The caller has checked the value (:func:`~briefbot.truth.status.same_claim.same_claim`)."""
    if claim_kind(frame) not in VALUE_KINDS or lead.vector is None or other.vector is None:
        return False
    if float(lead.vector @ other.vector) < VALUE_EVENT or not covers_lead(frame, lead, other):
        return False
    return claim_kind(frame) != "who" or in_role(frame, other.text)


def dates_of(e: Evidence) -> bool:
    """Does the sentence date anything (a day, a year, a month, a year relative to its article)?"""
    f = e.features
    return bool(f.days or f.years or time_labels(e.text) or relative_years(e.text, e.published))


def carries_value(frame: QuestionFrame, lead: Evidence, e: Evidence) -> bool:
    """A cheap test before any embedding: could ``e`` state the lead's value?  For a figure it writes a
    number, for a date it dates something, otherwise it shares a name of the lead the question does
    not give."""
    kind = claim_kind(frame)
    if kind in FIGURE_KINDS:
        return bool(e.features.numbers)
    if kind == "when":
        return dates_of(e)
    return bool((lead.features.names - frame.names) & e.features.names)


def candidates(frame: QuestionFrame, lead: Evidence, story: Sequence[Evidence], skip: set[str]) -> list[Evidence]:
    """The story sentences of articles not in ``skip`` that may state the lead's value, those sharing
    most of the lead's words first, at most :data:`SECOND_PASS`."""
    if claim_kind(frame) not in VALUE_KINDS:
        return []
    found = [e for e in story if e.article_id not in skip and carries_value(frame, lead, e)]
    found.sort(key=lambda e: len(lead.features.words & e.features.words), reverse=True)
    return found[:SECOND_PASS]


def embedded(found: list[Evidence]) -> list[Evidence]:
    """``found`` with a sentence vector each (those without one are encoded in one batch)."""
    missing = [e for e in found if e.vector is None]
    for e, v in zip(missing, encode([e.text for e in missing]), strict=True):
        e.vector = v
    return found
