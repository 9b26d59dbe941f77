"""How a single-sourced answer says whose word it is (:mod:`briefbot.writing.single_source`)."""

from __future__ import annotations

from briefbot.truth.status.alone import ALONE
from briefbot.writing.single_source import alone_note, alone_opening, reports_behind

THREE_OTHERS = f"{ALONE}: 3 other reports on the story do not"


def test_the_opening_counts_every_report_and_names_the_asked_thing() -> None:
    assert alone_opening([THREE_OTHERS], "figure") == "Only one of the 4 reports on the story gives the figure"
    assert alone_opening([THREE_OTHERS], "answer") == "Only one of the 4 reports on the story says this"


def test_only_when_nothing_else_is_open() -> None:
    assert reports_behind([THREE_OTHERS, "the sources disagree"]) is None
    assert alone_opening(["the sources disagree"], "date") is None
    assert alone_note([]) is None


def test_the_note_says_it_once_in_plain_words() -> None:
    assert alone_note([THREE_OTHERS]) == "Only one report gives this; the 3 other reports on the story do not say it"
    assert alone_note([f"{ALONE}: 1 other report on the story does not"]) == (
        "Only one report gives this; the other report on the story does not say it")
