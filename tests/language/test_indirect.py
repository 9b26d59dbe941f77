"""Questions turned into indirect clauses for notes (invented questions, typed as people type)."""

from __future__ import annotations

import pytest

from briefbot.language.indirect import indirect, past, subject_after_adverb, third_person

CASES = [
    # do-support removed, verb inflected
    ("when did staff send the letter", "says when staff sent the letter"),
    ("what does the union want", "says what the union wants"),
    ("why did she open fire on her coworkers", "says why she opened fire on her coworkers"),
    ("how many staff did acme sack over the footage", "gives how many staff acme sacked over the footage"),
    ("when did the head of the union resign", "says when the head of the union resigned"),
    # subject-auxiliary inversion undone
    ("When will the Senate return to work?", "says when the Senate will return to work"),
    ("when will the senate return", "says when the senate will return"),
    ("when was the secret footage shot", "says when the secret footage was shot"),
    ("where is the funeral home", "says where the funeral home is"),
    ("how old is the suspect", "gives how old the suspect is"),
    ("what is the union doing", "says what the union is doing"),
    # the wh-phrase is the subject: already in statement order
    ("how many homes lost water in june", "gives how many homes lost water in june"),
    ("who replaced smith as interim head", "says who replaced smith as interim head"),
    ("who is behind the attack", "says who is behind the attack"),
    # casual spellings
    ("whats the name of the person who did it", "gives the name of the person who did it"),
    ("how many ppl were hurt in the crash", "gives how many people were hurt in the crash"),
    ("what were the names of the people she killed", "gives the names of the people she killed"),
    ("what kind of car did the thief drive off in", "says what kind of car the thief drove off in"),
    ("how many homes had their water cut off in june", "gives how many homes had their water cut off in june"),
    ("how much cash did the people from norvale donate", "gives how much cash the people from norvale donated"),
    ("what are the names of the workers who got fired", "gives the names of the workers who got fired"),
    # yes/no: whether
    ("has anyone been charged", "says whether anyone has been charged"),
    ("have any of the workers been charged", "says whether any of the workers have been charged"),
    ("did the two women know they were using poison", "says whether the two women knew they were using poison"),
    ("is the bridge open", "says whether the bridge is open"),
    ("can the senate override the veto", "says whether the senate can override the veto"),
]


@pytest.mark.parametrize(("question", "expected"), CASES)
def test_indirect_forms(question: str, expected: str) -> None:
    assert str(indirect(question)) == expected


def test_inflection() -> None:
    assert [past(v) for v in ("send", "open", "stop", "try", "close", "shoot")] == [
        "sent", "opened", "stopped", "tried", "closed", "shot"]
    assert [third_person(v) for v in ("want", "have", "try", "push", "go")] == [
        "wants", "has", "tries", "pushes", "goes"]


def test_after_an_adverb_wh_word_a_subject_that_looks_like_a_verb_is_still_the_subject() -> None:
    # a firm named like a participle ("allied") typed in lower case
    assert str(indirect("why is allied changing how riders board")) == "says why allied is changing how riders board"
    assert str(indirect("when was allied founded")) == "says when allied was founded"
    # a wh-phrase that is itself the subject keeps its order; a question with nothing after the word too
    assert str(indirect("how many were hurt")) == "gives how many were hurt"
    assert str(indirect("who was fired")) == "says who was fired"
    assert subject_after_adverb(["why", "is", "allied", "changing"], 1, 2)
    assert not subject_after_adverb(["why", "was", "fired"], 1, 2)


def test_a_follow_ups_search_context_is_not_part_of_the_clause() -> None:
    # the resolution adds "(about …)" for the search; the tagger then split "(about" and the words
    # no longer lined up with their tags, so the -ing form was taken for the verb ("start tryinged")
    got = str(indirect("When did Corvell Air start trying it out (about changing how people board)"))
    assert got == "says when Corvell Air started trying it out"


def test_after_did_the_base_verb_before_an_ing_form_is_the_clause_verb() -> None:
    assert str(indirect("when did Ada Vole start working there")) == "says when Ada Vole started working there"
    assert str(indirect("when did the firm stop building ships")) == "says when the firm stopped building ships"
    assert str(indirect("when did the shooting happen")) == "says when the shooting happened"
    assert str(indirect("how many people did the firm lay off")) == "gives how many people the firm laid off"
