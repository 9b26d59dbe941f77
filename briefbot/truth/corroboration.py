"""Wire copies in evidence and notes: one text carried by several outlets is one source.

:mod:`briefbot.store.copies` finds which stored articles carry the same text; here the
truth layer uses those groups so that a copy never stands beside its original as
corroboration, and says so when all support is one text.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefbot.language.counts import counts
from briefbot.language.features import features
from briefbot.language.question import QuestionFrame
from briefbot.language.text import stem, tokens
from briefbot.language.values import weekdays
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


def asked_value(frame: QuestionFrame, text: str) -> frozenset[str]:
    """The asked value(s) ``text`` gives, as comparable labels: for how many, each count of a word the
    question uses ("count:nine people" as "count:9-9:peopl"); for when, its calendar days and
    weekdays.  Empty for other kinds, or when the sentence gives none."""
    if frame.kind == "how_many":
        asked = frozenset(stem(w) for w in tokens(frame.text))
        return frozenset(f"count:{c.low:g}-{c.high:g}:{c.thing}" for c in counts(text) if c.thing in asked)
    if frame.kind == "when":
        f = features(text)
        return frozenset({*(f"day:{d}" for d in f.days), *(f"weekday:{w}" for w in weekdays(text))})
    return frozenset()


def one_event(a: Evidence, b: Evidence) -> bool:
    """Are two sentences about one event, as a disagreement's sides must be (MiniLM cosine ≥
    :data:`~briefbot.truth.conflicts.SAME_EVENT_SIMILARITY`)?  "Thursday" in a sentence about a
    statement does not corroborate "Thursday" in one about the death it comments on."""
    return a.vector is not None and b.vector is not None and float(a.vector @ b.vector) >= SAME_EVENT_SIMILARITY


def corroborate(selected: Sequence[Evidence], canvass: Sequence[Evidence], frame: QuestionFrame) -> int:
    """The same asked value from another report is corroboration: a canvassed sentence of another
    article (:mod:`briefbot.truth.canvass`) that gives the lead's value, and no value the lead does not
    give, and is about the same event (:func:`one_event`), joins the lead's duplicates, so the
    writer cites both ("[1][2]"); a wire copy of the lead's
    own text is dropped again by :func:`fold_copies`.  Returns how many joined."""
    if not selected:
        return 0
    lead = selected[0]
    value = asked_value(frame, lead.text)
    if not value:
        return 0
    held = {d.key for e in selected for d in [e, *e.duplicates]}
    cited = {d.article_id for d in [lead, *lead.duplicates]}
    joined = 0
    for e in canvass:
        if e.key in held or e.article_id in cited:
            continue
        other = asked_value(frame, e.text)
        if other and other <= value and one_event(lead, e):
            lead.duplicates.append(e)
            cited.add(e.article_id)
            joined += 1
    return joined
