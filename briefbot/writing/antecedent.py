"""A lead that points back is shown with the sentence it points at.

"He said the retraining will affect hundreds of workers" or "Her body was found on a beach in
2003" opens an answer on a pronoun whose person the reader never saw.  When no other outlet's copy
of the statement stands alone (:mod:`briefbot.writing.voice`) and no other sentence can lead
(:func:`briefbot.writing.writer.no_pointer_lead`), the lead is resolved from its own article: the
quote runs back to the start of the sentence before it (:func:`with_antecedent`), so the answer
opens "A company spokesman, Ado Renk, spoke on Friday. He said the retraining …" — both sentences
exact text of the article (``quote == article.text[start:end]`` still holds, and the verifier
checks the words against it).

The previous sentence is used only when it stands alone itself, is a sentence (not a heading or a
dateline fragment) and the two together stay within :data:`MAX_WORDS`; otherwise the lead is left
as it is.
"""

from __future__ import annotations

from dataclasses import replace

from briefbot.sources.chunking import split_sentences
from briefbot.truth.evidence import Evidence
from briefbot.writing.writer import opens_with_pointer

MAX_WORDS = 60
"""Words the lead and the sentence it points at may hold together: a longer pair is a paragraph,
not a lead."""
MIN_ANTECEDENT_WORDS = 5
"""A shorter "sentence" before the lead is a heading or a byline, not what the lead points at."""


def previous_sentence(article_text: str, start: int) -> tuple[int, int] | None:
    """The (start, end) offsets of the sentence of ``article_text`` that ends at or before
    ``start`` and is the last to do so; None when the lead is the article's first sentence."""
    before = [s for s in split_sentences(article_text) if s.end <= start]
    return (before[-1].start, before[-1].end) if before else None


def with_antecedent(ev: Evidence, article_text: str) -> Evidence | None:
    """``ev`` with its quote run back to the start of the sentence before it in its article, when
    ``ev`` opens with a pointer and that sentence can resolve it (module docstring); else None."""
    if not opens_with_pointer(ev.text) or article_text[ev.start:ev.end] != ev.text:
        return None
    span = previous_sentence(article_text, ev.start)
    if span is None:
        return None
    prior = article_text[span[0]:span[1]]
    if len(prior.split()) < MIN_ANTECEDENT_WORDS or opens_with_pointer(prior) \
            or len(prior.split()) + len(ev.text.split()) > MAX_WORDS:
        return None
    text = article_text[span[0]:ev.end]
    return replace(ev, text=text, start=span[0], vector=None, hedges=list(ev.hedges))
