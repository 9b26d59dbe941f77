"""Competing fillers of the asked slot: two reports give the asked value differently.

The conflict tests of :mod:`briefbot.truth.conflicts` compare near-paraphrases.  Real outlets
report one value in differently built sentences ("DWSD announced a $1 million fund on
Tuesday" / "the water department on Wednesday announced plans to use $1 million"), so here
the test starts from the *question's slot*: every story sentence that fills it is found and
two fillers from different articles about the same asked event are compared.

* **weekday** (when) — each names one weekday, different ones, and both carry at least
  :data:`WHEN_SHARED` of the question's predicate words (and its numbers); the same for one month
  or season each, different times ("In June, the airline started testing" / "testing since last
  fall": :func:`month_conflict`, :mod:`briefbot.language.months`);
* **amount** (how much, "what's the average bill") — each gives a money or percentage figure
  measuring the same asked word, in the same unit, and the figures do not meet: "from $65 to
  $70" gives $70 now; a range holds a point inside it; "about $70" reaches $75; "$70" is
  "$70,246" rounded (:func:`briefbot.language.values.amounts_agree`);
* **place** (what village, what address) — each gives the asked place noun a name (or a street
  address), and the names differ beyond spelling ("Ada Holm-Ren"/"Ada Holm Ren" are one name).

* **where** (a where-question naming no place noun: "where did she live") — each puts the asked
  act in a place by a preposition of the asked verb (:func:`briefbot.language.located.located`),
  the places are different names, neither sentence names the other's place ("Ardmoor, Velland"
  holds a town in its province), and a country is never set against a place that may lie in it;
* **year** (a question asking for the year: "what year did it open") — each gives one year,
  different ones, for the asked event (as many shared question words as a weekday rival needs).

Different years are different times, never competing values — except when the year is asked.
A sentence that itself gives two values for the slot is no side.  Grammar only: the place nouns are a closed class.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefbot.language.countries import countries_in
from briefbot.language.counts import count_conflict, counts
from briefbot.language.located import located
from briefbot.language.months import labels_apart, time_labels
from briefbot.language.parse import parse
from briefbot.language.text import content_words, fold, names, numbers, stem, tokens
from briefbot.language.values import Amount, addresses, amounts, amounts_agree, place_names, same_name, weekdays
from briefbot.store.embeddings import encode_word
from briefbot.truth.conflicts import (
    SAME_EVENT_SIMILARITY,
    TIME_WORDS,
    Claim,
    Disagreement,
    denies,
    non_answer,
    similarity,
    unattributed,
)

WHEN_SHARED = 2
"""Two weekday fillers are one asked event when both carry this many of the question's
predicate words (an announcement of a fund: "announced", "million")."""
PLACE_NOUNS = frozenset(stem(w) for w in (
    "village town city county province district region state country island neighborhood neighbourhood "
    "suburb street road avenue highway address location").split())
"""Nouns that name a kind of place (a closed class): "what village", "the address of"."""
ADDRESS_WORDS = frozenset(stem(w) for w in "address located location".split())


@dataclass(frozen=True)
class Slot:
    """What the question asks to be filled, and its predicate words."""

    kind: str
    """"weekday", "amount", "place", "where" or "year"."""
    asked: frozenset[str]
    """The question's predicate words (stems), frame words removed."""
    numbers: frozenset[str] = frozenset()
    heads: frozenset[str] = frozenset()
    """Place nouns asked ("village"), for a place slot."""
    count: bool = False
    """A how-many question: counts of things are values too, not only money and shares."""
    names: frozenset[str] = frozenset()
    """The question's names (stems): the asked event's participants."""


