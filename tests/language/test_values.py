"""Slot values on invented sentences: weekdays, amounts with what they measure, place names,
street addresses, and one name spelt two ways."""

from __future__ import annotations

from briefbot.language.parse import parse
from briefbot.language.values import (
    addresses,
    amounts,
    amounts_agree,
    instance_marks,
    other_instance,
    place_names,
    rounded_equal,
    same_name,
    serial,
    weekdays,
)


def test_weekdays() -> None:
    assert weekdays("The board announced the grant on Tuesday.") == {"tuesday"}
    assert weekdays("The board met in June.") == frozenset()


def test_from_to_gives_the_new_value_only() -> None:
    found = amounts("A rate rise took effect, increasing the average Carrow bill from $40 to $44.")
    money = [a for a in found if a.unit == "$"]
    assert [(a.low, a.high) for a in money] == [(44.0, 44.0)]
    assert {"averag", "bill"} <= money[0].heads


def test_figure_measures_the_word_before_or_after_it() -> None:
    (a,) = amounts("Ferry fares are rising, now averaging $12 a trip.")
    assert a.unit == "$" and a.low == 12.0 and "averag" in a.heads


def test_range_is_one_amount() -> None:
    (a,) = amounts("Tickets cost between $20 and $30 at the gate.")
    assert (a.low, a.high) == (20.0, 30.0)


def test_scale_words_and_currency_words() -> None:
    (a,) = amounts("The council paid 2.5 million crowns for the bridge.")
    assert a.unit == "crown" and a.low == 2_500_000.0


def test_bounds_and_rounding_agree() -> None:
    (about,) = amounts("The average fare is about $40.")
    (exact,) = amounts("The average fare is $44.")
    assert amounts_agree(about, exact)
    (round_,) = amounts("The repair bill came to $70,000.")
    (precise,) = amounts("The repair bill came to $70,246.")
    assert rounded_equal(round_, precise) and amounts_agree(round_, precise)
    (other,) = amounts("The repair bill came to $75,000.")
    assert not amounts_agree(round_, other)


def test_point_inside_a_range_agrees() -> None:
    (rng,) = amounts("Fares run from $20 to $30 at the gate.")  # a from-to change reads as its new value
    assert rng.low == 30.0
    (span,) = amounts("Fares cost $20-$30.")
    (point,) = amounts("A fare costs $25.")
    assert amounts_agree(span, point)


def test_different_units_are_not_compared() -> None:
    (a,) = amounts("Fares rose 5% this year.")
    (b,) = amounts("Fares rose $5 this year.")
    assert amounts_agree(a, b)


def test_place_names_of_a_place_noun() -> None:
    assert place_names("A farmer in Upper Dalby village saw the bear.", "villag") == {"upper dalby"}
    assert place_names("The bear wandered into the village of Norrby on Monday.", "villag") == {"norrby"}
    assert place_names("The villager showed his injured arm.", "villag") == frozenset()


def test_addresses_are_normalized() -> None:
    assert addresses("Police went to the Elm Chapel, 410 E. Mill Road 9, at noon.") == {"410 east mill road 9"}
    assert addresses("The chapel at 410 East Mill Road 9 was closed.") == {"410 east mill road 9"}
    assert addresses("Officials said 300 People attended.") == frozenset()


def test_same_name_spelt_two_ways() -> None:
    assert same_name("Ana Lee-Park", "Ana Lee Park")
    assert same_name("Morvik", "Murvik")  # one letter apart: a spelling
    assert not same_name("Norrby", "Nor Abyby")
    assert not same_name("410 east mill road 9", "410 east harbour road 2")


def test_small_figures_are_not_roundings() -> None:
    (a,) = amounts("The average fare is $70.")
    (b,) = amounts("The average fare is $74.")
    assert not rounded_equal(a, b) and not amounts_agree(a, b)


def test_rounded_and_cut_off_figures() -> None:
    (m,) = amounts("The plan cost $1.5 million.")
    (p,) = amounts("The plan cost $1,480,000.")
    assert rounded_equal(m, p)
    (cut,) = amounts("The club owes $437,000.")
    (full,) = amounts("The club owes $437,714.")
    assert rounded_equal(cut, full)
    (seventy,) = amounts("The club owes $70,000.")
    (seventy_five,) = amounts("The club owes $75,000.")
    assert not rounded_equal(seventy, seventy_five)


def test_instance_marks_are_ordinals_and_numbers_after_the_noun() -> None:
    assert serial("fourth") == serial("4th") == serial("4") == 4
    assert serial("2024") is None and serial("many") is None
    assert instance_marks(parse("The fourth season of Harbour Lights opens today.")) == {"season": {4}}
    assert instance_marks(parse("Season 4 of Harbour Lights opens today.")) == {"season": {4}}
    assert instance_marks(parse("Four seasons of Harbour Lights are online.")) == {}
    tenth = instance_marks(parse("The tenth and final season opened in March."))
    assert other_instance(instance_marks(parse("when did the first season open")), tenth)
    assert not other_instance(instance_marks(parse("when did the tenth season open")), tenth)
    assert not other_instance(instance_marks(parse("when did the show open")), tenth)
