"""History caps (``briefbot.writing.limits``, issue 21 N2): pure functions, no fakes needed."""

from __future__ import annotations

import pytest

from briefbot.config import Settings
from briefbot.writing.limits import (
    MAX_QUESTION_CHARS,
    HistoryLimits,
    check_history,
    history_problem,
    latest_within,
    text_too_long,
)

LIMITS = HistoryLimits(turns=4, turn_chars=10, total_chars=25)


def _msgs(*contents: str) -> list[dict[str, str]]:
    return [{"role": "user" if i % 2 == 0 else "assistant", "content": c} for i, c in enumerate(contents)]


def test_limits_come_from_settings() -> None:
    limits = HistoryLimits.of(Settings(max_history_turns=3, max_history_turn_chars=7, max_history_chars=9))
    assert limits == HistoryLimits(3, 7, 9)
    assert HistoryLimits.of(Settings()) == HistoryLimits()  # defaults agree


@pytest.mark.parametrize(
    ("messages", "needle"),
    [
        (_msgs("a", "b", "c", "d", "e"), "5 messages, over the limit of 4"),
        (_msgs("a", "x" * 11), "history message 2 is 11 characters, over the limit of 10"),
        (_msgs("x" * 10, "x" * 10, "x" * 10), "30 characters in all, over the limit of 25"),
    ],
)
def test_over_a_cap_is_refused_with_the_cap_named(messages: list[dict[str, str]], needle: str) -> None:
    assert needle in (history_problem(messages, LIMITS) or "")
    with pytest.raises(ValueError, match=needle):
        check_history(messages, LIMITS)


def test_within_the_caps_passes() -> None:
    assert history_problem([], LIMITS) is None
    assert history_problem(_msgs("x" * 10, "x" * 10, "xxxxx"), LIMITS) is None
    check_history(_msgs("a", "b", "c", "d"), LIMITS)


def test_latest_within_keeps_the_recent_turns() -> None:
    msgs = _msgs("1", "2", "3", "4", "5", "6")
    assert latest_within(msgs, LIMITS) == msgs[-4:]
    big = _msgs("x" * 10, "x" * 10, "x" * 10, "y")
    assert latest_within(big, LIMITS) == big[-3:]  # 10 + 10 + 1 fits 25; one more does not
    over = _msgs("a", "x" * 50)
    assert history_problem(latest_within(over, LIMITS), LIMITS)  # an over-long message is still refused


def test_the_answer_chain_refuses_an_oversized_history() -> None:
    """The core API (and so the CLI in-process) refuses like the HTTP API.  No retriever is
    given: the history is checked before any retrieval (this is the only part exercised)."""
    from briefbot.writing.answer import AnswerChain

    chain = AnswerChain(None, history_limits=LIMITS)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="over the limit of 10"):
        list(chain.stream("What did he say?", _msgs("Why?", "the Xx Yy, " * 100)))


def test_one_length_limit_for_questions_and_topics() -> None:
    assert text_too_long("x" * MAX_QUESTION_CHARS, "question") is None
    too_long = text_too_long("x" * (MAX_QUESTION_CHARS + 1), "topic")
    assert too_long == "the topic is over 2,000 characters: please shorten it"
