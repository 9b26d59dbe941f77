"""Same-event conflicts on hand-built claims (no model: vectors are set by hand, cosine given).

Each claim gets a 2-d unit vector so the pair's cosine is exactly what the test states;
the sentences are our own, written for these tests.
"""

from __future__ import annotations

import math

import numpy as np

from briefbot.truth.conflicts import Claim, compare, find_conflicts, same_event


def _vec(angle_deg: float) -> np.ndarray:
    a = math.radians(angle_deg)
    return np.array([math.cos(a), math.sin(a)], dtype=np.float32)


def _pair(a: str, b: str, cosine: float, outlets: tuple[str, str] = ("Courier", "Post")) -> tuple[Claim, Claim]:
    angle = math.degrees(math.acos(cosine))
    return (Claim(a, "art-a", outlets[0], 0, len(a), _vec(0)),
            Claim(b, "art-b", outlets[1], 0, len(b), _vec(angle)))


def test_same_call_on_two_dates_is_a_date_conflict() -> None:
    a, b = _pair("Foreign ministers Ilse Varga and Tomas Brandt spoke by phone on October 20.",
                 "Ilse Varga and Tomas Brandt held a phone call on October 19.", 0.8)
    found = find_conflicts([a, b])
    assert [d.kind for d in found] == ["date"]
    assert {s.outlet for s in found[0].sides} == {"Courier", "Post"}
    assert {s.text for s in found[0].sides} == {a.text, b.text}


def test_calls_between_different_people_are_not_compared() -> None:
    a, b = _pair("Ministers Ilse Varga and Tomas Brandt spoke by phone on October 20.",
                 "Presidents Karl Odin and Mira Solberg spoke by phone on October 16.", 0.8)
    assert not same_event(a, b)
    assert find_conflicts([a, b]) == []


def test_same_claim_from_the_same_article_is_not_a_conflict() -> None:
    a = Claim("Varga met Brandt on May 3.", "art-a", "Courier", 0, 10, _vec(0))
    b = Claim("Varga met Brandt on May 5.", "art-a", "Courier", 20, 30, _vec(5))
    assert find_conflicts([a, b]) == []


def test_different_counts_of_the_same_thing() -> None:
    a, b = _pair("The Norvale council said the Lakeside bridge cost 12 million crowns.",
                 "The Lakeside bridge in Norvale cost 15 million crowns, the council said.", 0.85)
    assert compare(a, b) is not None and compare(a, b)[0] == "number"


def test_denial_of_a_reported_postponement() -> None:
    a, b = _pair("The meeting between Varga and Brandt was postponed.",
                 "Varga said nothing was agreed, so the meeting with Brandt cannot be postponed.", 0.75)
    kind, _ = compare(a, b)
    assert kind == "denial"


def test_opposite_recommendations() -> None:
    a, b = _pair("Varga is unlikely to recommend the Brandt summit.",
                 "Varga is unlikely to recommend postponing the Brandt summit.", 0.85)
    kind, _ = compare(a, b)
    assert kind == "recommendation"


def test_agreeing_claims_are_not_a_conflict() -> None:
    a, b = _pair("The meeting between Varga and Brandt was postponed.",
                 "Varga and Brandt postponed their meeting.", 0.9)
    assert compare(a, b) is None


def test_unrelated_negation_is_not_a_conflict() -> None:
    a, b = _pair("Varga did not attend the Brandt dinner on Friday.",
                 "Brandt hosted Varga at a budget meeting.", 0.5)
    assert compare(a, b) is None


def test_a_denial_disputes_the_whole_statement() -> None:
    a, b = _pair("The Aldwick council has postponed its vote on the quay plan, two employees said.",
                 "The Aldwick council denied that it had postponed a vote on the quay plan.", 0.8)
    assert compare(a, b)[0] == "denial"


def test_reversed_versus_going_ahead_is_a_claim_conflict() -> None:
    a, b = _pair("The Aldwick harvest fair has been cancelled.",
                 "Organisers said the Aldwick harvest fair will go ahead as planned in June.", 0.7)
    assert compare(a, b)[0] == "claim"


def test_bears_on_the_question_kind() -> None:
    from briefbot.language.question import analyse_question
    from briefbot.truth.status.conflicting import bears_on

    assert bears_on(analyse_question("When did the ferry reopen?"), "date")
    assert not bears_on(analyse_question("Which island does the ferry sail to?"), "date")
    assert not bears_on(analyse_question("When is the board due to publish?"), "recommendation")
    assert bears_on(analyse_question("Has the fair been cancelled?"), "claim")


