"""The reason a sentence gives, read as an exact span of it (invented sentences)."""

from __future__ import annotations

import pytest

from briefbot.writing.reasons import MAX_REASON_WORDS, announces_reason, reason_reading, reason_span


@pytest.mark.parametrize(("text", "span", "form"), [
    ("The match was called off due to heavy rain, officials said.", "heavy rain", "phrase"),
    ("The vote was delayed amid concerns over the budget, according to two aides.", "concerns over the budget",
     "phrase"),
    ("The company blamed the outage on a software update.", "a software update", "phrase"),
    ("Officials cited scheduling as the reason.", "scheduling", "phrase"),
    ("The ferry was halted because the harbour was flooded.", "the harbour was flooded", "clause"),
    ("After the call, officials reportedly came to the view that Velmar was still holding to its maximalist "
     "demands.", "maximalist demands", "phrase"),
])
def test_the_reason_is_the_sentences_own_span(text: str, span: str, form: str) -> None:
    assert reason_span(text) == (span, form)
    assert span in text


def test_what_follows_a_colon_is_read_before_the_generic_words_before_it() -> None:
    # "a possible point of friction" names no reason; the colon's tail does
    text = ("One of the wire's sources did point to a possible point of friction: according to that source, "
            "the two ministers had differing expectations of how the fee dispute could be settled.")
    assert reason_span(text) == ("differing expectations of how the fee dispute could be settled", "phrase")


@pytest.mark.parametrize("text", [
    "Acme Wire said it remains unclear why the talks were put off.",  # no reason given
    "A source pointed to a possible reason.",  # a generic phrase names none
    "The bridge will stay closed for five years.",
])
def test_no_span_when_the_sentence_names_no_reason(text: str) -> None:
    assert reason_span(text) is None
    assert reason_reading(text) is None


def test_a_reason_too_long_to_read_in_a_lead_is_no_span() -> None:
    long_tail = " ".join(["word"] * (MAX_REASON_WORDS + 2))
    assert reason_span(f"The ferry stopped because of {long_tail}.") is None


def test_with_the_asked_words_only_a_clause_about_the_asked_event_gives_the_reason() -> None:
    text = ("Olm's plan was to bring his family back to Velmar, but when he arrived, most borders were closed "
            "because of a mass exodus of refugees.")
    assert reason_span(text) == ("a mass exodus of refugees", "phrase")
    assert reason_span(text, {"olm", "go", "back", "brask"}) is None  # before: the exodus was the lead's reason
    assert reason_span(text, {"border", "close"}) == ("a mass exodus of refugees", "phrase")


def test_the_reading_is_a_verb_phrase_for_the_lead() -> None:
    assert reason_reading("The match was called off due to heavy rain.") == "points to heavy rain"
    assert reason_reading("The ferry was halted because the harbour was flooded.") == \
        "gives as the reason that the harbour was flooded"


def test_a_colon_after_an_announced_reason_gives_that_reason_whatever_its_words() -> None:
    text = ("A council source did point to a possible point of friction: according to that source, the two "
            "boards had differing expectations of how the fare dispute could be settled.")
    # the question's asked words (stems of "hearing", "delayed") are nowhere in the sentence: the
    # announcement ties the reason to the asked event
    assert reason_span(text, {"hear", "delay"}) == (
        "differing expectations of how the fare dispute could be settled", "phrase")
    assert announces_reason("A council source did point to a possible point of friction")
    assert not announces_reason("The council pointed to heavy rain")
    # a clause of its own about another event is still no reason for the asked one
    assert reason_span("He went back to fetch his family: most roads were shut because of floods.",
                       {"go", "back"}) is None
