"""Open questions phrased by form (pure functions, no model)."""

from __future__ import annotations

import pytest

from briefbot.writing.summarize_questions import as_question, refers_outside


@pytest.mark.parametrize(("sentence", "question"), [
    ("CNN's report said it remains unclear why the meeting was pushed back.", "Why was the meeting pushed back?"),
    ("It remains unclear when the summit will be held.", "When will the summit be held?"),
    ("It is not known whether the bridge will reopen before winter.", "Will the bridge reopen before winter?"),
    ("Officials did not say who ordered the strike.", "Who ordered the strike?"),
    ("The ministry declined to say when the plant would restart.", "When will the plant restart?"),
    ("It is unclear how many people were evacuated, the agency said.", "How many people were evacuated?"),
    ("It is unclear how much the repairs will cost.", "How much will the repairs cost?"),
    ("The report gave no new date for the meeting between the two diplomats.",
     "When will the meeting between the two diplomats take place?"),
    ("No date has been set for the talks.", "When will the talks take place?"),
    ("The company said the cause of the fire is still unclear.", "What is the cause of the fire?"),
    ("The death toll has not yet been confirmed.", "Has the death toll been confirmed?"),
    # a pronoun moved behind the auxiliary is lower-cased ("Did She give…" read as a name)
    ("She did not give any further details of her treatment.", "Did she give any further details of her treatment?"),
    # the elided clause of "… it remains unclear why" is the reported one, appositives dropped
    ("The agency reported that the vote, first planned for May, has been delayed; the agency said it remains "
     "unclear why.", "Why has the vote been delayed?"),
])
def test_hedged_sentences_become_questions_by_form(sentence: str, question: str) -> None:
    assert as_question(sentence) == question


@pytest.mark.parametrize("sentence", [
    "The minister met the delegation on Monday.",  # nothing left open
    "It is unclear why they postponed it.",  # no auxiliary to move: no guessed do-support
    "CNN did not say.",
])
def test_no_form_no_question(sentence: str) -> None:
    assert as_question(sentence) is None


def test_a_question_leaning_on_a_pronoun_outside_it_is_flagged() -> None:
    """Real spaCy parse: a pronoun (not a determiner) whose referent stayed in the article."""
    assert refers_outside("How will the postponement ultimately affect it?")
    assert refers_outside("Did the report present this as a confirmed reason for the delay?")
    assert refers_outside("Did she give any further details of her treatment?")
    assert not refers_outside("When will the summit be held?")
    assert not refers_outside("Will this week's vote go ahead?")  # "this" as a determiner
