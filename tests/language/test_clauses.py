"""Clauses of a parsed sentence and the qualifiers (years, ordinals, series numbers, quarters) each
carries.  Real spaCy parse; sentences are our own, with invented names."""

from __future__ import annotations

from briefbot.language.clauses import asked_marks, attached_clauses, clause, qualifier_marks, years_at
from briefbot.language.parse import parse
from briefbot.language.text import stem


def _at(text: str, word: str) -> int:
    return next(i for i, t in enumerate(parse(text).tokens) if t.text == word)


def _words(text: str, where: frozenset[int]) -> set[str]:
    return {parse(text).tokens[i].text for i in where}


def test_a_year_in_another_clause_is_not_in_the_winners_clause() -> None:
    s = "Ada Holm won the final on Saturday, and her coach has said she was unbeaten since 2018."
    p = parse(s)
    won = clause(p, _at(s, "Holm"))
    assert {"Holm", "won", "Saturday"} <= _words(s, won)
    assert not years_at(p, won)
    assert years_at(p, frozenset(range(len(p.tokens)))) == {"2018"}


def test_a_to_complement_shares_its_governors_clause() -> None:
    s = "The 2021 Norvale Draft is scheduled to take place on June 21."
    p = parse(s)
    assert "2021" in _words(s, clause(p, _at(s, "June")))


def test_a_clause_describing_a_noun_reaches_the_noun() -> None:
    s = "The console released in 2015 is still popular."
    p = parse(s)
    assert "console" in _words(s, clause(p, _at(s, "2015")))


def test_a_relative_clause_belongs_to_the_name_it_describes() -> None:
    s = "Ada Holm, who won the cup in 2018, lost to Mira Lind on Sunday."
    p = parse(s)
    assert "2018" not in _words(s, clause(p, _at(s, "Holm")))
    assert "2018" in _words(s, attached_clauses(p, _at(s, "Holm")))


def test_marks_pick_one_of_a_series() -> None:
    assert asked_marks(parse("when did the first season of Tidewater premiere")) == {stem("season"): {1}}
    assert asked_marks(parse("when was Vexa 2 released")) == {stem("vexa"): {2}}
    assert asked_marks(parse("what was Orsen Motors' revenue in Q2 2020")) == {stem("quarter"): {2}}
    marks = {(m.noun, m.number) for m in qualifier_marks(parse("Sales fell in the first quarter."))}
    assert marks == {(stem("quarter"), 1)}


def test_a_number_before_its_noun_counts_and_picks_none() -> None:
    assert asked_marks(parse("the show ran for 4 seasons")) == {}


def test_a_day_after_its_month_is_a_date_not_a_mark() -> None:
    assert qualifier_marks(parse("The network ordered six more episodes on October 4, 2013.")) == []


def test_an_ordinal_on_a_plural_noun_picks_no_one_of_a_series() -> None:
    assert asked_marks(parse("which goods from third countries would the tariff cover")) == {}
    assert asked_marks(parse("who won the 93rd Norvale Awards")) == {stem("awards"): {93}}


def test_a_to_clause_of_purpose_is_part_of_its_doers_clause() -> None:
    s = "Ada Holm defeated Mira Lind in the final to win the 2020 Norvale title."
    p = parse(s)
    assert "2020" in _words(s, clause(p, _at(s, "Holm")))