def slot_of(kind: str, words: frozenset[str], nums: frozenset[str] = frozenset(),
            asked_names: frozenset[str] = frozenset(), asks_year: bool = False) -> Slot | None:
    """The comparable slot of a question of ``kind`` with predicate stems ``words`` (and names
    ``asked_names``): when -> weekday (year when ``asks_year``); how many/much or what -> amount;
    a place noun among the words -> place; where without one -> where."""
    places = words & PLACE_NOUNS
    if places and kind in ("what", "where", "which"):
        return Slot("place", words - places, nums, places, names=asked_names)
    if kind == "where":
        return Slot("where", words, nums, names=asked_names)
    if kind == "when" and asks_year:
        return Slot("year", words, nums, names=asked_names)
    if kind == "when":
        return Slot("weekday", words, nums, names=asked_names)
    if kind in ("how_many", "what"):
        return Slot("amount", words, nums, count=kind == "how_many", names=asked_names)
    return None


def _shared(a: Claim, b: Claim, slot: Slot) -> frozenset[str]:
    return slot.asked & content_words(a.text) & content_words(b.text)


def _numbers_kept(c: Claim, slot: Slot) -> bool:
    return slot.numbers <= numbers(c.text)


def weekday_conflict(a: Claim, b: Claim, slot: Slot) -> tuple[str, str] | None:
    """Each claim names one weekday, different ones, for the asked event (module docstring)."""
    wa, wb = weekdays(a.text), weekdays(b.text)
    if len(wa) != 1 or len(wb) != 1 or wa == wb:
        return None
    if len(_shared(a, b, slot)) < WHEN_SHARED or not (_numbers_kept(a, slot) and _numbers_kept(b, slot)):
        return None
    return "date", f"{next(iter(wa)).title()} vs {next(iter(wb)).title()}"


def month_conflict(a: Claim, b: Claim, slot: Slot) -> tuple[str, str] | None:
    """Each claim places the asked event in one month or season, and they are different times (a
    month outside the other's season), sharing as many words of the question as a weekday rival
    needs — here a name of the question both give counts as one (the asked event's participant)."""
    la, lb = time_labels(a.text), time_labels(b.text)
    if len(la) != 1 or len(lb) != 1:
        return None
    x, y = next(iter(la)), next(iter(lb))
    if not labels_apart(x, y):
        return None
    shared = _shared(a, b, slot) | (slot.names & names(a.text) & names(b.text))
    if len(shared) < WHEN_SHARED or not (_numbers_kept(a, slot) and _numbers_kept(b, slot)):
        return None
    return "date", f"{_label(x)} vs {_label(y)}"


def _label(label: str) -> str:
    return label.split(":", 1)[-1] if label.startswith("season:") else label.title()


def when_conflict(a: Claim, b: Claim, slot: Slot) -> tuple[str, str] | None:
    """Two weekdays, else two months or seasons, for the asked event."""
    return weekday_conflict(a, b, slot) or month_conflict(a, b, slot)


def measured(c: Claim, slot: Slot) -> list[Amount]:
    """The claim's figures that measure an asked word."""
    return [x for x in amounts(c.text) if x.heads & slot.asked]


def count_rivals(a: Claim, b: Claim, slot: Slot) -> tuple[str, str] | None:
    """Counts of one thing that do not meet ("four people are in custody" / "three people in
    custody"), in two claims that share a word of the counted state or act besides the thing
    (custody) and of which one carries a word of the question; not when the numbers count
    different acts ("killed" / "injured") or fall on two different weekdays."""
    ta, tb = unattributed(a), unattributed(b)
    found = count_conflict(ta, tb)
    if found is None:
        return None
    acts_a = {c.thing for c in counts(ta) if c.text == found[0].text} - {found[0].thing}
    acts_b = {c.thing for c in counts(tb) if c.text == found[1].text} - {found[1].thing}
    if acts_a and acts_b and not acts_a & acts_b:
        return None  # "three people were killed" / "four people were injured": two acts
    context = (content_words(a.text) & content_words(b.text)) - {found[0].thing} - proper_in_both(a.text, b.text)
    context -= numbers(a.text) | numbers(b.text) | TIME_WORDS
    wa, wb = weekdays(a.text), weekdays(b.text)
    if not (context or same_holder_verb(ta, tb, found[0].text, found[1].text)):
        return None
    if (wa and wb and not wa & wb) or not one_scene(a, b, slot.names):
        return None
    if not (slot.asked & (content_words(a.text) | content_words(b.text)) or names_asked(found[0].thing, slot)):
        return None
    return "number", f"{found[0].text.lower()} vs {found[1].text.lower()}"


