"""How a single-sourced answer says whose word it is (:mod:`briefbot.writing.single_source`)."""

from __future__ import annotations

from briefbot.truth.status.alone import ALONE
from briefbot.writing.single_source import alone_note, reports_behind

THREE_OTHERS = f"{ALONE}: 3 other reports on the story do not"


def test_the_note_counts_every_report_on_the_story() -> None:
    assert reports_behind([THREE_OTHERS]) == 4
    assert alone_note([THREE_OTHERS]) == "Only one of the 4 reports on the story gives this"
    assert alone_note([f"{ALONE}: 1 other report on the story does not"]) == (
        "Only one of the 2 reports on the story gives this")


def test_only_when_nothing_else_is_open() -> None:
    assert reports_behind([THREE_OTHERS, "the sources disagree"]) is None
    assert alone_note(["the sources disagree"]) is None
    assert alone_note([]) is None
