"""Years relative to an article's date (:mod:`briefbot.language.ago`): invented sentences."""

from __future__ import annotations

from briefbot.language.ago import published_year, relative_years, years_back


def test_a_count_of_years_ago_is_read_against_the_article_year() -> None:
    assert relative_years("On a May day three years ago, Ilse Varn got a letter.", "2019-06-02") == {2016}
    assert relative_years("It happened 12 years ago in Carrow.", "2020-01-05") == {2008}
    assert relative_years("A year ago the mill closed.", "2021-03-01") == {2020}


def test_last_this_and_next_year() -> None:
    assert relative_years("The flood in March last year cut the road.", "2015-04-01") == {2014}
    assert relative_years("The vote is due next year.", "2015-04-01") == {2016}


def test_no_year_without_a_count_or_an_article_date() -> None:
    assert relative_years("Many years ago the mill closed.", "2015-04-01") == frozenset()
    assert relative_years("Three years ago the mill closed.", None) == frozenset()
    assert published_year("not a date") is None
    assert years_back("several") is None