def counting_verb(text: str, figure: str) -> str | None:
    """The lemma of the verb whose argument the figure counts ("has six aircraft": have; "will
    have five aircraft on standby": have), from the parse; None when it hangs from no verb."""
    last = figure.split()[-1].lower() if figure.split() else ""
    p = parse(text)
    for tok in p.tokens:
        if tok.text.lower() != last or tok.pos != "NUM":
            continue
        noun = p.tokens[tok.head]
        verb = p.tokens[noun.head]
        if verb.pos in ("VERB", "AUX"):
            return verb.lemma
    return None


def same_holder_verb(a: str, b: str, fa: str, fb: str) -> bool:
    """Do the two figures count the argument of one verb ("Acme has six aircraft" / "the firm will
    have five aircraft on standby")?  Then they share the counted state, as a shared word would show."""
    va = counting_verb(a, fa)
    return va is not None and va == counting_verb(b, fb)


WORD_CLOSE = 0.58
"""MiniLM cosine at which a counted noun says an asked word ("aircraft" for "planes"), as the slot
filler's word test uses (:data:`briefbot.truth.status.fill.WORD_CLOSE`)."""


def names_asked(thing: str, slot: Slot) -> bool:
    """Does the counted noun say one of the asked words by meaning ("aircraft" for "how many planes")?"""
    if not thing.isalpha():
        return False
    vec = encode_word(thing)
    return any(w.isalpha() and float(vec @ encode_word(w)) >= WORD_CLOSE for w in slot.asked)


def proper_in_both(a: str, b: str) -> frozenset[str]:
    """The names of two sentences, less a word one of them writes in lower case: "the games" and
    "the Games" share an event word, not a participant."""
    lower = {w for t in (a, b) for w in content_words(" ".join(x for x in t.split() if x[:1].islower()))}
    return (names(a) | names(b)) - lower


def one_scene(a: Claim, b: Claim, asked_names: frozenset[str] = frozenset()) -> bool:
    """Could two claims be about one event: they share a name (or a country), or name nothing to
    tell them apart, or are close in meaning (MiniLM cosine ≥ :data:`SAME_EVENT_SIMILARITY`), or
    each names one of the question's names (in the sentence or its article's title: "Orvane Rescue
    has six aircraft" and "for the Velmar games, the firm will have five" for "how many planes has
    Orvane Rescue lined up for Velmar")?  "three people were killed at the Norvale warehouse" and
    "four people were shot in Masontown" name different places: two events."""
    pa, pb = party_keys(_after_first_word(a.text)), party_keys(_after_first_word(b.text))
    if asked_names and all((names(c.text) | names(c.context)) & asked_names for c in (a, b)):
        return True
    return not (pa and pb) or _same_party(pa, pb) or similarity(a, b) >= SAME_EVENT_SIMILARITY


def _after_first_word(text: str) -> str:
    """The sentence without its first word, whose capital says nothing ("Four people ...")."""
    parts = text.split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def amount_conflict(a: Claim, b: Claim, slot: Slot) -> tuple[str, str] | None:
    """Figures of the same asked measure, same unit, that do not agree (module docstring); for a
    how-many question also counts of one thing (:func:`count_rivals`)."""
    if slot.count:
        found = count_rivals(a, b, slot)
        if found is not None:
            return found
    for x in measured(a, slot):
        rivals = [y for y in measured(b, slot) if y.unit == x.unit and x.heads & y.heads & slot.asked]
        same_a = [z for z in measured(a, slot) if z.unit == x.unit and z.heads & x.heads & slot.asked]
        if rivals and not any(amounts_agree(z, y) for z in same_a for y in rivals):
            return "number", f"{x.text} vs {rivals[0].text}"
    return None


def place_values(c: Claim, slot: Slot) -> frozenset[str]:
    """The names the claim gives the asked place nouns, and its street addresses when an address
    or a location is asked."""
    found: set[str] = set()
    for head in slot.heads - ADDRESS_WORDS:
        found |= place_names(c.text, head)
    if slot.heads & ADDRESS_WORDS:
        found |= addresses(c.text)
    return frozenset(found)


