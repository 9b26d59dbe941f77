"""Durations (issue 17: "how long" slots): real spaCy parse; sentences are our own."""

from __future__ import annotations

from briefbot.language.parse import parse
from briefbot.language.timespans import duration_units, has_duration


def test_counted_units_are_durations() -> None:
    for text in ("Police held the councillor for four days.", "We had been out for 15 minutes.",
                 "The depot went 11 days without cleaning.", "They met for a two-hour session.",
                 "The strike has lasted for hours.", "She has run the firm since 2009.",
                 "It took several months to rebuild the depot."):
        assert has_duration(text), text
        assert duration_units(parse(text)), text


def test_ages_points_in_time_and_counts_are_not_durations() -> None:
    for text in ("The 61-year-old driver was arrested.", "Two weeks ago the council voted.",
                 "The council voted on Friday.", "Four people were held."):
        assert not has_duration(text), text
        assert not duration_units(parse(text)), text
