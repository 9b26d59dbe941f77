"""Qualifier binding (issue 17 item 3): the clause that answers carries the year, ordinal, series
number or quarter the question pins its event by.  Real spaCy parse; hand-built evidence; sentences
are our own, with invented names."""

from __future__ import annotations

import numpy as np
import pytest

from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence, EvidenceSet
from briefbot.truth.status import Thresholds, assess
from briefbot.truth.status.qualify import question_qualifiers
from briefbot.truth.status.slot import fillers, lead_with_filler, qualified, says_not_given

T = Thresholds()


def _ev(text: str, article: str = "a1", published: str | None = None, score: float = 0.6) -> Evidence:
    ev = Evidence(article_id=article, chunk_id=f"{article}::0", title="Norvale sport", source="Courier", url=None,
                  published=published, text=text, start=0, end=len(text))
    ev.score = score
    ev.similarity = 0.45
    ev.predicate = None
    ev.hedges = list(ev.features.hedges)
    ev.vector = np.array([1.0, 0.0], dtype=np.float32)
    return ev


def _ok(question: str, text: str, published: str | None = None) -> bool:
    return qualified(analyse_question(question), _ev(text, published=published))


def test_a_question_without_qualifiers_binds_nothing() -> None:
    assert not question_qualifiers("who won the Norvale cup", ())
    assert _ok("who won the Norvale cup", "Ada Holm won the Norvale cup in 1999.")


def test_the_winner_of_another_clauses_year_does_not_answer() -> None:
    q = "who won the Norvale cup in 2018"
    assert not _ok(q, "Ada Holm won the Norvale cup on Saturday and has not lost a match since 2018.")
    assert _ok(q, "Ada Holm won the Norvale cup in 2018, beating Mira Lind in the final.")
    assert _ok(q, "Ada Holm, who won the Norvale cup in 2018, lost in the second round.")


def test_another_year_in_the_answering_clause_contradicts() -> None:
    assert not _ok("who won the Norvale cup in 2018", "Mira Lind won the 2019 Norvale cup.")


def test_a_sentence_without_a_year_is_judged_by_its_published_date() -> None:
    q = "who won the Norvale cup in 2018"
    assert _ok(q, "Ada Holm won the Norvale cup on Saturday.", published="2018-07-14")
    assert not _ok(q, "Ada Holm won the Norvale cup on Saturday.", published="2022-07-09")


def test_a_date_of_another_event_than_the_asked_season_does_not_answer() -> None:
    q = "when did the first season of Tidewater premiere"
    assert not _ok(q, "A first season of ten episodes was planned, but after the premiere drew large audiences "
                      "the network ordered six more episodes on October 4, 2013.")
    assert _ok(q, "The first season of Tidewater premiered on September 23, 2013.")
    assert _ok(q, "Tidewater premiered on September 23, 2013.")  # silent on the season: not contradicted


def test_another_member_of_a_numbered_series_does_not_answer() -> None:
    q = "when was Vexa 2 released"
    assert not _ok(q, "Vexa 1 was released on the Orbis console in 2015, and Vexa 2 is still to come.")
    assert _ok(q, "Vexa 2 was released on July 21, 2017.")


def test_another_quarter_does_not_answer_a_quarter_question() -> None:
    q = "what was Orsen Motors' revenue in Q2 2020"
    assert not _ok(q, "Analysts expected Orsen Motors' revenue for the first quarter to be $5.1 billion.")
    assert _ok(q, "Orsen Motors reported revenue of $6.0 billion in the second quarter of 2020.")


def test_an_unbound_filler_leaves_the_slot_unfilled_and_the_answer_uncertain() -> None:
    q = "who won the Norvale cup in 2018"
    items = [_ev("Ada Holm won the Norvale cup on Saturday and has not lost a match since 2018.", article="a1"),
             _ev("Ada Holm won the Norvale cup on Saturday and has not lost a game since 2018.", article="a2")]
    es = EvidenceSet(analyse_question(q), items, np.array([1.0, 0.0], dtype=np.float32), 2, 2)
    assert fillers(es, items, T) == []
    result = assess(es, t=T)
    assert result.status != "answered"


