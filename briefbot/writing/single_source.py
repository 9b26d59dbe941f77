"""How an answer resting on one report says so (:mod:`briefbot.truth.status.alone`).

The status rule makes an answer ``uncertain`` when its lead claim comes from one report while
other reports on the story were read and none gives it.  The reader should get the claim first
and then, once, whose word it is: "Only one of the 5 reports on the story gives the number:
ten workers, according to the company [1]."  Never "No confirmed number", which would tell the
reader the reports do not give it, nor the rule's own words.
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


def alone_opening(reasons: Sequence[str], thing: str) -> str | None:
    """The opening of an ``uncertain`` lead for an answer one report alone gives ("Only one of the
    5 reports on the story gives the date"), or None when something else is open."""
    n = reports_behind(reasons)
    if n is None:
        return None
    what = "says this" if thing == "answer" else f"gives the {thing}"
    return f"Only one of the {n} reports on the story {what}"


def alone_note(reasons: Sequence[str]) -> str | None:
    """The note for an answer one report alone gives, when no lead line said it."""
    n = reports_behind(reasons)
    if n is None:
        return None
    others = n - 1
    return (f"Only one report gives this; the {'other' if others == 1 else f'{others} other'} "
            f"report{'s' if others != 1 else ''} on the story do{'es' if others == 1 else ''} not say it")
