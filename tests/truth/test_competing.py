"""Competing fillers of the asked slot, on invented sentences (no model: claims carry no vectors,
the slot tests do not use them)."""

from __future__ import annotations

from briefbot.language.text import names, stem
from briefbot.truth.competing import (
    Slot,
    amount_conflict,
    place_conflict,
    slot_of,
    slot_rivals,
    weekday_conflict,
)
from briefbot.truth.conflicts import Claim


def _c(text: str, art: str) -> Claim:
    return Claim(text, art, f"outlet-{art}", 0, len(text))


def _slot(kind: str, words: str, nums: str = "") -> Slot:
    found = slot_of(kind, frozenset(stem(w) for w in words.split()), frozenset(nums.split()))
    assert found is not None
    return found


FUND = _slot("when", "announce million dollar help fund", "2")


def test_two_weekdays_for_one_announcement_compete() -> None:
    a = _c("The Carrow water board on Wednesday announced plans to use $2 million to help poor households.", "a")
    b = _c("The board announced a $2 million fund on Tuesday for residents who cannot pay.", "b")
    assert weekday_conflict(a, b, FUND) == ("date", "Wednesday vs Tuesday")


def test_a_weekday_of_another_event_does_not_compete() -> None:
    a = _c("The Carrow water board on Wednesday announced plans to use $2 million to help poor households.", "a")
    b = _c("Police on Thursday arrested eight protesters outside the board's offices.", "b")
    assert weekday_conflict(a, b, FUND) is None


def test_the_same_weekday_does_not_compete() -> None:
    a = _c("The board on Tuesday announced plans to use $2 million to help poor households.", "a")
    b = _c("The board announced a $2 million fund on Tuesday.", "b")
    assert weekday_conflict(a, b, FUND) is None


def test_asked_number_must_be_in_both() -> None:
    a = _c("The board on Wednesday announced plans to use $2 million to help poor households.", "a")
    b = _c("The board announced a $5 million fund on Tuesday for roads.", "b")
    assert weekday_conflict(a, b, FUND) is None


BILL = _slot("what", "average water bill carrow")


def test_changed_value_against_another_outlets_average() -> None:
    a = _c("A rate rise took effect this month, increasing the average Carrow bill from $40 to $44.", "a")
    b = _c("Water prices in Carrow are rising, now averaging $49 a household.", "b")
    assert amount_conflict(a, b, BILL) == ("number", "$44 vs $49")


def test_from_value_is_history_not_a_rival() -> None:
    a = _c("A rate rise took effect this month, increasing the average Carrow bill from $40 to $44.", "a")
    b = _c("Water prices in Carrow are rising, now averaging $44 a household.", "b")
    assert amount_conflict(a, b, BILL) is None


def test_range_and_rounded_figures_agree() -> None:
    a = _c("The average Carrow water bill is between $40 and $50.", "a")
    b = _c("Households pay an average of $44 for water.", "b")
    assert amount_conflict(a, b, BILL) is None
    c = _c("The average bill is about $40.", "c")
    assert amount_conflict(b, c, BILL) is None


def test_figures_of_different_measures_do_not_compete() -> None:
    a = _c("The average Carrow bill rose to $44.", "a")
    b = _c("The board owes a contractor $49 million.", "b")
    assert amount_conflict(a, b, BILL) is None


VILLAGE = _slot("what", "village bear attack happen")


def test_two_village_names_compete_two_spellings_do_not() -> None:
    a = _c("A farmer in Upper Dalby village was working when the bear ran onto his land.", "a")
    b = _c("The bear wandered into Norrby village, where officials chased it.", "b")
    assert place_conflict(a, b, VILLAGE) == ("place", "Upper Dalby vs Norrby")
    c = _c("The bear wandered into Upper-Dalby village, where officials chased it.", "c")
    assert place_conflict(a, c, VILLAGE) is None


ADDRESS = _slot("what", "address chapel")


def test_two_addresses_of_one_building_compete() -> None:
    a = _c("Police went to the Elm Chapel, located 410 East Mill Road 9, after the theft.", "a")
    b = _c("She walked into the Elm Chapel, 410 E. Harbour Road 2, and took the ring.", "b")
    assert place_conflict(a, b, ADDRESS) == ("place", "410 East Mill Road 9 vs 410 East Harbour Road 2")
    c = _c("She walked into the Elm Chapel, 410 E. Mill Road 9, and took the ring.", "c")
    assert place_conflict(a, c, ADDRESS) is None


def test_rivals_need_different_articles_and_years() -> None:
    a = _c("The average Carrow bill rose to $44 in 2023.", "a")
    b = _c("The average Carrow bill was $49 in 2019.", "b")
    assert slot_rivals(BILL, [a, b]) == []  # different years: different times
    same = _c("Water prices in Carrow are rising, now averaging $49 a household.", "a")
    assert slot_rivals(BILL, [a, same]) == []  # one article's two figures are no two outlets
    other = _c("Water prices in Carrow are rising, now averaging $49 a household.", "b")
    found = slot_rivals(BILL, [_c("The average Carrow bill rose to $44.", "a"), other])
    assert [d.kind for d in found] == ["number"] and {s.article_id for s in found[0].sides} == {"a", "b"}


