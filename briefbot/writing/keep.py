"""What a model answer must carry from a quote: its values, its hedge and who says it.

On the corpus the local model's prose was kept for 31 of 46 answers.  Of the 15 it lost, most
were right, short answers that **left out something the quote gives**: the attribution ("a
regional news report said", "Bloomberg reported", "citing a White House official"), a figure's
bound ("at least 85" written as "85"), or a figure or date beside the asked one.  The coverage
rule (:mod:`briefbot.writing.coverage`) then restored the source sentence and the model's
prose was not kept; where it turned an attributed sentence into a bare one, the verifier
dropped it.  The model was told "keep who said it and any doubt" in general; it is now shown,
per quote, *what* to keep (:func:`must_keep`), each item an exact span of the quote:

* who says it (:func:`briefbot.writing.attribution.speaker_of`: "a regional news report",
  "CNN, citing a White House official", "one of CNN's sources");
* the hedge's own words ("unclear", "unlikely", "reportedly": the span the hedge cue finds);
* every date and figure with its bound ("April 1", "at least 85", "79 million", "500%");
* a short quoted passage ("pressing the pause button").

Nothing here decides what is true: the verifier and the coverage rule still check the reply.
"""

from __future__ import annotations

import re

from briefbot.writing.attribution import hedge_cue, speaker_of
from briefbot.writing.writer import VALUE_SPANS

MAX_QUOTED_WORDS = 8
"""A quoted passage longer than this is not listed (the quote itself shows it)."""
MAX_ITEMS = 4
"""Items listed per quote: past this the line costs prompt time and says little."""
_BOUND = (r"(?:(?:at\s+least|at\s+most|more\s+than|fewer\s+than|less\s+than|no\s+less\s+than|no\s+more\s+than"
          r"|up\s+to|about|around|nearly|almost|roughly|some|over|under|only)\s+)?")
_FIGURE = re.compile(rf"(?<![\w.]){_BOUND}\$?\d[\d,]*(?:\.\d+)?%?(?:\s+(?:million|billion|trillion|thousand|percent))?"
                     r"(?![\w])", re.I)
_CITING = re.compile(r"\bciting\s+[^,;:]{2,60}?(?=,|;|:|\s+that\b)")
"""Whom the speaker cites ("citing a White House official"): part of who says it."""
_QUOTED = re.compile(r"[\"“]([^\"”]{3,}?)[\"”]")


def _dates(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in VALUE_SPANS["when"].finditer(text) if any(ch.isdigit() for ch in m.group(0))]


def values(text: str) -> list[str]:
    """Dates ("April 1", "March 3, 2024") and figures with their bound ("at least 85", "79 million",
    "500%") in ``text``, in order, as written; a figure inside a date is part of the date."""
    dates = _dates(text)
    found = [(s, e) for s, e in dates]
    for m in _FIGURE.finditer(text):
        if not any(s <= m.start() < e or s < m.end() <= e for s, e in dates):
            found.append(m.span())
    return [text[s:e].strip() for s, e in sorted(found)]


def must_keep(text: str) -> list[str]:
    """What an answer citing ``text`` must still say (module docstring): who says it, the hedge's
    words, values, short quoted passages; each an exact span of ``text``, at most
    :data:`MAX_ITEMS`."""
    text = " ".join(text.split())
    out: list[str] = []
    who = speaker_of(text, hedge_cue(text))
    if who:
        at = text.casefold().find(who.strip(" ,").casefold())
        if at >= 0:  # as written (the lead's reading lower-cases "One of …")
            out.append(text[at:at + len(who.strip(" ,"))])
    via = _CITING.search(text)
    if via and not any(via.group(0) in o for o in out):
        out.append(via.group(0))
    cue = hedge_cue(text)
    m = cue.search(text) if cue is not None else None
    if m and m.group(0).strip() and not any(m.group(0).strip() in o for o in out):
        out.append(m.group(0).strip())
    for value in values(text):
        if not any(value in o for o in out):
            out.append(value)
    for q in _QUOTED.findall(text):
        if len(q.split()) <= MAX_QUOTED_WORDS and q not in out:
            out.append(q)
    return list(dict.fromkeys(out))[:MAX_ITEMS]
