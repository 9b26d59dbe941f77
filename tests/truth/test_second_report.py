"""A second report cited with the lead (:mod:`briefbot.truth.status.second_report`), invented sentences.

The sentences' vectors are set by hand (a fake at the edge: same axis, one event, cosine 1), so the
same-event test is fixed and the claim test (the real parse and word vectors) is what is tried."""

from __future__ import annotations

import numpy as np
from helpers.sentence import axis as unit
from helpers.sentence import sentence

from briefbot.language.question import analyse_question
from briefbot.truth.corroboration import one_event
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.second_report import corroborate


def ev(text: str, article: str, start: int = 0, axis: int = 0) -> Evidence:
    """An evidence sentence whose vector points along ``axis`` (same axis: one event, cosine 1)."""
    return sentence(text, article, start=start, vector=unit(axis))


def test_another_report_giving_the_same_value_is_cited_with_the_lead() -> None:
    frame = analyse_question("how many workers did acme fire")
    lead = ev("Acme fired ten workers seen in the video.", "a")
    same = ev("The company said it had fired 10 workers.", "b")
    other = ev("Acme fired nine workers, the union said.", "c")
    own = ev("Ten workers were fired by Acme, the paper said.", "a", 400)
    assert corroborate([lead], [same, other, own], frame) == 1
    assert lead.duplicates == [same]


def test_the_same_count_in_other_words_is_cited_with_the_lead() -> None:
    """"staff" asked, "ten workers" and "10 people" reported: the old corroboration matched only counts
    of the question's own word and joined nothing."""
    frame = analyse_question("how many staff did acme sack over the video")
    lead = ev("Acme says it has fired ten workers who can be seen in the video.", "a")
    same = ev("The firm said it fired 10 people who were members of the crew in the video.", "b")
    assert corroborate([lead], [same], frame) == 1


def test_one_sentence_per_report_the_closest_first() -> None:
    frame = analyse_question("who replaced ada holm as norvale harbour master")
    lead = ev("Bram Koval replaced Ada Holm as harbour master in May.", "a")
    far = ev("Koval, a ferry pilot, took the post in May.", "b", 0, axis=0)
    far.vector = np.array([0.8, 0.6, 0, 0], dtype=np.float32)
    near = ev("Holm was succeeded by Koval, the council said.", "b", 200)
    assert corroborate([lead], [far, near], frame) == 1
    assert lead.duplicates == [near]


def test_a_reason_sharing_too_little_is_not_the_same_claim() -> None:
    frame = analyse_question("why did acme fire the workers")
    lead = ev("Acme fired the workers because of the video.", "a")
    assert corroborate([lead], [ev("Acme fired the workers over the video.", "b")], frame) == 0
    assert lead.duplicates == []


def test_the_same_day_of_another_event_is_no_corroboration() -> None:
    frame = analyse_question("when did the norvale mayor die")
    lead = ev("The Norvale mayor died on Thursday, his family said.", "a")
    statement = ev("The council issued a statement on Thursday about the harbour.", "b", axis=1)
    assert not one_event(lead, statement)
    assert corroborate([lead], [statement], frame) == 0


def test_a_hedged_report_is_no_corroboration() -> None:
    frame = analyse_question("how many workers did acme fire")
    lead = ev("Acme fired ten workers seen in the video.", "a")
    assert corroborate([lead], [ev("Acme reportedly fired ten workers.", "b")], frame) == 0


def test_another_selected_sentence_of_the_same_claim_and_the_lead_cite_each_other() -> None:
    frame = analyse_question("how many workers did acme fire")
    lead = ev("Acme fired ten workers seen in the video.", "a")
    second = ev("The company said it had fired 10 workers and suspended two managers.", "b")
    assert corroborate([lead, second], [], frame) == 1
    assert lead.duplicates == [second] and second.duplicates == [lead]
