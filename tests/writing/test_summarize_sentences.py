"""Summary material: a question the article asks is never a point (pure functions; spaCy's real
parse for a heading that lost its question mark)."""

from __future__ import annotations

from briefbot.writing.summarize_sentences import asks, looks_like_boilerplate


def test_a_question_the_article_asks_is_no_point() -> None:
    for question in ("What happens to the ferry line next?", "Why does the closure matter to the harbour towns?",
                     "“Will the crossing ever reopen?”", "How many crew members lose their jobs?"):
        assert asks(question) and looks_like_boilerplate(question), question


def test_a_statement_that_reports_a_question_is_still_a_statement() -> None:
    for statement in ("Holm pushed back: “says who?”", "“Which polls?” she asked the anchor.",
                      "The council did not say whether the line would reopen.",
                      "When the vote came, the bill fell by two votes.", "The ferry line closed on Monday."):
        assert not asks(statement), statement