def test_a_pinned_question_without_a_slot_is_unfilled_by_another_quarters_figure() -> None:
    q = "what was Orsen Motors' revenue in Q2 2020"
    items = [_ev("Analysts expected Orsen Motors' revenue for the first quarter of 2020 to be $5.1 billion.",
                 article="a1"),
             _ev("Orsen Motors' revenue for the first quarter of 2020 was $5.3 billion.", article="a2")]
    es = EvidenceSet(analyse_question(q), items, np.array([1.0, 0.0], dtype=np.float32), 2, 2)
    result = assess(es, t=T)
    assert result.status == "uncertain"
    assert any(says_not_given(r) for r in result.reasons)


def test_a_close_snippet_without_the_asked_word_does_not_answer_a_pinned_question() -> None:
    q = "what was Orsen Motors' revenue in Q2 2020"
    call = _ev("Orsen Motors' Q2 2020 earnings call took place on July 22, 2020.", article="a1")
    call.similarity = 0.75  # close to the question as a whole, as on-topic snippets are
    said = _ev("Orsen Motors reported revenue of $6.0 billion in the second quarter of 2020.", article="a2")
    es = EvidenceSet(analyse_question(q), [call, said], np.array([1.0, 0.0], dtype=np.float32), 2, 2)
    assert fillers(es, [call, said], T) == [said]


def test_the_sentence_that_fills_the_slot_leads() -> None:
    q = "who won the Norvale cup in 2018"
    other = _ev("Ada Holm won the Norvale cup on Saturday and has not lost a match since 2018.", article="a1")
    right = _ev("Mira Lind won the Norvale cup in 2018, beating Ada Holm in the final.", article="a2")
    es = EvidenceSet(analyse_question(q), [other, right], np.array([1.0, 0.0], dtype=np.float32), 2, 2)
    assert lead_with_filler(es, [other, right], [], T, 4)[0] is right


@pytest.mark.parametrize(("question", "text"), [
    ("who won the Norvale cup in 2018",
     "Ada Holm won the Norvale cup on Saturday and has not lost a match since 2018."),
    ("when did the first season of Tidewater premiere", "A first season of ten episodes was planned, but after the "
     "premiere drew large audiences the network ordered six more episodes on October 4, 2013."),
    ("when was Vexa 2 released", "Vexa 1 was released on the Orbis console in 2015, and Vexa 2 is still to come."),
    ("what was Orsen Motors' revenue in Q2 2020",
     "Analysts expected Orsen Motors' revenue for the first quarter of 2020 to be $5.1 billion."),
])
def test_an_on_topic_sentence_for_another_event_of_the_series_fills_no_slot(question: str, text: str) -> None:
    e = _ev(text)
    es = EvidenceSet(analyse_question(question), [e], np.array([1.0, 0.0], dtype=np.float32), 1, 1)
    assert fillers(es, [e], T) == []


def _fills(question: str, e: Evidence, *others: Evidence) -> bool:
    es = EvidenceSet(analyse_question(question), [e, *others], np.array([1.0, 0.0], dtype=np.float32), 2, 2)
    return fillers(es, [e], T) == [e]


def test_an_undated_sentence_without_a_year_is_dated_by_its_article() -> None:
    q = "who won the Norvale cup in 2018"
    text = "Ada Holm won the Norvale cup after a long final."
    assert _fills(q, _ev(text, article="a1"), _ev("Jul 14, 2018 ... The Norvale cup final drew a record crowd.",
                                                  article="a1"))
    assert not _fills(q, _ev(text, article="a1"), _ev("Jul 9, 2022 ... The Norvale cup final drew a record crowd.",
                                                      article="a1"))
    assert not _fills(q, _ev(text, article="a1"))  # nothing dates it: not an answer for 2018
    assert _fills(q, _ev(text, article="a1", published="2018-07-15"))
