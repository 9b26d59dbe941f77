"""Which disagreements bear on the question (:mod:`briefbot.truth.status.conflicting`), invented sentences."""

from __future__ import annotations

import numpy as np

from briefbot.language.question import analyse_question
from briefbot.truth.conflicts import Disagreement, Side
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.conflicting import asked_slot, asked_things, counts_asked, disagreeing, gives_asked_value

NINE = "At least nine of the activists were arrested by Norvale police."
EIGHT = "Norvale police arrested eight people at the water office."


def _d(a: str, b: str) -> Disagreement:
    return Disagreement("number", (Side(a, "art-a", "Courier", 0, len(a)), Side(b, "art-b", "Post", 0, len(b))))


def test_a_count_disagreement_bears_only_on_the_counted_thing() -> None:
    assert counts_asked(analyse_question("how many protesters got arrested in norvale"), _d(NINE, EIGHT))
    assert not counts_asked(analyse_question("how much was bail for the arrested activists"), _d(NINE, EIGHT))
    assert "bail" in asked_things(analyse_question("how much was bail for the arrested activists"))


def test_a_count_of_the_asked_verb_gives_the_asked_value() -> None:
    frame = analyse_question("how many protesters got arrested in norvale")
    assert gives_asked_value(frame, EIGHT)
    assert not gives_asked_value(frame, "Norvale police spoke to the protesters at the water office.")


def test_a_count_in_a_unit_the_question_does_not_name_still_bears() -> None:
    d = _d("The Norvale bridge cost 12 million crowns.", "The Norvale bridge cost 15 million crowns.")
    assert counts_asked(analyse_question("how much did the norvale bridge cost"), d)


def _ev(text: str, art: str) -> Evidence:
    v = np.zeros(4, dtype=np.float32)
    v[0] = 1.0
    return Evidence(art, f"{art}-c", "Water board grant", "", None, None, text, 0, len(text), vector=v)


def test_a_rival_filler_further_down_the_story_is_found() -> None:
    """The selected sentence dates the announcement; another outlet's sentence, not among the
    compared candidates, dates it differently: both are cited (story search, issue 17)."""
    frame = analyse_question("what day did the water board announce the 2 million dollar help fund")
    wed = _ev("The Norvale water board on Wednesday announced plans to use $2 million to help poor households.", "a")
    tue = _ev("The board announced a $2 million fund on Tuesday for residents who cannot pay.", "b")
    filler = [_ev(f"Norvale residents met on Monday to discuss item {i} of the budget.", "c") for i in range(8)]
    assert disagreeing([wed], filler, frame) == []
    found = disagreeing([wed], filler, frame, story=[*filler, tue])
    assert [(x.text, y.text, d.kind) for x, y, d in found] == [(wed.text, tue.text, "date")]


def test_a_party_denying_what_another_report_says_it_did() -> None:
    frame = analyse_question("who was behind the attack on the norvale envoy")
    accusing = _ev("Investigators say the attack on the Norvale envoy was carried out by Acme Security.", "a")
    denial = _ev("Acme Security denied any involvement in the attack on the envoy.", "b")
    found = disagreeing([accusing], [], frame, story=[denial])
    assert [d.kind for _, _, d in found] == ["claim"]


def test_a_why_question_presupposes_its_event_so_saying_it_did_not_happen_as_planned_is_no_dispute() -> None:
    """'why was the hearing postponed?': one report says the hearing was postponed, another that the two
    sides will not meet as planned.  Both state the asked event; neither is a rival reason."""
    frame = analyse_question("why was the Holm–Carrow hearing postponed?")
    postponed = _ev("A planned hearing between Ada Holm and Ben Carrow has been postponed, the court said.", "a")
    not_as_planned = _ev("Ada Holm and Ben Carrow will not meet as planned for now.", "b")
    clerk = _ev("The hearing was postponed on Monday, a court clerk said.", "c")
    assert disagreeing([postponed, not_as_planned, clerk], [], frame) == []
    yes_no = analyse_question("did Ada Holm and Ben Carrow meet?")  # asked as yes/no, the same two do contest it
    met = _ev("Ada Holm and Ben Carrow met at the court house on Monday.", "c")
    assert [d.kind for _, _, d in disagreeing([met, not_as_planned], [], yes_no)] != []


def test_another_reports_own_stance_is_set_against_the_answer() -> None:
    """Yes/no: the answer's sentence affirms the asked predicate; another report, never retrieved
    nor among the story's best sentences, denies it.  Its canvassed claim makes the dispute."""
    frame = analyse_question("was the norvale reshuffle a purge or not")
    said = _ev("The reshuffle at Norvale was a purge of the old guard, the Courier wrote.", "a")
    denied = _ev("Ada Holm insisted the Norvale reshuffle was not a purge.", "b")
    assert disagreeing([said], [], frame, story=[]) == []
    found = disagreeing([said], [], frame, story=[], canvass=[denied])
    assert [(x.text, y.text, d.kind) for x, y, d in found] == [(said.text, denied.text, "claim")]


def test_two_canvassed_reports_disputing_each_other_are_not_the_answers_dispute() -> None:
    frame = analyse_question("how many protesters got arrested in norvale")
    lead = _ev("Norvale police arrested nine protesters at the water office.", "a")
    agrees = _ev("At least nine protesters were arrested at the Norvale water office.", "b")
    assert disagreeing([lead], [], frame, story=[], canvass=[agrees]) == []
    rival = _ev("Norvale police arrested eight protesters at the water office.", "c")
    found = disagreeing([lead], [], frame, story=[], canvass=[agrees, rival])
    assert [(x.text, y.text) for x, y, _ in found] == [(lead.text, rival.text)]


def test_the_answers_own_article_is_no_rival_text() -> None:
    frame = analyse_question("how many protesters got arrested in norvale")
    lead = _ev("Norvale police arrested nine protesters at the water office.", "a")
    same = _ev("Norvale police arrested eight protesters at the water office.", "a")
    same.start, same.end = 500, 500 + len(same.text)
    assert disagreeing([lead], [], frame, story=[], canvass=[same]) == []


def test_a_question_asking_the_year_has_a_year_slot_and_where_without_a_place_noun_a_where_slot() -> None:
    year = asked_slot(analyse_question("what year did the tolvey bridge open"), [])
    day = asked_slot(analyse_question("when did the tolvey bridge open"), [])
    where = asked_slot(analyse_question("where did ivo marsk live"), [])
    assert year is not None and year.kind == "year"
    assert day is not None and day.kind == "weekday"
    assert where is not None and where.kind == "where"


def test_a_canvassed_report_blaming_another_party_is_the_blame_answers_other_side() -> None:
    frame = analyse_question("whose fault is hale's slide in the polls")
    lead = _ev("Ivo Hale blamed the media for his drop in the polls.", "a")
    rival = _ev("Aides said the slide was the fault of dysfunction inside the Hale campaign.", "b")
    found = disagreeing([lead], [], frame, story=[], canvass=[rival])
    assert [(x.text, y.text) for x, y, _ in found] == [(lead.text, rival.text)]


def test_a_canvassed_report_of_another_place_is_the_where_answers_other_side() -> None:
    frame = analyse_question("where did ivo marsk live")
    lead = _ev("Ivo Marsk, a beekeeper who lived in Brennick for more than 60 years, died on Friday.", "a")
    rival = _ev("He later became a citizen and lived with his wife in Ardmoor, working as a beekeeper.", "b")
    found = disagreeing([lead], [], frame, story=[], canvass=[rival])
    assert {e.text for pair in found for e in pair[:2]} == {lead.text, rival.text}
