"""A brief's citations in reading order (writing/brief_order.py).  Invented briefs, built by hand."""

from __future__ import annotations

from briefbot.schema import (
    Citation,
    Disagreement,
    DisagreementSide,
    Event,
    OpenQuestion,
    Story,
    StoryItem,
    Summary,
    SummaryPoint,
    Timeline,
)
from briefbot.writing.brief_order import in_reading_order, reading_order


def cite(i: int, article: str) -> Citation:
    return Citation(i, article, f"title {article}", f"Outlet {article}", None, "2025-03-01", f"{article}-0",
                    f"quote {i} of {article}", 10 * i, 10 * i + 9)


def brief() -> Summary:
    # assembled as the brief is: points first (1, 2), questions (3), a disagreement (4, 5), then the
    # story the reader sees first cites 4 and 2, and its open question 3 and 1
    cites = [cite(1, "a"), cite(2, "b"), cite(3, "a"), cite(4, "c"), cite(5, "b"), cite(6, "c")]
    story = Story(bottom_line=[StoryItem("The Velm bridge was closed on Monday.", [4, 2])],
                  what_happened=[StoryItem("Crews found a crack.", [5], date="2025-03-01")],
                  questions=[OpenQuestion("When will the bridge reopen?", ["Outlet a"], [3, 1])])
    return Summary(topic="Velm bridge", status="uncertain", text="The bridge closed. [1][2] Crews found a crack. [5]",
                   points=[SummaryPoint("The bridge closed.", [1, 2]), SummaryPoint("Crews found a crack.", [5])],
                   citations=cites, open_questions=["Outlet a: “It is unclear when it reopens.” [3]"],
                   backend="extractive",
                   disagreements=[Disagreement("date", (DisagreementSide("closed Monday", 4, "Outlet c"),
                                                        DisagreementSide("closed Tuesday", 6, "Outlet c")))],
                   timeline=Timeline("Velm bridge", [Event("2025-03-01", "day", "Crews found a crack.",
                                                           [cites[4], cites[0]], ["Outlet b"])]),
                   story=story)


def test_the_first_marker_a_reader_meets_is_one_and_each_items_markers_ascend() -> None:
    s = brief()
    assert reading_order(s) == [4, 2, 5, 6, 3, 1]  # bottom line, what happened, the disagreement, questions
    in_reading_order(s)
    assert s.story is not None
    assert s.story.bottom_line[0].citations == [1, 2]
    assert s.story.what_happened[0].citations == [3]
    assert s.story.questions[0].citations == [5, 6]  # was [3, 1]: now in order
    assert [side.citation for side in s.disagreements[0].sides] == [1, 4]


def test_one_id_still_means_one_quote_everywhere() -> None:
    before = brief()
    quote_of = {c.id: c.quote for c in before.citations}
    s = in_reading_order(brief())
    now = {c.id: c.quote for c in s.citations}
    assert sorted(now) == [1, 2, 3, 4, 5, 6] and [c.id for c in s.citations] == [1, 2, 3, 4, 5, 6]
    assert now[1] == quote_of[4] and now[2] == quote_of[2] and now[6] == quote_of[1]
    assert s.text == "The bridge closed. [6][2] Crews found a crack. [3]"  # the text's markers follow
    assert s.points[0].citations == [2, 6]
    assert s.open_questions == ["Outlet a: “It is unclear when it reopens.” [5]"]
    assert s.timeline is not None
    assert [c.id for c in s.timeline.events[0].citations] == [3, 6]
    assert {c.id: c.quote for c in s.timeline.events[0].citations} == {3: quote_of[5], 6: quote_of[1]}


def test_a_brief_already_in_reading_order_is_left_as_it_is() -> None:
    s = Summary(topic="t", status="answered", text="A. [1] B. [2]", points=[SummaryPoint("A.", [1]),
                SummaryPoint("B.", [2])], citations=[cite(1, "a"), cite(2, "b")], open_questions=[],
                backend="extractive")
    assert in_reading_order(s).text == "A. [1] B. [2]" and [c.id for c in s.citations] == [1, 2]
