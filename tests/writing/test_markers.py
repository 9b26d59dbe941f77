"""The ``[n]`` citation-marker helpers every stage uses (briefbot/writing/markers.py)."""

from __future__ import annotations

import re

from briefbot.writing.markers import (
    MARK,
    first_run_numbers,
    has_marker,
    marker_numbers,
    marker_texts,
    renumber,
    replace_markers,
    split_at_runs,
    strip_markers,
)

ANSWER = "The vote was postponed [2][1]. Officials cited the storm [3] [1]. [4]"


def test_numbers_and_texts_keep_order_and_repeats() -> None:
    assert marker_numbers(ANSWER) == [2, 1, 3, 1, 4]
    assert marker_texts("a [2] b [10]") == ["[2]", "[10]"]
    assert marker_numbers("a list [x] and [ 2 ] are not markers") == []


def test_has_marker() -> None:
    assert has_marker("said so [7]")
    assert not has_marker("said so [seven]")


def test_first_run_is_the_lead_sentence_markers() -> None:
    assert first_run_numbers(ANSWER) == [2, 1]
    assert first_run_numbers("x [3] [1] y [2]") == [3, 1]
    assert first_run_numbers("no markers") == []


def test_strip_takes_the_space_before_each_run() -> None:
    assert strip_markers("cut [1] [2].") == "cut."
    assert strip_markers("cut [1] [2].", " ") == "cut ."
    assert strip_markers("[1] lead") == " lead"


def test_split_keeps_runs_at_odd_places() -> None:
    assert split_at_runs("a [1][2]. b [3]") == ["a", " [1][2]", ". b", " [3]", ""]


def test_a_long_run_of_spaces_before_a_marker_goes_with_it() -> None:
    text = "x" + " " * 20_000 + "[1] y" + " " * 20_000
    assert strip_markers(text) == "x y" + " " * 20_000
    assert split_at_runs(text)[1] == " " * 20_000 + "[1]"


def test_renumber_keeps_or_drops_unknown_numbers() -> None:
    assert renumber("a [3] b [1] c [9]", {3: 1, 1: 2}) == "a [1] b [2] c [9]"
    assert renumber("a [3] b [1] c [9]", {3: 1, 1: 2}, drop_unknown=True) == "a [1] b [2] c "


def test_replace_keeps_a_marker_when_told_none() -> None:
    assert replace_markers("a [1] b [2]", lambda n: f"<{n}>" if n == 2 else None) == "a [1] b <2>"


def test_mark_is_one_marker_for_larger_patterns() -> None:
    assert re.fullmatch(rf"(?:{MARK})+", "[1][22]")
    assert not re.fullmatch(MARK, "[a]")
