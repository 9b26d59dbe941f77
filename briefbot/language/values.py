"""Values a sentence gives for an asked slot, in a form two reports can be compared in.

* **weekdays** — "announced on Tuesday" (:func:`weekdays`);
* **amounts** — money and percentages with the word they measure ("the average bill from $65
  to $70": the current value is $70, the from-value is history, not a rival figure;
  "now averaging $75 a household"), with their bound ("about $70") (:func:`amounts`);
* **place names** — the name a place noun carries ("in Carrow village", "the village of
  Carrow") and street addresses ("6801 East Highway 80") (:func:`place_names`, :func:`addresses`);
* **instances** — the number that picks one of a series ("the first season", "season 4", "the 93rd
  awards": :func:`instance_marks`), so "the tenth season" is known to be another season than the first;
* **one name or two** — different spellings of one name are one name ("Ada Holm-Ren" /
  "Ada Holm Ren", "Carow" / "Carrow"), different names are two (:func:`same_name`).

Grammar only: currency signs and words, bound words, compass abbreviations and the weekday
names are closed classes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefbot.language.counts import BOUNDS, interval
from briefbot.language.parse import Parsed
from briefbot.language.text import STOPWORDS, WEEKDAYS, fold, stem, tokens

HEAD_WINDOW = 4
"""A figure measures at most this many words of the phrase before it ("the average Detroiter's
bill from $65 to $70": bill, Detroiter, average); also the words right after it ("$75 a household")."""
SPELLING_SLACK = 1
"""Two names of at least :data:`SPELLING_MIN` letters that differ by at most this many letter edits
are one name spelt two ways ("Carrow"/"Carow")."""
SPELLING_MIN = 5
ROUND_STEP = 100
CUT_OFF = 0.01
"""A rounded-looking figure within this share of a precise one is that figure cut off ("$437,000"
for "$437,714"), not a rival."""
"""A figure ending in at least two zeros ("$70,000", "1,500") may be a rounding of a more precise one."""

_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b", re.I)
_CURRENCY_WORDS = "dollars?|euros?|pounds?|yuan|yen|rupees?|pesos?|francs?|crowns?"
_SCALE = r"(?:\s*(?:thousand|million|billion|trillion|[mbk]n?)\b)?"
_FIGURE = rf"(?:[$£€]\s?\d[\d,]*(?:\.\d+)?{_SCALE}|\d[\d,]*(?:\.\d+)?{_SCALE}\s*(?:{_CURRENCY_WORDS}|%|percent\b))"
_BOUND = "|".join(f"(?:{p})" for p, _ in BOUNDS)
_AMOUNT = re.compile(rf"(?:\b(?P<bound>{_BOUND})\s+)?(?P<fig>{_FIGURE})", re.I)
_FROM_TO = re.compile(rf"\bfrom\s+(?P<old>{_FIGURE})\s+to\s+(?P<new>{_FIGURE})", re.I)
_RANGE = re.compile(rf"(?P<lo>{_FIGURE})\s*(?:-|–|to|and)\s*(?P<hi>{_FIGURE})", re.I)
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "b": 1e9,
           "bn": 1e9, "trillion": 1e12}
_CLAUSE = re.compile(r"[;:()\u2014\u2013]|,\s+(?:and|but|while|which|who|though|although)\b|\s-\s")


@dataclass(frozen=True)
class Amount:
    """A figure of money or a share, the unit, its interval and the words it measures."""

    unit: str
    low: float
    high: float
    text: str
    heads: frozenset[str]
    """Stems of the words the figure measures (before it within :data:`HEAD_WINDOW`, or right after)."""


def weekdays(text: str) -> frozenset[str]:
    """The weekday names ``text`` gives ("on Tuesday" -> tuesday)."""
    return frozenset(m.lower() for m in _WEEKDAY.findall(text))


def _unit(fig: str) -> str:
    f = fig.lower()
    if "%" in f or "percent" in f:
        return "%"
    sign = re.search(r"[$£€]", f)
    if sign:
        return sign.group(0)
    word = re.search(_CURRENCY_WORDS, f)
    return re.sub(r"s$", "", word.group(0)) if word else ""


def _value(fig: str) -> float:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", fig)
    value = float(m.group(0).replace(",", "")) if m else 0.0
    scale = re.search(r"\d\s*(thousand|million|billion|trillion|bn|mn|[mbk])\b", fig.lower())
    return value * _SCALES[scale.group(1)] if scale else value


