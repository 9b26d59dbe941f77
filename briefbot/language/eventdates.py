"""Event dates: the date a sentence's event happened (or is scheduled), from the sentence.

Split out of the timeline because dating one sentence is a job of its own, tested on
its own: explicit dates ("October 20", "20 Oct 2025", "2025-10-20") are ``day``; a
month is ``month``; a year is ``year``; relative dates ("on Monday", "yesterday", "last
week", "next week") are resolved against the article's publication date with
``dateparser`` (English only, ``RELATIVE_BASE`` = publication date, past or future
preferred from the tense around the expression); week-level expressions are
``approximate``.  A weekday naming the publication day is that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from briefbot.language.text import MONTHS, NEAR_SHIFT, SHIFT, WEEKDAYS
from briefbot.schema import Precision

# The toolkit's one calendar vocabulary; longest names first so "september" wins over "sep".
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_YEAR = r"(?:19|20)\d\d"

DATE_PATTERNS: tuple[tuple[str, Precision, re.Pattern[str]], ...] = (
    ("iso", "day", re.compile(rf"\b{_YEAR}-\d\d-\d\d\b")),
    ("month_day", "day", re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?", re.I)),
    ("day_month", "day", re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?", re.I)),
    ("relative_day", "day", re.compile(r"\b(?:yesterday|today|tomorrow)\b", re.I)),
    ("weekday", "day",
     re.compile(rf"\b(?:(?:last|next|this|on|since|by|until|from|before|after)\s+)?{_WEEKDAY}\b", re.I)),
    ("week", "approximate",
     re.compile(rf"\b(?:{NEAR_SHIFT}|the\s+coming|the\s+past)\s+week\b", re.I)),
    ("month_name", "month", re.compile(rf"\b(?:in|since|by|until|during|from|early|late|mid-?|end of|"
                                       rf"beginning of)\s+{_MONTH}(?:\s+{_YEAR})?(?!\s*\d)\b", re.I)),
    ("relative_month", "month", re.compile(rf"\b{NEAR_SHIFT}\s+month\b", re.I)),
    ("year", "year", re.compile(rf"\b(?:in|since|by|until|during|from|before|after|early|late)\s+{_YEAR}\b", re.I)),
    ("relative_year", "year", re.compile(rf"\b{SHIFT}\s+year\b", re.I)),
)
"""Date expressions, most precise first; the first match in a sentence dates its event."""

ASKED_UNIT = re.compile(r"\b(?:what|which)\s+(day|date|month|year)\b", re.I)
"""A question that names the unit of the date it wants ("what day did …", "in which year …")."""
_ANY_YEAR = re.compile(rf"\b{_YEAR}\b|\b{SHIFT}\s+year\b", re.I)
_ANY_MONTH = re.compile(rf"\b{_MONTH}(?!\w)|\b{SHIFT}\s+month\b", re.I)


def asked_unit(question: str) -> Precision | None:
    """The unit of the date ``question`` asks for by name: "day" ("what day", "which date"),
    "month" or "year"; None when it only asks "when"."""
    m = ASKED_UNIT.search(question)
    if m is None:
        return None
    unit = m.group(1).casefold()
    return "day" if unit == "date" else unit  # type: ignore[return-value]


def gives_unit(sentence: str, unit: Precision) -> bool:
    """Does ``sentence`` give a date of ``unit``: a day ("on Tuesday", "October 20", "yesterday"),
    a month (a month's name, "next month") or a year ("in 2014", "last year")?  A sentence that
    only says "since early 2017" does not answer "what day"."""
    if unit == "day":
        return any(rx.search(sentence) for _, precision, rx in DATE_PATTERNS if precision == "day")
    if unit == "month":
        return bool(_ANY_MONTH.search(sentence))
    if unit == "year":
        return bool(_ANY_YEAR.search(sentence))
    return True


FUTURE_CUE = re.compile(
    r"\b(?:will|would|shall|is|are|was|were)\s+(?:due|set|scheduled|expected|planned|slated|poised|going)\s+to\b"
    r"|\b(?:will|plans?\s+to|intends?\s+to|to\s+be\s+held|upcoming|scheduled\s+for|set\s+for|due\s+on|next)\b"
    r"|\b(?:may|might|could)\s+(?:\w+\s+)?(?:again|meet|speak|take place|happen|begin|start|resume)\b",
    re.I,
)
"""Sentences about what is scheduled or expected: relative dates point forward."""

TENSE_WINDOW = 40
"""Characters either side of a date expression read to decide its tense: in "said on
Monday that talks will resume", "Monday" is past ("said") though the sentence has "will"."""

@dataclass(frozen=True)
class EventDate:
    date: str
    precision: Precision
    expression: str


def _parse(text: str, base: datetime, prefer: str) -> datetime | None:
    return _parse_cached(text, base.date().isoformat(), prefer)


@lru_cache(maxsize=4096)
def _parse_cached(text: str, base_iso: str, prefer: str) -> datetime | None:
    import dateparser

    base = datetime.fromisoformat(base_iso)
    return dateparser.parse(
        text,
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": prefer,
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": False,
        },
    )


