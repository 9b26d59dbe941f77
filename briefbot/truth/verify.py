"""Checks on text: support of a claim by quotes, hedge cues, numbers, injected instructions.

No NLI model is available offline, so support combines MiniLM similarity with
lexical evidence: content-word recall and, strictly, the names, numbers and dates
of the claim, which must all occur in the cited quotes.  A claim that brings a new
name or number is unsupported however similar it sounds ("Hale said X" when no
quote has Hale saying anything is caught by the speaker check).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from briefbot.language.features import features
from briefbot.language.text import (  # noqa: F401  (re-exported: the verifier's vocabulary is the toolkit's)
    MONTHS,
    NUMBER_WORDS,
    QUESTION_WORDS,
    SCALE_WORDS,
    STOPWORDS,
    content_words,
    names,
    norm_number,
    normalize,
    numbers,
    stem,
)


@dataclass(frozen=True)
class SupportCheck:
    """How well quotes support a claim."""

    supported: bool
    similarity: float
    recall: float
    missing: tuple[str, ...] = field(default_factory=tuple)
    """Names/numbers of the claim found in no quote."""


def check_support(
    claim: str,
    quotes: Sequence[str],
    similarity: float,
    allowed_extra: Iterable[str] = (),
    min_similarity: float = 0.62,
    min_recall: float = 0.6,
) -> SupportCheck:
    """Is ``claim`` supported by ``quotes``?

    ``similarity`` is the best embedding cosine between the claim and a quote.
    ``allowed_extra`` holds text whose names may appear in the claim without a quote
    (the outlets and titles of the cited articles, the question).
    """
    joined = " ".join(quotes)
    extra = " ".join(allowed_extra)
    quote_words = content_words(joined)
    claim_words = content_words(claim)
    recall = len(claim_words & quote_words) / len(claim_words) if claim_words else 1.0
    quote_numbers = numbers(joined)
    missing_numbers = sorted(numbers(claim) - quote_numbers - numbers(extra))
    quote_names = names(joined) | content_words(joined) | names(extra) | content_words(extra)
    missing_names = sorted(names(claim) - quote_names)
    missing = tuple(missing_numbers + missing_names) + missing_months(claim, joined) + fidelity(claim, quotes, extra)
    supported = not missing and (similarity >= min_similarity or recall >= min_recall)
    return SupportCheck(supported, float(similarity), float(recall), missing)


CAUSAL = re.compile(r"\b(?:because|due\s+to|owing\s+to|caused|causing|led\s+to|as\s+a\s+result|resulted\s+in|"
                    r"thanks\s+to|since\s+the|so\s+that|therefore|which\s+is\s+why)\b", re.I)
"""Connectives that make one fact the cause of another."""
SPEECH = re.compile(r"\b(?:said|says|say|told|reported|reports|according|citing|claimed|claims|stated|"
                    r"announced|noted|wrote|added|sources?|reportedly|allegedly)\b", re.I)


def missing_months(claim: str, quotes: str) -> tuple[str, ...]:
    """Month names of the claim that no quote names (dates are strict, like numbers)."""
    def months(text: str) -> set[str]:
        return {m[:3] for m in re.findall(r"[a-z]+", normalize(text).casefold()) if m in MONTHS and m != "may"}
    return tuple(sorted(months(claim) - months(quotes)))


def fidelity(claim: str, quotes: Sequence[str], allowed: str = "") -> tuple[str, ...]:
    """What a claim lost of its sources' stance: ``"hedge"`` when every quote is hedged or
    attributed (to someone other than the cited outlet) and the claim states it bare;
    ``"cause"`` when the claim makes a cause that no quote states."""
    out: list[str] = []
    stances = [features(q) for q in quotes]
    outlets = names(allowed)

    def hedged(f: object) -> bool:
        attribution = getattr(f, "attribution", None)
        return bool(getattr(f, "hedges", ())) or bool(attribution and names(attribution) - outlets)

    if stances and all(hedged(f) for f in stances):
        own = features(claim)
        if not own.hedges and not own.attribution and not SPEECH.search(normalize(claim)):
            out.append("hedge")
    if CAUSAL.search(normalize(claim)) and not any(CAUSAL.search(normalize(q)) for q in quotes):
        out.append("cause")
    return tuple(out)


def supporting(
    claim: str, quotes: Sequence[str], sims: Sequence[float], allowed_extra: Iterable[str] = ()
) -> list[int]:
    """Indices of the quotes that support ``claim`` (per-citation support).

    A quote is kept when it supports the claim alone, or when the quotes together do and
    leaving it out breaks that (claims that combine two quotes keep both).
    """
    allowed = list(allowed_extra)
    alone = [i for i, q in enumerate(quotes) if check_support(claim, [q], sims[i], allowed).supported]
    if alone:
        return alone
    best = max(sims, default=0.0)
    if not check_support(claim, quotes, best, allowed).supported:
        return []
    needed = []
    for i in range(len(quotes)):
        rest = [q for j, q in enumerate(quotes) if j != i]
        rest_best = max((s for j, s in enumerate(sims) if j != i), default=0.0)
        if not rest or not check_support(claim, rest, rest_best, allowed).supported:
            needed.append(i)
    return needed or list(range(len(quotes)))


_YEAR = r"(?:1[89]|20)\d\d"
_MONTH_DAY = re.compile(r"\b(" + "|".join(MONTHS) + r")\.?\s+(\d{1,2})\b", re.I)
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\b", re.I)


def quantities(text: str) -> dict[str, set[str]]:
    """Counted amounts by what they count: "at least 85 senators" -> ``{"senator": {"85"}}``.

    Only a number followed by the thing it counts is a quantity; years, dates and numbers
    inside names are not, so "the Act of 2025" never conflicts with "two fronts".
    """
    years = set(re.findall(rf"\b{_YEAR}\b", text))
    dated = [m.span(2) for m in _MONTH_DAY.finditer(text)]  # the day in "October 20"
    out: dict[str, set[str]] = {}
    words = r"[A-Za-z][A-Za-z'’\-]*"
    number_words = "|".join(NUMBER_WORDS)
    pattern = (rf"(?<![\w.])(\d[\d,]*(?:\.\d+)?|(?i:{number_words})\b)"
               rf"(?:\s*(%|percent\b|per\s+cent\b))?((?:\s+{words}){{0,3}})")
    for m in re.finditer(pattern, text):
        raw = m.group(1)
        if raw in years or any(start <= m.start(1) < end for start, end in dated):
            continue
        value = NUMBER_WORDS.get(raw.lower(), norm_number(raw))
        if m.group(2):
            out.setdefault("%", set()).add(value)
            continue
        scale = ""
        unit = None
        for word in m.group(3).split():
            low = word.lower()
            if low in SCALE_WORDS:
                scale += " " + low
                continue
            if low in STOPWORDS:
                break
            unit = stem(low)
            break
        if unit:
            out.setdefault(unit, set()).add(value + scale)
    return out
