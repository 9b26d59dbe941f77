"""One statement, one sentence: the same quoted words from two reports are shown once.

Two outlets often carry one speaker's words in sentences of their own ("Mayor Ilsa Brandt, speaking
to reporters: "We are not closing the harbour this winter." [2]" and "Speaking outside the hall,
Brandt put it this way: "We are not closing the harbour this winter." [3]").  The truth layer
folds only sentences whose embeddings nearly coincide (``duplicate_similarity``), so both reached
the answer and the reader read the same quotation twice.

:func:`merged_quotes` reads the rendered answer: a later sentence whose quoted words (at least
:data:`~briefbot.truth.status.alone.QUOTE_WORDS` of them) an earlier sentence already quotes, and
which says little besides (its quotation is at least :data:`QUOTE_SHARE` of its words), is left out
and its markers join the earlier sentence's (``[2][3]``): both reports are still cited for the
words they both carry, and the shown sentence is still exact text of the first one's quote, so the
verifier's check stands.  A sentence that adds a claim of its own beside the quotation stays.
"""

from __future__ import annotations

import re

from briefbot.truth.status.alone import quotes
from briefbot.writing.markers import marker_texts
from briefbot.writing.said_once import joined, pieces

QUOTE_SHARE = 0.4
"""Share of a sentence's words its repeated quotation must hold for the sentence to say nothing
else worth showing: "Speaking outside the hall, Brandt put it this way: "…"" is an eight-word
quotation in a ten-word frame of who said it where (0.44); a sentence that reports a vote and
three decisions and then quotes the same words says more (0.25), and stays."""

_WORD = re.compile(r"[\w'’]+")


def quote_share(sentence: str, quote: str) -> float:
    """Share of ``sentence``'s words that ``quote`` (folded words, as :func:`quotes` gives them) holds."""
    total = len(_WORD.findall(sentence))
    return len(quote.split()) / total if total else 0.0


def repeats_quote(sentence: str, earlier: set[str]) -> bool:
    """Does ``sentence`` only repeat a quotation an earlier sentence gave (``earlier``: its folded
    quotes): it shares one, and that quotation is most of what it says (:data:`QUOTE_SHARE`)?"""
    shared = quotes(sentence) & earlier
    return any(quote_share(sentence, q) >= QUOTE_SHARE for q in shared)


def _joined_markers(first: str, second: str) -> str:
    seen = marker_texts(first)
    return first + "".join(m for m in marker_texts(second) if m not in seen)


def merged_quotes(answer: str) -> str:
    """The rendered ``answer`` (sentence-and-markers pieces) with every sentence that repeats an
    earlier sentence's quotation left out and its markers added to that sentence's (module
    docstring); unchanged when no sentence does."""
    parts = pieces(answer)
    kept: list[tuple[str, str]] = []
    said: list[set[str]] = []
    merged = False
    for sentence, markers in parts:
        owner = next((i for i, q in enumerate(said) if repeats_quote(sentence, q)), None)
        if owner is None:
            kept.append((sentence, markers))
            said.append(quotes(sentence))
            continue
        kept[owner] = (kept[owner][0], _joined_markers(kept[owner][1], markers))
        merged = True
    return joined(kept) if merged else answer
