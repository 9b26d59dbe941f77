"""Whose words a sentence is shown in: a statement several articles carry speaks in one that
stands alone.

The truth layer folds the same statement in other articles into one evidence item
(:attr:`briefbot.truth.evidence.Evidence.duplicates`: cited together, ``[1][2][3]``).  The item's
own text is the one the answer quotes, and it can be the one copy that points back at a
sentence the answer does not show ("It has been stalled for a long time despite the backing of
at least 85 senators" where another outlet writes "The bill … has long been stalled, even though
at least 85 senators support it").  The writer's :func:`briefbot.writing.writer.plainest` already
lets a fused group speak in a member that does not dangle; it never saw an item's duplicates.

:func:`standalone_voice` swaps the item's wording for the first duplicate that does not open with
a pointer (:func:`briefbot.writing.writer.opens_with_pointer`); the item keeps its scores, and
every copy is still cited, so the quote behind the shown words is exact text of its article and
the verifier checks the words against it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from briefbot.truth.evidence import Evidence
from briefbot.writing.writer import opens_with_pointer


def standalone_voice(ev: Evidence) -> Evidence:
    """``ev`` spoken by its first duplicate that does not open with a pointer, when ``ev``'s own
    text does (its scores stay; ``ev`` becomes a duplicate, so all are still cited); ``ev`` itself
    otherwise."""
    if not ev.duplicates or not opens_with_pointer(ev.text):
        return ev
    free = next((d for d in ev.duplicates if not opens_with_pointer(d.text)), None)
    if free is None:
        return ev
    own = replace(ev, duplicates=[])
    return replace(ev, article_id=free.article_id, chunk_id=free.chunk_id, title=free.title, source=free.source,
                   url=free.url, published=free.published, text=free.text, start=free.start, end=free.end,
                   hedges=list(free.hedges), vector=free.vector,
                   duplicates=[own, *(d for d in ev.duplicates if d is not free)])


def standalone_voices(evidence: Sequence[Evidence]) -> list[Evidence]:
    """Each item of ``evidence`` in a wording that stands alone (:func:`standalone_voice`); the
    order, and so every index the truth layer's plan gives, is unchanged."""
    return [standalone_voice(ev) for ev in evidence]
