"""The month or season a sentence places something in ("in June", "since last fall").

Two reports that date one start differently by month or season ("In June, the airline started
testing …" / "… after testing since last fall") give competing *when* fillers, as two weekdays do
(:mod:`briefbot.truth.competing`).  A label is a month ("june") or a season ("season:fall"); a
month inside a season ("September" and "this fall") is no rival.  Grammar only: month and season
names are closed classes; a season word counts only after a word that makes it a time ("last
fall", "in the spring", "since winter", "early summer"), never "the fall of the city"; "May" and
"March" count only where a time word precedes them or a day number follows ("in May", "May 3"),
never the modal or the verb.
"""

from __future__ import annotations

import re

from briefbot.language.text import MONTH_NUMBER, MONTHS

MONTH_NAMES = tuple(m.capitalize() for m in MONTHS[:12])
AMBIGUOUS = frozenset({"May", "March"})
TIME_LEAD = r"(?:in|since|until|till|by|from|during|through|last|this|next|early|late|mid|mid-|of|the|before|after)"
_MONTH = re.compile(rf"(?:\b({TIME_LEAD})[\s-]+)?\b({'|'.join(MONTH_NAMES)})\b(\s+\d{{1,2}}\b)?")
_SEASON = re.compile(
    rf"\b{TIME_LEAD}\s+(?:the\s+)?(?:early\s+|late\s+)?(spring|summer|fall|autumn|winter)\b(?!\s+of\b)", re.I)
SEASON_MONTHS = {"spring": {3, 4, 5}, "summer": {6, 7, 8}, "fall": {9, 10, 11}, "autumn": {9, 10, 11},
                 "winter": {12, 1, 2}}


def time_labels(text: str) -> frozenset[str]:
    """The months and seasons ``text`` places something in (module docstring)."""
    out: set[str] = set()
    for m in _MONTH.finditer(text):
        lead, month, day = m.group(1), m.group(2), m.group(3)
        if month in AMBIGUOUS and not (lead or day):
            continue
        out.add(month.lower())
    for m in _SEASON.finditer(text):
        season = m.group(1).lower()
        out.add("season:" + ("fall" if season == "autumn" else season))
    return frozenset(out)


def labels_apart(x: str, y: str) -> bool:
    """Are two labels different times: two months, two seasons, or a month outside the season?"""
    if x == y:
        return False
    if x.startswith("season:") and y.startswith("season:"):
        return True
    if x.startswith("season:") or y.startswith("season:"):
        season, month = (x, y) if x.startswith("season:") else (y, x)
        return MONTH_NUMBER[month] not in SEASON_MONTHS[season.split(":", 1)[1]]
    return True
