"""How an answer resting on one report says so (:mod:`briefbot.truth.status.alone`).

The status rule makes an answer ``uncertain`` when its lead claim comes from one report while
other reports on the story were read and none gives it.  The answer reads as it would have: the
report's sentence with its marker, the asked value first.  The note then says once whose word it is:
"Only one of the 5 reports on the story gives this."  No lead line: a line such as "Only one of the
5 reports gives the number: ten workers [1]" before the sentence that says "fired ten workers [1]"
gives the value twice (realnews short answers grew from 44 to 51 words with it); and never "No
confirmed number", which would tell the reader the reports do not give it.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefbot.truth.status.alone import others_in


def reports_behind(reasons: Sequence[str]) -> int | None:
    """The number of reports on the story when the only thing open is that one of them alone gives
    the answer (its :func:`~briefbot.truth.status.alone.single_report` reason is the only reason);
    None otherwise."""
    counted = [n for n in (others_in(r) for r in reasons) if n is not None]
    if len(counted) != 1 or len(reasons) != 1:
        return None
    return counted[0] + 1


def alone_note(reasons: Sequence[str]) -> str | None:
    """The note for an answer one report alone gives ("Only one of the 4 reports on the story gives
    this"), or None when something else is open."""
    n = reports_behind(reasons)
    return None if n is None else f"Only one of the {n} reports on the story gives this"
