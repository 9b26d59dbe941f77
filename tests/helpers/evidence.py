"""The evidence an extractive chain selects for a question (for writer and model tests)."""

from __future__ import annotations

from typing import Any

from briefbot.core import BriefBot
from briefbot.writing.answer import Turn


def selected_evidence(bot: BriefBot, question: str) -> list[Any]:
    """Retrieve and assess ``question`` as the extractive chain does; return the selected evidence."""
    chain = bot.chain("extractive")
    turn = chain.prepare.invoke(Turn(question, [], chain.retriever.filters))
    return turn.assessment.selected
