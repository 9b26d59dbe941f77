"""Blame is a claim unless an investigating body finds it (:mod:`briefbot.truth.status.blame`),
invented sentences and the real spaCy parse."""

from __future__ import annotations

from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.blame import asks_blame, blame_claimed, blame_first, found_at_fault


def _ev(text: str) -> Evidence:
    return Evidence("a", "a-c", "Hale and the polls", "", None, None, text, 0, len(text))


def test_questions_asking_whose_fault_or_who_is_to_blame() -> None:
    assert asks_blame(analyse_question("whose fault is hales slide in the polls"))
    assert asks_blame(analyse_question("who should carry the blame for the outage"))
    assert not asks_blame(analyse_question("who was behind the attack on the depot"))


def test_an_investigating_body_finds_fault_a_party_claims_it() -> None:
    assert found_at_fault("The inquiry blamed the operator for the outage.")
    assert found_at_fault("Investigators found the crew at fault.")
    assert found_at_fault("The report said the operator was responsible for the leak.")
    assert not found_at_fault("Hale blamed the media for his drop in the polls.")
    assert not found_at_fault("The union says management is to blame for the outage.")


def test_a_blame_question_answered_by_a_party_s_claim_is_uncertain() -> None:
    """Fails on the code before this rule: one party's blame was a confident answer."""
    frame = analyse_question("whose fault is hales slide in the polls")
    claim = _ev("In a series of posts, Hale blamed the media for his drop in the polls.")
    assert blame_claimed(frame, [claim]) == "who is to blame is what the parties say, not a finding"
    assert blame_claimed(frame, [_ev("The review found his campaign staff at fault for the slide.")]) is None
    assert blame_claimed(analyse_question("when did hale slide in the polls"), [claim]) is None


def test_blaming_sentences_lead_a_blame_question_s_selection() -> None:
    poll = _ev("A poll of Velmar voters found Hale ahead by 11 points.")
    claim = _ev("Hale blamed the media for his drop in the polls.")
    assert blame_first(analyse_question("whose fault is hales slide in the polls"), [poll, claim]) == [claim, poll]
    assert blame_first(analyse_question("when did hales slide in the polls start"), [poll, claim]) == [poll, claim]