def test_a_planted_outcome_against_a_report_of_the_opposite() -> None:
    a, b = _pair("The Aldwick Assembly passed the Harbour Levy Act of 2024 last week.",
                 "The Aldwick Assembly has set aside work on the Harbour Levy Act of 2024 and will not take it up "
                 "again before spring.", 0.8)
    assert compare(a, b)[0] == "claim"


def test_a_state_in_an_aside_belongs_to_something_else() -> None:
    from briefbot.truth.conflicts import subject_clauses

    open_text = ("The Aldwick river bridge remains open to cars, with one lane shut for repairs until May, "
                 "the roads office said.")
    a, b = _pair("The Aldwick river bridge is closed to all traffic.", open_text, 0.75)
    assert compare(a, b)[0] == "claim"  # "shut" is the lane's state, "open" the bridge's
    assert subject_clauses(open_text, frozenset({"bridg", "river"})) == "The Aldwick river bridge remains open to cars"


def test_the_same_state_with_an_aside_is_no_conflict() -> None:
    a, b = _pair("The Aldwick river bridge remains open to cars, with one lane shut for repairs.",
                 "The Aldwick river bridge remains open to buses and cars.", 0.8)
    assert compare(a, b) is None
    c, d = _pair("The Aldwick river bridge is closed, with buses sent on a detour.",
                 "The Aldwick river bridge was shut on Monday for repairs.", 0.8)
    assert compare(c, d) is None


def test_a_negated_recommendation_does_not_assert_its_complement() -> None:
    from briefbot.truth.conflicts import negated_stems

    assert {"recommend", "ahead"} <= negated_stems("varga is unlikely to recommend going ahead with the summit")
    a, b = _pair("Varga is unlikely to recommend going ahead with the Brandt summit in Aldwick next month.",
                 "The Brandt summit in Aldwick planned for next month was postponed, Varga's office said.", 0.7)
    assert compare(a, b) is None  # neither says the summit goes ahead
    c, d = _pair("Varga said the Brandt summit in Aldwick will go ahead next month.",
                 "The Brandt summit in Aldwick planned for next month was postponed, Varga's office said.", 0.7)
    assert compare(c, d)[0] == "claim"


def test_two_denials_are_not_an_assertion_and_its_denial() -> None:
    a, b = _pair("The claims against Varga are denied and will be defended at any trial, his lawyer said.",
                 "Varga's lawyer issued a firm denial and said the claims would be defended at any trial.", 0.8)
    assert compare(a, b) is None


def test_a_negated_denial_denies_nothing() -> None:
    from briefbot.truth.conflicts import denies

    assert not denies("Police said they could not confirm or deny the report.")
    assert not denies("The council did not deny that the vote was moved.")
    assert denies("The council denied that the vote was moved.")
    a, b = _pair("Varga said her son filed a report with Aldwick police, who could not confirm or deny it.",
                 "Varga said her son filed a police report in Aldwick last week.", 0.8)
    assert compare(a, b) is None


def test_false_denies_only_as_a_predicate() -> None:
    from briefbot.truth.conflicts import denies

    assert denies("Reports that the Aldwick plant would close were false, the company said.")
    assert denies("The company dismissed the reports as baseless.")
    assert not denies("The court ruled that Varga obtained Aldwick citizenship under false pretences.")


def test_a_denial_governs_its_own_clause() -> None:
    a, b = _pair("Ostland denied any role in the death of an Aldwick envoy, accusing the Varga government of "
                 "inventing evidence.",
                 "Ostland has accused the Varga government of inventing evidence against it in Aldwick.", 0.7)
    assert compare(a, b) is None  # the accusation is asserted in both; only the role is denied


# issue 17 item 5 / issue 21 6b: claims, not just values, disagree; same event by predicate too


def test_a_call_date_and_a_provisional_meeting_date_are_different_events() -> None:
    a, b = _pair("Ilse Varga and Tomas Brandt spoke by phone on June 3.",
                 "Ilse Varga and Tomas Brandt are provisionally set to meet on June 20.", 0.7)
    assert not same_event(a, b)  # sharing only the month is no shared predicate
    assert find_conflicts([a, b]) == []


