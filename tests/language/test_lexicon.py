"""General English from the word list: vowel-dropped abbreviations (issue 17 item 4)."""

from __future__ import annotations

import pytest

from briefbot.language.lexicon import abbreviates, consonants, phrasal_base


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


@pytest.mark.parametrize(("noun", "verb"), [
    ("payout", "pay"), ("layoffs", "lay"), ("shut-offs", "shut"), ("walkout", "walk"), ("takeover", "take"),
    ("lockdown", "lock"), ("setback", "set"),
])
def test_a_noun_of_a_phrasal_verb_gives_its_verb(noun: str, verb: str) -> None:
    assert phrasal_base(noun) == verb


@pytest.mark.parametrize("word", ["trout", "scout", "about", "without", "clover", "dover", "greenwood", "lindqvist"])
def test_other_words_are_no_phrasal_nouns(word: str) -> None:
    assert phrasal_base(word) is None


def test_hyphenated_compounds_are_also_written_as_one_word() -> None:
    from briefbot.language.lexicon import joined_compounds

    assert joined_compounds("Her yo-yo dieting worried three co-workers.") == {"yoyo", "coworkers"}
    assert joined_compounds("The shut-off ended on May 2, 2019-20 season.") == {"shutoff"}  # figures are no compound
    assert joined_compounds("No compound here.") == frozenset()
