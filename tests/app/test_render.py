"""Terminal rendering of a brief told as a story (hand-built summary, no index)."""

from __future__ import annotations

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
    assert "2026-03-02 (reported)" in text and "expected 2026-03-09" in text
    assert "Why were the talks postponed? (raised by CNN) [1]" in text
    assert "- CNN: [1]" in text  # who says what names the speaker and cites; the claim is quoted once above


def test_an_uncertain_answer_shows_its_summary_line_first() -> None:
    from briefbot.app.render import render_answer_terminal
    from briefbot.schema import Answer

    a = Answer("why?", "uncertain", "CNN said it remains unclear why. [1]", "No report confirms the reason.", 0.4, [],
               "extractive", summary="No confirmed reason: called unclear [1].")
    text = render_answer_terminal(a)
    assert text.index("No confirmed reason") < text.index("CNN said") < text.index("No report confirms")
    assert Answer.from_dict(a.to_dict()).summary == a.summary
