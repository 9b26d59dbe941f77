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

from briefbot.text import (  # noqa: F401  (re-exported: the verifier's vocabulary is the toolkit's)
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

HEDGE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b(?:it\s+)?(?:remains|is|was|remained)\s+(?:still\s+)?(?:unclear|not\s+clear|uncertain|unknown)\b", "unclear"),
    (r"\bunclear\b", "unclear"),
    (r"\bnot\s+(?:yet\s+)?known\b|\bstill\s+open\b|\bopen\s+questions?\b", "unknown"),
    (r"\breportedly\b", "reportedly"),
    (r"\ballegedly\b", "allegedly"),
    (r"\b(?:a|one|two|several|some)\s+(?:of\s+\w+'?s?\s+)?sources?\b", "anonymous source"),
    (r"\bsources?\s+(?:said|say|says|noted|told|familiar)\b", "anonymous source"),
    (r"\b(?:people|persons?|someone|those)\s+(?:familiar\s+with|with\s+(?:direct\s+)?knowledge\s+of)\b",
     "anonymous source"),
    (r"\bofficials?\s+who\s+(?:were|was)\s+not\s+named\b", "unnamed officials"),
    (r"\bunnamed\b", "unnamed officials"),
    (r"\bnot\s+(?:yet\s+)?(?:been\s+)?confirmed\b|\bunconfirmed\b", "unconfirmed"),
    (r"\bdid\s+not\s+(?:say|give|present|explain|specify|disclose)\b", "not stated"),
    (r"\bgave\s+no\b|\bno\s+(?:new\s+)?(?:date|details|reason)\b", "not stated"),
    (r"\b(?:is|are|was|were)\s+unlikely\b|\bmay\s+(?:have|be|speak|not|end\s+up)\b"
     r"|\bcould\s+(?:be|end)\b", "possibility"),
    (r"\bstill\s+being\s+(?:assessed|investigated|determined|evaluated|counted|examined|reviewed)\b"
     r"|\b(?:has|have)\s+yet\s+to\s+be\b|\bno\s+estimate\b"
     r"|\bnot\s+yet\s+(?:been\s+)?(?:determined|decided|assessed|scheduled|set)\b", "pending"),
)
_HEDGE_RES = tuple((re.compile(p, re.I), label) for p, label in HEDGE_PATTERNS)

INJECTION_PATTERNS = (
    r"\bignore\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|preceding)\s+(?:instructions|prompts?|messages?|context)",
    r"\bdisregard\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|your)\b",
    r"\b(?:system|developer)\s+prompt\b",
    r"\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot|dan)\b",
    r"\b(?:new|updated|override)\s+instructions?\s*:",
    r"\bas\s+an\s+ai\b",
    r"\b(?:assistant|ai|model|chatbot|llm)s?\s*(?:,|:)?\s*(?:must|should)\s+(?:now\s+)?(?:answer|say|respond|reply|state)\b",
    r"\b(?:respond|reply|answer)\s+(?:only\s+)?with\s+[\"'“]",
    r"<\s*/?\s*(?:system|instructions?)\s*>",
)
_INJECTION_RES = tuple(re.compile(p, re.I) for p in INJECTION_PATTERNS)

def hedges(sentence: str) -> list[str]:
    """Labels of the hedge cues in ``sentence`` ("unclear", "reportedly", ...)."""
    labels: list[str] = []
    sentence = normalize(sentence)
    for regex, label in _HEDGE_RES:
        if regex.search(sentence) and label not in labels:
            labels.append(label)
    return labels


def looks_like_injection(text: str) -> bool:
    """True when article text addresses an AI system with instructions."""
    from briefbot.injection import addresses_reader

    text = normalize(text)
    return any(r.search(text) for r in _INJECTION_RES) or addresses_reader(text)


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
    from briefbot.features import features

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
_NAMED_YEAR = re.compile(rf"\b([A-Z][\w'’\-]*)\s+(?:of\s+)?({_YEAR})\b")
_MONTH_DAY = re.compile(r"\b(" + "|".join(MONTHS) + r")\.?\s+(\d{1,2})\b", re.I)
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\b", re.I)


def name_bound_years(text: str) -> set[str]:
    """Years that are part of a name, not a date: "the Fishing Quotas Act of 2025", "Euro 2024"."""
    out = set()
    for m in _NAMED_YEAR.finditer(text):
        word = m.group(1).lower()
        if word not in STOPWORDS and word not in MONTHS and word not in QUESTION_WORDS:
            out.add(m.group(2))
    return out


def without_named_years(text: str) -> str:
    """``text`` with name-bound years blanked, so they are not read as dates."""
    named = name_bound_years(text)
    if not named:
        return text
    return re.sub(rf"\b(?:{'|'.join(sorted(named))})\b", " ", text)


def free_years(text: str) -> set[str]:
    """Years used as dates ("in 2019"), not those inside names."""
    return set(re.findall(rf"\b{_YEAR}\b", text)) - name_bound_years(text)


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
