"""Bounds on a question's conversation history, checked at every entry point (issue 21).

The history is untrusted input like the question: each message, the number of messages and
their total size are capped (:class:`HistoryLimits`, from the ``max_history_*`` settings),
and anything over a cap is refused with a message that says which cap and what to do —
never silently read at a cost out of proportion to a normal question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefbot.config import Settings

MAX_QUESTION_CHARS = 2000
"""Longest question or topic, in characters, at every entry point (Python, CLI, HTTP, web page)."""


def text_too_long(text: str, what: str) -> str | None:
    """Why ``text`` (a question or a topic) is refused for its length, or None."""
    if len(text) > MAX_QUESTION_CHARS:
        return f"the {what} is over {MAX_QUESTION_CHARS:,} characters: please shorten it"
    return None


@dataclass(frozen=True)
class HistoryLimits:
    """The caps a history must respect (defaults = the :class:`~briefbot.config.Settings` defaults)."""

    turns: int = 20
    turn_chars: int = 4000
    total_chars: int = 16000

    @classmethod
    def of(cls, settings: Settings) -> HistoryLimits:
        return cls(settings.max_history_turns, settings.max_history_turn_chars, settings.max_history_chars)


def history_problem(messages: Sequence[dict[str, str]], limits: HistoryLimits) -> str | None:
    """Why ``messages`` (normalised ``{"role", "content"}`` turns) exceed ``limits``, or None."""
    if len(messages) > limits.turns:
        return (f"the history has {len(messages)} messages, over the limit of {limits.turns}: "
                "send only the latest turns of the conversation")
    total = 0
    for i, message in enumerate(messages):
        size = len(message["content"])
        if size > limits.turn_chars:
            return (f"history message {i + 1} is {size:,} characters, over the limit of "
                    f"{limits.turn_chars:,}: shorten or drop it")
        total += size
    if total > limits.total_chars:
        return (f"the history is {total:,} characters in all, over the limit of {limits.total_chars:,}: "
                "send fewer or shorter turns")
    return None


def check_history(messages: Sequence[dict[str, str]], limits: HistoryLimits) -> None:
    """Raise ``ValueError`` (with :func:`history_problem`'s message) when over a limit."""
    problem = history_problem(messages, limits)
    if problem:
        raise ValueError(problem)



def latest_within(messages: Sequence[dict[str, str]], limits: HistoryLimits) -> list[dict[str, str]]:
    """The latest messages that fit ``limits.turns`` and ``limits.total_chars`` (a long chat in
    the web UI keeps its recent turns; a follow-up reads only the last question and answer).
    A single message over ``limits.turn_chars`` is kept, for :func:`check_history` to refuse."""
    kept: list[dict[str, str]] = []
    total = 0
    for message in reversed(messages):
        size = min(len(message["content"]), limits.turn_chars + 1)
        if len(kept) == limits.turns or (kept and total + size > limits.total_chars):
            break
        kept.append(message)
        total += size
    return kept[::-1]
