"""Terminal rendering of a brief told as a story (hand-built summary, no index)."""

from __future__ import annotations

from dataclasses import replace

from briefbot.app.render import render_summary_terminal
from briefbot.schema import (
    Citation,
    Disagreement,
    DisagreementSide,
    OpenQuestion,
    OutletView,
    Story,
    StoryItem,
    Summary,
    SummaryPoint,
)


def test_a_brief_renders_its_sections_in_reading_order() -> None:
    c = Citation(1, "a", "Talks", "Wire", None, "2026-03-02", "a::0", "The talks were postponed.", 0, 25)
    happened = StoryItem("The talks were postponed.", [1], "2026-03-02", "reported", ["Wire"])
    story = Story(
        bottom_line=[happened],
        what_happened=[happened],
        why=[StoryItem("One source said the sides disagreed on the agenda.", [1], hedged=True)],
        who_says_what=[OutletView("CNN", [StoryItem("CNN reported the delay.", [1], attribution="CNN")])],
        what_next=[StoryItem("The ministers may speak again next week.", [1], "2026-03-09", "approximate")],
        questions=[OpenQuestion("Why were the talks postponed?", ["CNN"], [1])],
    )
    sides = (DisagreementSide("on May 1", 1, "Wire"), DisagreementSide("on May 2", 1, "Post"))
    disagreement = Disagreement("date", sides)
    summary = Summary("talks", "uncertain", "", [], [c], [], "extractive", story=story, disagreements=[disagreement])
    text = render_summary_terminal(summary)
    heads = ["The talks were postponed. [1]", "What happened:", "Why:", "Who says what:", "What comes next (expected):",
             "Open questions:", "Sources:"]
    at = [text.index(h) for h in heads]
    assert at == sorted(at)
    assert text.count("Sources disagree") == 1  # a disagreement is shown once
    assert "- 2026-03-02 (reported): The talks were postponed." in text
    assert "- 2026-03-09: The ministers may speak again next week." in text  # the heading says "expected"
    undated = replace(story, what_happened=[StoryItem("The talks were postponed.", [1])], what_next=[])
    plain = render_summary_terminal(replace(summary, story=undated))
    assert "- The talks were postponed. [1]" in plain and "undated" not in plain  # no label for a missing date
    assert "Why were the talks postponed? (raised by CNN) [1]" in text
    assert "- CNN: CNN reported the delay. [1]" in text  # who says what gives the speaker's words, cited


def test_an_uncertain_answer_shows_its_summary_line_first() -> None:
    from briefbot.app.render import render_answer_terminal
    from briefbot.schema import Answer

    a = Answer("why?", "uncertain", "CNN said it remains unclear why. [1]", "No report confirms the reason.", 0.4, [],
               "extractive", summary="No confirmed reason: called unclear [1].")
    text = render_answer_terminal(a)
    assert text.index("No confirmed reason") < text.index("CNN said") < text.index("No report confirms")
    assert Answer.from_dict(a.to_dict()).summary == a.summary


def test_the_source_list_names_each_article_once_with_all_its_quotes() -> None:
    def cite(i: int, article: str, quote: str) -> Citation:
        return Citation(i, article, f"Title {article}", f"Outlet {article}", None, "2026-03-02", f"{article}::0",
                        quote, 10 * i, 10 * i + len(quote))

    cites = [cite(1, "a", "The talks were postponed."), cite(2, "b", "The talks were delayed."),
             cite(3, "a", "No new date was given."), cite(4, "a", "The ministers may speak again.")]
    s = Summary("talks", "uncertain", "", [SummaryPoint("The talks were postponed.", [1, 2])], cites, [],
                "extractive")
    listed = render_summary_terminal(s).split("Sources:\n", 1)[1]
    assert listed.count("Title a") == 1 and listed.count("Title b") == 1
    assert "[1][3][4] Outlet a · Title a · 2026-03-02" in listed
    for c in cites:  # every marker still finds its own exact quote
        assert f"[{c.id}] “{c.quote}”" in listed
    assert [a["citations"] for a in s.to_dict()["sources"]] == [[1, 3, 4], [2]]


def test_an_abstention_says_what_was_looked_for_and_no_rule_reasons() -> None:
    from briefbot.app.render import render_answer_terminal
    from briefbot.schema import Answer

    a = Answer(question="who announced it?", status="insufficient_evidence",
               answer="The indexed articles do not contain enough evidence to answer this question.",
               uncertainty="Searched 6 passages from 4 articles; none of them mentions announced.",
               confidence=0.0, citations=[], backend="extractive",
               reasons=["the relevant passages never mention: announc"])
    text = render_answer_terminal(a)
    assert "What I looked for: Searched 6 passages" in text
    assert "What the sources leave open" not in text and "never mention" not in text
