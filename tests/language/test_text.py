"""The text toolkit: case, dashes, quotes and slashes never change what matches (no model)."""

from __future__ import annotations

import re

from briefbot.language.text import (
    NEAR_SHIFT,
    PERIOD_SHIFT,
    SHIFT,
    bm25_terms,
    content_words,
    day_dates,
    fold,
    mask_names,
    names,
    normalize,
    numbers,
    stem,
    tokens,
)


def test_dashes_quotes_and_slashes_fold_to_the_same_tokens() -> None:
    variants = ["Lavrov–Rubio meeting", "Lavrov-Rubio meeting", "Lavrov—Rubio meeting", "Lavrov/Rubio meeting",
                "lavrov and rubio meeting"]
    words = {frozenset(content_words(v)) for v in variants}
    assert len(words) == 1, words
    assert normalize("Lavrov’s “talks”") == "Lavrov's \"talks\""


def test_case_does_not_change_content_words() -> None:
    assert content_words("Why was the Lavrov–Rubio meeting postponed?") == content_words(
        "why was the lavrov-rubio meeting postponed")


def test_possessive_and_inflection_share_a_stem() -> None:
    assert stem("Lavrov's") == stem("Lavrov") == stem("LAVROV")
    assert stem("postponed") == stem("postponement") == stem("postpone")
    assert stem("won") == stem("wins") == stem("win")


def test_names_are_capitalised_words_but_not_months_or_function_words() -> None:
    found = names("On Monday, The talks between Sergey Lavrov and Marco Rubio in October ended.")
    assert {stem("Lavrov"), stem("Rubio"), stem("Sergey"), stem("Marco")} <= found
    assert stem("October") not in found and "monday" not in found and "the" not in found


def test_numbers_and_days() -> None:
    assert numbers("at least 85 senators, 1,000 people and five ministers") >= {"85", "1000", "5"}
    assert day_dates("They spoke on Oct. 20 and met on 16 October.") == {"oct 20", "oct 16"}


def test_bm25_terms_use_the_same_stems_and_stop_words() -> None:
    terms = bm25_terms("The meetings were postponed by the Senate")
    assert "the" not in terms and stem("meeting") in terms and stem("postpone") in terms
    assert set(terms) == set(content_words("The meetings were postponed by the Senate"))


def test_mask_names_keeps_what_is_said() -> None:
    hidden = frozenset({stem("Lavrov"), stem("Rubio")})
    assert mask_names("Why was the Lavrov–Rubio meeting postponed?", hidden) == "Why was the meeting postponed"


def test_fold_and_tokens() -> None:
    assert fold("ＡＢＣ Straße") == "abc strasse"
    assert tokens("Lavrov’s call") == ["lavrov", "call"]


def test_period_shift_words_are_the_one_source_of_relative_periods() -> None:
    assert PERIOD_SHIFT == {"last": -1, "this": 0, "next": 1}
    assert [m.group(0) for m in re.finditer(rf"\b{SHIFT}\s+year\b", "last year, this year, the year")] == \
        ["last year", "this year"]
    assert re.fullmatch(rf"{NEAR_SHIFT}\s+month", "later this month")
    assert re.fullmatch(rf"{NEAR_SHIFT}\s+month", "next month")
    assert not re.fullmatch(rf"{SHIFT}\s+month", "earlier this month")

