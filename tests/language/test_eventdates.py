"""Event dates (language/eventdates.py): the unit of date a question asks for, on invented sentences."""

from __future__ import annotations

from briefbot.language.eventdates import asked_unit, gives_unit


def test_a_question_that_names_its_date_unit_needs_a_date_of_that_unit() -> None:
    assert asked_unit("what day did the ferry line switch to the new timetable") == "day"
    assert asked_unit("which date was the vote held on") == "day"
    assert asked_unit("in what year did the mill close") == "year"
    assert asked_unit("when did the mill close") is None
    assert gives_unit("The new timetable starts on Tuesday.", "day")
    assert gives_unit("The new timetable started October 20.", "day")
    assert not gives_unit("The line has tested new timetables since early 2017.", "day")
    assert not gives_unit("In June, the line tried a new timetable in two ports.", "day")
    assert gives_unit("In June, the line tried a new timetable in two ports.", "month")
    assert gives_unit("The mill closed in 1998.", "year") and not gives_unit("The mill closed on Monday.", "year")
