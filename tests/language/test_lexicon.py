"""General English from the word list: vowel-dropped abbreviations (issue 17 item 4)."""

from __future__ import annotations

import pytest

from briefbot.language.lexicon import abbreviates, abbreviates_a_word, clips, consonants, phrasal_base


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


@pytest.mark.parametrize("short", ["ppl", "msg", "bldg", "yrs"])
def test_a_vowel_dropped_spelling_abbreviates_some_english_word(short: str) -> None:
    """Found in the word list itself, not only among the evidence's words."""
    assert abbreviates_a_word(short)


@pytest.mark.parametrize("short", ["orsen", "lind", "halvorsen", "xkcd", "people", "a"])
def test_names_words_and_letters_without_an_expansion_abbreviate_no_word(short: str) -> None:
    assert not abbreviates_a_word(short)


@pytest.mark.parametrize(("short", "word"), [("intel", "intelligence"), ("pharma", "pharmaceutical")])
def test_the_first_letters_of_a_long_word_clip_it(short: str, word: str) -> None:
    assert clips(short, word)


@pytest.mark.parametrize(("short", "word"), [
    ("ivor", "ivory"),  # too short to tell a clipping from a name
    ("intel", "intel"), ("intel", "intels"),  # not shorter by enough
    ("dieting", "dietingly"),  # an English word of its own is no clipping
    ("halvo", "halvorsen"),  # the long word is no lower-case English word
])
def test_other_starts_are_no_clippings(short: str, word: str) -> None:
    assert not clips(short, word)
