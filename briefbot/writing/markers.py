"""The ``[n]`` citation markers of written text, in one place.

An answer or brief cites its sources with markers ``[1]``, ``[2]`` … after the words they
support; a run of markers ("… postponed [1][3]") cites several.  Every stage that reads or
rewrites written text (the writer, the brief's renumbering, the evaluation's metrics, the web
page's links) finds, strips and renumbers markers with these helpers, so the marker's shape is
written once.  :data:`MARK` is that shape as pattern text, for the few patterns that take a
marker as one of their parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

MARK = r"\[\d+\]"
"""One marker's shape as pattern text, for patterns built around markers."""

MARKER = re.compile(r"\[(\d+)\]")
"""One marker; its number is group 1."""

_RUN = re.compile(rf"(?:(?<!\s)\s*{MARK})+")
"""A run of markers with the white space before each; a white-space run is matched from its
first character only (the look-behind), so a long run of spaces without a marker costs linear
time, not quadratic (issue 21)."""
_SPLIT_RUN = re.compile(f"({_RUN.pattern})")


def has_marker(text: str) -> bool:
    """Does ``text`` hold at least one marker?"""
    return MARKER.search(text) is not None


def marker_numbers(text: str) -> list[int]:
    """The numbers of ``text``'s markers in the order written, repeats kept: "a [2] b [1][2]" → [2, 1, 2]."""
    return [int(n) for n in MARKER.findall(text)]


def marker_texts(text: str) -> list[str]:
    """``text``'s markers as written, in order, repeats kept: "a [2] b [1]" → ["[2]", "[1]"]."""
    return [m.group(0) for m in MARKER.finditer(text)]


def first_run_numbers(text: str) -> list[int]:
    """The numbers of ``text``'s first run of markers (markers with only white space between
    them): "x [3] [1] y [2]" → [3, 1]; empty when there is no marker."""
    m = _RUN.search(text)
    return marker_numbers(m.group(0)) if m else []


def strip_markers(text: str, by: str = "") -> str:
    """``text`` with every run of markers and the white space before it replaced by ``by``:
    "cut [1] [2]." → "cut." (``by=" "``: "cut .")."""
    return _RUN.sub(by, text)


def split_at_runs(text: str) -> list[str]:
    """``text`` split around its runs of markers, the runs kept at the odd places (``re.split``):
    "a [1][2]. b" → ["a", " [1][2]", ". b"]."""
    return _SPLIT_RUN.split(text)


def replace_markers(text: str, new: Callable[[int], str | None]) -> str:
    """``text`` with each marker replaced by ``new(number)``; a marker for which ``new``
    gives None stays as written."""
    def one(m: re.Match[str]) -> str:
        out = new(int(m.group(1)))
        return m.group(0) if out is None else out
    return MARKER.sub(one, text)


def renumber(text: str, new: Mapping[int, int], *, drop_unknown: bool = False) -> str:
    """``text`` with marker ``[n]`` written ``[new[n]]``; a number ``new`` lacks stays as written,
    or with ``drop_unknown`` is removed (the marker alone, not the space before it)."""
    return replace_markers(text, lambda n: f"[{new[n]}]" if n in new else ("" if drop_unknown else None))
