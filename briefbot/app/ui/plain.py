"""Plain words for the page: what the machinery writes for developers, said for a reader.

Why here: answers, notes and errors carry details meant for ``--verbose``, the API's
fields and the logs — retrieval scores ("best score 0.27 < 0.36"), character offsets,
the status rules' labels ("hedges (unclear)"), exception class names and ``errno``
codes.  The JSON keeps them; the web page shows the same facts in a sentence a reader
understands.  Each rule rewrites one *form* the code itself produces (labelled rows
below), never words of any story.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from briefbot import _offline  # noqa: F401

log = logging.getLogger("briefbot.ui")

RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("scores in the unanswerable note",
     re.compile(r"\s*\((?:best score|closest meaning)[^()]*\)"), ""),
    ("what was searched",
     re.compile(r"Searched \d+ passages? from (\d+) articles? for (“[^”]*”): no passage is relevant enough\.?"),
     r"I searched \1 article(s) for \2 and none of them says enough to answer it."),
    ("closest articles", re.compile(r"Closest articles:"), "The closest were:"),
    ("status-rule hedge labels", re.compile(r"\b(hedges?) \([^()]*\):"), "write with caution:"),
    ("character offsets", re.compile(r",?\s*\(?characters? \d+\s*[–-]\s*\d+\)?"), ""),
    ("exception names", re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b:?\s*"), ""),
    ("errno codes", re.compile(r"\[Errno -?\d+\]\s*"), ""),
    ("backticks", re.compile(r"`"), ""),
)
"""(what it rewrites, the form, the reader's words)."""

JARGON = re.compile(
    r"\d\.\d\d\s*<\s*\d\.\d\d|best score|closest meaning|\bcharacters? \d+\s*[–-]\s*\d+|"
    r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b|\[Errno|\bhedges? \(|`"
)
"""Any of the developer forms above; tests scan rendered pages with it."""


def plain(text: Any) -> str:
    """``text`` with every developer form of :data:`RULES` said for a reader."""
    out = "" if text is None else str(text)
    for _, pattern, words in RULES:
        out = pattern.sub(words, out)
    return re.sub(r"[ \t]{2,}", " ", out).strip()


def failure(what: str, exc: BaseException) -> str:
    """A reader's sentence for a failed action; the exception itself goes to the log."""
    log.warning("%s failed: %r", what, exc)
    detail = plain(exc)
    reason = f" ({detail})" if detail and len(detail) < 160 else ""
    return f"Could not {what}{reason}. Try again, or check the server log for details."
