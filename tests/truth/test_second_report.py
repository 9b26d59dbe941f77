"""Corroboration from the canvass of the story's reports (:mod:`briefbot.truth.corroboration`), invented sentences."""

from __future__ import annotations

import numpy as np

from briefbot.language.question import analyse_question
from briefbot.truth.corroboration import asked_value, corroborate
from briefbot.truth.evidence import Evidence


def ev(text: str, article: str, start: int = 0, axis: int = 0) -> Evidence:
    """An evidence sentence whose vector points along ``axis`` (same axis: one event, cosine 1)."""
    v = np.zeros(4, dtype=np.float32)
    v[axis] = 1.0
    return Evidence(article_id=article, chunk_id=f"{article}::x::0", title="", source="", url=None,
                    published=None, text=text, start=start, end=start + len(text), vector=v)


def test_the_asked_value_is_a_count_of_an_asked_word_or_a_day() -> None:
    many = analyse_question("how many workers did acme fire")
    assert asked_value(many, "Acme fired ten workers on Monday.") == asked_value(many, "The firm fired 10 workers.")
    assert asked_value(many, "Acme fired ten workers.") != asked_value(many, "Acme fired nine workers.")
    assert asked_value(many, "Acme opened two plants.") == frozenset()
    when = analyse_question("when did acme fire the workers")
    assert "weekday:monday" in asked_value(when, "Acme fired the workers on Monday.")


def test_another_report_giving_the_same_value_is_cited_with_the_lead() -> None:
    frame = analyse_question("how many workers did acme fire")
    lead = ev("Acme fired ten workers seen in the video.", "a")
    same = ev("The company said it had fired 10 workers.", "b")
    other = ev("Acme fired nine workers, the union said.", "c")
    own = ev("Ten workers were fired by Acme, the paper said.", "a", 400)
    assert corroborate([lead], [same, other, own], frame) == 1
    assert lead.duplicates == [same]


def test_no_value_no_corroboration() -> None:
    frame = analyse_question("why did acme fire the workers")
    lead = ev("Acme fired the workers because of the video.", "a")
    assert corroborate([lead], [ev("Acme fired the workers over the video.", "b")], frame) == 0
    assert lead.duplicates == []


def test_the_same_day_of_another_event_is_no_corroboration() -> None:
    frame = analyse_question("when did the norvale mayor die")
    lead = ev("The Norvale mayor died on Thursday, his family said.", "a")
    statement = ev("The council issued a statement on Thursday about the harbour.", "b", axis=1)
    assert corroborate([lead], [statement], frame) == 0
