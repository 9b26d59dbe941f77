"""Counts in words and digits with their bounds (invented sentences)."""

from __future__ import annotations

import math

from briefbot.language.counts import contradicts, count_conflict, counts, word_value


def _one(text: str, thing: str) -> tuple[float, float]:
    found = [c for c in counts(text) if c.thing == thing]
    assert len(found) == 1, counts(text)
    return found[0].low, found[0].high


def test_number_words_have_their_values() -> None:
    assert word_value("four") == 4
    assert word_value("twenty-five") == 25
    assert word_value("two hundred and six") == 206
    assert word_value("three thousand") == 3000
    assert word_value("crowns") is None


def test_counts_name_the_noun_and_the_verb_they_count() -> None:
    assert _one("Four people are in custody.", "peopl") == (4, 4)
    assert _one("Eight were arrested on Friday.", "arrest") == (8, 8)
    assert {c.thing for c in counts("Twelve workers were fired.")} == {"worker", "fire"}
    assert _one("Dozens of protesters marched.", "protest") == (24, 199)
    assert _one("A dozen homes flooded.", "home") == (12, 12)


def test_bounds_widen_the_value() -> None:
    assert _one("At least nine were arrested.", "arrest") == (9, math.inf)
    low, high = _one("More than 40 homes lost power.", "home")
    assert 40 < low < 40.01 and high == math.inf
    low, high = _one("Nearly 1,000 homes lost power.", "home")
    assert low == 850 and 999 < high < 1000
    assert _one("Up to 30 staff will be retrained.", "staff")[1] == 30
    assert _one("About 80 people attended.", "peopl") == (68, 92)


def test_years_times_money_and_shares_are_not_counts() -> None:
    assert counts("In 2014 the plant opened at 10 a.m.") == []
    assert counts("The bill is $75 a month.") == []
    assert counts("Turnout was 40 percent.") == []


def test_contradiction_needs_the_same_thing_and_ranges_that_do_not_meet() -> None:
    assert count_conflict("At least nine were arrested.", "Eight were arrested.") is not None
    assert count_conflict("At least nine were arrested.", "Ten were arrested.") is None
    assert count_conflict("Four people are in custody.", "Three people are in custody.") is not None
    assert count_conflict("Four people are in custody.", "Three cars were towed.") is None
    a, b = counts("Nearly 10 homes flooded.")[0], counts("Nine homes flooded.")[0]
    assert not contradicts(a, b)


def test_a_figure_with_a_thousands_separator_is_a_count_not_a_year() -> None:
    """"2,000" is never a year (years are written without a separator), so it counts what follows."""
    found = counts("Some 2,000 riders will start the race in Velmar.")
    assert [(c.thing, c.text) for c in found] == [("rider", "Some 2,000")]
    assert counts("The race was first run in 2000 in Velmar.") == []
    assert count_conflict("At least 2,500 riders start the race.", "Some 2,000 riders start the race.") is not None
