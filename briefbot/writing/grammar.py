"""A llama.cpp grammar (GBNF) for model answers: whole sentences, each ending in markers that exist.

Built per answer from the quotes the model was shown, so the model can only cite
them: "[5]" with four quotes cannot be sampled, nor "[2]" when the prompt left quote 2
out (``quotes``: any set of quote numbers, or ``n`` for ``[1]..[n]``).  The shape is one to
``max_sentences`` sentences, each ``<text> [i][j].`` (or ``<text>. [i]``), separated by
one space; the
sentence text cannot contain brackets or line breaks (no markdown, no lists, no
invented marker forms).  Nothing here decides what is true: the verifier still checks
every sentence against the quotes it cites.

Only the in-process llama.cpp backend takes a grammar; remote servers (OpenAI-compatible,
Ollama) get the same prompt without it and their replies are verified the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from briefbot.writing.markers import marker_numbers

MAX_SENTENCES = 3
"""Sentences an answer may have (the issue's "≤ 3 sentences")."""
MIN_CHARS = 11
"""Shortest sentence text (before its markers): no one-word stubs.  The length is bounded
by the model's ``max_tokens``; a counted repetition ({11,280}) would expand into hundreds
of grammar rules that llama.cpp checks at every token."""
MAX_MARKERS = 3
"""Markers one sentence may carry."""


def quote_numbers(quotes: int | Sequence[int]) -> list[int]:
    """``quotes`` as sorted marker numbers (an ``int`` n: ``1..n``)."""
    found = sorted(set(range(1, quotes + 1) if isinstance(quotes, int) else quotes))
    if not found or found[0] < 1:
        raise ValueError("an answer grammar needs at least one evidence quote, numbered from 1")
    return found


def answer_grammar(quotes: int | Sequence[int], max_sentences: int = MAX_SENTENCES) -> str:
    """The GBNF text for an answer citing ``quotes`` (numbers, or ``n``: ``[1]..[n]``)."""
    found = quote_numbers(quotes)
    if max_sentences < 1:
        raise ValueError("an answer has at least one sentence")
    numbers = " | ".join(f'"{i}"' for i in found)
    more = f' (" " sentence){{0,{max_sentences - 1}}}' if max_sentences > 1 else ""
    return "\n".join([
        f"root ::= sentence{more}",
        # "text [1][2]." or "text. [1]": a model that ends its sentence first still cites it
        'sentence ::= first body (" " markers "." | "." " "? markers)',
        "markers ::= marker marker-more",
        r'first ::= [A-Z0-9"“]',
        "body ::= char char char char char char char char char char char*",
        # a full stop only inside a word or number ("1.5", "U.S") or before a lower-case
        # word ("U.S. officials"): a sentence ends at its markers
        r'char ::= [^\[\]\n\r.!?] | "." [A-Za-z0-9] | ". " [a-z0-9]',
        f"marker-more ::= marker{{0,{MAX_MARKERS - 1}}}",
        f'marker ::= "[" ({numbers}) "]"',
    ]) + "\n"


_SENTENCE = re.compile(r'[A-Z0-9"“](?:[^\[\]\n\r.!?]|\.[A-Za-z0-9]|\. [a-z0-9]){10,}?'
                       r'(?: (?:\[\d+\]){1,3}\.|\. ?(?:\[\d+\]){1,3})')


def matches(text: str, quotes: int | Sequence[int], max_sentences: int = MAX_SENTENCES) -> bool:
    """Does ``text`` have the grammar's shape?  (A check for tests and remote replies.)"""
    allowed = set(quote_numbers(quotes))
    found = _SENTENCE.findall(text.strip())
    if not found or len(found) > max_sentences or " ".join(found) != text.strip():
        return False
    marks = [m for s in found for m in marker_numbers(s)]
    return all(m in allowed for m in marks)


def llama_grammar(quotes: int | Sequence[int], max_sentences: int = MAX_SENTENCES) -> Any:
    """The grammar as a ``llama_cpp.LlamaGrammar`` (llama-cpp-python is the local extra)."""
    from llama_cpp import LlamaGrammar  # heavy: the optional llama.cpp binding

    return LlamaGrammar.from_string(answer_grammar(quotes, max_sentences), verbose=False)
