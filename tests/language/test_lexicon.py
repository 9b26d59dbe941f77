"""General English from the word list: vowel-dropped abbreviations (issue 17 item 4)."""

from __future__ import annotations

import pytest

from briefbot.language.lexicon import abbreviates, consonants


def test_consonants_drop_vowels_after_the_first_letter_and_doubled_letters() -> None:
    assert consonants("people") == "ppl"
    assert consonants("message") == "msg"
    assert consonants("apple") == "apl"


@pytest.mark.parametrize(("short", "word"), [
    ("ppl", "people"), ("ppl", "peoples"), ("msg", "message"), ("yrs", "years"), ("bldg", "building"),
    ("pls", "please"),
])
def test_casual_vowel_dropped_spellings_abbreviate_their_word(short: str, word: str) -> None:
    assert abbreviates(short, word)


@pytest.mark.parametrize(("short", "word"), [
    ("ppl", "popular"), ("ppl", "purple"), ("ppl", "apple"),  # other first letters or extra consonants
    ("thx", "thanks"),  # a letter the word lacks
    ("kid", "kidnapped"),  # a word with a vowel is no abbreviation by this rule
    ("try", "tray"),  # an English word of its own
    ("ppl", "pp"),
])
def test_other_pairs_are_not_abbreviations(short: str, word: str) -> None:
    assert not abbreviates(short, word)
