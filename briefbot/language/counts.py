"""Counted amounts written in digits or in words, with the bound a sentence puts on them.

"four people are in custody", "at least nine were arrested", "nearly 1,000 homes", "dozens of
protesters": each is a :class:`Count` of a *thing* (the noun after the number, and the verb a
number is the subject of: "nine were arrested" counts arrests) over an interval of values.
Two counts of one thing contradict only when their intervals do not meet: "at least nine" and
"ten" agree, "at least nine" and "eight" do not (:func:`contradicts`).

Grammar only: number words, the scale words, and the bound words ("at least", "more than",
"nearly", "about", "up to") are closed classes, one labelled row each.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from briefbot.language.text import IRREGULAR, STOPWORDS, stem

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
"""The number words: units, tens and scales ("twenty-five", "two hundred", "1.5 million")."""
VAGUE = {"dozen": (12.0, 12.0), "dozens": (24.0, 199.0), "hundreds": (200.0, 999.0),
         "thousands": (2_000.0, 999_999.0), "millions": (2e6, 999e6), "couple": (2.0, 2.0)}
"""Number words that give a range ("dozens of protesters": at least 24, under 200)."""

BOUNDS: tuple[tuple[str, str], ...] = (
    (r"at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of|upwards\s+of|more\s+than|over|in\s+excess\s+of"
     r"|greater\s+than|higher\s+than", "lower"),
    (r"at\s+most|no\s+more\s+than|up\s+to|fewer\s+than|less\s+than|under|below|nearly|almost|just\s+under"
     r"|a\s+maximum\s+of", "upper"),
    (r"about|around|roughly|approximately|some|an\s+estimated|estimated|close\s+to|nearly|almost|or\s+so", "about"),
)
"""Words before a number that bound it (labelled rows): "at least 9" is 9 or more, "nearly 10" is
a bit under 10, "about 10" is near 10.  "nearly"/"almost" are an upper bound that is also near."""
NEAR = 0.15
"""An approximate figure ("about 80", "nearly 80") reaches this share either side (below, for nearly)."""
STRICT = {"more than", "over", "in excess of", "greater than", "higher than", "fewer than", "less than",
          "under", "below", "nearly", "almost", "just under"}
"""Bounds that exclude the number itself: "more than eight" is not eight."""
AUXILIARIES = frozenset("was were is are has have had been be being got get gets getting remain remained "
                        "remains".split())
"""Between a counted subject and its verb: "nine were arrested", "four people have been charged"."""

PARTITIVE = frozenset("the them those these his her their its our your".split())
"""Determiners after "of" in a partitive count ("nine of the activists")."""


@dataclass(frozen=True)
class Count:
    """``thing`` counted between ``low`` and ``high`` (equal for an exact figure)."""

    thing: str
    low: float
    high: float
    text: str
    """The number as written, with its bound ("at least nine")."""


_NUMBER_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES, *VAGUE], key=len, reverse=True))
_BOUND = "|".join(f"(?:{p})" for p, _ in BOUNDS)
_NUMBER = re.compile(
    rf"(?<![\w.$£€])(?:(?P<bound>{_BOUND})\s+)?(?:(?:a|an)\s+)?"
    rf"(?P<money>[$£€])?(?P<num>\d[\d,]*(?:\.\d+)?(?:\s+(?:hundred|thousand|million|billion|trillion)\b)?|(?:(?:{_NUMBER_WORD})(?:[\s-]+(?:and\s+)?(?:{_NUMBER_WORD}))*))\b"
    rf"(?=(?P<rest>(?:\s+[A-Za-z][A-Za-z'’\-]*){{0,7}}))",
    re.I,
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def word_value(words: str) -> float | None:
    """The value of a number written in words ("twenty-five" 25, "two hundred" 200), else None."""
    total, current = 0.0, 0.0
    seen = False
    for w in re.split(r"[\s-]+", words.lower()):
        if w in ("and", "a", "an", ""):
            continue
        if w in UNITS or w in TENS:
            current += UNITS.get(w, TENS.get(w, 0))
        elif w in SCALES:
            current = max(current, 1.0) * SCALES[w]
            if SCALES[w] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def interval(value: float, bound: str | None) -> tuple[float, float]:
    """The values a figure with its bound word allows ("at least 9": 9 and up; "nearly 9": just under 9)."""
    if not bound:
        return value, value
    b = " ".join(bound.lower().split())
    label = next(lab for p, lab in BOUNDS if re.fullmatch(p, b))
    eps = 1e-6 if b in STRICT else 0.0
    if b in ("nearly", "almost"):
        return value * (1 - NEAR), value - eps
    if label == "lower":
        return value + eps, math.inf
    if label == "upper":
        return 0.0, value - eps
    return value * (1 - NEAR), value * (1 + NEAR)


def _participle(word: str) -> bool:
    return word.endswith(("ed", "en")) or word in IRREGULAR


def _things(before: str, rest: str) -> set[str]:
    """What a number counts: the first noun after it, the verb it is the subject of ("four
    people were arrested": people, arrest; "nine of the activists were arrested": activist,
    arrest) and the verb it is the object of ("police arrested eight people": arrest, people)."""
    words = [w.lower() for w in rest.split()]
    out: set[str] = set()
    prev = before.split()[-1].lower() if before.split() else ""
    if prev.endswith("ed") or prev in IRREGULAR:  # a past verb right before the number
        out.add(stem(IRREGULAR.get(prev, prev)))
    i = 0
    if i < len(words) and words[i] == "of":  # "dozens of protesters", "nine of the activists"
        i += 1
        while i < len(words) and words[i] in PARTITIVE:
            i += 1
    if i < len(words) and words[i] not in STOPWORDS and words[i] not in AUXILIARIES:
        out.add(stem(words[i]))
        i += 1
    if i < len(words) and words[i] in AUXILIARIES:
        j = i + 1
        while j < len(words) and words[j] in AUXILIARIES:
            j += 1
        if j < len(words) and _participle(words[j]):
            out.add(stem(IRREGULAR.get(words[j], words[j])))
    return out


def counts(text: str) -> list[Count]:
    """Every counted amount in ``text``: a number (digits or words, with its bound) followed by
    what it counts.  Years, days of a month, percentages and money are left out."""
    out: list[Count] = []
    for m in _NUMBER.finditer(text):
        raw, rest = m.group("num"), m.group("rest") or ""
        if m.group("money") or re.match(r"\s*(?:%|percent|per\s+cent)", rest, re.I):
            continue
        if raw[0].isdigit():
            digits, *scale = raw.replace(",", "").lower().split()
            if (_YEAR.fullmatch(digits) and "," not in raw) or re.match(r"\s*(?:a\.m|p\.m|am\b|pm\b)", rest, re.I):
                continue  # a year is never written with a thousands separator: "2,000 athletes" is a count
            low, high = interval(float(digits) * (SCALES[scale[0]] if scale else 1), m.group("bound"))
        elif raw.lower() in VAGUE:
            low, high = VAGUE[raw.lower()]
        else:
            value = word_value(raw)
            if value is None:
                continue
            low, high = interval(value, m.group("bound"))
        things = _things(text[max(0, m.start() - 40):m.start()], rest)
        if not things:
            continue
        written = m.group(0).strip()
        out.extend(Count(t, low, high, written) for t in sorted(things))
    return out


def contradicts(a: Count, b: Count) -> bool:
    """Two counts of one thing whose ranges do not meet ("at least nine" vs "eight")."""
    return a.thing == b.thing and (a.high < b.low or b.high < a.low)


def count_conflict(a: str, b: str) -> tuple[Count, Count] | None:
    """The first pair of counts of one thing in ``a`` and ``b`` that contradict, when no other
    count of that thing in the two agrees (a sentence giving "eight, then nine" does not clash)."""
    ca, cb = counts(a), counts(b)
    for x in ca:
        same = [y for y in cb if y.thing == x.thing]
        if same and all(contradicts(x, y) for y in same):
            others = [z for z in ca if z.thing == x.thing]
            if all(all(contradicts(z, y) for y in same) for z in others):
                return x, same[0]
    return None
