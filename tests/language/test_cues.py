"""Hedge cues (language/cues.py): the labels a sentence's hedges get, on invented sentences."""

from __future__ import annotations

from briefbot.language.cues import hedges, name_bound_years


def test_plain_statements_have_no_hedge() -> None:
    assert hedges("The council approved the harbour budget on Monday.") == []
    assert hedges("Osk said the harbour will reopen in May.") == []


def test_an_allegation_is_a_hedge_in_any_form() -> None:
    """"allegedly", "X alleged that …", "the alleged thief", "allegations that …": a claim one party
    makes, not an established fact."""
    for text in ("The mayor allegedly took the money.",
                 "A study alleged that the unit took part in the raid.",
                 "Prosecutors allege the clerk forged the papers.",
                 "The alleged thief was held in Velmar.",
                 "Allegations that the firm hid the losses were denied."):
        assert "allegedly" in hedges(text), text


def test_appearance_adverbs_are_hedges() -> None:
    """"apparently", "supposedly", "purportedly", "seemingly": the report does not establish it."""
    for text in ("The nurse apparently took her own life.",
                 "The letter was supposedly sent in May.",
                 "A video purportedly shows the raid.",
                 "The deal seemingly collapsed overnight."):
        assert hedges(text) == ["apparently"], text
    assert hedges("It was apparent to everyone that the plan had worked.") == []


def test_other_hedges_keep_their_labels() -> None:
    assert hedges("It remains unclear why the vote was delayed.") == ["unclear"]
    assert hedges("The vote was reportedly delayed.") == ["reportedly"]
    assert "anonymous source" in hedges("One of the agency's sources said the vote was delayed.")


def test_years_of_a_name_are_not_dates() -> None:
    assert name_bound_years("the Fishing Quotas Act of 2025 and Euro 2024 in June 2024") == {"2025", "2024"}
