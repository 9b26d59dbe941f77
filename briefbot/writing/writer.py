"""The writer: one shape for every answer, whatever composed it (design.md "The writer").

Small named steps over the selected evidence, each a pure function:

* :func:`same_fact` / :func:`fuse` — one fact, one sentence: sentences of several outlets
  that say the same thing (close in meaning *and* naming the same names, numbers and dates)
  become one sentence carrying all their markers ``[1][2]``; sentences whose numbers or
  dates differ are never merged (that is a disagreement to show);
* :func:`lead_first` — the sentence that answers the asked kind leads (the date, number,
  name, reason or statement; for ``uncertain`` the sentence saying what is not known); when
  none fills the asked slot, the sides of a disagreement the truth layer found lead
  (:func:`sides_first`);
* :func:`compress` — drops what the question did not ask: a non-restrictive relative
  clause (", which …,"), appositives after a name (", Russia's foreign minister,") and trailing
  clauses that hold nothing asked.  Every kept span is
  an exact substring of its quote, and a clause with a hedge or an attribution is never
  dropped, so the verifier still holds and the hedge stays with its claim;
* :func:`opens_with_pointer` — no answer opens with a reference to a sentence it does not
  show ("The same CNN source said…", "He added…", "It has been…"): a connective or frame
  opening is cut (:func:`briefbot.writing.summarize_clean.compress_start`, an exact span), a
  fused group speaks in the words of a member that does not dangle, and a sentence that still
  points back never leads when another can;
* an ``uncertain`` answer opens with one written line of what is and is not known, who says
  what ("No confirmed reason: CNN says it is unclear why [1]; one of the network's sources points
  to a possible reason [3]."): :func:`briefbot.writing.lead.summary_line`, from the pieces here
  (:func:`value_spans`, :func:`unfilled_clauses`); when no report fills the asked slot it says
  so, once, in the truth layer's words ("The reports cover Acme and the video but none says when
  the video was shot."), and the quoted sentences after it are held to
  :data:`UNFILLED_BUDGET` (:func:`unfilled_budget`): they only show what the reports cover;
* :func:`uncertainty_note` — what is missing or disputed, named in a sentence that
  points at the markers ("Not settled: the reason — Capitol Desk [1] calls it unclear."),
  never re-quoting the answer: the hedge is said once, in the answer; after a written lead only
  what that line did not say ("One report gives Olm Vale, another Brantwick"), else nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from briefbot.language.features import features
from briefbot.language.openers import body
from briefbot.language.parse import parse
from briefbot.language.question import QuestionFrame
from briefbot.language.text import MONTHS, NEAR_SHIFT, NUMBER_WORDS, STOPWORDS, WEEKDAYS, content_words
from briefbot.language.timespans import UNITS, has_duration
from briefbot.schema import Citation
from briefbot.truth.evidence import Evidence, explains
from briefbot.truth.status import Assessment
from briefbot.truth.status.blame import asks_blame, carries_blame
from briefbot.truth.status.kinds import fits
from briefbot.truth.status.model import Thresholds
from briefbot.truth.status.slot import UNFILLED, fills_slot, slot_heads, slot_kind
from briefbot.writing.single_source import alone_note
from briefbot.writing.summarize_clean import compress_start, dangling_start

FUSE_SIMILARITY = 0.8
"""Two outlets' sentences at least this close (MiniLM cosine) say the same fact, when they
also name the same names, numbers and dates.  "One of CNN's sources said Hale and Orsen
may speak again later this week" and "The same CNN source said …" score 0.93; the closest
pair of different facts on corpus/ (two statements of one senator on two matters) 0.74."""
MAX_EXTRA_WORDS = 3
"""Content words one sentence of a fused pair may add to the other ("on Monday", "also"); when
each says a word the other does not ("unlikely to recommend approving" / "… delaying") they
are two facts, however close their vectors (0.96 for that pair)."""
COMPRESS_MIN_WORDS = 25
"""Sentences shorter than this are kept whole: compressing them saves little."""

_RELATIVE = re.compile(r",\s+which\s[^,;]{3,120},\s+")
"""A non-restrictive relative clause between commas (", which is expected in Velmar, ")."""
_CLAUSE = re.compile(r";\s+|,\s+(?=(?:but|and|while|whereas|even\s+though|although|though|despite)\s)")
"""Where a sentence's clauses meet: a semicolon, or a comma before but/and/while, or before a
concessive ("…, even though at least 85 senators support it": a second fact, cut when it holds
nothing asked)."""
_ATTRIBUTED = re.compile(r"\b(?:according\s+to|citing|said|says|say|told|reported|reports|sources?)\b", re.I)


# ---------------------------------------------------------------------- one fact, one sentence
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def figures(text: str) -> frozenset[str]:
    """The numbers ``text`` writes in digits ("85", "79", "2026"); "one of its sources" is no figure."""
    return frozenset(m.group(0).rstrip(".,") for m in _FIGURE.finditer(text))


def same_fact(a: Evidence, b: Evidence, min_similarity: float = FUSE_SIMILARITY) -> bool:
    """Do ``a`` and ``b`` (from different articles) state the same fact?  Close in meaning and
    the same names, figures, days and years; a hedge on one side only keeps them apart (one
    outlet's doubt is not another's fact)."""
    if a.article_id == b.article_id or a.vector is None or b.vector is None:
        return False
    fa, fb = a.features, b.features
    only_a, only_b = fa.words - fb.words, fb.words - fa.words
    if (only_a and only_b) or len(only_a | only_b) > MAX_EXTRA_WORDS:
        return False  # each says something the other does not ("approving" / "delaying")
    return (float(a.vector @ b.vector) >= min_similarity and figures(a.text) == figures(b.text)
            and fa.days == fb.days and fa.years == fb.years and fa.names == fb.names
            and bool(fa.hedges) == bool(fb.hedges))


def same_words(a: Evidence, b: Evidence) -> bool:
    """Do ``a`` and ``b`` say word for word the same (an article that repeats a paragraph, a wire
    copy)?  That is one fact whatever its numbers or hedges."""
    return " ".join(a.text.split()).casefold() == " ".join(b.text.split()).casefold()


def fuse(evidence: Sequence[Evidence]) -> list[list[int]]:
    """Groups of evidence indices (0-based) that state one fact, in first-seen order.  A sentence
    its own article already said word for word (a repeated paragraph) joins no group: it would
    only cite the same quote twice."""
    groups: list[list[int]] = []
    for i, ev in enumerate(evidence):
        for group in groups:
            if any(same_words(evidence[j], ev) and evidence[j].article_id == ev.article_id for j in group):
                break
            if same_words(evidence[group[0]], ev) or same_fact(evidence[group[0]], ev):
                group.append(i)
                break
        else:
            groups.append([i])
    return groups


def plainest(group: list[int], evidence: Sequence[Evidence]) -> int:
    """The member of a fused group whose wording stands alone and every member supports: one
    that does not point back (:func:`opens_with_pointer`: "One of its sources said" over "The
    same source said"), then the fewest number words, the first on a tie."""
    return min(group, key=lambda i: (opens_with_pointer(evidence[i].text), len(evidence[i].features.numbers),
                                     group.index(i)))


# ---------------------------------------------------------------------- dangling openings
def trim_start(text: str) -> str:
    """``text`` without an opening that points back and can be cut ("However, ", "The move comes
    after "): what is left is an exact span of ``text`` that starts a sentence of its own."""
    return text[compress_start(text):]


def opens_with_pointer(text: str) -> bool:
    """Does ``text``, once :func:`trim_start` has cut what it can, still open with a reference to
    something it does not say ("He added…", "The same CNN source said…", "It has been stalled…";
    not the dummy "It remains unclear why…")?"""
    return dangling_start(trim_start(text))


# ---------------------------------------------------------------------- the lead
def answers_asked(frame: QuestionFrame, ev: Evidence, status: str) -> bool:
    """Does ``ev`` give what ``frame`` asks: the asked kind (a date, number, name, speech), the
    reason for "why"?  A hedge alone does not (for ``uncertain`` the written
    :func:`briefbot.writing.lead.summary_line` says what is not known; the sentence after it gives
    what is said)."""
    if frame.kind == "why":
        return explains(ev.text)
    return fits(frame, ev.text)


SHAPED_KINDS = frozenset({"when", "how_many", "who", "say", "why"})
"""Kinds whose answer has a form a sentence can be checked for (a date, a number, a name, the
speaker's words, a reason): only their sentences are reordered and held to a word budget.
A yes/no or "what" question has no such form, and its truth-layer order stands."""
SLOT_SHAPES = frozenset({"who", "class"})
"""Slots (:func:`briefbot.truth.status.slot.slot_kind`) that give a "what" question one value of a
checkable form: a name ("what was the name of the cop …"), a member of the asked class ("what
weapon did … use").  Not "how old": its slot test misses an age said of a pronoun after the
person was named ("She was 88, McKee said"), and held to the budget such an answer lost its age
on realnews half 1."""


def shape(frame: QuestionFrame | None) -> str | None:
    """The form the answer has, when it has one: the question's kind when it is one of
    :data:`SHAPED_KINDS`, else the slot of a "what" question that asks for one value
    (:data:`SLOT_SHAPES`); None for yes/no, where and open "what" questions."""
    if frame is None:
        return None
    if str(frame.kind) in SHAPED_KINDS:
        return str(frame.kind)
    slot = slot_kind(frame)
    return slot if slot in SLOT_SHAPES else None


def fills(frame: QuestionFrame | None, ev: Evidence, heads: frozenset[str]) -> bool:
    """Does ``ev`` fill the asked slot by the truth layer's own test
    (:func:`briefbot.truth.status.slot.fills_slot`: a count of the asked thing, a name in the
    asked role, a date of the asked event …)?  False for a question without a checkable slot."""
    return frame is not None and slot_kind(frame) is not None and fills_slot(frame, ev, heads, Thresholds())


def coverage(frame: QuestionFrame | None, ev: Evidence) -> int:
    """How many of the question's asked words (:func:`asked_words`) ``ev`` says."""
    return len(asked_words(frame) & ev.features.words)


def filler_lead(groups: list[list[int]], evidence: Sequence[Evidence], frame: QuestionFrame | None) -> int | None:
    """The group that should lead by the slot test: among the groups whose sentence fills the
    asked slot (:func:`fills`), the one saying most of the question's asked words, the first on a
    tie (0 when the first group already is that one); None when no group fills the slot.  "Norvale police
    arrested eight people, who were protesting the water shutoffs" leads over "Some 50 demonstrators
    held a protest" for "how many protesters got arrested over the water shutoffs" (both count
    protesters; only the first says who was arrested and over what)."""
    if frame is None or slot_kind(frame) is None or shape(frame) is None:
        return None
    heads = slot_heads(frame, evidence)
    filling = [n for n, g in enumerate(groups) if fills(frame, evidence[g[0]], heads)]
    if not filling:
        return None
    best = max(filling, key=lambda n: (coverage(frame, evidence[groups[n][0]]), -n))
    if 0 in filling and coverage(frame, evidence[groups[0][0]]) >= coverage(frame, evidence[groups[best][0]]):
        return 0  # the first group fills the slot: it stays first (not displaced by a looser form test)
    return best


def sides_first(groups: list[list[int]], sides: frozenset[int]) -> list[list[int]] | None:
    """``groups`` with those holding a side of a disagreement (``sides``: evidence indices) first,
    in their order, the rest after them in theirs; None when there is no side or a side already
    leads."""
    front = [g for g in groups if any(i in sides for i in g)]
    if not front or front[0] is groups[0]:
        return None
    return front + [g for g in groups if g not in front]


def any_fills(groups: list[list[int]], evidence: Sequence[Evidence], frame: QuestionFrame | None) -> bool:
    """Does some group's sentence fill the asked slot (:func:`fills`)?  Then it leads, not the
    sides of a disagreement, which may be about another count or date in the story."""
    if frame is None or slot_kind(frame) is None or shape(frame) is None:
        return False
    heads = slot_heads(frame, evidence)
    return any(fills(frame, evidence[g[0]], heads) for g in groups)


def lead_first(groups: list[list[int]], evidence: Sequence[Evidence], frame: QuestionFrame | None,
               status: str, pinned: frozenset[int] = frozenset(),
               sides: frozenset[int] = frozenset()) -> list[list[int]]:
    """When the first group does not answer the asked kind (and is not ``pinned``: a lead the
    truth layer says must lead, the value still pending), the group that fills the asked slot
    (:func:`filler_lead`), else the sides of a disagreement the truth layer found (``sides``:
    what the reports give and dispute is the answer: :func:`sides_first`), else the first group
    that answers the asked kind, moves to the front (the rest keep their order); then
    :func:`no_pointer_lead`."""
    if groups and any(i in pinned for i in groups[0]):
        return groups  # must lead: the asked value is pending
    best = filler_lead(groups, evidence, frame) if groups else None
    if best is not None:
        return no_pointer_lead([groups[best], *groups[:best], *groups[best + 1:]], evidence, frame, status)
    disputed = None if any_fills(groups, evidence, frame) else sides_first(groups, sides)
    if disputed is not None:
        return no_pointer_lead(disputed, evidence, frame, status)
    if frame is None or shape(frame) is None or not groups \
            or answers_asked(frame, evidence[groups[0][0]], status):
        return no_pointer_lead(groups, evidence, frame, status)
    for n, group in enumerate(groups):
        if answers_asked(frame, evidence[group[0]], status):
            return no_pointer_lead([group, *groups[:n], *groups[n + 1:]], evidence, frame, status)
    return no_pointer_lead(groups, evidence, frame, status)


def _voice(group: list[int], evidence: Sequence[Evidence]) -> str:
    return evidence[plainest(group, evidence)].text


def no_pointer_lead(groups: list[list[int]], evidence: Sequence[Evidence], frame: QuestionFrame | None,
                    status: str) -> list[list[int]]:
    """An answer never opens by pointing back (:func:`opens_with_pointer`): when the lead group
    does, the first group that does not moves to the front — one that answers the asked kind
    when there is one; when every group points back, the order stands."""
    if not groups or not opens_with_pointer(_voice(groups[0], evidence)):
        return groups
    free = [n for n, g in enumerate(groups) if not opens_with_pointer(_voice(g, evidence))]
    if not free:
        return groups
    asked = [n for n in free if shape(frame) is not None
             and answers_asked(frame, evidence[groups[n][0]], status)]
    n = (asked or free)[0]
    return [groups[n], *groups[:n], *groups[n + 1:]]


WORD_BUDGET = {"who": 45, "when": 45, "how_many": 45, "class": 45}
"""Words an answer should stay within, by its :func:`shape` (else :data:`LONG_BUDGET`): the
targets of issue 18 (median ≤ 45 for who/when/how many, ≤ 90 for why/how); a "what" question
asking for one name or class member is held to the one-value budget (on realnews half 1
such answers ran to 100-122 words of every sentence naming someone)."""
LONG_BUDGET = 90


def within_budget(groups: list[list[int]], evidence: Sequence[Evidence], frame: QuestionFrame | None,
                  status: str, protected: frozenset[int] = frozenset(),
                  sides: frozenset[int] = frozenset(), unfilled: bool = False) -> list[list[int]]:
    """The groups that fit the word budget, in their order: the lead and every group that holds
    a ``protected`` item (a side of a disagreement) are kept; so is every group that answers the
    asked kind (:func:`answers_asked`) of a *why* or *say* question, and every group of an
    ``uncertain`` who / when / how-many answer that fills the asked slot (:func:`fills`) and
    says as many of the question's words as the lead (:func:`coverage`): each competing value
    stays, but "some 50 demonstrators held a protest" is no competing value for "how many
    protesters were arrested" when the lead says "police arrested eight people"; when no
    sentence fills the slot, the sides of a disagreement (``sides``) are the competing values and
    the rest are candidates, and without one every sentence of the asked kind stays (what the
    reports do give),
    and a "what" question's answer (:data:`SLOT_SHAPES`) keeps its length ("She was 88, McKee
    said" answers "how old was the woman" though the slot test, reading no name, misses it).
    For an
    ``answered`` one-value question (who, when, how many: :data:`WORD_BUDGET`) a further
    sentence of the asked kind is only a candidate — real reporting has a date, figure or name
    in most sentences, and keeping them all made such answers 90-140 words.  The candidates go
    while the budget lasts, those of the asked kind first, then those saying more of the
    question's words.  When the truth layer found that no report fills the asked slot
    (``unfilled``) of a question with a :func:`shape`, :func:`unfilled_budget`; a yes/no or open
    "what" question keeps its length (on realnews half 1 the budget cut the one sentence of two
    such answers that said what the reports do say: "insisted they must have been duped")."""
    form = shape(frame)
    if unfilled and form is not None:
        return unfilled_budget(groups, evidence, frame, protected)
    if frame is None or form is None:
        return groups
    budget = WORD_BUDGET.get(form, LONG_BUDGET)
    one_value = form in WORD_BUDGET and status == "answered"  # uncertain: every side stays
    heads = slot_heads(frame, evidence) if slot_kind(frame) is not None else frozenset()
    filling = {n for n, g in enumerate(groups) if form in WORD_BUDGET and fills(frame, evidence[g[0]], heads)}
    if form not in SHAPED_KINDS and not filling:
        return groups  # a "what" question none of whose sentences fills the slot: nothing to measure by
    lead_says = coverage(frame, evidence[groups[0][0]]) if groups else 0

    def must(n: int, group: list[int]) -> bool:
        if any(i in protected for i in group):
            return True
        if one_value:
            return False
        if filling:  # a competing value fills the slot and says what the lead says of the question
            return n in filling and coverage(frame, evidence[group[0]]) >= lead_says
        if sides and form in WORD_BUDGET:
            return False  # the disputed sides are the competing values (protected above)
        return answers_asked(frame, evidence[group[0]], status)

    def size(group: list[int]) -> int:
        return len(evidence[group[0]].text.split())

    keep = {n for n, g in enumerate(groups) if n == 0 or must(n, g)}
    others = set(range(len(groups))) - keep
    if one_value and groups and gives_value(frame, evidence[groups[0][0]], heads):
        # the lead gives the value: the answer stops there, but for a sentence that gives another
        # asked fact (a side of a disagreement is protected above)
        others = {n for n in others if adds_asked(frame, evidence[groups[n][0]], status)}
    used = sum(size(groups[n]) for n in keep)
    asked = asked_words(frame)
    # the others: of the asked kind first, then by how much of the question they say, then in
    # their order, while the budget lasts
    for n in sorted(others,
                    key=lambda n: (not answers_asked(frame, evidence[groups[n][0]], status),
                                   -len(asked & evidence[groups[n][0]].features.words), n)):
        if used + size(groups[n]) <= budget:
            keep.add(n)
            used += size(groups[n])
    return [g for n, g in enumerate(groups) if n in keep]


def gives_value(frame: QuestionFrame | None, ev: Evidence, heads: frozenset[str]) -> bool:
    """Does ``ev`` give the one value a who / when / how-many question asks: it fills the asked
    slot (:func:`fills`), or, for a question without a checkable slot, holds the asked kind?"""
    if frame is None:
        return False
    if slot_kind(frame) is not None:
        return fills(frame, ev, heads)
    return fits(frame, ev.text)


def adds_asked(frame: QuestionFrame | None, ev: Evidence, status: str) -> bool:
    """May ``ev`` follow a lead that already gives the asked value: it is of the asked kind and
    says at least one of the question's asked words (:func:`asked_words`), so it can hold another
    asked fact ("Of the eight members of Tarn's company, only five are still around" after "Tarn's
    company was cut to eight")?  "Some 50 demonstrators had gathered by noon" after "police
    arrested eight protesters" says nothing the question asked: one value, one sentence."""
    return frame is not None and coverage(frame, ev) > 0 and answers_asked(frame, ev, status)


UNFILLED_BUDGET = 25
"""Words of quoted sentences an answer keeps when no report fills the asked slot: its lead says
what the reports cover and that none gives the asked thing, so what follows only shows what they
cover (on realnews half 1 such answers quoted every dated or named sentence, 60-155 words; at 45
words, two full excerpts of 20-30 words that do not hold the asked value still followed the lead
on half 3): the closest excerpt, and a second only when it is short."""
UNFILLED_VALUE_BUDGET = 45
"""The budget for an excerpt that holds a value of the asked kind and says something the question
asked (:func:`candidate`): the slot test did not read it as the answer, but a reader may (on RGB
noise, "the reigning champion remains Shane Lowry" after a 9-word excerpt was left out at 25
words, and the right answer with it)."""
UNFILLED_QUOTES = 2
"""Excerpts, at most, after a lead saying none of the reports gives the asked thing (sides of a
disagreement are never left out, and do not count)."""


def candidate(frame: QuestionFrame | None, ev: Evidence) -> bool:
    """Does ``ev`` say one of the question's asked words and hold a value of the asked kind (a date
    or figure as written, :data:`VALUE_SPANS`; for "who" a name the question does not say): a value
    the slot test did not take, which a reader may?"""
    if frame is None or coverage(frame, ev) == 0:
        return False
    pattern = VALUE_SPANS.get(str(frame.kind))
    if pattern is not None:  # a date or figure as written, whether or not the kind test reads it
        return pattern.search(ev.text) is not None      # ("the bill was introduced on April 1")
    return answers_asked(frame, ev, "uncertain") and bool(ev.features.names - frame.names - frame.context_names)


def value_first(groups: list[list[int]], evidence: Sequence[Evidence], frame: QuestionFrame | None,
                protected: frozenset[int] = frozenset()) -> list[list[int]]:
    """``groups`` with the first that holds a value of the asked kind and says an asked word
    (:func:`candidate`) moved to the front, when the first group neither does nor is ``protected``
    (the rest keep their order).  When no report fills the asked slot, a sentence that gives a date,
    figure or name of the asked kind is what a reader can weigh ("… rolling out to the gates on
    Tuesday" for "what day did the airline switch"), and the lead gives it first, not a sentence that
    only shows what the reports cover."""
    if not groups or any(i in protected for i in groups[0]) or candidate(frame, evidence[groups[0][0]]):
        return groups
    return to_front(groups, frozenset(g[0] for g in groups if candidate(frame, evidence[g[0]])))


def unfilled_budget(groups: list[list[int]], evidence: Sequence[Evidence], frame: QuestionFrame | None,
                    protected: frozenset[int] = frozenset()) -> list[list[int]]:
    """The groups of an answer whose asked slot no report fills: the first and every ``protected``
    one (a side of a disagreement, a hedge said once), then the others that say most of the
    question's words while :data:`UNFILLED_BUDGET` lasts; none of them is the answer, so none has
    to stay for being of the asked kind — but one that holds a value of the asked kind
    (:func:`candidate`) leads (:func:`value_first`) and goes before the others."""
    def size(group: list[int]) -> int:
        return len(evidence[group[0]].text.split())

    groups = value_first(groups, evidence, frame, protected)
    keep = {n for n, g in enumerate(groups) if n == 0 or any(i in protected for i in g)}
    used = sum(size(groups[n]) for n in keep)
    free = 1 if groups and not any(i in protected for i in groups[0]) else 0
    def rank(n: int) -> tuple[bool, int, int]:  # a value of the asked kind first, then the asked words
        first = evidence[groups[n][0]]
        return not candidate(frame, first), -coverage(frame, first), n

    for n in sorted(set(range(len(groups))) - keep, key=rank):
        room = UNFILLED_VALUE_BUDGET if candidate(frame, evidence[groups[n][0]]) else UNFILLED_BUDGET
        if used + size(groups[n]) <= room and free < UNFILLED_QUOTES:
            free += 1
            keep.add(n)
            used += size(groups[n])
    return [g for n, g in enumerate(groups) if n in keep]


# ---------------------------------------------------------------------- compression
def asked_words(frame: QuestionFrame | None) -> frozenset[str]:
    """Stems that make a clause part of the answer: the question's names and asked words."""
    return frozenset() if frame is None else frame.names | frame.predicate | frame.context_names


def keeps(clause: str, frame: QuestionFrame | None) -> bool:
    """Must ``clause`` stay?  It names something asked, gives the asked kind, or carries a
    hedge or an attribution (never separated from their claim)."""
    if frame is None or _ATTRIBUTED.search(clause):
        return True
    if content_words(clause) & asked_words(frame) or fits(frame, clause):
        return True
    return bool(features(clause).hedges)


def drop_relative(text: str, frame: QuestionFrame | None) -> str:
    """``text`` without a non-restrictive ", which …," clause that holds nothing asked."""
    m = _RELATIVE.search(text)
    if m is None or keeps(m.group(0).strip(", "), frame):
        return text
    return text[:m.start()] + " " + text[m.end():]


_APPOSITIVE = re.compile(r"\b([A-Z][\w'’]*), ((?!(?:and|but|or|nor|while|whereas|who|which|that|where|when)\b)"
                         r"(?:[a-z]|[A-Z]\w*['’]s\s)[^,;:\d]{2,60}), ")
"""A comma-enclosed phrase right after a name that starts in lower case or with a possessive
(", Russia's foreign minister, ", ", meant to come before the summit, "): an appositive or
a reduced clause.  A list of names (", Kyrgyzstan, "), a coordinated or relative clause
(", and about 40 workers were evacuated, ") and anything with a figure do not match."""


def drop_appositives(text: str, frame: QuestionFrame | None) -> str:
    """``text`` without appositives (:data:`_APPOSITIVE`) that hold nothing asked; each kept
    part is an exact span of ``text``."""
    out, pos = [], 0
    for m in _APPOSITIVE.finditer(text):
        if len(m.group(2).split()) > 8 or keeps(m.group(2), frame):
            continue
        out.append(text[pos:m.end(1)])
        pos = m.end() - 1  # keep the space before the next word
    out.append(text[pos:])
    return "".join(out)


def drop_trailing(text: str, frame: QuestionFrame | None) -> str:
    """``text`` cut after its last clause that must stay (:func:`keeps`); the first clause
    always stays."""
    cuts = [m.start() for m in _CLAUSE.finditer(text)]
    if not cuts:
        return text
    bounds = [0, *cuts, len(text)]
    last = 0
    for n in range(len(bounds) - 1):
        if n == 0 or keeps(text[bounds[n]:bounds[n + 1]], frame):
            last = n
    end = bounds[last + 1]
    return text if end == len(text) else text[:end].rstrip(" ,;") + "."


def drop_dateline(text: str) -> str:
    """``text`` without its opening wire dateline (:data:`~briefbot.language.openers.DATELINE`) or
    credit line (:data:`~briefbot.language.openers.CREDIT`) when five words or more follow it: an
    exact span of ``text`` that starts a sentence of its own (:func:`briefbot.language.openers.body`)."""
    return body(text)


def compress(text: str, frame: QuestionFrame | None) -> str:
    """``text`` without what the question did not ask (module docstring); short sentences whole
    (but never opening with a pointer that can be cut: :func:`trim_start`, or with a wire
    dateline: :func:`drop_dateline`)."""
    text = trim_start(drop_dateline(text))
    if frame is None or len(text.split()) < COMPRESS_MIN_WORDS:
        return text
    return drop_trailing(drop_appositives(drop_relative(text, frame), frame), frame)


_ANY_CLAUSE = re.compile(r";\s+|,\s+(?=[a-z])")
"""Where an excerpt's clauses meet once its answer is known to be missing: a semicolon, or any
comma before a word in lower case (", lifted by the wind", ", when she was on a golf course")."""


def cover_clause(text: str, frame: QuestionFrame | None) -> str:
    """An excerpt shown after a lead saying none of the reports gives the asked thing, cut after
    its last clause (:data:`_ANY_CLAUSE`) that names something asked or carries a hedge or an
    attribution (:func:`keeps`): it only shows what the reports cover, so the clause about the
    asked event is enough.  The first clause always stays; what is kept is an exact span."""
    cuts = [m.start() for m in _ANY_CLAUSE.finditer(text)]
    if frame is None or not cuts:
        return text
    bounds = [0, *cuts, len(text)]
    last = max(n for n in range(len(bounds) - 1) if n == 0 or keeps(text[bounds[n]:bounds[n + 1]], frame))
    end = bounds[last + 1]
    if end == len(text) or not stands_alone(text[:end]) or dated_or_counted(text[end:]):
        return text
    return text[:end].rstrip(" ,;") + "."


def stands_alone(text: str) -> bool:
    """Does ``text`` read as a sentence: it has a verb (a cut before ", who was appointed in April,
    will remain chairman" leaves "Former manager Paul Hale", no sentence)?"""
    return any(t.pos in ("VERB", "AUX") for t in parse(text).tokens)


def dated_or_counted(text: str) -> bool:
    """Does ``text`` hold a date or a figure (:data:`VALUE_SPANS`)?  A cut never drops one: it may
    be the asked value the slot test did not read."""
    return any(p.search(text) for p in VALUE_SPANS.values())


# ---------------------------------------------------------------------- the answer
def sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?\"'”’" else text + "."


def write(evidence: Sequence[Evidence], status: str, frame: QuestionFrame | None = None,
          protected: frozenset[int] = frozenset(), pinned: frozenset[int] = frozenset(),
          sides: frozenset[int] = frozenset(), unfilled: bool = False) -> Iterator[str]:
    """The answer's pieces: one sentence per fact, the asked one first, within the word budget
    (``protected``: 0-based indices never left out; ``pinned``: indices whose group must lead;
    ``sides``: the sides of the disagreements the truth layer found; ``unfilled``: it found that
    no report fills the asked slot), each with the markers (1-based evidence numbers) of every
    outlet that states it."""
    groups, seconds = order(evidence, status, frame, protected, pinned, sides, unfilled)
    shaped = unfilled and shape(frame) is not None
    for n, group in enumerate(groups):
        text = compress(evidence[plainest(group, evidence)].text, frame)
        text = sentence(cover_clause(text, frame) if shaped and not any(i in protected for i in group) else text)
        markers = "".join(f"[{i + 1}]" for i in (group + seconds if n == 0 else group))
        yield ("" if n == 0 else " ") + f"{text} {markers}"


def order(evidence: Sequence[Evidence], status: str, frame: QuestionFrame | None = None,
          protected: frozenset[int] = frozenset(), pinned: frozenset[int] = frozenset(),
          sides: frozenset[int] = frozenset(), unfilled: bool = False) -> tuple[list[list[int]], list[int]]:
    """The groups :func:`write` says, in their order, and the items that second the lead (their
    markers join the lead's: :func:`same_value`)."""
    groups = to_front(lead_first(fuse(evidence), evidence, frame, status, pinned, sides),
                      blame_lead(evidence, frame))
    groups, seconds = same_value(groups, evidence, frame, protected)
    return within_budget(groups, evidence, frame, status, protected, sides, unfilled), seconds


def lead_item(evidence: Sequence[Evidence], status: str, frame: QuestionFrame | None = None,
              protected: frozenset[int] = frozenset(), pinned: frozenset[int] = frozenset(),
              sides: frozenset[int] = frozenset(), unfilled: bool = False) -> int | None:
    """The index of the evidence item whose words :func:`write` opens the answer with (None without
    evidence)."""
    groups, _ = order(evidence, status, frame, protected, pinned, sides, unfilled)
    return plainest(groups[0], evidence) if groups else None


def to_front(groups: list[list[int]], items: frozenset[int]) -> list[list[int]]:
    """``groups`` with the first one holding one of ``items`` moved to the front (the rest in
    their order); unchanged without such a group."""
    n = next((n for n, g in enumerate(groups) if any(i in items for i in g)), None)
    return groups if not n else [groups[n], *groups[:n], *groups[n + 1:]]


def blame_lead(evidence: Sequence[Evidence], frame: QuestionFrame | None) -> frozenset[int]:
    """For a question asking who is at fault (:func:`briefbot.truth.status.blame.asks_blame`), the
    first selected sentence that puts blame on someone (:func:`~briefbot.truth.status.blame.carries_blame`):
    it must lead, so that no name the slot test finds elsewhere, nor the word budget, puts it out of
    the lead (issue 18: "a blame question's lead must carry the blaming sentence"); empty otherwise."""
    if frame is None or not asks_blame(frame):
        return frozenset()
    first = next((i for i, ev in enumerate(evidence) if carries_blame(ev.text)), None)
    return frozenset() if first is None else frozenset({first})


SECOND_SIMILARITY = 0.75
"""Two sentences at least this close (MiniLM cosine) are about the same event, so a figure or date
the later one gives is read as a value of the asked kind even when the kind test misses it (its
values must still all be the lead's).  Paraphrases of one report across outlets score 0.77-0.88
on corpus/; different facts of one story 0.71-0.75."""


def same_value(groups: list[list[int]], evidence: Sequence[Evidence], frame: QuestionFrame | None,
               protected: frozenset[int] = frozenset()) -> tuple[list[list[int]], list[int]]:
    """(``groups`` without those that only repeat the lead's value, their indices): for a date or
    figure question, a later sentence whose values (:func:`value_spans`) are all the lead's — "It has
    been stalled despite the backing of at least 85 senators" after "… at least 85 senators support
    it" — is the same answer in other words; it seconds the lead (its marker joins the lead's)
    instead of saying it again.  A later sentence close in meaning to the lead
    (:data:`SECOND_SIMILARITY`) is read for values even when the kind test misses them ("A woman
    shot and killed three people, and wounded three others …" after "A woman killed three people
    and wounded three others …").  A hedged sentence and a ``protected`` one (a side of a
    disagreement) always stand on their own: one outlet's doubt is not another's fact."""
    form = shape(frame)
    if not groups or form not in VALUE_SPANS:
        return groups, []
    first = evidence[groups[0][0]]
    lead = {v.casefold() for v in value_spans(first.text, frame)}
    if not lead:
        return groups, []
    kept, seconds = [groups[0]], []
    for group in groups[1:]:
        ev = evidence[group[0]]
        close = first.vector is not None and ev.vector is not None \
            and float(first.vector @ ev.vector) >= SECOND_SIMILARITY
        values = {v.casefold() for v in value_spans(ev.text, frame, filled=close)}
        if values and values <= lead and not ev.features.hedges and not any(i in protected for i in group):
            seconds += group
        else:
            kept.append(group)
    return kept, seconds


# ---------------------------------------------------------------------- the note
ASKED_THING = {"why": "the reason", "when": "the date", "how_many": "the figure", "who": "who it was",
               "where": "the place", "say": "what was said", "yes_no": "whether it is so"}
"""What an ``uncertain`` answer leaves open, by question kind (else "this")."""
HEDGE_PHRASES = {
    "unclear": "called unclear",
    "unknown": "not yet known",
    "reportedly": "only reported",
    "allegedly": "only alleged",
    "apparently": "only apparent",
    "anonymous source": "from an unnamed source",
    "unnamed officials": "from unnamed officials",
    "unconfirmed": "unconfirmed",
    "not stated": "not given",
    "possibility": "only a possibility",
    "pending": "still pending",
}
"""How the note names a hedge without quoting the sentence it is in."""


def _who(ev: Evidence, cite_of: dict[tuple[str, int, int], int]) -> str:
    """The marker of ``ev`` when it is cited ("[3]"), else its outlets by name."""
    ref = cite_of.get(ev.key)
    return f"[{ref}]" if ref else " and ".join(ev.outlets) or "one report"


def hedge_summary(hedged: Sequence[Evidence], cite_of: dict[tuple[str, int, int], int]) -> str:
    """"called unclear in [1][3], only a possibility in [4]": each hedge once, with where it is."""
    where: dict[str, list[str]] = {}
    for ev in hedged:
        if ev.key not in cite_of:
            continue  # left out of the answer: nothing to point at
        for h in ev.hedges:
            who = _who(ev, cite_of)
            spots = where.setdefault(HEDGE_PHRASES.get(h, h), [])
            if who not in spots:
                spots.append(who)
    return ", ".join(f"{phrase} in {''.join(w) if all(x.startswith('[') for x in w) else ', '.join(w)}"
                     for phrase, w in where.items())


def conflict_clause(first: Evidence, second: Evidence, kind: str, detail: str,
                    cite_of: dict[tuple[str, int, int], int]) -> str:
    """"Sources disagree on the date (oct 20 vs oct 19): Steppe Wire [1] against Baltic Relay [2]"."""
    what = f"the {kind}" if kind in ("date", "year", "number") else "this"
    extra = f" ({detail})" if detail else ""

    def side(ev: Evidence) -> str:  # an article without an outlet is its marker, never its file id
        ref = cite_of.get(ev.key)
        outlets = " and ".join(ev.outlets) or ("one report" if ref else ev.article_id)
        return f"{outlets} [{ref}]" if ref else outlets

    return f"Sources disagree on {what}{extra}: {side(first)} against {side(second)}"


def disputed_values(detail: str) -> tuple[str, str] | None:
    """The two values a disagreement's detail names ("Olm Vale vs Brantwick"); None for a detail
    that names the kind of dispute instead ("one report says so, another says it is not so"): a
    category a reader cannot use (issue 18: "At issue: one report says so…" told them nothing
    the lead's two sides did not)."""
    parts = [p.strip() for p in detail.split(" vs ")]
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


_COVERED = re.compile(r"“([^”]*)”")


def unquote_covered(reason: str, citations: Sequence[Citation]) -> str:
    """``reason`` with a quoted article title that is the opening of a cited quote (an article
    without a headline is titled by its first words) replaced by that quote's marker, so that
    the note never re-quotes the answer: "The reports cover “CARROW, ME -- Carrow police on
    Thursday …” but none says …" -> "The reports cover the story in [2] but none says …"."""
    def marker(m: re.Match[str]) -> str:
        title = m.group(1).strip().rstrip("…").strip()
        ids = [c.id for c in citations if title and c.quote.strip().startswith(title[:60])]
        return f"the story in {''.join(f'[{i}]' for i in ids)}" if ids else m.group(0)
    return _COVERED.sub(marker, reason)


def uncertainty_note(a: Assessment, status: str, dropped: int, citations: Sequence[Citation],
                     frame: QuestionFrame | None = None, led: bool = False, lead: str = "") -> str | None:
    """What the sources leave open, naming outlets and markers, never re-quoting the answer;
    ``led``: the answer opens with its :func:`briefbot.writing.lead.summary_line`, which already
    names the hedges, so
    the note names only what is disputed or missing — and when that line also says what the
    reports cover and none gives (:func:`unfilled_clauses`), only what it did not say (a
    disagreement, thin support, dropped model sentences), else there is no note (None): "No
    selected passage gives the date asked for" or "No report confirms the date" after it said it
    twice.  A disagreement whose two sides' markers the ``lead`` line already shows is not told
    again: the note adds the values it is about when the lead did not give them ("One report gives
    Olm Vale, another Brantwick"), and nothing when the dispute names no values (a category such as
    "one report says so, another denies it" tells a reader nothing the lead's sides did not).
    Thin support is not told beside a lead that says none of the reports gives the asked thing:
    that lead is already the hedge ("treat this as unconfirmed" after it said it twice)."""
    if status == "answered":
        return None
    said = led and bool(unfilled_clauses(a, citations))
    cite_of = {(c.article_id, c.start, c.end): c.id for c in citations}
    parts: list[str] = []
    summary = "" if led else hedge_summary(a.hedged, cite_of)
    if summary:
        asked = ASKED_THING.get(str(frame.kind), "this") if frame is not None else "this"
        parts.append(f"Not settled: {asked} — {summary}")
    for first, second, conflict in a.conflicts:
        if led and all(f"[{cite_of.get(e.key)}]" in lead for e in (first, second)):
            # the lead names both sides: the note adds only what the dispute is about, and
            # nothing when the lead already gives the disputed values
            values = disputed_values(conflict.detail)
            if values and conflict.kind not in ("date", "year", "number") \
                    and not all(v.casefold() in lead.casefold() for v in values):
                parts.append(f"One report gives {values[0]}, another {values[1]}")
            elif not values and conflict.detail and " disagree " in lead:
                # the lead names who disagrees but not their stances: what the dispute is, plainly
                parts.append(conflict.detail[:1].upper() + conflict.detail[1:])
            continue
        parts.append(conflict_clause(first, second, conflict.kind, conflict.detail, cite_of))
    if not led:  # on topic, slot not filled (a written lead already says so: said once)
        parts += [unquote_covered(r[:1].upper() + r[1:], citations) for r in a.reasons if r.startswith(UNFILLED)]
    if not parts and not said:
        parts += [r[0].upper() + r[1:] for r in a.reasons if r.startswith(("no selected", "the closest"))]
    if not parts and not led and (alone := alone_note(a.reasons)):  # a written lead already says whose word
        parts.append(alone)
    if not parts and not said and any("thin support" in r for r in a.reasons):
        # beside a lead that says none of the reports gives the asked thing, "treat this as
        # unconfirmed" is the same hedge again: one hedge, said once
        parts.append("Only weakly related passages were found; treat this as unconfirmed")
    if dropped:
        parts.append(dropped_clause(dropped))
    if not parts and said:
        return None
    if not parts and led:
        return None  # the lead said what is not known ("No confirmed reason: …"): said once
    if not parts:
        parts.append("The evidence does not settle this question")
    return ". ".join(parts) + "."


def dropped_clause(n: int) -> str:
    """The note's words for ``n`` model sentences the verifier left out, counted in plain words
    ("One sentence the model wrote had no support in the reports and was left out")."""
    who = "One sentence the model wrote" if n == 1 else f"{n} sentences the model wrote"
    return f"{who} had no support in the reports and {'was' if n == 1 else 'were'} left out"


# ---------------------------------------------------------------------- the uncertain lead
_CAP_MONTHS = "|".join(sorted({m.capitalize() for m in MONTHS}, key=len, reverse=True))
_CAP_DAYS = "|".join(d.capitalize() for d in WEEKDAYS)
_YEAR_SPAN = r"(?:1[89]|20)\d\d"
_RELATIVE_DAY = (rf"(?:yesterday|today|tonight|{NEAR_SHIFT}\s+"
                 r"(?:week|weekend|month|year|spring|summer|fall|autumn|winter)|(?:\d+|a|an|"
                 + "|".join(w for w in NUMBER_WORDS if w != "one")
                 + r"|several|a\s+few)\s+(?:days?|weeks?|months?|years?)\s+(?:ago|earlier|before))")
"""A date said relative to the report ("last week", "two years ago", "yesterday"): English's closed
set of deictic time phrases, a value of the asked kind for "when" as much as "March 3" is."""
VALUE_SPANS = {
    "when": re.compile(rf"\b(?:(?:{_CAP_MONTHS})\.?\s+\d{{1,2}}(?:,?\s+{_YEAR_SPAN})?|\d{{1,2}}\s+(?:{_CAP_MONTHS})"
                       rf"(?:\s+{_YEAR_SPAN})?|(?:{_CAP_MONTHS})(?:\s+(?:and|or)\s+(?:{_CAP_MONTHS}))?(?:\s+{_YEAR_SPAN})?"
                       rf"|(?:{_CAP_DAYS})|{_YEAR_SPAN}|{_RELATIVE_DAY})\b"),
    "how_many": re.compile(r"(?<![\w.])(?:\$?\d[\d,]*(?:\.\d+)?%?(?:\s+(?:million|billion|thousand|percent))?|"
                           r"(?:(?i:" + "|".join(w for w in NUMBER_WORDS if w != "one")
                           + r"|hundreds|dozens|thousands)))(?:\s+[a-z][\w-]+)?(?![\w])"),
}
"""The literal spans that can be an answer's value, by question kind: a date ("Feb. 13", "March
1, 2014", "May and June", "Tuesday", "2003", "last week"), a figure with the word it counts ("10 people",
"$175 million", "nine").  Case-sensitive for months so that "may" is no month.  Names are
not listed: a capitalised run is too often the story's own name, not the asked one."""
THING = {"why": "reason", "when": "date", "how_many": "figure", "who": "name", "where": "place",
         "say": "account", "yes_no": "answer"}
"""What an ``uncertain`` answer has no confirmed ..., by question kind (else "answer")."""


def value_spans(text: str, frame: QuestionFrame | None, filled: bool = False) -> list[str]:
    """The candidate values ``text`` gives for the asked kind (:data:`VALUE_SPANS`), as written,
    when ``text`` holds the asked kind at all (:func:`briefbot.truth.status.kinds.fits`, or
    ``filled``: it fills the asked slot by the truth layer's parse, :func:`fills` — "police arrested
    eight people, including religious leaders" counts the asked protesters though no asked word
    follows the figure); a figure keeps the word it counts unless that is a function word ("nine
    of" -> "nine")."""
    kind = str(frame.kind) if frame is not None else ""
    pattern = VALUE_SPANS.get(kind)
    if pattern is None or frame is None or not (filled or fits(frame, text)):
        return []
    out: list[str] = []
    for m in pattern.finditer(text):
        words = m.group(0).split()
        if kind == "how_many" and len(words) > 1 and words[-1].casefold() in STOPWORDS:
            words = words[:-1]
        span = " ".join(words)
        if kind == "how_many" and has_duration(span) and not asks_time(frame):
            continue  # "4.7 years" is how long a study ran, not how many people were in it
        if span and span.casefold() not in {o.casefold() for o in out} \
                and span.casefold() not in frame.text.casefold():  # not the question's own value
            out.append(span)
    return out


def asks_time(frame: QuestionFrame) -> bool:
    """Does ``frame`` ask for a stretch of time ("how long", "how many years", "how many days")?  Only
    then is a duration ("four days", "4.7 years") a figure of the asked kind: for "how many people
    were in the study" a sentence's "over five years" is how long it ran, and a lead that gave it
    before "9,509 men and women" put the asked figure out of the line (realnews half 3)."""
    return slot_kind(frame) == "duration" or any(w.rstrip("s") in UNITS for w in frame.text.casefold().split())


def stand_in(text: str) -> Evidence:
    """An answer sentence as evidence for the slot test (its text is all the test reads; it has no
    scores, so a "how much" or "when" sentence must carry the asked words itself)."""
    return Evidence("answer", "", "", "", None, None, text, 0, len(text))


def unfilled_clauses(a: Assessment, citations: Sequence[Citation]) -> list[str]:
    """What the reports cover and what none of them gives, in the truth layer's own words
    (:func:`briefbot.truth.status.slot.slot_unfilled`: "the reports cover Acme and the video but
    none says when the video was shot"), a cited quote named by its marker, not re-quoted
    (:func:`unquote_covered`).  The lead of an ``uncertain`` answer says it, once: "none of the
    reports says it outright" there and the same fact again in the note said it twice."""
    return [unquote_covered(r, citations) for r in a.reasons if r.startswith(UNFILLED)]
