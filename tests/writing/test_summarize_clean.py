"""Dangling starts, their compression, and topic drift (pure functions, no model)."""

from __future__ import annotations

import pytest

from briefbot.writing.summarize_clean import compress_start, dangling_start, drifted, story_entities

ASSESSMENT = ("The assessment comes after CNN, citing a White House official, reported that the planned meeting "
              "was postponed.")


def test_a_pointer_before_a_full_sentence_is_cut_to_an_exact_substring() -> None:
    cut = compress_start(ASSESSMENT)
    assert ASSESSMENT[cut:].startswith("CNN, citing a White House official")
    assert not dangling_start(ASSESSMENT[cut:])
    meanwhile = "Meanwhile, Senate leaders put the bill on hold until the summit."
    assert meanwhile[compress_start(meanwhile):] == "Senate leaders put the bill on hold until the summit."
    lower = "However, the ministry said the talks would resume on Friday."
    assert compress_start(lower) == 0 and dangling_start(lower)  # no capital after it: not cut, still dangling


@pytest.mark.parametrize("text", [
    "It has been stalled since June.",
    "They spoke again on Tuesday.",
    "This comes as the Senate delays its vote.",
    "The assessment comes after a week of talks.",
    "The two diplomats talked by phone on October 20.",
    "But the ministry said nothing more.",
    "His office declined to comment.",
])
def test_dangling_starts(text: str) -> None:
    assert dangling_start(text)


@pytest.mark.parametrize("text", [
    "It remains unclear why the meeting was postponed.",  # the dummy "it" points nowhere
    "It is not known whether the bridge will reopen.",
    "The Senate paused work on the bill.",
    "Theresa May spoke on Tuesday.",
    "Thessaloniki hosted the summit.",
])
def test_stand_alone_starts(text: str) -> None:
    assert not dangling_start(text)


def test_drift_needs_both_distance_and_no_shared_entity() -> None:
    entities = story_entities([("a", {"lavrov", "rubio"}), ("b", {"rubio", "senate"}), ("c", {"kcell"})], {"moscow"})
    assert entities == {"rubio", "moscow"}  # names two articles use, and the topic's
    assert drifted(0.1, {"kcell"}, entities)  # far and about something else
    assert not drifted(0.1, {"rubio"}, entities)  # far in wording, same people
    assert not drifted(0.5, {"kcell"}, entities)  # close to the story
