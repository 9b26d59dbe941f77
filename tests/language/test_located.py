"""Where a sentence puts the asked act, on invented sentences (real spaCy parse)."""

from __future__ import annotations

from briefbot.language.located import located
from briefbot.language.text import stem

LIVE = frozenset({stem("live")})


def test_the_asked_verb_places_its_act() -> None:
    text = "Ivo Marsk, a beekeeper who lived in Brennick for more than 60 years, died on Friday."
    assert located(text, LIVE) == {"brennick"}


def test_a_place_after_the_verbs_object_still_counts() -> None:
    assert located("He later lived with his wife in Ardmoor, working as a carpenter.", LIVE) == {"ardmoor"}


def test_a_place_of_another_verbs_clause_does_not_count() -> None:
    assert located("He lived quietly before moving to Velland in 1951.", LIVE) == frozenset()


def test_no_asked_verb_no_place() -> None:
    assert located("Talks in Brennick were held on Monday.", LIVE) == frozenset()