def test_slot_of_kinds() -> None:
    assert slot_of("why", frozenset({"fire"})) is None
    assert _slot("when", "announce").kind == "weekday"
    assert _slot("how_many", "cost bridge").kind == "amount"
    assert _slot("what", "village attack").kind == "place"


def test_doer_named_against_that_partys_denial() -> None:
    from briefbot.truth.competing import accused, agency_conflict, agency_rivals, denied_agency

    accusing = _c("Investigators say it was clearly an attack by Norvia’s security service.", "a")
    denial = _c("A day later Norvia denied any responsibility for the death of the envoy.", "b")
    assert "norvia" in denied_agency(denial.text)
    assert accused(accusing.text)
    assert agency_conflict(accusing, denial) == ("claim", "one report names who did it, the named party denies it")
    (d,) = agency_rivals([accusing, denial])
    assert d.sides[0].text == accusing.text  # the accusation first, the denial second


def test_no_agency_conflict_without_a_denial_in_force_or_with_another_party() -> None:
    from briefbot.truth.competing import agency_conflict

    accusing = _c("Investigators say it was clearly an attack by Norvia’s security service.", "a")
    not_denied = _c("Norvia did not deny any responsibility for the death of the envoy.", "b")
    assert agency_conflict(accusing, not_denied) is None
    other = _c("Acme Freight denied any involvement in the crash.", "b")
    assert agency_conflict(accusing, other) is None
    silent = _c("Norvia declined to comment on the death of the envoy.", "b")
    assert agency_conflict(accusing, silent) is None


def test_a_party_denying_something_else_is_no_side() -> None:
    from briefbot.truth.competing import agency_conflict

    accusing = _c("The fire was set by Acme workers, the inspector said.", "a")
    denial = _c("Acme denied reports that it would close the plant next year.", "b")
    assert agency_conflict(accusing, denial) is None


HELD = _slot("how_many", "suspect held death")


def test_two_counts_of_one_state_compete() -> None:
    a = _c("Four people are in custody, including the two women seen at the airport.", "a")
    b = _c("Police have three people in custody in connection with the envoy's death.", "b")
    assert amount_conflict(a, b, HELD) == ("number", "four vs three")


def test_counts_of_one_thing_in_different_acts_or_days_do_not_compete() -> None:
    killed = _c("Three people were killed in the blast, police said.", "a")
    hurt = _c("Four people were injured in the blast over the death.", "b")
    assert amount_conflict(killed, hurt, HELD) is None  # two acts, though both share "blast"
    monday = _c("Two people were arrested on Monday over the death.", "a")
    tuesday = _c("Three people were arrested on Tuesday over the death.", "b")
    assert amount_conflict(monday, tuesday, HELD) is None
    plain = _slot("what", "suspect held death")
    assert amount_conflict(_c("Four people are in custody.", "a"), _c("Three people in custody.", "b"), plain) is None


def test_counts_at_two_named_places_are_two_events() -> None:
    aberdeen = _c("A woman shot and killed three people at a warehouse in Dunmore on Thursday.", "a")
    masontown = _c("Then four people including an officer were shot outside an office in Kelby.", "b")
    assert amount_conflict(aberdeen, masontown, _slot("how_many", "killed shooting")) is None


def test_figures_measure_their_own_phrase_not_a_word_further_back() -> None:
    owe = _slot("how_many", "golf course owe water department")
    debt = _c("The water department is responsible for about $6 billion of the city's debt.", "a")
    bills = _c("The water department needs to shut off the water to recoup some $175 million in bills.", "b")
    assert amount_conflict(debt, bills, owe) is None
    cut = _c("A golf course owes $437,000 to the water department.", "a")
    exact = _c("The golf course owes $437,714, the list shows.", "b")
    assert amount_conflict(cut, exact, owe) is None  # a figure cut off to thousands is the same figure


def test_two_counts_where_one_report_capitalises_the_event_word_compete() -> None:
    """"the race" and "the Race" share the event word: a capital in one report does not make it a
    participant's name, so the two counts of riders are compared (and "2,000" is a count, not a year)."""
    riders = _slot("how_many", "rider take part velmar")
    a = _c("At least 85 teams and 2,500 riders are taking part in the race.", "a")
    b = _c("Some 2,000 riders will start the Race, and about 20,000 fans are expected in Velmar.", "b")
    assert amount_conflict(a, b, riders) == ("number", "2,500 vs some 2,000")


PLANES = _slot("how_many", "plane line")


def test_two_counts_held_by_one_verb_compete_and_the_counted_noun_may_be_a_synonym() -> None:
    """Nothing but the firm and the counted noun is shared: the figures count the object of one verb
    ("has" / "will have"), and "aircraft" says the asked "planes" (MiniLM word vectors)."""
    a = _c("Orvane Rescue has six aircraft that it could use for rapid evacuations, its chief said.", "a")
    b = _c("For the games, Orvane Rescue will have five aircraft on standby.", "b")
    assert amount_conflict(a, b, PLANES) == ("number", "six vs five")
    flew = _c("For the games, Orvane Rescue flew five aircraft to the coast.", "b")
    assert amount_conflict(a, flew, PLANES) is None  # "has" and "flew": two states


