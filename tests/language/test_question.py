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
    ("what is the release date for Vexa 2 on the Orbis console", "when"),  # asks a date, like "when"
    ("what was the date of the Norvale vote", "when"),
    ("what is the name of the Norvale mayor", "what"),
])
def test_question_kinds(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_how_long_asks_a_duration_not_a_count() -> None:
    assert analyse_question("how long did police hold the councillor").asks_duration
    assert analyse_question("how long had the family been away").asks_duration
    assert not analyse_question("how many people did police hold").asks_duration


def test_an_inflected_verb_of_the_question_is_read_as_a_verb() -> None:
    from briefbot.language.question import typed_as_verb

    assert typed_as_verb("bankrolled", "who bankrolled the norvale ferry study")
    assert typed_as_verb("funding", "who is funding the norvale ferry study")
    assert not typed_as_verb("study", "who bankrolled the norvale ferry study")  # no inflection
    assert not typed_as_verb("orsen", "did orsen vote for the ferry")  # a name, whatever its tag
    assert not typed_as_verb("fred", "did fred vote")  # too short to tell


def test_names_of_a_question_without_capitals_are_guessed_only_when_the_corpus_lacks_them() -> None:
    from briefbot.language.gazetteer import Gazetteer

    gaz = Gazetteer()
    gaz.add("a1", "h1", "Mara Orsen told the Norvale council on Monday that the ferry study was short of money.")
    frame = analyse_question("did orsen tell greta lindqvist about the ferry study", gaz)
    assert {"orsen", "lindqvist"} <= frame.names
    assert "lindqvist" in frame.guessed and "orsen" not in frame.guessed  # the corpus writes "Orsen"
    assert analyse_question("did Orsen tell Greta Lindqvist", gaz).guessed == frozenset()  # capitals tell