def test_declining_to_comment_is_not_a_denial() -> None:
    a, b = _pair("Carrow Freight did not respond to a request for comment about the union letter.",
                 "Carrow Freight responded to the union letter on Monday, saying it would meet the staff.", 0.72)
    assert compare(a, b) is None
    a, b = _pair("Carrow Freight acknowledged the union letter.",
                 "Carrow Freight declined to comment on the union letter.", 0.75)
    assert compare(a, b) is None


def test_a_planted_bare_claim_against_another_outlets_report() -> None:
    a, b = _pair("The Varga-Brandt summit was cancelled.",
                 "The summit between Varga and Brandt will go ahead as planned on Friday, officials said.", 0.62)
    found = compare(a, b)
    assert found is not None and found[0] == "claim"


def test_competing_explanations_are_a_disagreement() -> None:
    a, b = _pair("The Norvale talks collapsed because the two sides disagreed over tariffs, officials said.",
                 "The Norvale talks ended because of a scheduling problem, a spokesman said.", 0.66)
    assert compare(a, b)[0] == "explanation"
    a, b = _pair("It was scheduling, not disagreement, that ended the Norvale talks, the minister said.",
                 "It is unclear why the Norvale talks ended; aides pointed to differing expectations.", 0.7)
    assert compare(a, b)[0] == "explanation"


def test_the_same_explanation_twice_is_no_disagreement() -> None:
    a, b = _pair("The Norvale bridge was closed on Monday because of flooding.",
                 "The Norvale bridge was closed on Monday because of flooding on the river.", 0.95)
    assert compare(a, b) is None


def test_blame_and_its_dismissal_are_a_disagreement() -> None:
    a, b = _pair("Union leaders say Carrow Freight cut corners on safety checks at the Norvale plant.",
                 "Carrow Freight called the union's claims about the Norvale plant misinformation.", 0.6)
    found = compare(a, b)
    assert found is not None and found[0] == "claim"


def test_a_dismissal_under_a_negator_dismisses_nothing() -> None:
    a, b = _pair("Union leaders say Carrow Freight cut corners on safety checks at the Norvale plant.",
                 "Carrow Freight did not call the union's claims about the Norvale plant false.", 0.6)
    assert compare(a, b) is None


def test_a_negated_intention_meets_no_outcome_on_one_shared_word() -> None:
    a, b = _pair("Brandt is unlikely to recommend that the Varga-Brandt meeting go ahead next week, a source said.",
                 "A planned meeting between Varga and Brandt has been postponed, officials said.", 0.6)
    assert compare(a, b) is None


def test_counts_in_words_are_compared_like_digits() -> None:
    a, b = _pair("Four people are in custody over the Orsen shooting, Norvale police said.",
                 "Norvale police have three people in custody over the Orsen shooting.", 0.85)
    found = compare(a, b)
    assert found is not None and found[0] == "number"
    a, b = _pair("At least nine protesters were arrested outside the Norvale water office.",
                 "Eight protesters were arrested outside the Norvale water office on Friday.", 0.85)
    found = compare(a, b)
    assert found is not None and found[0] == "number"


def test_a_bound_compatible_with_a_count_is_no_conflict() -> None:
    a, b = _pair("At least nine protesters were arrested outside the Norvale water office.",
                 "Ten protesters were arrested outside the Norvale water office on Friday.", 0.85)
    assert compare(a, b) is None
    a, b = _pair("Nearly 1,000 homes in Norvale lost water in June.",
                 "About 950 homes in Norvale lost water in June.", 0.85)
    assert compare(a, b) is None


def test_a_count_of_sources_is_not_a_count_of_the_event() -> None:
    a, b = _pair("Two diplomats said the Varga-Brandt talks were held in Norvale.",
                 "Three diplomats said the Varga-Brandt talks were held in Norvale.", 0.9)
    assert compare(a, b) is None


def test_counts_of_the_same_predicate_are_one_event_despite_extra_names() -> None:
    a, b = _pair("NORVALE -- Norvale police on Thursday arrested eight people, including two priests, "
                 "Officer Dana Reyes of the Public Information Office confirmed.",
                 "At least nine of the activists were arrested by Norvale police on Thursday.", 0.62)
    assert not same_event(a, b)  # the first names its source and more
    found = compare(a, b)
    assert found is not None and found[0] == "number"
    a, b = _pair("NORVALE -- Norvale police on Thursday arrested eight people, including two priests, "
                 "Officer Dana Reyes of the Public Information Office confirmed.",
                 "At least eight of the activists were arrested by Norvale police on Thursday.", 0.62)
    assert compare(a, b) is None
