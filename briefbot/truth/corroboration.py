"""Wire copies in evidence and notes: one text carried by several outlets is one source.

:mod:`briefbot.store.copies` finds which stored articles carry the same text; here the
truth layer uses those groups so that a copy never stands beside its original as
corroboration, and says so when all support is one text.  Another *independent* report of the
lead's claim is found by :mod:`briefbot.truth.status.second_report`.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefbot.store.copies import CopyGroups
from briefbot.truth.conflicts import SAME_EVENT_SIMILARITY
from briefbot.truth.evidence import Evidence

SAME_SENTENCE = 0.8
"""Two evidence sentences of one text (original and copy) at least this similar (MiniLM
cosine) are the same sentence, lightly edited: only the first is kept."""


def fold_copies(items: Sequence[Evidence], groups: CopyGroups) -> list[Evidence]:
    """Evidence in which a wire copy never stands beside its original as a second source.

    A duplicate from a copy of the item's own text is dropped (the citation's
    ``also_in`` names the copy's outlet instead), and an item that repeats an earlier
    item's sentence from a copy of the same text is dropped.
    """
    if not groups.original:
        return list(items)
    kept: list[Evidence] = []
    for ev in items:
        texts = {groups.text_of(ev.article_id)}
        dups = []
        for dup in ev.duplicates:
            if groups.text_of(dup.article_id) not in texts:
                texts.add(groups.text_of(dup.article_id))
                dups.append(dup)
        ev.duplicates = dups
        if not any(groups.same_text(k.article_id, ev.article_id) and _same_sentence(k, ev) for k in kept):
            kept.append(ev)
    return kept


def _same_sentence(a: Evidence, b: Evidence) -> bool:
    if a.vector is not None and b.vector is not None:
        return float(a.vector @ b.vector) >= SAME_SENTENCE
    return " ".join(a.text.split()).lower() == " ".join(b.text.split()).lower()


def one_text_note(groups: CopyGroups, cited: Sequence[tuple[str, str]]) -> str | None:
    """The uncertainty note when several outlets are cited but all carry one text."""
    if not cited:
        return None
    roots = {groups.text_of(a) for a, _ in cited}
    if len(roots) != 1:
        return None
    root = next(iter(roots))
    outlets = [groups.sources.get(m, "") for m in groups.members(root)]
    outlets = [o for o in dict.fromkeys(outlets) if o]
    if len(groups.members(root)) < 2:
        return None
    first = groups.sources.get(root) or "one outlet"
    others = [o for o in outlets if o != first]
    also = f", republished by {', '.join(others)}" if others else ", republished"
    return (f"All support comes from one text: {first}'s report{also}; copies of one report count "
            "as one source, not as corroboration")


def one_event(a: Evidence, b: Evidence) -> bool:
    """Are two sentences about one event, as a disagreement's sides must be (MiniLM cosine ≥
    :data:`~briefbot.truth.conflicts.SAME_EVENT_SIMILARITY`)?  "Thursday" in a sentence about a
    statement does not corroborate "Thursday" in one about the death it comments on."""
    return a.vector is not None and b.vector is not None and float(a.vector @ b.vector) >= SAME_EVENT_SIMILARITY