PHRASE_BREAK = frozenset(
    "the a an this that these those its their his her our your for to of in on at by with from into over "
    "is are was were be been has have had and or but which who whose while than".split())
"""Function words that end the phrase a figure measures, walking away from it ("increasing *the*
average Detroiter's bill from $65 to $70": average, Detroiter, bill)."""
LINKS = frozenset(
    "is are was were be been being to at now rose risen fell fallen reached hit stood stands stand "
    "totaled totalled came come increased decreased jumped dropped climbed grew".split())
"""A copula or a verb of change between a subject and its figure ("the bill rose to $44")."""
AFTER_SKIP = frozenset("a an per in of each".split())
"""Words between a figure and what it measures after it ("$75 a household", "$175 million in unpaid bills")."""


def _heads(before: str, after: str) -> frozenset[str]:
    """The words a figure measures: the phrase right before it, up to :data:`HEAD_WINDOW` words back
    to a function word or a clause break, and the first content words right after it."""
    out: set[str] = set()
    back = list(reversed(tokens(fold(re.split(r"[,;:()\u2014\u2013]", before)[-1]))[-HEAD_WINDOW * 3:]))
    while back and back[0] in LINKS:  # "the bill rose to $44", "the fare is $4": the subject is measured
        back = back[1:]
    for t in back:
        if t in PHRASE_BREAK or len(out) >= HEAD_WINDOW:
            break
        if t not in STOPWORDS and not t[0].isdigit():
            out.add(stem(t))
    ahead = tokens(fold(re.split(r"[,;:()\u2014\u2013]", after)[0]))
    i = 0
    while i < len(ahead) and ahead[i] in AFTER_SKIP:
        i += 1
    out |= {stem(t) for t in ahead[i:i + 2] if t not in STOPWORDS and t not in PHRASE_BREAK and not t[0].isdigit()}
    return frozenset(out)


