"""Which selected evidence disagrees with other evidence about the same event (via :mod:`briefbot.truth.conflicts`),
and whether the disagreement bears on what the question asks."""

from __future__ import annotations

import re

from briefbot.language.counts import count_conflict, counts
from briefbot.language.question import QuestionFrame
from briefbot.language.text import names, stem, tokens
from briefbot.truth.competing import Slot, agency_rivals, slot_of, slot_rivals
from briefbot.truth.conflicts import Claim, Disagreement
from briefbot.truth.conflicts import find_conflicts as find_disagreements
from briefbot.truth.contested import about_asked, contested
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.blame import asks_blame
from briefbot.truth.status.blamed import blame_rivals
from briefbot.truth.status.kinds import fits, topical
from briefbot.truth.status.polar import polar_rivals
from briefbot.truth.status.slot import FRAME_WORDS, story_words

VALUE_KINDS = {"when": {"date", "year"}, "how_many": {"number"}}
"""Disagreements on values matter to questions asking for that value; other questions
(what, why, yes/no, who, say) are about claims, so claim-level disagreements matter to them.
A ferry's two reopening dates do not bear on which island it sails to."""
CLAIM_KINDS = {"denial", "recommendation", "claim", "explanation"}
CONTESTED_KINDS = {"yes_no"}
"""Questions whose answer is a claim that may be contested ("was it a shake-up?", "was the arrest
timed for political reasons?"): one report affirming the asked predicate and another rejecting it
is a disagreement (:mod:`briefbot.truth.contested`).  Not why-questions: they presuppose their event,
so a report that the meeting "will not take place as planned" beside one that it "was postponed" is
no dispute (it was read as one on the corpus seed question); rival reasons are compared by the
story's competing fillers and the explanation disagreements instead."""
MAX_CONTESTED = 1
"""At most this many affirm/reject pairs are cited (each adds both its sentences): one pair shows the dispute."""
STORY_RIVALS = 24
"""Story sentences (best first, beyond the selection) searched for a competing filler of the
asked slot (:mod:`briefbot.truth.competing`): a second outlet's value often sits well below
the selection ("DWSD announced a fund on Tuesday" under "the department on Wednesday announced")."""
RIVALS = 6
"""Next-best candidates compared with the selected evidence; for a value question (when, how
many) those giving a value of the asked kind come first ("arrested eight people" is a rival
of "at least nine were arrested" even when sentences about the protest outscore it)."""


def bears_on(frame: QuestionFrame, kind: str) -> bool:
    """Does a disagreement of ``kind`` bear on what ``frame`` asks?"""
    if frame.kind in VALUE_KINDS:
        return kind in VALUE_KINDS[frame.kind]
    if kind in {"date", "year"}:
        return bool(frame.days or frame.years)  # "did it open on March 3?"
    return kind in CLAIM_KINDS


def asked_predicate(frame: QuestionFrame, items: list[Evidence]) -> frozenset[str]:
    """The question's predicate words: its topical words less the frame words ("name", "date")
    and the story's own words (most retrieved articles use them), else all its topical words."""
    asked = topical(frame) - FRAME_WORDS
    return (asked - story_words(items)) or asked


ASKED_PART = re.compile(r"^(.*?)(?:\s(?:in|on|at|for|from|by|with|about|over|after|before|during|of|since)\s|$)")


def asked_things(frame: QuestionFrame) -> frozenset[str]:
    """What a how-many question counts: its words before the first preposition ("how many
    protesters got arrested in carrow": protesters, arrested; "how much was bail for the
    arrested activists": bail — the activists only say whose bail)."""
    m = ASKED_PART.match(frame.text.lower())
    return frozenset(stem(w) for w in tokens(m.group(1) if m else frame.text))