def place_conflict(a: Claim, b: Claim, slot: Slot) -> tuple[str, str] | None:
    """Each claim gives the asked place one name, and the names are different names, not
    spellings of one (module docstring)."""
    pa, pb = place_values(a, slot), place_values(b, slot)
    if len(pa) != 1 or len(pb) != 1:
        return None
    x, y = next(iter(pa)), next(iter(pb))
    if same_name(x, y):
        return None
    if slot.heads & ADDRESS_WORDS and not _shared(a, b, slot):
        return None  # an address of another building
    return "place", f"{x.title()} vs {y.title()}"


def _asked_place(name: str, slot: Slot) -> bool:
    """A place the question itself names ("where in Velland did she live": Velland is no answer)."""
    words = {stem(w) for w in tokens(name)}
    return bool(words) and words <= slot.asked | slot.names


def located_places(c: Claim, slot: Slot) -> frozenset[str]:
    """The places the claim puts the asked act in, less the places the question names."""
    return frozenset(x for x in located(c.text, slot.asked) if not _asked_place(x, slot))


def where_conflict(a: Claim, b: Claim, slot: Slot) -> tuple[str, str] | None:
    """Each claim puts the asked act in a place, the places differ, and neither contains the other
    (module docstring): "lived with his wife in Ardmoor" / "who lived in Brennick for 60 years"."""
    pa, pb = located_places(a, slot), located_places(b, slot)
    if not pa or not pb or any(same_name(x, y) for x in pa for y in pb):
        return None
    ta, tb = fold(a.text).lower(), fold(b.text).lower()
    if any(x in tb for x in pa) or any(y in ta for y in pb):
        return None  # one names the other's place: "Ardmoor, Velland" holds Ardmoor in Velland
    ca, cb = countries_in(" ".join(sorted(pa))), countries_in(" ".join(sorted(pb)))
    if bool(ca) != bool(cb):
        return None  # a country against a place that may lie in it
    if not one_scene(_without(a, pa), _without(b, pb), slot.names):
        return None  # other parties, another act: the places themselves do not tell scenes apart
    return "place", f"{' and '.join(sorted(pa)).title()} vs {' and '.join(sorted(pb)).title()}"


def _without(c: Claim, places: frozenset[str]) -> Claim:
    """The claim with its given places blanked out, for :func:`one_scene` (the places differ by assumption)."""
    text = c.text
    for x in places:
        text = re.sub(re.escape(x), " ", text, flags=re.I)
    return replace(c, text=text)


def year_rival(a: Claim, b: Claim, slot: Slot) -> tuple[str, str] | None:
    """Each claim gives one year, different ones, for the asked event: both carry at least
    :data:`WHEN_SHARED` of the question's words between them (a name of the question counts) and each
    carries one ("the second pregnancy ended in 1996" / "she ended the pregnancy in 1997")."""
    ya, yb = a.features.years, b.features.years
    if len(ya) != 1 or len(yb) != 1 or ya == yb:
        return None
    asked = slot.asked | slot.names
    if not (asked & content_words(a.text) and asked & content_words(b.text)):
        return None
    shared = _shared(a, b, slot) | (slot.names & names(a.text) & names(b.text))
    if len(shared) < WHEN_SHARED and not (shared and one_scene(a, b, slot.names)):
        return None
    if not (_numbers_kept(a, slot) and _numbers_kept(b, slot)):
        return None
    return "year", f"{next(iter(ya))} vs {next(iter(yb))}"


RULES = {"weekday": when_conflict, "amount": amount_conflict, "place": place_conflict,
         "where": where_conflict, "year": year_rival}


def different_years(a: Claim, b: Claim) -> bool:
    ya, yb = a.features.years, b.features.years
    return bool(ya and yb and not ya & yb)