def amounts(text: str) -> list[Amount]:
    """The money and percentage figures of ``text``, each with the words it measures.

    In "from $65 to $70" only $70 is a value now (the change's result); in "$65 to $75" or
    "$65-$75" the two are one range."""
    out: list[Amount] = []
    skip: list[tuple[int, int]] = []
    for m in _FROM_TO.finditer(text):
        new = m.group("new")
        heads = _heads(text[:m.start()], text[m.end():])
        out.append(Amount(_unit(new), _value(new), _value(new), new, heads))
        skip.append(m.span())
    for m in _RANGE.finditer(text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        lo, hi = _value(m.group("lo")), _value(m.group("hi"))
        if _unit(m.group("lo")) == _unit(m.group("hi")) and lo < hi:
            out.append(Amount(_unit(m.group("hi")), lo, hi, m.group(0), _heads(text[:m.start()], text[m.end():])))
            skip.append(m.span())
    for m in _AMOUNT.finditer(text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        fig = m.group("fig")
        low, high = interval(_value(fig), m.group("bound"))
        out.append(Amount(_unit(fig), low, high, m.group(0).strip(), _heads(text[:m.start()], text[m.end():])))
    return out


def rounded_equal(a: Amount, b: Amount) -> bool:
    """Do two exact figures agree once the more precise is rounded or cut off like the other
    ("$70,000" and "$70,246" or "$70,714"; "1.5 million" and "1,480,000")?  Only a figure with at least
    :data:`ROUND_STEP` as its step reads as rounded ("$70" vs "$74" is no rounding)."""
    x, y = sorted((a.low, b.low), key=_precision, reverse=True)
    step = _precision(x)
    if step < ROUND_STEP:
        return False
    return abs(y - x) * 2 < step or abs(y - x) <= CUT_OFF * max(x, y)  # rounded, or cut off


def _precision(v: float) -> float:
    """The rounding step of a figure: 70 -> 10, 70246 -> 1, 1.5e6 -> 1e5."""
    if v == 0 or v != int(v):
        return 0.0
    step = 1.0
    while v % (step * 10) == 0:
        step *= 10
    return step


def amounts_agree(a: Amount, b: Amount) -> bool:
    """Same unit and intervals that meet, or one a rounding of the other."""
    if a.unit != b.unit:
        return True  # not comparable: no disagreement
    return not (a.high < b.low or b.high < a.low) or rounded_equal(a, b)


_PLACE_BEFORE = r"((?:[A-Z][\w'’-]+\s+){1,3})"
_ADDRESS = re.compile(
    r"\b\d{2,6}\s+((?:[NSEW]\.?\s+|(?:North|South|East|West)\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}(?:\s+\d{1,4}\b)?)")
_COMPASS = {"n": "north", "s": "south", "e": "east", "w": "west"}


def place_names(text: str, head: str) -> frozenset[str]:
    """The names ``text`` gives a place noun whose stem is ``head`` ("in Carrow village", "the
    village of Carrow", "Carrow Village"), folded; empty when the noun carries no name."""
    out: set[str] = set()
    for m in re.finditer(rf"{_PLACE_BEFORE}(\w+)\b", text):
        if stem(m.group(2).lower()) == head:
            name = " ".join(w for w in m.group(1).split() if w.lower() not in STOPWORDS)
            if name:
                out.add(fold(name).lower())
    for m in re.finditer(r"\b(\w+)\s+of\s+((?:[A-Z][\w'’-]+\s*){1,3})", text):
        if stem(m.group(1).lower()) == head:
            out.add(fold(m.group(2).strip()).lower())
    return frozenset(out)


def addresses(text: str) -> frozenset[str]:
    """Street addresses ("6801 East Highway 80", "6801 E. Business 20"), normalized: the number,
    the compass word written out, the rest folded."""
    out: set[str] = set()
    for m in _ADDRESS.finditer(text):
        parts = m.group(1).split()
        words = [_COMPASS.get(p.rstrip(".").lower(), p.rstrip(".").lower()) for p in parts]
        if len(words) >= 2:
            out.add(" ".join([m.group(0).split()[0], *words]))
    return frozenset(out)


def _letters(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(name).lower())


def _edits(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def same_name(a: str, b: str) -> bool:
    """One name spelt two ways: equal letters once case, accents, spaces and hyphens are dropped
    ("Ada Holm-Ren" / "Ada Holm Ren"), or at most :data:`SPELLING_SLACK` letter edits apart
    when both are long enough ("Carrow" / "Carow")."""
    x, y = _letters(a), _letters(b)
    if x == y:
        return True
    return min(len(x), len(y)) >= SPELLING_MIN and _edits(x, y) <= SPELLING_SLACK


ORDINAL_WORDS = {w: n for n, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=1)}
_ORDINAL_DIGITS = re.compile(r"(\d{1,3})(?:st|nd|rd|th)")
_SERIAL = re.compile(r"\d{1,3}")
MARK_DEPS = frozenset({"amod", "nummod"})
"""How the number that picks an instance joins its noun ("the fourth season", "season 4")."""


def serial(word: str) -> int | None:
    """The number an ordinal or a small cardinal says ("fourth", "4th", "4" → 4); None otherwise
    (a year or a figure with separators picks no instance)."""
    low = word.lower()
    if low in ORDINAL_WORDS:
        return ORDINAL_WORDS[low]
    m = _ORDINAL_DIGITS.fullmatch(low) or _SERIAL.fullmatch(low)
    return int(m.group(1) if m.re is _ORDINAL_DIGITS else m.group(0)) if m else None


def instance_marks(p: Parsed) -> dict[str, frozenset[int]]:
    """Per noun (its stem), the numbers that pick which one of a series it is: an ordinal joined to it,
    or a small number after it ("the first season" → season: {1}; "season 4", "the fourth season" →
    {4}; "the 93rd Academy Awards" → award: {93}) — a number before it counts ("4 seasons").  Nouns
    without one are left out."""
    out: dict[str, set[int]] = {}
    for i, tok in enumerate(p.tokens):
        if tok.pos not in ("NOUN", "PROPN"):
            continue
        for j, child in enumerate(p.tokens):
            if child.head != i or j == i or child.dep not in MARK_DEPS:
                continue
            n = serial(child.text)
            if n is not None and (child.dep == "amod" or child.pos == "NUM" and j > i):  # "4 seasons" counts
                out.setdefault(stem(fold(tok.text)), set()).add(n)
    return {k: frozenset(v) for k, v in out.items()}


def other_instance(asked: dict[str, frozenset[int]], given: dict[str, frozenset[int]]) -> bool:
    """Does a sentence with marks ``given`` speak of another instance of a noun the question picks
    by number (``asked``): the same noun, numbered, and none of its numbers the asked one ("the tenth
    season" for "the first season")?"""
    return any(noun in given and not given[noun] & numbers for noun, numbers in asked.items())
