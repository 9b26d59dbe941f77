"""Which selected evidence disagrees with other evidence about the same event (via :mod:`briefbot.conflicts`)."""

from __future__ import annotations

from briefbot.conflicts import Claim, Disagreement
from briefbot.conflicts import find_conflicts as find_disagreements
from briefbot.evidence import Evidence


def disagreeing(
    selected: list[Evidence], pool: list[Evidence]
) -> list[tuple[Evidence, Evidence, Disagreement]]:
    """Same-event disagreements between the selected evidence and the next-best candidates."""
    group = selected + [e for e in pool if e not in selected][:6]
    group = [e for e in group if e.vector is not None]
    by_key = {e.key: e for e in group}
    found = find_disagreements([claim_of(e) for e in group])
    return [(by_key[(d.sides[0].article_id, d.sides[0].start, d.sides[0].end)],
             by_key[(d.sides[1].article_id, d.sides[1].start, d.sides[1].end)], d) for d in found]


def claim_of(ev: Evidence) -> Claim:
    """The conflict module's view of one evidence sentence."""
    return Claim(ev.text, ev.article_id, ev.source, ev.start, ev.end, ev.vector, ev.title)
