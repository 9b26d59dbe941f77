"""The insufficient-evidence reason as a reader's sentence (:mod:`briefbot.truth.status.reader`)."""

from __future__ import annotations

import re

from briefbot.truth.status.model import Assessment
from briefbot.truth.status.reader import plain_reason

DEBUG = re.compile(r"\d\.\d\d|score|<|passages never mention|relevant enough")


def _a(reason: str, missing: list[str] | None = None) -> Assessment:
    return Assessment("insufficient_evidence", [], 0.0, reasons=[reason], missing=missing or [])


def test_nothing_relevant_says_what_was_looked_for() -> None:
    out = plain_reason(_a("no passage is relevant enough (best score 0.31 < 0.36, closest meaning 0.40 < 0.43)"),
                       "when will the senate return")
    assert out == "none of them says when the senate will return"
    assert not DEBUG.search(out)


def test_missing_anchors_are_named_as_typed() -> None:
    out = plain_reason(_a("the relevant passages never mention: budapest, 2019", ["budapest", "2019"]),
                       "What did Hale say at the Budapest summit in 2019?")
    assert out == "none of them mentions Budapest or 2019"


def test_a_missing_kind_of_answer_is_said_plainly() -> None:
    assert plain_reason(_a("no relevant passage gives a date or time"), "when did it open") == \
        "none of the passages about it gives a date for it"
    assert plain_reason(_a("no passage reports anything said by Hale"), "what did hale say") == \
        "none of the passages about it quotes Hale on it"
