"""Plain words (:mod:`briefbot.app.ui.plain`): developer forms said for a reader (pure functions)."""

from __future__ import annotations

from briefbot.app.ui.html import answer_message, feeds_html, human_interval
from briefbot.app.ui.plain import JARGON, failure, plain
from briefbot.schema import Answer

NOTE = ("Searched 6 passages from 2 articles for “What did the council say?”: no passage is relevant enough "
        "(best score 0.27 < 0.36, closest meaning 0.36 < 0.43). Closest articles: “Bridge opens”.")


def test_the_unanswerable_note_says_what_was_searched_without_scores() -> None:
    out = plain(NOTE)
    assert out.startswith("I searched 2 article(s) for “What did the council say?” and none of them says enough")
    assert "The closest were: “Bridge opens”." in out
    assert not JARGON.search(out)


def test_hedge_labels_offsets_and_exceptions_become_plain() -> None:
    hedged = "Capitol Desk and Steppe Wire hedges (unclear): “It remains unclear why.” [1]"
    assert plain(hedged) == "Capitol Desk and Steppe Wire write with caution: “It remains unclear why.” [1]"
    assert plain("quoted at characters 1150–1401") == "quoted at"
    assert plain("ConnectError: [Errno 111] Connection refused") == "Connection refused"
    assert plain("run `briefbot serve --watch`") == "run briefbot serve --watch"
    for raw in (hedged, NOTE, "ConnectError: [Errno 111] Connection refused"):
        assert JARGON.search(raw) and not JARGON.search(plain(raw))


def test_failures_name_the_action_not_the_exception() -> None:
    msg = failure("answer", ConnectionRefusedError(111, "Connection refused"))
    assert msg.startswith("Could not answer") and "Error" not in msg and "Errno" not in msg


def test_intervals_are_in_human_units() -> None:
    assert human_interval(900) == "every 15 minutes"
    assert human_interval(3600) == "every hour"
    assert human_interval(21600) == "every 6 hours"
    assert human_interval(45) == "every 45 seconds"
    assert "`" not in feeds_html([])


def test_a_chat_message_carries_no_developer_forms() -> None:
    a = Answer(question="q", status="insufficient_evidence",
               answer="The indexed articles do not contain enough evidence to answer this question.",
               uncertainty=NOTE, confidence=0.0, citations=[], backend="extractive", timings_ms={})
    msg = answer_message(a)
    assert "What I looked for:" in msg and not JARGON.search(msg)


def test_the_status_rules_reasons_are_not_shown_to_a_reader() -> None:
    """An abstention's rule reasons (stems such as "announc") stay in ``reasons`` for ``--verbose``;
    the page says what was looked for once, in ``uncertainty``."""
    a = Answer(question="who announced it?", status="insufficient_evidence",
               answer="The indexed articles do not contain enough evidence to answer this question.",
               uncertainty="Searched 6 passages from 4 articles; none of them mentions announced.",
               confidence=0.0, citations=[], backend="extractive",
               reasons=["the relevant passages never mention: announc"])
    msg = answer_message(a)
    assert "announc," not in msg and "never mention" not in msg and "Note:" not in msg
    assert msg.count("mentions announced") == 1
