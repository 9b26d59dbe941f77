"""Months and seasons a sentence places something in (invented sentences)."""

from __future__ import annotations

from briefbot.language.months import labels_apart, time_labels


def test_months_and_seasons_after_a_time_word() -> None:
    assert time_labels("In June, the ferry line started a trial.") == {"june"}
    assert time_labels("The trial has run since last fall.") == {"season:fall"}
    assert time_labels("It began in the early autumn.") == {"season:fall"}


def test_may_march_and_fall_only_as_times() -> None:
    assert time_labels("The council may vote soon.") == frozenset()
    assert time_labels("March on Tuesday, the union said.") == frozenset()
    assert time_labels("The vote is on May 3.") == {"may"}
    assert time_labels("After the fall of the old council, rents rose.") == frozenset()


def test_a_month_inside_a_season_is_the_same_time() -> None:
    assert not labels_apart("september", "season:fall")
    assert labels_apart("june", "season:fall")
    assert labels_apart("june", "july") and labels_apart("season:spring", "season:fall")
    assert not labels_apart("june", "june")