def slot_rivals(slot: Slot, claims: Sequence[Claim], limit: int = 1) -> list[Disagreement]:
    """Pairs of claims from different articles that fill ``slot`` with competing values."""
    rule = RULES[slot.kind]
    out: list[Disagreement] = []
    for i, a in enumerate(claims):
        for b in claims[i + 1:]:
            if a.article_id == b.article_id or (slot.kind != "year" and different_years(a, b)):
                continue
            found = rule(a, b, slot)
            if found is not None:
                out.append(Disagreement(found[0], (a.side(), b.side()), found[1]))
                if len(out) >= limit:
                    return out
    return out


AGENCY = frozenset(stem(w) for w in (
    "responsibility responsible involvement involved role behind blame culpability complicity "
    "orchestrated ordered").split())
"""Words saying who did it: a party "denied any responsibility", "denies involvement", "was behind" it."""
AGENCY_WINDOW = 6
"""An agency word at most this many words after a denial verb is what the denial rejects."""
PARTY_WINDOW = 4
"""The denying party is named in at most this many words before the denial verb."""
DENIAL_VERBS = frozenset("deny denied denies denying rejected rejects dismissed".split())
_BY_PARTY = re.compile(r"\bby\s+(?:the\s+)?((?:[A-Z][\w'’.-]*\s*){1,4})")


def party_keys(fragment: str) -> frozenset[str]:
    """Who ``fragment`` names: its name stems and its countries (a demonym and its country are one:
    "North Korean agents" and "North Korea")."""
    return names(fragment) | frozenset(f"country:{c}" for c in countries_in(fragment))


def _same_party(x: frozenset[str], y: frozenset[str]) -> bool:
    cx, cy = {k for k in x if k.startswith("country:")}, {k for k in y if k.startswith("country:")}
    if cx and cy:
        return bool(cx & cy)
    return bool((x - cx) & (y - cy))


def denied_agency(text: str) -> frozenset[str]:
    """The party that denies having done it ("Carrow denied any responsibility for the fire"):
    who is named just before a denial verb in force whose object is an agency word; empty when
    the sentence denies nothing of the kind (or the denial is itself negated)."""
    words = text.split()
    low = [tokens(fold(w))[0] if tokens(fold(w)) else "" for w in words]
    for i, w in enumerate(low):
        if w not in DENIAL_VERBS or any(t in ("not", "never") or t.endswith("n't") for t in low[max(0, i - 3):i]):
            continue
        if not {stem(t) for t in low[i + 1:i + 1 + AGENCY_WINDOW]} & AGENCY:
            continue
        party = party_keys(" ".join(words[max(0, i - PARTY_WINDOW):i]))
        if party:
            return party
    return frozenset()


def accused(text: str) -> frozenset[str]:
    """The parties ``text`` names as doers: after "by" ("an attack by Carrow agents"), or just before
    an agency word ("Carrow was behind it") — when the sentence denies nothing itself."""
    if denies(text) or non_answer(text):
        return frozenset()
    out: set[str] = set()
    for m in _BY_PARTY.finditer(text):
        out |= party_keys(m.group(1))
    words = text.split()
    for i, w in enumerate(words):
        if {stem(t) for t in tokens(fold(w))} & AGENCY:
            out |= party_keys(" ".join(words[max(0, i - PARTY_WINDOW):i]))
    return frozenset(out)


def agency_conflict(a: Claim, b: Claim) -> tuple[str, str] | None:
    """One report names a party as the doer, and the party denies it (in the other report)."""
    for x, y in ((a, b), (b, a)):
        party = denied_agency(y.text)
        if party and _same_party(accused(x.text), party):
            return "claim", "one report names who did it, the named party denies it"
    return None


def agency_rivals(claims: Sequence[Claim], limit: int = 1) -> list[Disagreement]:
    """Pairs where one claim names the doer and the other is that party's denial, the accusation
    first (any articles: a denial is always a party's reported word)."""
    out: list[Disagreement] = []
    for i, a in enumerate(claims):
        for b in claims[i + 1:]:
            found = agency_conflict(a, b)
            if found is not None:
                first, second = (a, b) if denied_agency(b.text) else (b, a)
                out.append(Disagreement(found[0], (first.side(), second.side()), found[1]))
                if len(out) >= limit:
                    return out
    return out
