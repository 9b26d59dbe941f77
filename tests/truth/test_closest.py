"""The closest value of the asked kind leads when no sentence fills the asked slot (issue 17).

Hand-built evidence with the real spaCy parse and the real MiniLM embedder (closeness of meaning);
retrieval scores are set by hand.  Sentences and names are our own, written for these tests.
"""

from __future__ import annotations

import numpy as np

from briefbot.language.parse import parse
from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence, EvidenceSet
from briefbot.truth.status import Thresholds, assess
from briefbot.truth.status.closest import attached, closest_value, counts_a_noun, of_asked_kind
from briefbot.truth.status.slot import asked_words, lead_with_filler, slot_unfilled, typed

T = Thresholds()


def _ev(text: str, score: float = 0.6, article: str = "a1", similarity: float = 0.45) -> Evidence:
    ev = Evidence(article_id=article, chunk_id=f"{article}::0", title="Norvale water board", source="Courier",
                  url=None, published="2025-03-06", text=text, start=0, end=len(text))
    ev.score = score
    ev.similarity = similarity
    ev.hedges = list(ev.features.hedges)
    ev.vector = np.array([1.0, 0.0], dtype=np.float32)
    return ev


def _asked(question: str) -> list[str]:
    frame = analyse_question(question)
    return typed(frame, asked_words(frame))


def test_a_figure_counts_a_noun_not_money_a_share_or_a_vague_quantifier() -> None:
    assert counts_a_noun(parse("Brannock said the board carried out 4,180 disconnections in June."))
    assert counts_a_noun(parse("About 900 tenants joined the rent strike."))
    assert not counts_a_noun(parse("Activists say many others will lose service over the summer."))
    assert not counts_a_noun(parse("Nearly $2 million is available for customers behind on bills."))
    assert not counts_a_noun(parse("Almost 40 percent of accounts are behind on payments."))
    assert counts_a_noun(parse("Almost 40 percent of accounts are behind on payments."), share=True)


def test_what_day_wants_a_day_not_a_week_or_a_month() -> None:
    frame = analyse_question("what day did the ferry line switch to the new timetable")
    assert of_asked_kind(frame, _ev("The new timetable, rolling out at every pier on Thursday, cuts waiting."))
    assert not of_asked_kind(frame, _ev("Now, as of this week, the new timetable is finally in place."))
    assert not of_asked_kind(frame, _ev("In March the ferry line began testing timetables at two piers."))


def test_only_dates_and_counts_have_a_value_kind_and_a_heading_holds_none() -> None:
    assert not of_asked_kind(analyse_question("did the ferry line change its timetable"),
                             _ev("The ferry line changed its timetable on Thursday."))
    assert not of_asked_kind(analyse_question("who won the harbour regatta"),  # any new name has that form
                             _ev("Skipper Tova Rennick took the harbour regatta trophy home again."))
    when = analyse_question("when did the ferry line change its timetable")
    assert of_asked_kind(when, _ev("The ferry line changed its timetable on Thursday."))
    assert not of_asked_kind(when, _ev("Ferry Line Timetable Changes March 2025"))


def test_a_date_hanging_from_the_asked_verb_is_tied_to_the_asked_event() -> None:
    q = "when did the retired beekeeper die"
    frame = analyse_question(q)
    assert attached(frame, _ev("Mr. Orlek, 91, died last week, his lawyer said."), _asked(q))
    assert not attached(frame, _ev("Orlek was accused of taking part in a village raid in 1943."), _asked(q))


def test_the_tied_value_leads_over_a_closer_sounding_date_of_another_event() -> None:
    q = "when did the retired beekeeper die"
    frame = analyse_question(q)
    topical = _ev("Neighbours remember the retired beekeeper and his hives fondly.", score=0.7)
    other = _ev("The retired beekeeper was named in a 1999 court ruling about his papers.", score=0.6)
    died = _ev("Mr. Orlek, 91, died last week, his lawyer said.", score=0.3)
    out = closest_value(frame, [topical, other], [died], _asked(q), 4)
    assert out[0] is died and out[1:] == [topical, other]


def test_nothing_of_the_asked_kind_leaves_the_selection_as_it_was() -> None:
    q = "how many homes lost water in may"
    frame = analyse_question(q)
    selected = [_ev("Activists say many others will lose service over the summer."),
                _ev("Nearly $2 million is available for customers behind on bills.")]
    assert closest_value(frame, selected, [], _asked(q), 4) == selected
    assert closest_value(frame, [], [_ev("The board carried out 4,180 disconnections in June.")], _asked(q), 4) == []


def test_unfilled_count_question_leads_with_the_counted_figure_and_stays_uncertain() -> None:
    """Old code led with the topical sentence holding no count; the status is the same."""
    q = "how many homes had their water cut off in june"
    topical = _ev("Activists say many Norvale families will lose access to water over the summer.", score=0.62,
                  similarity=0.55)
    money = _ev("Nearly $2 million is available for Norvale water customers behind on bills.", score=0.5,
                similarity=0.5)
    count = _ev("Brannock said the Norvale board carried out 4,180 disconnections in June.", score=0.45,
                article="a2", similarity=0.4)
    es = EvidenceSet(analyse_question(q), [topical, money, count], np.array([1.0, 0.0], dtype=np.float32), 2, 3)
    led = lead_with_filler(es, [topical, money], [topical, money, count], T, 4)
    assert led[0] is count
    assert slot_unfilled(es, led, T) is not None  # no report ties the figure to homes: still said so
    a = assess(es, 4, T)
    assert a.status == "uncertain"
    assert a.selected[0] is count


def test_a_lead_that_holds_a_value_too_keeps_its_place_unless_the_closer_value_is_tied() -> None:
    q = "how many boats entered the harbour regatta"
    frame = analyse_question(q)
    lead = _ev("Some 40 volunteers staffed the regatta safety launches.", score=0.7, similarity=0.4)
    other = _ev("About 300 spectators watched the regatta from the pier.", score=0.5,
                similarity=0.6)  # closer in meaning (the question names no one: plain similarity), not tied
    tied = _ev("Some 25 boats entered this year.", score=0.3, similarity=0.3)
    assert not attached(frame, lead, _asked(q)) and not attached(frame, other, _asked(q))
    assert attached(frame, tied, _asked(q))
    assert closest_value(frame, [lead], [other], _asked(q), 4) == [lead, other]
    assert closest_value(frame, [other], [lead], _asked(q), 4) == [other]
    assert closest_value(frame, [lead, other], [tied], _asked(q), 4) == [tied, lead, other]
