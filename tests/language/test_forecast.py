"""Forecast or report, read from the main clause of spaCy's parse (the real en_core_web_sm model).

The sentences are invented; each names the grammar it checks.  The regex cues used before put
every "False" case below under "What comes next" (the noun "plan", "the next morning", "due on",
a "will" inside a past quotation, a past "might").
"""

from __future__ import annotations

import pytest

from briefbot.language.forecast import asks_past, is_forecast, main_clause
from briefbot.language.parse import parse

FORECASTS = [
    "Acme may require a second repair crew, the agency told reporters on Wednesday.",  # may under past speech
    "Hale is expected to be sentenced next month.",  # a schedule in the present
    "Hale will be sentenced in March.",  # will
    "The two ministers may speak again later this week, an official said.",
    "Officials plan to reopen the bridge next week.",  # plans to (present)
    "The summit is due to take place in Carrow.",  # is due to
    "The minister said talks will resume on Monday.",
    "The company said it would cut 300 jobs.",  # a stated plan
]
REPORTS = [
    "Orsen suggested in February that the workers might be released as part of a swap.",  # a past suggestion
    "“I warned them that if they did not stop, these things will take place,” said Ada Holm, an activist.",
    "As the water provider continues to carry out its plan to cut supplies, activists are blocking the gates.",
    "The spokesman said the trial could not go ahead as scheduled because a defendant was absent.",
    "The meeting had been scheduled to take place in Carrow.",  # backstory
    "The meeting was expected to take place in Carrow.",
    "Some 50 people held a protest outside a firm hired to cut supplies to homes two months past due on their bills.",
    "Holm gave details of the premiere, then apologised the next morning.",
    "The victims may have been poisoned, police said.",  # a guess about the past
    "The ministers spoke by phone on October 20.",
]


@pytest.mark.parametrize("sentence", FORECASTS)
def test_a_main_clause_about_the_future_is_a_forecast(sentence: str) -> None:
    assert is_forecast(sentence)


@pytest.mark.parametrize("sentence", REPORTS)
def test_a_report_of_the_past_is_not_a_forecast(sentence: str) -> None:
    assert not is_forecast(sentence)


def test_the_main_clause_is_what_a_verb_of_saying_reports() -> None:
    p = parse("The ministers may speak again, an official said.")
    verb, speech = main_clause(p)
    assert verb is not None and speech is not None
    assert p.tokens[verb].lemma == "speak" and p.tokens[speech].lemma == "say"
    p = parse("The bridge reopened on Monday.")
    verb, speech = main_clause(p)
    assert verb is not None and p.tokens[verb].lemma == "reopen" and speech is None


def test_empty_text_is_not_a_forecast() -> None:
    assert not is_forecast("   ")


@pytest.mark.parametrize("question,past", [
    ("When did the two ministers last speak?", True), ("when did they last talk", True),
    ("who won the cup final", True), ("how many were arrested", True),
    ("When will the council vote?", False), ("who could replace her", False), ("when is the summit", False)])
def test_a_question_asks_about_the_past_when_its_verb_is_past_and_no_modal(question: str, past: bool) -> None:
    assert asks_past(question) is past