def resolve_date(sentence: str, published: str | None) -> EventDate | None:
    """The date of the event ``sentence`` reports, from its first date expression.

    Relative expressions need ``published`` (``YYYY-MM-DD``); without it only dates
    that name their year are resolved.
    """
    hits = []
    for kind, precision, pattern in DATE_PATTERNS:
        for m in pattern.finditer(sentence):
            hits.append((m.start(), kind, precision, m.group(0)))
    if not hits:
        return None
    base = datetime.fromisoformat(published) if published else None
    for start, kind, precision, expr in sorted(hits, key=lambda h: h[0]):
        resolved = _resolve(kind, precision, expr, base, _points_forward(sentence, start, len(expr)))
        if resolved is not None:
            return resolved
    return None


def _points_forward(sentence: str, start: int, length: int) -> bool:
    """Is the date expression at ``start`` about something scheduled (its own clause has a future cue)?"""
    before = re.split(r"[,;:]", sentence[max(0, start - TENSE_WINDOW):start])[-1]
    after = re.split(r"[,;:]", sentence[start + length:start + length + TENSE_WINDOW // 2])[0]
    return bool(FUTURE_CUE.search(before + " " + sentence[start:start + length] + " " + after))


def _resolve(kind: str, precision: Precision, expr: str, base: datetime | None,
             future: bool) -> EventDate | None:
    has_year = re.search(_YEAR, expr) is not None
    if base is None and not has_year:
        return None
    anchor = base or datetime(2000, 1, 1)
    prefer = "future" if future or re.match(r"(?i)next\b", expr) else "past"
    core = re.sub(r"(?i)^(?:on|since|by|until|from|before|after|in|during|of|for|mid-?|end of|beginning of)\s+",
                  "", expr).strip()
    core = re.sub(r"(?i)^(?:early|late)\s+", "", core)
    if kind == "weekday":
        day = re.search(_WEEKDAY, expr, re.I).group(0)  # type: ignore[union-attr]
        if not re.match(r"(?i)(?:last|next)\b", expr) and day.lower() == anchor.strftime("%A").lower():
            return EventDate(anchor.date().isoformat(), "day", expr)  # "on Tuesday" in Tuesday's paper
        core = day if not re.match(r"(?i)(?:last|next)\b", expr) else core
    if kind == "week":
        shift = {"last": -7, "past": -7, "next": 7, "coming": 7, "later": 2, "earlier": -2}.get(
            next((w for w in ("last", "past", "next", "coming", "later", "earlier") if w in expr.lower()), ""), 0)
        return EventDate((anchor + timedelta(days=shift)).date().isoformat(), "approximate", expr)
    if kind in ("month_day", "day_month", "month_name") and not has_year:
        parsed = _parse(f"{core} {anchor.year}", anchor, prefer)
        if parsed is not None:
            parsed = _nearest_year(parsed, anchor, future)
    else:
        parsed = _parse(core, anchor, prefer)
    if parsed is None:
        return None
    if precision == "month":
        return EventDate(parsed.date().replace(day=1).isoformat(), "month", expr)
    if precision == "year":
        return EventDate(date(parsed.year, 1, 1).isoformat(), "year", expr)
    return EventDate(parsed.date().isoformat(), precision, expr)


def _nearest_year(parsed: datetime, base: datetime, future: bool) -> datetime:
    """A date without a year: the publication year, unless that puts it on the wrong side
    of the publication date by more than a month ("in January" in a December article)."""
    if future and parsed < base - timedelta(days=31):
        return _with_year(parsed, parsed.year + 1)
    if not future and parsed > base + timedelta(days=31):
        return _with_year(parsed, parsed.year - 1)
    return parsed


def _with_year(d: datetime, year: int) -> datetime:
    try:
        return d.replace(year=year)
    except ValueError:  # 29 February
        return d.replace(year=year, day=28)
