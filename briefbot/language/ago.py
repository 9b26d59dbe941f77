"""Years a sentence dates by relative to its article's date ("four years ago", "last year").

Two reports date one event differently when one was written later: "on an August day four years
ago" in a report of 2018 and "in 2014" in another are one year, as are "in March last year" in a
report of 2015 and "March 1, 2014".  The sentence alone gives no year; its article's publication
date (``published``, ``YYYY-MM-DD``) does.  Grammar only: a count of years before "ago" (digits or
words) and "last / this / next year".
"""

from __future__ import annotations

import re

from briefbot.language.counts import word_value
from briefbot.language.text import PERIOD_SHIFT

_AGO = re.compile(r"\b(a|an|one|\d{1,2}|[a-z]+)\s+years?\s+ago\b", re.I)
_NAMED = re.compile(rf"\b({'|'.join(PERIOD_SHIFT)})\s+year\b", re.I)


def published_year(published: str | None) -> int | None:
    """The year of an ISO publication date ("2018-08-02" -> 2018), None when it gives none."""
    m = re.match(r"\s*((?:19|20)\d\d)\b", published or "")
    return int(m.group(1)) if m else None


def years_back(word: str) -> int | None:
    """How many years a count before "years ago" says ("four" -> 4, "a" -> 1), None for no count."""
    if word.lower() in ("a", "an", "one"):
        return 1
    if word.isdigit():
        return int(word)
    value = word_value(word)
    return int(value) if value is not None and value == int(value) else None


def relative_years(text: str, published: str | None) -> frozenset[int]:
    """The calendar years ``text`` names relative to its article's year (module docstring); empty
    without a publication year."""
    year = published_year(published)
    if year is None:
        return frozenset()
    out = {year - n for m in _AGO.finditer(text) if (n := years_back(m.group(1))) is not None}
    out |= {year + PERIOD_SHIFT[m.group(1).lower()] for m in _NAMED.finditer(text)}
    return frozenset(out)
