"""Routing of question kinds (issue 17): the kind decides which slot test a sentence must pass."""

from __future__ import annotations

import pytest

from briefbot.language.question import analyse_question, question_kind


@pytest.mark.parametrize(("question", "kind"), [
    ("why did the depot close", "why"),
    ("What is the reason the Hale-Orsen meeting was put off?", "why"),
    ("what was the motive for the attack on the depot", "why"),
    ("is there a known motive for the attack", "why"),
    ("was the arrest timed for political reasons", "yes_no"),  # asks yes or no, not for the reason
    ("did the police give a reason", "yes_no"),
    ("how long did police hold the councillor", "how_many"),
])
def test_question_kinds(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_how_long_asks_a_duration_not_a_count() -> None:
    assert analyse_question("how long did police hold the councillor").asks_duration
    assert analyse_question("how long had the family been away").asks_duration
    assert not analyse_question("how many people did police hold").asks_duration
