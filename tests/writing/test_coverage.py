"""A model answer keeps the evidence's values (writing/coverage.py)."""

from __future__ import annotations

from briefbot.writing.coverage import complete, missing_values, numbers, quoted_spans


def test_values_are_numbers_and_quoted_runs() -> None:
    assert numbers("It cost 1,500 crowns on March 3, up 2.5%") == {"1500", "3", "2.5"}
    assert quoted_spans('He said: "At the moment, we are pressing the pause button."') == [
        "at the moment we are pressing the pause button"]
    assert quoted_spans('the "Acme" plan') == []  # a one-word quote is a name, not speech


def test_a_dropped_side_of_a_disagreement_is_added_back() -> None:
    kept = [("The footbridge opened on March 3, according to the council.", [1])]
    extractive = [("The footbridge opened to the public on March 5, the transport office said.", [1]),
                  ("The footbridge opened to the public on March 3, the council said.", [2])]
    assert complete(kept, extractive) == [extractive[0]]


def test_reworded_values_add_nothing() -> None:
    kept = [("Hale said the bill was paused, calling it “pressing the pause button”.", [2])]
    extractive = [('Hale told reporters: "At the moment, pressing the pause button."', [2])]
    assert missing_values(extractive[0][0], kept[0][0])  # the quote's other words are missing
    kept2 = [('Hale said: "At the moment, pressing the pause button."', [2])]
    assert complete(kept2, extractive) == []
    assert complete([("The bill was introduced on April 1.", [1])],
                    [("It was introduced on April 1.", [1])]) == []
    assert complete([("It was stalled.", [1])], [("It was stalled for a long time.", [1])]) == []


def test_an_added_sentence_counts_as_said() -> None:
    extractive = [("It opened on March 5.", [1]), ("The office said it opened on March 5.", [2])]
    assert complete([("It opened.", [1])], extractive) == [extractive[0]]
