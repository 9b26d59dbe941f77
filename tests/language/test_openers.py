"""A report's filing line (dateline or credit) at the head of its first sentence (language/openers.py)."""

from __future__ import annotations

from briefbot.language.openers import body


def test_a_dateline_or_credit_line_is_cut_and_what_is_left_is_an_exact_span() -> None:
    for text, rest in [("NORVALE, MI -- Police arrested eight people at the plant on Monday.",
                        "Police arrested eight people at the plant on Monday."),
                       ("CARROW CITY, Acmeland (AP) — The council voted to close the pier.",
                        "The council voted to close the pier."),
                       ("VELMAR—The council met again on Friday to vote.", "The council met again on Friday to vote."),
                       ("(Acme Wire) Talks resumed in Velmar after a week.", "Talks resumed in Velmar after a week.")]:
        assert body(text) == rest and text.endswith(rest)


def test_a_sentence_without_a_filing_line_or_a_short_heading_is_kept_whole() -> None:
    for text in ["Police in Norvale arrested eight people.", "NORVALE -- Arrests made.",
                 "The UN -- and others -- met on Friday in Velmar."]:
        assert body(text) == text
