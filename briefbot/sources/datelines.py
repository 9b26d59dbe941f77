"""Datelines: the outlet and date a plain-text article states in its first lines.

Why: a ``.txt`` file or pasted text has no front matter, yet news copy names its outlet
and date near the top, and without them an article drops out of timelines, date filters
and "since".  Three forms, each one small rule:

* **credit line** — a line that is only an outlet and a date: ``Lakeside Courier, 24
  October 2025`` / ``Lakeside Courier — Oct. 24, 2025`` / ``Lakeside Courier | 2025-10-24``;
* **wire dateline** — a place in capitals, the outlet in brackets and a dash opening the
  first paragraph: ``LONDON (Reuters) — ...`` (the dateline is kept in the text; it is
  part of the report);
* **date line** — a line that is only a date: ``24 October 2025``, ``Friday, Oct 24, 2025``.

Only the first :data:`HEAD_LINES` non-empty lines are read; a line is a credit line only
when it is short and the part before the date looks like a name (capitalised words),
so an opening sentence that happens to contain a date is never taken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

HEAD_LINES = 3
"""Lines at the top of a text read for a dateline (title, credit line, first paragraph)."""
MAX_CREDIT_WORDS = 10
"""A credit line ("Outlet, date") is short: at most this many words."""

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
DATE = re.compile(
    rf"{_WEEKDAY}(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})",
    re.I,
)
"""A full calendar date: "24 October 2025", "Oct. 24, 2025", "2025-10-24" (optionally after a weekday)."""
_SEPARATOR = r"\s*(?:,|—|–|-|\||·)\s*"
WIRE = re.compile(r"^[A-Z][A-Z .'-]{1,40}\s*\(([A-Z][\w&.' -]{1,40})\)\s*(?:—|–|-{1,2})\s*\S")
"""``PLACE (Outlet) — text``: the outlet of a wire dateline."""
_NAME = re.compile(r"^(?:[A-Z0-9][\w&.'’-]*|of|the|and|de|la|for)(?:\s+(?:[A-Z0-9][\w&.'’-]*|of|the|and|de|la|for))*$")


@dataclass(frozen=True)
class Dateline:
    source: str | None
    published: str | None
    """``YYYY-MM-DD``."""
    line: int | None
    """Index (among the head lines) of a line that is only a credit or a date, to drop from
    the text; None when the dateline stays in the text (a wire dateline) or none was found."""


def iso_date(text: str) -> str | None:
    """``YYYY-MM-DD`` of a full calendar date written in ``text``'s usual news forms."""
    m = DATE.search(text)
    if not m:
        return None
    raw = re.sub(rf"^{_WEEKDAY}", "", m.group(0), flags=re.I).replace(".", " ").replace(",", " ")
    raw = _long_month(re.sub(r"\s+", " ", raw).strip())
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%B %d %Y"):
        try:
            return datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _long_month(text: str) -> str:
    """"Oct 24 2025" -> "October 24 2025" ("Sept" too), one format for :func:`iso_date`."""
    for name in ("January February March April May June July August September October November "
                 "December").split():
        text = re.sub(rf"\b{name[:3]}[a-z]*\b", name, text, flags=re.I)
    return text


def credit_line(line: str) -> tuple[str | None, str | None] | None:
    """(outlet, date) when ``line`` is only an outlet and a date, or only a date; else None."""
    text = line.strip()
    if not text or len(text.split()) > MAX_CREDIT_WORDS:
        return None
    m = DATE.search(text)
    if not m:
        return None
    published = iso_date(text)
    rest = (text[:m.start()] + " " + text[m.end():]).strip()
    rest = re.sub(rf"^(?:{_SEPARATOR})+|(?:{_SEPARATOR})+$", "", rest).strip()
    rest = re.sub(r"^(?:published|updated|posted|dated?)\b\s*:?", "", rest, flags=re.I).strip()
    if not rest:
        return None, published
    if _NAME.match(rest) and not rest.endswith("."):
        return rest, published
    return None


def find_dateline(text: str) -> Dateline:
    """The outlet and date the top of ``text`` states (see the module docstring)."""
    head = [ln for ln in text.split("\n") if ln.strip()][:HEAD_LINES]
    for i, line in enumerate(head):
        found = credit_line(line)
        if found is not None:
            return Dateline(found[0], found[1], i)
    for line in head:
        m = WIRE.match(line.strip())
        if m:
            return Dateline(m.group(1).strip(), None, None)
    return Dateline(None, None, None)


def strip_line(text: str, line: int) -> str:
    """``text`` without its ``line``-th non-empty line (a credit or date line)."""
    seen = -1
    lines = text.split("\n")
    for i, ln in enumerate(lines):
        if ln.strip():
            seen += 1
            if seen == line:
                return "\n".join(lines[:i] + lines[i + 1:])
    return text
