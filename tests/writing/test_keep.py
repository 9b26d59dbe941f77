"""What a model answer must carry from a quote (invented sentences): exact spans, never invented."""

from __future__ import annotations

import pytest

from briefbot.writing.keep import MAX_ITEMS, must_keep, values


@pytest.mark.parametrize(("text", "kept"), [
    ("The ferry line was opened on April 1 and carried at least 85 cars a day.", ["April 1", "at least 85"]),
    ("Acme Rail has spent 79 million crowns on new uniforms, according to a regional news report.",
     ["a regional news report", "79 million"]),
    ("Brask Wire reported, citing a port official, that the ferry talks were put off.",
     ["Brask Wire", "citing a port official"]),
    ("One of the wire's sources said the two ministers had differing expectations.", ["One of the wire's sources"]),
    ("The minister is unlikely to sign the deal this week, according to one of the wire's sources.",
     ["one of the wire's sources", "unlikely"]),
    ("Harbour officials reportedly came to the view that the fees were too high.", ["reportedly"]),
    ("The mayor called the plan \"a long overdue fix\" on Tuesday.", ["a long overdue fix"]),
])
def test_who_says_it_the_hedge_and_the_values_are_listed(text: str, kept: list[str]) -> None:
    assert must_keep(text) == kept
    assert all(k in text for k in kept)  # exact spans of the quote


def test_a_figure_inside_a_date_is_the_date() -> None:
    assert values("The bridge opened on March 3, 2024 after 18 months of work.") == ["March 3, 2024", "18"]
    assert values("Tariffs would rise by no less than 500% on all goods.") == ["no less than 500%"]


def test_a_plain_sentence_lists_nothing_and_a_long_one_is_capped() -> None:
    assert must_keep("The ferry talks were put off.") == []
    many = "Acme said the 3 ferries, 4 buses, 5 trams and 6 trains would run from May 2."
    assert len(must_keep(many)) == MAX_ITEMS