FIRST_TEST = _slot("when", "airline start test boarding")


def test_a_month_and_a_season_outside_it_compete_for_one_start() -> None:
    june = _c("In June, Velmar Air started testing new boarding lanes at two gates.", "a")
    fall = _c("Velmar Air says it is changing boarding after testing a range of boarding ideas since last fall.", "b")
    assert weekday_conflict(june, fall, FIRST_TEST) is None  # no weekday: the old rule missed it
    assert slot_rivals(FIRST_TEST, [june, fall])[0].detail == "June vs fall"
    september = _c("Velmar Air says it started testing boarding lanes in September.", "b")
    this_fall = _c("Velmar Air started testing new boarding lanes this fall at two gates.", "a")
    assert slot_rivals(FIRST_TEST, [this_fall, september]) == []  # September is in the fall
    other = _c("In June, Velmar Air opened a lounge.", "a")
    assert slot_rivals(FIRST_TEST, [other, fall]) == []  # another event: the predicate words are not shared


def test_two_sides_each_naming_a_name_of_the_question_are_one_scene() -> None:
    """"Orvane Rescue has six" and "for the Velmar games, the firm will have five": different names,
    but both the question's (how many planes has Orvane Rescue lined up for Velmar)."""
    asked = slot_of("how_many", frozenset({"plane", "line"}), frozenset(), names("Orvane Rescue Velmar"))
    assert asked is not None
    a = _c("Dan Orr, the chief, said Orvane Rescue has six aircraft that it could use.", "a")
    b = _c("For the Velmar games, the firm will have five aircraft on standby.", "b")
    assert amount_conflict(a, b, PLANES) is None  # no shared name, no vectors: not one scene
    assert amount_conflict(a, b, asked) == ("number", "six vs five")


def test_a_shared_name_of_the_question_counts_toward_a_month_rival() -> None:
    asked = slot_of("when", frozenset({"board", "start", "tri"}), frozenset(), names("Velmar"))
    assert asked is not None
    june = _c("In June, Velmar Air started experimenting with boarding lanes.", "a")
    fall = _c("Velmar Air says it is changing boarding after trials since last fall.", "b")
    assert slot_rivals(_slot("when", "board start tri"), [june, fall]) == []  # one shared word
    assert [d.detail for d in slot_rivals(asked, [june, fall])] == ["June vs fall"]


WHERE = _slot("where", "velland marsk live")


def test_two_places_for_where_he_lived_compete() -> None:
    a = _c("Ivo Marsk, a beekeeper who lived in Brennick for more than 60 years, died on Friday.", "a")
    b = _c("He later became a citizen and lived with his wife in Ardmoor, working as a beekeeper.", "b")
    assert slot_rivals(WHERE, [a, b])[0].kind == "place"


def test_a_town_written_in_its_province_is_no_rival() -> None:
    a = _c("Ivo Marsk lived in Ardmoor, Brennick, for more than 60 years.", "a")
    b = _c("He later lived with his wife in Brennick, working as a beekeeper.", "b")
    assert slot_rivals(WHERE, [a, b]) == []


def test_the_place_the_question_names_is_no_answer() -> None:
    a = _c("Ivo Marsk lived in Velland for more than 60 years.", "a")
    b = _c("He lived with his wife in Ardmoor, working as a beekeeper.", "b")
    assert slot_rivals(WHERE, [a, b]) == []


def test_a_country_is_not_set_against_a_town_that_may_lie_in_it() -> None:
    a = _c("Ivo Marsk lived in Canada for more than 60 years.", "a")
    b = _c("He lived with his wife in Ardmoor, working as a beekeeper.", "b")
    assert slot_rivals(WHERE, [a, b]) == []


OPENED = slot_of("when", frozenset(stem(w) for w in "tolvey bridge open".split()), asks_year=True)


def test_two_years_compete_when_the_year_is_asked() -> None:
    assert OPENED is not None and OPENED.kind == "year"
    a = _c("The Tolvey bridge finally opened to traffic in 1997.", "a")
    b = _c("The bridge at Tolvey opened in 1996, two years late.", "b")
    assert [d.kind for d in slot_rivals(OPENED, [a, b])] == ["year"]


def test_different_years_stay_different_times_when_the_year_is_not_asked() -> None:
    slot = _slot("when", "tolvey bridge open")
    a = _c("The Tolvey bridge opened to traffic on Monday in 1997.", "a")
    b = _c("The bridge at Tolvey opened on Friday in 1996.", "b")
    assert slot_rivals(slot, [a, b]) == []


def test_a_year_of_another_event_is_no_rival() -> None:
    assert OPENED is not None
    a = _c("The Tolvey bridge finally opened to traffic in 1997.", "a")
    b = _c("The mayor of Carrow was elected in 1996.", "b")
    assert slot_rivals(OPENED, [a, b]) == []