def counts_asked(frame: QuestionFrame, d: Disagreement) -> bool:
    """A number disagreement bears on a how-many question unless it counts a word the question uses
    only as a modifier (two counts of arrests do not answer how much the bail for the arrested
    was); a count of a unit the question does not name ("12 million crowns" for "how much did
    the bridge cost") still bears."""
    if frame.kind != "how_many" or d.kind != "number" or len(d.sides) < 2:
        return True
    found = count_conflict(d.sides[0].text, d.sides[1].text)
    if found is None:
        return True
    asked = frozenset(stem(w) for w in tokens(frame.text))
    return found[0].thing not in asked or found[0].thing in asked_things(frame)


def gives_asked_value(frame: QuestionFrame, text: str) -> bool:
    """Does ``text`` give a value of the asked kind: a date, or a count of an asked word
    (the counted noun or verb: "arrested eight people" counts arrests)?"""
    if frame.kind == "how_many" and any(c.thing in frame.words for c in counts(text)):
        return True
    return fits(frame, text)


YEAR_ASKED = re.compile(r"\b(?:what|which)\s+year\b|\bin\s+what\s+year\b", re.I)
"""A question that asks for the year itself ("what year did it open"): different years are its rivals."""


def asked_slot(frame: QuestionFrame, items: list[Evidence]) -> Slot | None:
    """The slot ``frame`` asks to be filled, with its predicate words (:func:`asked_predicate`)."""
    return slot_of(frame.kind, topical(frame) - FRAME_WORDS, frame.numbers, frame.names,
                   asks_year=bool(YEAR_ASKED.search(frame.text)))


def disagreeing(
    selected: list[Evidence], pool: list[Evidence], frame: QuestionFrame | None = None,
    story: list[Evidence] | None = None, canvass: list[Evidence] | None = None,
) -> list[tuple[Evidence, Evidence, Disagreement]]:
    """Same-event disagreements between the selected evidence and the next-best candidates,
    competing fillers of the asked slot among the selection and the story's sentences, and each
    report's own claim (``canvass``: :mod:`briefbot.truth.canvass`) set against the selection
    (:func:`canvass_rivals`) that no disagreement found so far cites (another side)."""
    others = [e for e in pool if e not in selected]
    if frame is not None and frame.kind in VALUE_KINDS:  # the asked value's rivals first
        rivals = [e for e in others if gives_asked_value(frame, e.text)]
        others = rivals + [e for e in others if e not in rivals]
    group = selected + others[:RIVALS]
    group = [e for e in group if e.vector is not None]
    by_key = {e.key: e for e in group}
    claims = [claim_of(e) for e in group]
    found = [d for d in find_disagreements(claims)
             if frame is None or (bears_on(frame, d.kind) and counts_asked(frame, d))]
    if frame is not None and frame.kind in CONTESTED_KINDS:  # one side affirms the asked predicate, one rejects it
        paired = {frozenset((s.article_id, s.start) for s in d.sides) for d in found}
        named = frozenset().union(*(c.features.names | names(c.context) for c in claims)) if claims else frozenset()
        found += [d for d in contested(claims, asked_predicate(frame, group), frame.names & named)
                  if frozenset((s.article_id, s.start) for s in d.sides) not in paired][:MAX_CONTESTED]
    if frame is not None:
        found += story_rivals(frame, group, story or [], by_key, found)
    if frame is not None and canvass:  # another text's own claim that no found disagreement cites yet
        cited = {(s.article_id, s.start, s.end) for d in found for s in d.sides}
        found += canvass_rivals(frame, [e for e in selected if e.vector is not None],
                                [e for e in canvass if e.key not in cited], by_key)
    return [(by_key[(d.sides[0].article_id, d.sides[0].start, d.sides[0].end)],
             by_key[(d.sides[1].article_id, d.sides[1].start, d.sides[1].end)], d) for d in found]


AGENCY_KINDS = {"who", "yes_no"}
"""Questions about who did it ("who is behind the attack", "did Carrow order it"): a party named as
the doer by one report and that party's denial are two sides (:func:`briefbot.truth.competing.agency_rivals`)."""


