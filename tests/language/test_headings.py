"""Headings name a topic and state nothing (moved from the selection rules so lower truth rules read it).

Invented lines, written for these tests.
"""

from __future__ import annotations

from briefbot.language.headings import is_heading
from briefbot.truth.status.select import is_heading as select_is_heading


def test_a_capitalised_line_is_a_heading_and_a_sentence_is_not() -> None:
    assert is_heading("Norvale Ferry Timetable Changes March 2025")
    assert is_heading("Harbour Regatta Results & Photos ...")
    assert not is_heading("The Norvale ferry line changed its timetable on Thursday.")
    assert not is_heading("Norvale.")  # one word: nothing to judge by


def test_the_selection_rules_read_the_same_test() -> None:
    assert select_is_heading is is_heading
