"""One claim said twice: does another report's sentence state the lead's asked claim? (issue 17)

A second independent report that says the same thing is what makes a fact a fact; a topical
sentence that does not answer, or one side of a dispute, is rarely said the same way by another
outlet.  :func:`briefbot.truth.status.second_report.corroborate` asks :func:`same_claim` of each
canvassed sentence of another text; here, per kind of question, what "the same claim" means:

* **figures** (how many / much / long, how old, a figure): a number of the two sentences agrees
  (:func:`values_agree`: "ten" = "10", "about 80" meets "80", "more than 6,000" = "over 6,000",
  never "at least nine" = "100") and counts the same thing (:func:`same_thing`: the counted nouns
  mean the same, or the acts they are counted in do — "fired ten workers" / "fired 10 people");
  the lead's number is the asked one where the lead counts an asked word;
* **when**: the same calendar day or weekday; a month or year when that is all both give;
* **who**: the lead puts a person or organisation new to the question in the asked role
  (:func:`~briefbot.truth.status.slot.in_role`) and the other names it too — a surname for a full
  name, initials for an organisation ("Federal Aviation Agency" / "FAA") — never the name a
  sentence attributes to;
* **which X**: the lead names a member of the class and the other shares a name of it that is not a
  place or a value;
* **where**: the same place new to the question (a country and its adjective are one place);
* **yes / no**: the same plain stance on the asked predicate (both affirm or both deny it:
  :func:`~briefbot.truth.status.polar.stance`; both only alleging it is one claim too), sharing the
  claim's own words as open claims do;
* **open claims** (why, what, a cause): the lead's answering clause (a sentence may join two
  claims: "… was postponed; it is unclear why") and a clause of the other close in meaning (MiniLM
  cosine ≥ :data:`OPEN_CLOSE`) and sharing at least :data:`OPEN_SHARED` content words by stem that
  the question does not give (what is claimed, not what is asked about).

Never from a sentence that hedges or denies what the lead asserts (:func:`asserts_less`), nor a
date across a forecast and an event (:func:`other_tense`); the
same-event test (:func:`~briefbot.truth.corroboration.one_event`) and the one-text rule are the
caller's.  Grammar and meaning only: no word list names a story's things.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from briefbot.language.ago import relative_years
from briefbot.language.countries import countries_in
from briefbot.language.counts import BOUNDS, NEAR, word_value
from briefbot.language.features import features
from briefbot.language.forecast import is_forecast
from briefbot.language.located import located
from briefbot.language.months import time_labels
from briefbot.language.parse import Parsed, parse
from briefbot.language.question import QuestionFrame
from briefbot.language.text import STOPWORDS, content_words, fold, names, stem, tokens
from briefbot.language.values import weekdays
from briefbot.store.embeddings import encode
from briefbot.truth.evidence import Evidence, explains
from briefbot.truth.status.fill import asked_arguments, close, counted, is_figure, members, prefetch
from briefbot.truth.status.kinds import PLACE
from briefbot.truth.status.polar import LIGHT, SPEECH_VERBS, asked_predicate, stance
from briefbot.truth.status.slot import (
    HOLDER_TYPES,
    asked_class,
    asked_words,
    asks_doer,
    in_role,
    names_a_member,
    slot_kind,
    typed,
)

FIGURE_KINDS = frozenset({"how_many", "figure", "duration", "age"})
OPEN_KINDS = frozenset({"why", "what", "cause"})
OPEN_CLOSE = 0.74
"""MiniLM cosine of the lead's answering clause and a clause of another report at or above which two
open claims (why / what / a cause) can be one claim.  Set on the pairs of realnews dev halves 1 and
3 labelled by hand (lead and other sentence at cosine ≥ 0.55, clauses sharing ≥ 2 claim words): the
two one-claim pairs sit at 0.81 and 0.84 (a passport's name; a quoted post reprinted); the two-claim
pairs at 0.61–0.72 (a vote against vs the panel's vote for; who pushed for a memo vs who showed it;
a charge vs a court's finding)."""
OPEN_SHARED = 2
"""Content words (stems) beyond the question's that two open claims must share: the claim's own
content, not the asked subject both are about."""
CURRENCY = frozenset("$£€¥")
SCALE = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_BOUND_RES = [(re.compile(rf"(?:{p})\s*$", re.I), label) for p, label in BOUNDS]


def claim_kind(frame: QuestionFrame) -> str:
    """The kind of claim the question asks for (its slot kind, else its question kind)."""
    return slot_kind(frame) or str(frame.kind)


# ---------------------------------------------------------------- figures
def token_value(p: Parsed, i: int) -> float | None:
    """The number figure token ``i`` writes ("10", "ten", "1.5" before "million", "6,000"), else None."""
    text = p.tokens[i].text.replace(",", "").lstrip("$£€")
    try:
        value = float(text)
    except ValueError:
        value = word_value(p.tokens[i].text)
        if value is None:
            return None
    nxt = p.tokens[i + 1].text.lower() if i + 1 < len(p.tokens) else ""
    return value * SCALE[nxt] if nxt in SCALE and value < 1000 else value


def bound_of(p: Parsed, i: int) -> str | None:
    """The bound label ("lower", "upper", "about") the words before figure ``i`` put on it (a
    currency sign between them is skipped: "nearly $1 million")."""
    before = " ".join(t.text for t in p.tokens[max(0, i - 4):i] if t.text not in CURRENCY)
    for regex, label in _BOUND_RES:
        if regex.search(before):
            return label
    return None


def values_agree(a: float, bound_a: str | None, b: float, bound_b: str | None) -> bool:
    """Do two written figures state the same value?  Equal numbers with the same kind of bound (or
    none), one the other rounded (:func:`rounded`), or an approximate one ("about") within
    :data:`~briefbot.language.counts.NEAR` of the other; a one-sided bound ("at least nine", "nearly")
    never equals a plain figure or the other side."""
    if bound_a in ("lower", "upper") or bound_b in ("lower", "upper"):
        return bound_a == bound_b and a == b
    if a == b or rounded(a, b) or rounded(b, a):
        return True
    if "about" in (bound_a, bound_b):
        return abs(a - b) <= NEAR * max(a, b)
    return False


def rounded(exact: float, round_: float) -> bool:
    """Is ``round_`` ``exact`` written to fewer places ("$437,000" for "$437,714": both ways of
    rounding)?  Only a figure with at least three trailing zeros is read as rounded."""
    if round_ != int(round_) or round_ == 0:
        return False
    places = len(str(int(round_))) - len(str(int(round_)).rstrip("0"))
    if places < 3:
        return False
    unit = 10 ** places
    return exact != round_ and (int(exact) // unit * unit == round_ or round(exact / unit) * unit == round_)


class Figure(NamedTuple):
    """One figure of a sentence: its value, its bound, and what it counts."""

    value: float
    bound: str | None
    nouns: tuple[str, ...]
    """The counted noun as written and its lemma (empty when the figure counts no noun)."""
    acts: tuple[str, ...]
    """The verb the counted noun is an argument of, as written and its lemma (not a light verb or a
    verb of saying: they count nothing)."""


def _words(p: Parsed, i: int | None) -> tuple[str, ...]:
    if i is None:
        return ()
    return tuple(dict.fromkeys(fold(w).lower() for w in (p.tokens[i].text, p.tokens[i].lemma) if w))


def figures(p: Parsed) -> list[Figure]:
    """Every figure of a parsed sentence (not a year or a date), with what it counts."""
    out = []
    for i, tok in enumerate(p.tokens):
        if not is_figure(tok):
            continue
        value = token_value(p, i)
        if value is None:
            continue
        noun, verb = counted(p, i)
        acts = _words(p, verb)
        if verb is not None and (p.tokens[verb].lemma in LIGHT or p.tokens[verb].lemma in SPEECH_VERBS):
            acts = ()
        out.append(Figure(value, bound_of(p, i), _words(p, noun), acts))
    return out


def _close_any(xs: Iterable[str], ys: Iterable[str]) -> bool:
    return any(close(x, y) for x in xs for y in ys)


def same_thing(a: Figure, b: Figure) -> bool:
    """Do two figures count the same thing?  Their counted nouns mean the same (stem or MiniLM word
    cosine, :func:`~briefbot.truth.status.fill.close`), or the acts they are counted in do."""
    return _close_any(a.nouns, b.nouns) or _close_any(a.acts, b.acts)


def asked_figures(frame: QuestionFrame, found: list[Figure]) -> list[Figure]:
    """The lead's figures of the asked thing: those whose noun or act says an asked word."""
    asked = typed(frame, asked_words(frame))
    return [f for f in found if _close_any([*f.nouns, *f.acts], asked)]


DISTINCT_DIGITS = 3
"""Significant digits from which a written figure is specific to one fact ("$437,714", "9,509",
"437,000"; not "ten", "2,500" or "370,000")."""


def distinctive(value: float) -> bool:
    """Is the figure specific enough that the same value twice in one story is one fact: at least
    :data:`DISTINCT_DIGITS` significant digits?"""
    digits = f"{value:.6f}".rstrip("0").rstrip(".").replace(".", "").lstrip("0").rstrip("0")
    return len(digits) >= DISTINCT_DIGITS


def same_distinctive(mine: list[Figure], theirs: list[Figure]) -> bool:
    """A distinctive figure of the lead (:func:`distinctive`) that the other states too (equal, or one
    the other rounded: :func:`values_agree`), itself distinctive: for a lead whose figure counts no
    asked word ("a delinquent balance of $437,714" for "how much does it owe"), the value is the claim."""
    return any(distinctive(m.value) and distinctive(f.value) and values_agree(m.value, m.bound, f.value, f.bound)
               for m in mine for f in theirs)


def same_figure(frame: QuestionFrame, lead: str, other: str) -> bool:
    """The same number of the same thing (module docstring); the other sentence gives no other value
    of that thing.  A lead with no figure of an asked word matches on a distinctive value
    (:func:`same_distinctive`)."""
    pa, pb = parse(lead), parse(other)
    prefetch(pa, typed(frame, asked_words(frame)))
    prefetch(pb, ())
    theirs = figures(pb)
    found = figures(pa)
    asked = asked_figures(frame, found)
    for mine in asked:
        same = [f for f in theirs if same_thing(mine, f)]
        if same and all(values_agree(mine.value, mine.bound, f.value, f.bound) for f in same):
            return True
    return not asked and same_distinctive(found, theirs)


# ---------------------------------------------------------------- when
def date_labels(text: str, published: str | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """(days and weekdays, months and years) a sentence dates something by; a year relative to the
    article's date ("four years ago", "last year") resolved against ``published``
    (:func:`~briefbot.language.ago.relative_years`)."""
    f = features(text)
    days = frozenset({*(f"day:{d}" for d in f.days), *(f"weekday:{w}" for w in weekdays(text))})
    years = {*f.years, *(str(y) for y in relative_years(text, published))}
    coarse = frozenset({*(f"month:{m}" for m in time_labels(text)), *(f"year:{y}" for y in years)})
    return days, coarse


def same_date(lead: str, other: str, lead_published: str | None = None, other_published: str | None = None) -> bool:
    """The same day (or weekday); a month or year only when neither gives a day.  The other sentence
    gives no date the lead does not.  Relative years are read against each article's own date."""
    (da, ca), (db, cb) = date_labels(lead, lead_published), date_labels(other, other_published)
    if da and db:
        return db <= da
    if da or db:
        return False
    return bool(cb) and cb <= ca


# ---------------------------------------------------------------- who / which / where
def initials(text: str) -> frozenset[str]:
    """Initials of runs of two or more capitalised words ("Federal Aviation Agency" -> "faa")."""
    out = set()
    for m in re.finditer(r"(?:\b[A-Z][\w'’-]*(?:\s+(?:of|the|and|for)\s+|\s+)){1,5}[A-Z][\w'’-]*", text):
        caps = [w[0].lower() for w in m.group(0).split() if w[0].isupper() and w.lower() not in STOPWORDS]
        if len(caps) >= 2:
            out.add("".join(caps))
    return frozenset(out)


def acronyms(text: str) -> frozenset[str]:
    """All-capital words of two or more letters ("FAA"), lower-cased."""
    return frozenset(w.lower() for w in re.findall(r"\b[A-Z]{2,6}\b", text))


PLACE_TYPES = frozenset({"GPE", "LOC", "FAC", "NORP"})
"""Entity types of the setting (a place, a people): the story's where, never a who or which filler."""
VALUE_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
"""Entity types of values, not names."""


def entity_names(text: str, types: frozenset[str] | None = None) -> frozenset[str]:
    """Stems of the sentence's names: the words of its named entities of ``types``; with no ``types``,
    of every entity that is neither a place nor a value, and proper nouns outside any entity."""
    p = parse(text)
    out: set[str] = set()
    for ent in p.entities:
        if (ent.label in types) if types is not None else (ent.label not in PLACE_TYPES | VALUE_TYPES):
            out |= {stem(fold(w)) for w in tokens(ent.text) if w not in STOPWORDS}
    if types is None:
        places = {i for ent in p.entities if ent.label in PLACE_TYPES for i in range(ent.start, ent.end)}
        out |= {stem(fold(t.text)) for i, t in enumerate(p.tokens) if t.pos == "PROPN" and i not in places}
    return frozenset(out)


def role_names(frame: QuestionFrame, text: str, types: frozenset[str] | None = None) -> frozenset[str]:
    """The names (stems) of ``types`` entities (not places, by default) a sentence gives that the
    question does not, less the one it attributes its claim to ("…, Gahler said"): a source is no filler."""
    said = features(text).attribution or ""
    return frozenset(entity_names(text, types) - frame.names - frame.words - names(said))


def shared_name(frame: QuestionFrame, lead: str, other: str, types: frozenset[str] | None = None) -> bool:
    """A name new to the question in both (word by word, so a surname matches a full name), or an
    organisation's initials in one and its full name in the other."""
    if role_names(frame, lead, types) & role_names(frame, other, types):
        return True
    if acronyms(lead) & acronyms(other) - frame.words - frame.names:  # a name written in capitals ("VX")
        return True
    return bool(acronyms(lead) & initials(other) or acronyms(other) & initials(lead))


def same_name(frame: QuestionFrame, lead: str, other: str) -> bool:
    """Who: the lead puts a person or organisation new to the question in the asked role
    (:func:`~briefbot.truth.status.slot.in_role`), and the other sentence names it too (a person or
    organisation entity in both)."""
    return in_role(frame, lead) and shared_name(frame, lead, other, HOLDER_TYPES)


MEMBER_DEPS = frozenset({"compound", "appos", "flat", "conj", "amod", "nmod", "nummod", "poss"})
"""Dependencies by which words make the class word a member ("the DJs, Ada Holm and Bram Koval";
"a 9 mm Acme handgun"; "VX nerve agent"), not a clause about it ("who were impersonating …")."""


NAMED_BY = frozenset({"compound", "appos", "flat"})
"""The class word's dependency when it modifies the member's name ("the security firm Osk Guard")."""


def member_words(frame: QuestionFrame, text: str) -> frozenset[str]:
    """Which X: the stems of the words that make the sentence's member of the asked class specific —
    those attached to the class word (or to the asked verb's specific argument) through
    :data:`MEMBER_DEPS`, the question's own words left out: the member's name, not the setting's."""
    cls = asked_class(frame)
    if cls is None:
        return frozenset()
    p = parse(text)
    given = frame.words | frame.names
    found = members(p, [cls], given) or asked_arguments(
        p, typed(frame, asked_words(frame) - {stem(cls)}), given, subject=asks_doer(frame))
    out: set[str] = set()
    named = [p.tokens[i].head for i in found if p.tokens[i].dep in NAMED_BY]  # "the firm Osk Guard"
    todo = [*named, *(j for i in found for j, t in enumerate(p.tokens) if t.head == i and j != i
                      and t.dep in MEMBER_DEPS)]
    seen: set[int] = set(found)
    while todo:
        j = todo.pop()
        if j in seen:
            continue
        seen.add(j)
        if p.tokens[j].text.isalnum() or p.tokens[j].pos == "PROPN":
            out.add(stem(fold(p.tokens[j].text)))
        todo += [k for k, t in enumerate(p.tokens) if t.head == j and k != j and t.dep in MEMBER_DEPS]
    return frozenset(out - given - STOPWORDS)


def same_member(frame: QuestionFrame, lead: str, other: str) -> bool:
    """Which X: the lead names a member of the asked class
    (:func:`~briefbot.truth.status.slot.names_a_member`) and the other sentence shares a name that is
    not a place or a value, and says a word that makes the lead's member specific
    (:func:`member_words`): two reports of "the DJs, Ada Holm and Bram Koval" and "the two DJs" that
    both name the princess they called share a name, not the member (realnews dev half 3)."""
    if not (names_a_member(frame, lead) and shared_name(frame, lead, other)):
        return False
    said = {stem(fold(w)) for w in tokens(other)}
    return bool(member_words(frame, lead) & said)


def places(frame: QuestionFrame, text: str) -> frozenset[str]:
    """Places a sentence puts something in that the question does not name: names after a place
    preposition, and countries by any form (a country and its adjective are one)."""
    given = frame.names | frame.words
    out = {stem(fold(m.group(1))) for m in PLACE.finditer(text)} - given
    asked = countries_in(frame.text)
    out |= {f"country:{c}" for c in countries_in(text) - asked}
    return frozenset(out)


def same_place(frame: QuestionFrame, lead: str, other: str) -> bool:
    """The same place new to the question; where the lead puts the asked act in places ("lived in X":
    :func:`~briefbot.language.located.located`), one of those: a place the lead names for something
    else ("of Velland ancestry") is not its answer."""
    shared = places(frame, lead) & places(frame, other)
    at_act = located(lead, asked_words(frame))
    if not at_act or not shared:
        return bool(shared)
    words = {stem(fold(w)) for w in tokens(other)}
    return any({stem(fold(w)) for w in tokens(place)} <= words for place in at_act)


# ---------------------------------------------------------------- yes / no
STANCES = frozenset({"affirmed", "denied", "hedged"})
"""Stances two reports can share ("undecided" and "attempted" say no claim was made)."""


def same_stance(frame: QuestionFrame, lead: str, other: str) -> bool:
    """Both take the same stance on the asked predicate (both affirm, both deny, or both only allege
    it: :func:`~briefbot.truth.status.polar.stance`), and share the claim's own words."""
    asked = asked_predicate(frame)
    a, b = stance(lead, asked, frame.words), stance(other, asked, frame.words)
    if a is None or b is None or a.kind not in STANCES or a.kind != b.kind:
        return False
    return len(claim_words(frame, lead) & claim_words(frame, other)) >= OPEN_SHARED


# ---------------------------------------------------------------- open claims
def claim_words(frame: QuestionFrame, text: str) -> frozenset[str]:
    """Content stems of a sentence that the question does not give: what it claims."""
    words = {stem(fold(w)) for w in tokens(text) if w.isalpha() and fold(w) not in STOPWORDS and len(w) > 2}
    return frozenset(words - frame.words - frame.names)


CLAUSE_BREAK = re.compile(r"\s*(?:;|,\s*(?:but|while|though|although|whereas)\b|\s+but\s+)\s*")
"""Where a sentence joins two claims: a semicolon, "but", "while", "though" (not a dash: a dash
sets off an aside, and the clause after it is no claim of its own — realnews half 3: "— and against
making public a competing memo" read alone was close to "voted against releasing the memo")."""
MIN_CLAUSE_WORDS = 3


def clauses_of(text: str) -> list[str]:
    """The sentence's claims (:data:`CLAUSE_BREAK`), the whole sentence when it joins none."""
    parts = [c.strip() for c in CLAUSE_BREAK.split(text) if len(c.split()) >= MIN_CLAUSE_WORDS]
    return parts or [text]


def answering_clause(frame: QuestionFrame, text: str) -> str:
    """The clause of ``text`` that answers: for why and a cause, one that gives a reason when one
    does (:func:`~briefbot.truth.evidence.explains`); of those, the one saying most of the question's
    words (stems)."""
    found = clauses_of(text)
    reasons = [c for c in found if explains(c)] if claim_kind(frame) in ("why", "cause") else []
    return max(reasons or found, key=lambda c: len(content_words(c) & frame.words))


def same_open_claim(frame: QuestionFrame, lead: Evidence, other: Evidence) -> bool:
    """The lead's answering clause (:func:`answering_clause`) and a clause of the other sentence are
    close in meaning (MiniLM cosine ≥ :data:`OPEN_CLOSE`) and share the claim's own words: a sentence
    that repeats only the lead's other clause ("… was postponed; it is unclear why") is not the claim,
    nor is a plain statement the claim of a lead that says something is unclear or alleged."""
    if features(lead.text).hedges and not features(other.text).hedges:
        return False  # "it is unclear how …" is a claim that something is not known
    mine = answering_clause(frame, lead.text)
    theirs = clauses_of(other.text)
    vectors = encode([mine, *theirs])
    close_enough = [c for c, v in zip(theirs, vectors[1:], strict=True) if float(vectors[0] @ v) >= OPEN_CLOSE]
    return any(len(claim_words(frame, mine) & claim_words(frame, c)) >= OPEN_SHARED for c in close_enough)


# ---------------------------------------------------------------- guard
NEGATION_DEPS = frozenset({"neg"})


def negations(text: str) -> int:
    """How many negations the sentence's parse holds ("not", "never", "no one" as a determiner)."""
    return sum(1 for t in parse(text).tokens if t.dep in NEGATION_DEPS)


def asserts_less(lead: str, other: str) -> bool:
    """Does ``other`` hedge what the lead states plainly, or negate where the lead does not?"""
    if features(other).hedges and not features(lead).hedges:
        return True
    return negations(other) > negations(lead)


def other_tense(lead: str, other: str) -> bool:
    """Does one sentence tell what is expected and the other what happened?  An expected date is not
    the day it happened ("may vote as soon as Monday" / "voted Monday")."""
    return is_forecast(lead) != is_forecast(other)


def same_claim(frame: QuestionFrame, lead: Evidence, other: Evidence) -> bool:
    """Does ``other`` state the lead's asked claim (module docstring)?  False for a kind with no
    comparable claim."""
    if asserts_less(lead.text, other.text):
        return False
    kind = claim_kind(frame)
    if kind in FIGURE_KINDS:
        return same_figure(frame, lead.text, other.text)
    if kind == "when":
        return not other_tense(lead.text, other.text) and same_date(lead.text, other.text, lead.published,
                                                                     other.published)
    if kind == "who":
        return same_name(frame, lead.text, other.text)
    if kind == "class":
        return same_member(frame, lead.text, other.text)
    if kind == "where":
        return same_place(frame, lead.text, other.text)
    if kind == "yes_no":
        return same_stance(frame, lead.text, other.text)
    if kind in OPEN_KINDS:
        return same_open_claim(frame, lead, other)
    return False

