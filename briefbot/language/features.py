"""Features of one sentence, computed once and carried on the evidence record.

Rules read these fields instead of re-tokenising the text: the content words and
names (stems from :mod:`briefbot.language.text`), numbers, calendar days, years used as dates,
hedge labels, the in-text attribution ("according to a source", "CNN reported"),
and whether the sentence addresses the reader or an assistant with instructions
(such sentences are never evidence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefbot.language.cues import free_years, hedges
from briefbot.language.injection import looks_like_injection
from briefbot.language.text import YEAR, content_words, day_dates, names, normalize, numbers

_NAME_PHRASE = r"(?:[A-Z][\w'.&-]*\s+){1,4}"
_GROUP_SOURCE = (
    r"(?:a|an|one|two|three|several|some|the|other|senior|western|u\.s\.)\s+(?:[\w.-]+\s+){0,3}?"
    r"(?:sources?|officials?|spokes(?:man|woman|person)|diplomats?|person|people|aides?|analysts?|"
    r"insiders?|representatives?|ministry|office|agency|government)"
)
_ATTRIBUTION_VERBS = (
    r"(?:said|says|told|reported|reports|wrote|claimed|claims|confirmed|confirms|denied|denies|"
    r"stated|added|noted|announced|cited|quoted)"
)
ATTRIBUTION_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\baccording\s+to\s+([^,.;:]{2,80})", "according to"),
    (r"\bciting\s+([^,.;:]{2,80})", "citing"),
    (rf"\b({_GROUP_SOURCE})\s+(?:has\s+|have\s+|had\s+)?{_ATTRIBUTION_VERBS}\b", "source said"),
    (rf"\b{_ATTRIBUTION_VERBS}\s+({_GROUP_SOURCE})\b", "said source"),
    (rf"(?:^|[,;]\s+)({_NAME_PHRASE})(?:has\s+|have\s+)?{_ATTRIBUTION_VERBS}\b", "name said"),
)
"""In-text attribution: (pattern whose group 1 is who, label).  One row per grammatical form."""
_ATTRIBUTION_RES = tuple((re.compile(p), label) for p, label in ATTRIBUTION_PATTERNS)


@dataclass(frozen=True)
class Features:
    """What the rules need to know about one sentence."""

    words: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[str]
    days: frozenset[str]
    """Calendar days ("oct 20")."""
    years: frozenset[str]
    """Years used as dates (not those inside names such as "the Act of 2025")."""
    hedges: tuple[str, ...]
    attribution: str | None
    """Who the sentence attributes its claim to ("a source", "CNN"), or None."""
    instruction: bool
    """The sentence addresses the reader or an assistant with instructions."""


def attribution(text: str) -> str | None:
    """The in-text attribution of ``text`` ("a source familiar with the matter", "CNN") or None."""
    norm = normalize(text)
    for regex, _label in _ATTRIBUTION_RES:
        m = regex.search(norm)
        if m:
            return " ".join(m.group(1).split()).strip(" ,")
    return None


@lru_cache(maxsize=50_000)
def features(text: str) -> Features:
    """The :class:`Features` of one sentence (cached by text: computed once per sentence)."""
    return Features(
        words=content_words(text),
        names=names(text),
        numbers=numbers(text),
        days=day_dates(text),
        years=frozenset(y for y in free_years(text) if re.fullmatch(YEAR, y)),
        hedges=tuple(hedges(text)),
        attribution=attribution(text),
        instruction=looks_like_injection(text),
    )