def story_rivals(frame: QuestionFrame, group: list[Evidence], story: list[Evidence],
                 by_key: dict[tuple[str, int, int], Evidence], found: list[Disagreement]) -> list[Disagreement]:
    """Competing fillers of the asked slot, a doer named against that party's denial, and for a yes/no
    question a statement of the asked predicate against its denial or an undecided verdict
    (:func:`~briefbot.truth.status.polar.polar_rivals`), among the compared evidence and the story's
    next :data:`STORY_RIVALS` sentences (``by_key`` learns them)."""
    extra = [e for e in story if e not in group][:STORY_RIVALS]
    for e in extra:
        by_key.setdefault(e.key, e)
    claims = [claim_of(e) for e in group + extra]
    out: list[Disagreement] = []
    slot = asked_slot(frame, group)
    if slot is not None and not any(d.kind in {"date", "number", "place"} for d in found):
        out += slot_rivals(slot, claims)
    if frame.kind in AGENCY_KINDS and not any(d.kind in CLAIM_KINDS for d in found):
        out += [d for d in agency_rivals(claims) if _about(d, claims, frame)]
    if frame.kind in CONTESTED_KINDS and not any(d.kind in CLAIM_KINDS for d in found + out):
        out += polar_rivals(frame, claims)
    return out


def _about(d: Disagreement, claims: list[Claim], frame: QuestionFrame) -> bool:
    """The pair is about the asked event: one side names a name of the question (in the sentence or
    its article's title; the other is tied to it by the party both name, within the question's story),
    or, when the question names no one, the two share a name (:func:`briefbot.truth.contested.about_asked`)."""
    by_side = {(c.article_id, c.start): c for c in claims}
    a, b = (by_side[(s.article_id, s.start)] for s in d.sides)
    return about_asked(a, a, frame.names) or about_asked(b, b, frame.names)


def claim_of(ev: Evidence) -> Claim:
    """The conflict module's view of one evidence sentence."""
    return Claim(ev.text, ev.article_id, ev.source, ev.start, ev.end, ev.vector, ev.title)


CANVASS_RIVALS = 1
"""Disagreements taken from the canvass of the story's texts: one (both sentences cited) shows the dispute."""


def canvass_rivals(frame: QuestionFrame, answer: list[Evidence], canvass: list[Evidence],
                   by_key: dict[tuple[str, int, int], Evidence]) -> list[Disagreement]:
    """Another text's own claim on the asked slot set against the answer's sentences, by the same
    tests the selection is compared with (same-event conflicts that bear on the question, competing
    slot fillers, a doer against its denial, a yes/no stance against its denial or an open verdict;
    for a blame question another party blamed: :mod:`.blamed`):
    only pairs with one side in ``answer`` and the other a canvassed sentence of another article
    (``by_key`` learns them).  Pairs of two canvassed texts are not the answer's dispute."""
    held = {e.key for e in answer}
    others = [e for e in canvass if e.key not in held and e.vector is not None
              and all(e.article_id != a.article_id for a in answer)]
    if not answer or not others:
        return []
    for e in others:
        by_key.setdefault(e.key, e)
    claims = [claim_of(e) for e in answer + others]
    cap = len(claims) ** 2
    found = [d for d in find_disagreements(claims) if bears_on(frame, d.kind) and counts_asked(frame, d)]
    slot = asked_slot(frame, answer)
    if slot is not None:
        found += slot_rivals(slot, claims, limit=cap)
    if frame.kind in AGENCY_KINDS:
        found += [d for d in agency_rivals(claims) if _about(d, claims, frame)]
    if frame.kind in CONTESTED_KINDS:
        found += polar_rivals(frame, claims, limit=cap)
    if asks_blame(frame):  # another report puts the fault on another party
        found += blame_rivals(claims, limit=cap)
    return [d for d in found if _against_answer(d, held)][:CANVASS_RIVALS]


def _against_answer(d: Disagreement, held: set[tuple[str, int, int]]) -> bool:
    """Exactly one side of ``d`` is a sentence of the answer."""
    sides = [(s.article_id, s.start, s.end) in held for s in d.sides[:2]]
    return len(sides) == 2 and sides[0] != sides[1]
