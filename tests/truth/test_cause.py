"""The cause slot: "what killed X" / "what caused X" need a cause of X's own event (real spaCy parse).

Sentences are our own, written for these tests (invented names).
"""

from __future__ import annotations

from briefbot.language.parse import parse
from briefbot.truth.status.cause import cause_question, event_words, gives_cause

HALE = frozenset({"hale"})
KILLED = event_words("killed", "hale")


def test_cause_questions_and_their_event() -> None:
    assert cause_question("what killed hale") == ("killed", "hale")
    assert cause_question("what caused the depot fire") == ("caused", "the depot fire")
    assert cause_question("how did hale die") == ("die", "hale")
    assert cause_question("what did hale say") is None
    assert {"die", "death"} <= set(KILLED)


def test_a_cause_of_the_asked_persons_death() -> None:
    assert gives_cause(parse("Hale died at 90 after a long illness, his lawyer said."), KILLED, HALE, True)
    assert gives_cause(parse("Hale died of a stroke."), KILLED, HALE, True)
    assert gives_cause(parse("A stroke killed him on Friday."), KILLED, HALE, True)
    assert gives_cause(parse("The former guard has died after a long illness."), KILLED, HALE, True)


def test_killings_the_person_did_or_was_accused_of_are_no_cause_of_their_death() -> None:
    assert not gives_cause(parse("Prosecutors charged Hale over the 1950 killing of villagers in Carrow."),
                           KILLED, HALE, True)
    assert not gives_cause(parse("Hale killed two guards after a row."), KILLED, HALE, True)
    assert not gives_cause(parse("The court said Hale took part in the deaths of thousands after the uprising."),
                           KILLED, HALE, True)
    assert not gives_cause(parse("Hale died last week, his lawyer said."), KILLED, HALE, True)  # no cause given


def test_a_cause_of_an_asked_thing() -> None:
    fire = event_words("caused", "the fire")
    assert gives_cause(parse("The fire was caused by a faulty heater."), fire, frozenset({"fire"}), False)
    assert gives_cause(parse("A faulty heater caused the fire."), fire, frozenset({"fire"}), False)
    assert gives_cause(parse("The fire started after a short circuit."), fire, frozenset({"fire"}), False)
    assert not gives_cause(parse("The fire spread quickly on Friday."), fire, frozenset({"fire"}), False)
    assert not gives_cause(parse("Hale caused a stir at the meeting."), fire, frozenset({"fire"}), False)
