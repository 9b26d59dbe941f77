"""Dangling starts, their compression, and topic drift (pure functions, no model)."""

from __future__ import annotations

import numpy as np
import pytest

from briefbot.store.embeddings import encode
from briefbot.writing.summarize_clean import (
    broken_quote,
    compress_start,
    dangling_start,
    drifted,
    off_story_articles,
    starts_inside_quote,
    story_entities,
)

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


def test_a_sentence_that_starts_or_breaks_off_inside_a_quotation_is_not_a_point() -> None:
    assert starts_inside_quote("All of them?” the host responded, sounding surprised.")
    assert dangling_start("All of them?” the host responded, sounding surprised.")
    assert not starts_inside_quote("“Says who?” he asked.")
    assert not dangling_start("“Says who?” he asked.")
    assert broken_quote("When the lawyer sees a child held by the arms, it is, as he puts it, “a trigger.")
    assert broken_quote('"Looking back, the client now believes he was being groomed.')
    assert not broken_quote("He called the decision “inexcusable” and fired ten workers.")
    assert not broken_quote('The ministry said the call covered "specific steps" for the plan.')


def _unit_mean(texts: list[str]) -> np.ndarray:
    v = encode(texts).mean(axis=0)
    return v / np.linalg.norm(v)


def test_an_article_about_another_story_is_the_odd_one_out() -> None:
    """Real MiniLM vectors: three reports of a station's cooling fault and one of a film premiere."""
    means = {
        "a": _unit_mean(["A cooling pump on the space station failed on Wednesday.",
                         "The crew shut down non-essential systems while engineers studied the fault."]),
        "b": _unit_mean(["NASA says a faulty valve stopped one of the station's two cooling loops.",
                         "A spacewalk may be needed to replace the pump."]),
        "c": _unit_mean(["The station's crew is safe after a cooling system problem, NASA said.",
                         "Mission managers are weighing a software fix for the valve."]),
        "x": _unit_mean(["The actor arrived at the premiere in a red suit.",
                         "Fans queued overnight outside the cinema for the film's opening."]),
    }
    assert off_story_articles(means) == {"x"}
    assert off_story_articles({k: means[k] for k in ("a", "b", "c")}) == set()
    assert off_story_articles({k: means[k] for k in ("a", "x")}) == set()  # two articles: no odd one out


def test_an_abstract_act_noun_with_the_points_back() -> None:
    """"The move by …", "The decision was …": the act was named in the sentence before."""
    assert dangling_start("The move by the city's largest employer came as the union released its own figures.")
    assert dangling_start("The decision was criticised by the two unions on Tuesday.")
    assert not dangling_start("The meeting between the two mayors was postponed on Monday.")
    assert not dangling_start("The decision to close the plant was announced on Monday.")
