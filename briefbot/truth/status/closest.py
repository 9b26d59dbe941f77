"""The closest value of the asked kind, shown when no sentence fills the asked slot (issue 17).

When the slot test (:mod:`.slot`) finds no sentence that fills the asked slot, the answer is
``uncertain`` and says "the reports cover X but none says Y".  What it quotes then was chosen by
topical score: sentences about the story that hold no value of the asked kind at all, while a
sentence a little further down holds a date, a figure or a span *and* ties it to the asked event
("the department executed 7,210 shut-offs in June" for "how many homes had their water cut off in
June"; "was rolling out to the gates on Tuesday" for "what day did the airline switch").  The slot
test rightly does not vouch for such a sentence — it does not carry the question's own head word —
but it is what a reader can weigh.  So:

* **of the asked kind** (:func:`of_asked_kind`, *when* and *how many/long* only:
  :data:`VALUE_KINDS`) — the sentence holds the form of the answer
  (:func:`~briefbot.truth.status.kinds.fits`: a date, a span for *how long*) in the unit asked
  ("what day" wants a day, not "this week" or "in June":
  :func:`~briefbot.language.eventdates.gives_unit`); for *how many* a figure that counts a noun
  ("7,210 shut-offs", not "many others"); and it states rather than asks (no question, no heading);
* **tied to the asked event first** (:func:`attached`) — a date, span or figure that hangs from a
  word saying an asked word, by stem or meaning, in the parse ("died last week" for "when did he
  die"; :func:`~briefbot.truth.status.fill.date_of`, :func:`~briefbot.truth.status.fill.duration_of`)
  goes before one of another event of the story ("a massacre in 1943");
* **then closest to the asked predicate** — masked-predicate similarity to the question (names of
  both hidden, :func:`~briefbot.truth.evidence.clause_predicates`);
* **first, status unchanged** — it leads the selected evidence (second, after a lead that holds a
  value of the asked kind too, unless its own value is tied to the asked event: the writer keeps
  few excerpts of an unfilled answer, and the lead's own value is then kept).  It is not a filler
  (the caller passes none the slot test vouches for), so the answer stays ``uncertain`` with the
  same note: the reader sees the value next to the statement that no report ties it to the asked
  event.

A general mechanism over every date and count question; no word list and no story.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefbot.language.eventdates import asked_unit, gives_unit
from briefbot.language.headings import is_heading
from briefbot.language.parse import Parsed, is_question, parse
from briefbot.truth.evidence import Evidence, Focus, clause_predicates
from briefbot.truth.status import fill
from briefbot.truth.status.kinds import fits

VALUE_KINDS = frozenset({"when", "how_many"})
"""Question kinds whose answer is a value with a strict form: a date, a figure, a span.  Not *who*,
*what*, *where* or *why*: their form (any name the question does not give, any explanation) is held
by most sentences of a story, and on RGB dev the closest-sounding name led over the right one (a
stage winner for who won the race) in three answers."""


CURRENCY = frozenset("$£€¥")
SHARE_LEMMAS = frozenset({"percent", "%"})


def counts_a_noun(p: Parsed, share: bool = False) -> bool:
    """Does a figure of the sentence count a noun ("7,210 shut-offs", "10,000 Nisei") — not a vague
    quantifier ("many others"), a calendar year, an amount of money ("$1 million") or, unless a
    share is asked (``share``), a percentage ("50 percent of accounts")?"""
    for i, tok in enumerate(p.tokens):
        if not fill.is_figure(tok) or (i > 0 and p.tokens[i - 1].text in CURRENCY):
            continue
        noun = fill.counted(p, i)[0]
        if noun is None or p.tokens[noun].text in CURRENCY:
            continue
        after = p.tokens[i + 1].lemma.lower() if i + 1 < len(p.tokens) else ""
        if share or not ({p.tokens[noun].lemma.lower(), after} & SHARE_LEMMAS):
            return True
    return False


def of_asked_kind(focus: Focus, e: Evidence) -> bool:
    """Does ``e`` hold the form of the asked answer, in the asked unit, and state rather than ask?"""
    if focus.kind not in VALUE_KINDS or is_question(e.text) or is_heading(e.text) or not fits(focus, e.text):
        return False
    if focus.kind == "when":
        unit = asked_unit(focus.text)
        return unit is None or gives_unit(e.text, unit)
    if focus.kind == "how_many" and not focus.asks_duration:
        return counts_a_noun(parse(e.text), bool(focus.words & fill.SHARE_WORDS))
    return True


def attached(focus: Focus, e: Evidence, asked: Sequence[str]) -> bool:
    """Does the sentence's value hang from a word saying one of ``asked`` (the question's asked
    words as typed): a date of the asked event, a span of it, a figure counting the asked noun or
    done by the asked verb?"""
    if not asked:
        return False
    p = parse(e.text)
    if focus.kind == "when":
        return fill.date_of(p, asked)
    if focus.kind == "how_many" and focus.asks_duration:
        return fill.duration_of(p, asked)
    if focus.kind == "how_many":
        fill.prefetch(p, asked)
        for i, tok in enumerate(p.tokens):
            if fill.is_figure(tok):
                noun, verb = fill.counted(p, i)
                if any(j is not None and fill.says(p.tokens[j], asked) for j in (noun, verb)):
                    return True
    return False


def asked_closeness(focus: Focus, items: Sequence[Evidence]) -> list[float]:
    """How close each of ``items`` says the asked predicate: masked-predicate similarity to the
    question (names hidden on both sides), or the plain similarity when the question names no one
    to hide."""
    if not items:
        return []
    masked = clause_predicates(focus, [e.text for e in items])
    return masked if len(masked) == len(items) else [e.similarity for e in items]


def closest_value(focus: Focus, selected: list[Evidence], reach: Sequence[Evidence], asked: Sequence[str],
                  max_evidence: int) -> list[Evidence]:
    """``selected`` led by the sentence of the asked kind (:func:`of_asked_kind`) among ``selected``
    and ``reach`` whose value is tied to an asked word (:func:`attached`), then says the asked
    predicate most closely (:func:`asked_closeness`); ``selected`` itself when none is of the asked
    kind or the best already leads."""
    pool = [e for e in dict.fromkeys([*selected, *reach]) if of_asked_kind(focus, e)]
    if not selected or not pool:
        return selected
    scores = asked_closeness(focus, pool)
    tied = [attached(focus, e, asked) for e in pool]
    best = max(range(len(pool)), key=lambda i: (tied[i], scores[i], -i))  # a tie: the better ranked
    lead = pool[best]
    if selected[0] is lead:
        return selected
    rest = [e for e in selected if e is not lead]
    if not tied[best] and of_asked_kind(focus, selected[0]):  # the lead holds a value too: it keeps its place
        return [rest[0], lead, *rest[1:]][:max_evidence]
    return [lead, *rest][:max_evidence]
