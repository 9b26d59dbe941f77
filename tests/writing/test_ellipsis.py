"""Elliptical follow-ups completed from the previous question by its parse (invented questions)."""

from __future__ import annotations

import pytest

from briefbot.language.parse import parse
from briefbot.writing.ellipsis import asked_phrase, complete_ellipsis


@pytest.mark.parametrize(("previous", "ellipsis", "full"), [
    # the asked phrase was the subject of a full verb: do takes its tense, the verb its lemma
    ("How many people died in the Velmar flood?", "where?", "Where did people die in the Velmar flood?"),
    ("Which company bought the Corvell mill?", "when?", "When did the company buy the Corvell mill?"),
    ("how many homes had their water cut off in june", "why", "Why did homes have their water cut off in june"),
    # the subject before be / have / a modal: after the auxiliary
    ("How many protesters were arrested in Velmar?", "why?", "Why were protesters arrested in Velmar?"),
    ("How many people have died?", "where?", "Where have people died?"),
    # the object before do (or before a modal with its own subject): back after the main verb
    ("What weapon did the depot guard use?", "when?", "When did the depot guard use the weapon?"),
    ("How many staff will Varga retrain?", "when?", "When will Varga retrain staff?"),
    ("how many protesters did police arrest in velmar", "when", "When did police arrest protesters in velmar"),
    ("how much of a payout did the man bitten by the otter get", "when",
     "When did the man bitten by the otter get a payout"),
    ("how big a fine did Varga get", "why", "Why did Varga get a fine"),
    # ... or at the end, after a stranded preposition
    ("what kind of car did the thief drive off in", "when", "When did the thief drive off in the car"),
    # a bare question word before an auxiliary: swapped as before
    ("When was the Fishing Quotas Act introduced?", "why?", "Why was the Fishing Quotas Act introduced?"),
    ("When did Hale resign?", "why?", "Why did Hale resign?"),
])
def test_an_ellipsis_is_the_previous_question_rebuilt_around_the_new_word(previous: str, ellipsis: str,
                                                                        full: str) -> None:
    assert complete_ellipsis(previous, ellipsis) == full


def test_an_earlier_about_is_kept_and_a_bare_subject_is_not_completed() -> None:
    assert complete_ellipsis("What weapon did the guard use? (about Corvell)", "when?") \
        == "When did the guard use the weapon? (about Corvell)"
    assert complete_ellipsis("Who shot the guard?", "why?") is None  # the subject is the answer
    assert complete_ellipsis("Do you know?", "why?") is None


def test_the_asked_phrase_drops_kind_of_and_gets_the_after_what() -> None:
    toks = parse("what kind of boat did he steal").tokens
    assert asked_phrase(toks[1:4], "what") == "the boat"
    assert asked_phrase(parse("how many ferries sank").tokens[2:3], "how") == "ferries"
