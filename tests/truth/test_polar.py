"""Yes/no questions: a statement of the asked predicate against its denial or an undecided verdict
(:mod:`briefbot.truth.status.polar`), invented sentences; the real spaCy parse and MiniLM word vectors."""

from __future__ import annotations

import numpy as np

from briefbot.language.question import analyse_question
from briefbot.language.text import names
from briefbot.truth.conflicts import Claim
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.conflicting import disagreeing
from briefbot.truth.status.polar import asked_participants, asked_predicate, attempted, polar_rivals, stance

WANT = ["want", "published"]


def _claim(text: str, article: str, title: str = "") -> Claim:
    return Claim(text, article, f"outlet-{article}", 0, len(text), None, title)


def test_the_asked_predicate_is_the_main_verb_and_its_complement_not_a_dating_clause() -> None:
    assert asked_predicate(analyse_question("does Hale want the audit report published or not")) == WANT
    assert "died" not in asked_predicate(analyse_question("had Norvale charged Orsen before he died"))


def test_a_stated_predicate_is_affirmed_a_negated_one_denied() -> None:
    assert stance("Aides said Hale favored having the audit report published.", WANT).kind == "affirmed"
    denied = stance("Hale does not want the audit report published.", WANT)
    assert denied is not None and denied.kind == "denied" and not denied.reported


def test_a_negated_verb_of_deciding_leaves_its_whether_clause_undecided() -> None:
    found = stance("The mayor's office says Hale has not decided whether he wants the report published.", WANT)
    assert found is not None and found.kind == "undecided" and found.reported
    refused = stance("Officials declined to say whether Hale wants the report published.", WANT)
    assert refused is not None and refused.kind == "undecided"
    assert stance("It is unclear whether Hale wants the report published.", WANT).kind == "undecided"


def test_asked_whether_or_an_open_choice_is_no_stance() -> None:
    assert stance("Reporters asked whether Hale wants the report published.", WANT) is None
    assert stance("Hale has five days to either object or clear the way for the report to be published.", WANT) is None


def test_a_party_insisting_or_balking_denies_and_is_reported() -> None:
    asked = ["reshuffle", "purge"]
    insisted = stance("Orm insisted that the reshuffle was not, in fact, a purge.", asked)
    assert insisted is not None and insisted.kind == "denied" and insisted.reported
    balked = stance("Orm balked at the idea that the new hires amounted to any kind of purge.", asked)
    assert balked is not None and balked.kind == "denied"


def test_one_report_states_it_another_says_it_is_undecided() -> None:
    frame = analyse_question("does Hale want the audit report published or not")
    said = _claim("Aides to Hale have previously said he favored having the audit report published.", "a")
    open_ = _claim("The mayor's office says Hale has not decided whether he wants the audit report published.", "b")
    found = polar_rivals(frame, [said, open_])
    assert [(d.sides[0].text, d.sides[1].text) for d in found] == [(said.text, open_.text)]
    assert polar_rivals(frame, [said]) == []


def test_one_writer_saying_it_and_not_is_no_dispute_unless_the_denial_is_a_party_s() -> None:
    frame = analyse_question("was the Hale campaign change a purge or not")
    says = _claim("Hale was upset with how the media described the purge of his campaign staff.", "a")
    plain = _claim("The Hale campaign change was not a purge.", "a")
    party = _claim("Orm insisted that the Hale campaign change was not, in fact, a purge.", "a")
    assert polar_rivals(frame, [says, plain]) == []
    assert len(polar_rivals(frame, [says, party])) == 1


def _ev(text: str, art: str) -> Evidence:
    v = np.zeros(4, dtype=np.float32)
    v[0] = 1.0
    return Evidence(art, f"{art}-c", "Hale and the audit report", "", None, None, text, 0, len(text), vector=v)


def test_a_yes_no_answer_with_an_undecided_verdict_in_the_story_is_disputed() -> None:
    """Fails on the code before this module: the asked words are matched by stem only ("want" is in
    neither sentence) and an undecided verdict was no side."""
    frame = analyse_question("does Hale want the audit report published or not")
    said = _ev("Aides to Hale have previously said he favored having the audit report published.", "a")
    open_ = _ev("The mayor's office says Hale has not decided whether he wants the audit report published.", "b")
    found = disagreeing([said], [], frame, story=[open_])
    assert [(x.text, y.text, d.kind) for x, y, d in found] == [(said.text, open_.text, "claim")]


def test_the_asked_participants_are_the_subject_and_the_objects_of_the_asked_act() -> None:
    frame = analyse_question("did the clinic actually phone the ministry before publishing the letter")
    assert asked_participants(frame) == (["clinic"], ["ministry"])


def test_a_subject_that_only_tried_or_readied_the_act_is_an_attempt() -> None:
    assert attempted("The chief said the clinic attempted to contact the health ministry five times.",
                     ["clinic"], ["ministry"], frozenset())
    assert attempted("Orm died just as Norvale was preparing a criminal case against him.",
                     ["norvale"], ["orm"], names("Norvale Orm"))
    assert not attempted("The clinic phoned the ministry five times.", ["clinic"], ["ministry"], frozenset())
    assert not attempted("The union attempted to contact the ministry.", ["clinic"], ["ministry"], frozenset())
    assert not attempted("The clinic did not attempt to contact the ministry.", ["clinic"], ["ministry"], frozenset())


def test_one_report_says_it_was_done_another_that_it_was_only_attempted() -> None:
    """Fails on the code before this rule: "phoned" and "attempted to contact" share no asked word."""
    frame = analyse_question("did the clinic actually talk to the ministry before publishing the letter")
    done = _claim("Dr Orm said the clinic called the ministry five times to discuss the letter.", "a")
    tried = _claim("Dr Orm said the clinic attempted to contact the ministry no less than five times.", "b")
    found = polar_rivals(frame, [done, tried])
    assert [(d.sides[0].text, d.sides[1].text) for d in found] == [(done.text, tried.text)]


def test_an_apparent_or_alleged_act_is_hedged_and_a_side_against_a_plain_statement() -> None:
    asked = ["kill"]
    assert stance("Orm allegedly killed his partner in Velmar.", asked).kind == "hedged"
    assert stance("Orm is accused of killing his partner in Velmar.", asked).kind == "hedged"
    assert stance("The outrage followed the apparent killing of the Velmar nurse.", asked).kind == "hedged"
    assert stance("Orm killed his partner in Velmar.", asked).kind == "affirmed"
    frame = analyse_question("did Orm kill his partner")
    plain = _claim("Orm killed his partner in Velmar, police said.", "a")
    alleged = _claim("Orm allegedly killed his partner in Velmar.", "b")
    assert [d.sides[1].text for d in polar_rivals(frame, [plain, alleged])] == [alleged.text]


def test_a_suspicion_about_another_part_of_the_clause_does_not_hedge_the_asked_act() -> None:
    """"Investigators believe the shooting began outside" hedges where it began, not the shooting."""
    assert stance("Investigators believe the shooting began outside the Velmar depot, the sheriff said.",
                  ["shoot"]).kind == "affirmed"


def test_a_modifier_the_question_uses_is_asked_not_a_hedge() -> None:
    frame = analyse_question("is Orm the probable starter for game three")
    text = "Orm is penciled in as the probable starter for game three."
    assert stance(text, ["starter"]).kind == "hedged"
    assert stance(text, ["starter"], frame.words).kind == "affirmed"
