"""One fact, one sentence across an uncertain answer's lead and its body (writing/said_once.py).

Invented sentences; the question frame is the real analyser's."""

from __future__ import annotations

from briefbot.language.question import analyse_question
from briefbot.writing.said_once import joined, pieces, said_in_lead, without_said

WHY = analyse_question("why was the Tarnwick council vote delayed?")
REASON = ("One of the paper's sources did point to a possible point of friction: according to that source, "
          "the two blocs had differing expectations of how the harbour budget should be split.")
LEAD = ("No confirmed reason: the Valley Post says it is unclear why [1]; one of the paper's sources points to "
        "differing expectations of how the harbour budget should be split [2].")
BODY = ("The Tarnwick council vote was delayed on Monday; the Valley Post said it remains unclear why. [1] "
        f"{REASON} [2] Council staff later said the hall had been booked for another event. [3]")


def test_a_body_sentence_whose_reason_the_lead_quotes_with_its_marker_is_not_quoted_again() -> None:
    assert said_in_lead(REASON, "[2]", LEAD, WHY)
    got = without_said(BODY, LEAD, WHY)
    assert "differing expectations" not in got and "[2]" not in got
    assert got.startswith("The Tarnwick council vote was delayed on Monday") and got.endswith("another event. [3]")


def test_the_same_words_under_another_marker_or_another_kind_of_question_stay() -> None:
    assert not said_in_lead(REASON, "[3]", LEAD, WHY)  # another citation: not the lead's clause
    when = analyse_question("when was the Tarnwick council vote delayed?")
    assert without_said(BODY, LEAD, when) == BODY  # only a why-lead quotes a sentence's reason
    assert without_said(BODY, None, WHY) == BODY  # no lead, nothing said yet


def test_a_value_or_a_hedge_in_the_lead_keeps_its_sentence() -> None:
    lead = "No confirmed reason: the Valley Post says it is unclear why [1]; the paper points to another [2]."
    assert without_said(BODY, lead, WHY) == BODY


def test_the_body_is_never_emptied() -> None:
    only = f"{REASON} [2]"
    assert without_said(only, LEAD, WHY) == only


def test_pieces_round_trip_a_rendered_answer() -> None:
    assert joined(pieces(BODY)) == BODY
    assert [m for _, m in pieces("First one. [1][2] Second one. [3]")] == ["[1][2]", "[3]"]
