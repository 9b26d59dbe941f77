"""The asked value said twice (:mod:`briefbot.truth.status.shared_value`): invented sentences.

Sentence vectors are set by hand where the test is about the cosine (a fake at the edge: the event
test's threshold is what is tried); the claim test uses the real parse."""

from __future__ import annotations

import numpy as np
from helpers.sentence import sentence

from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.second_report import corroborate
from briefbot.truth.status.shared_value import (
    SECOND_PASS,
    VALUE_EVENT,
    candidates,
    carries_value,
    covers_lead,
    names_the_role_holder,
    role_name,
    value_event,
)


def ev(text: str, article: str, cosine: float | None = 1.0, start: int = 0) -> Evidence:
    """An evidence sentence whose vector has ``cosine`` with the axis-0 lead (None: no vector yet)."""
    vector = None
    if cosine is not None:
        vector = np.array([cosine, (1 - cosine ** 2) ** 0.5, 0, 0], dtype=np.float32)
    return sentence(text, article, start=start, vector=vector)


FRAME = analyse_question("how much does the golf club owe the water board")
LEAD = "Carrow Links tops the list, with a delinquent account balance of $512,839, the water board said."


def test_a_shared_value_and_an_asked_word_stand_in_for_the_event_test() -> None:
    lead = ev(LEAD, "a")
    assert value_event(FRAME, lead, ev("The water board chases a golf club that owes $512,000.", "b", 0.45))
    assert not value_event(FRAME, lead, ev("The water board chases a golf club that owes $512,000.", "b", 0.30))
    assert not value_event(FRAME, lead, ev("Its 2019 report listed $512,000 in fees.", "b", 0.45))  # no asked word


def test_a_value_framed_another_way_is_cited_with_the_lead() -> None:
    """Cosine 0.45: the whole-sentence event test (0.55) joined nothing on the old code."""
    lead = ev(LEAD, "a")
    other = ev("The water board chases a golf club that owes $512,000 while cutting off homes.", "b", 0.45)
    assert corroborate([lead], [other], FRAME) == 1
    assert lead.duplicates == [other]


def test_an_open_claim_keeps_the_whole_sentence_test() -> None:
    frame = analyse_question("why did the board close the golf club")
    lead = ev("The board closed the golf club because its wells ran dry.", "a")
    assert not value_event(frame, lead, ev("The golf club closed because its wells ran dry.", "b", 0.45))


def test_a_who_needs_the_name_in_the_asked_role_in_both() -> None:
    frame = analyse_question("who replaced ada holm as harbour master")
    lead = ev("Bram Koval replaced Ada Holm as harbour master in May.", "a")
    assert not value_event(frame, lead, ev("Koval has no harbour master licence yet, a clerk said.", "b", 0.45))


def test_the_story_sentences_the_shortlist_left_out_are_searched_for_the_value() -> None:
    """The second report is not among the canvassed sentences, only among the story's others: the old
    corroboration never read it."""
    lead = ev(LEAD, "a")
    unrelated = ev("The board met on Monday.", "b", None, 0)
    second = ev("The water board chases a golf club that owes $512,000 while cutting off homes.", "b", None, 100)
    second_vector = np.array([0.45, (1 - 0.45 ** 2) ** 0.5, 0, 0], dtype=np.float32)
    found = candidates(FRAME, lead, [unrelated, second], set())
    assert found == [second]  # a sentence with no number cannot state the figure
    second.vector = second_vector  # as the pass's embedding would (set by hand: the fake at the edge)
    assert corroborate([lead], [], FRAME, [unrelated, second]) == 1
    assert lead.duplicates == [second]


def test_the_second_pass_is_bounded_and_skips_cited_articles() -> None:
    lead = ev(LEAD, "a")
    many = [ev(f"The club owes ${n},000 in unpaid water fees.", f"x{n}", None) for n in range(100, 130)]
    assert len(candidates(FRAME, lead, many, set())) == SECOND_PASS
    assert candidates(FRAME, lead, many, {e.article_id for e in many}) == []
    assert not carries_value(FRAME, lead, ev("The club owes unpaid water fees.", "b"))
    assert 0 < VALUE_EVENT < 0.55


def test_another_act_of_the_same_day_is_no_second_report() -> None:
    """The same weekday and "announced", but not the fund the lead announces: the other sentence must
    say every asked word the lead says."""
    frame = analyse_question("what day did the water board announce the help fund")
    lead = ev("The Carrow water board on Monday announced a fund to help poor households.", "a")
    other = ev("The Carrow water board announced Monday that it will chase unpaid business bills.", "b", 0.49)
    assert not covers_lead(frame, lead, other)
    assert corroborate([lead], [other], frame) == 0


def test_a_who_answer_is_confirmed_by_its_role_holder_not_another_name() -> None:
    """"host Ada Holm asked … about manager Bram Koval": the host is Holm; a report naming Koval alone
    does not confirm who the host was (old: any shared name of the sentence joined)."""
    frame = analyse_question("who was the radio host interviewing tam rusk")
    lead = ev("Radio host Ada Holm asked Tam Rusk about the hiring of manager Bram Koval.", "a")
    assert role_name(frame, lead.text) >= {"holm"}
    assert not names_the_role_holder(frame, lead, ev("The firm hired Bram Koval as its manager.", "b"))
    assert names_the_role_holder(frame, lead, ev("Rusk clashed with Ada Holm on her show.", "b"))


def test_the_role_holder_is_the_name_nearest_the_asked_word_in_the_parse() -> None:
    """"Ilse Varn defeated Ada Holm … to win the cup": both names are one step from "defeated", the
    subject is the winner; the nearest name in the text ("Holm") is not."""
    frame = analyse_question("who won the carrow cup final")
    assert role_name(frame, "Ilse Varn defeated Ada Holm in three sets to win the Carrow Cup final.") >= {"varn"}
