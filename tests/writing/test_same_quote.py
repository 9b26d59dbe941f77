"""One statement, one sentence (writing/same_quote.py).  Invented sentences."""

from __future__ import annotations

from briefbot.truth.status.alone import quotes
from briefbot.writing.same_quote import merged_quotes, quote_share, repeats_quote

FIRST = 'Mayor Ilsa Brandt, speaking to reporters: "We are not closing the harbour this winter."'
AGAIN = 'Speaking outside the hall, Brandt put it this way: "We are not closing the harbour this winter."'
MORE = ('The council voted 7-2 on Tuesday to keep the ferry budget, approve the new pier lease and '
        'review the dredging contract, and Brandt said: "We are not closing the harbour this winter."')


def test_a_sentence_that_only_repeats_an_earlier_quotation_is_left_out_and_its_marker_joins() -> None:
    body = f"The harbour stays open, the port office said. [1] {FIRST} [2] {AGAIN} [3]"
    got = merged_quotes(body)
    assert got.count("We are not closing the harbour") == 1
    assert f"{FIRST} [2][3]" in got and got.startswith("The harbour stays open")
    assert "put it this way" not in got


def test_a_sentence_that_says_more_beside_the_quotation_stays() -> None:
    assert not repeats_quote(MORE, quotes(FIRST))  # a vote and three decisions besides the quote
    body = f"{FIRST} [1] {MORE} [2]"
    assert merged_quotes(body) == body


def test_different_or_short_quotations_are_not_merged() -> None:
    other = 'Brandt put it this way: "We will keep the ferries running all year."'
    body = f"{FIRST} [1] {other} [2]"
    assert merged_quotes(body) == body
    short = 'Brandt: "Not this winter." [1] Her deputy: "Not this winter." [2]'
    assert merged_quotes(short) == short  # under five quoted words: no statement to match


def test_a_marker_both_sentences_carry_is_not_repeated_and_the_share_counts_words() -> None:
    body = f"{FIRST} [1][2] {AGAIN} [2][3]"
    assert merged_quotes(body) == f"{FIRST} [1][2][3]"
    assert quote_share("a b c d", "a b") == 0.5 and quote_share("", "a") == 0.0
