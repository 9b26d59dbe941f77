"""A response answers the asked event only when its article speaks of that event (no model;
hand-built evidence, sentences our own)."""

from __future__ import annotations

import numpy as np

from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.select import responds_to_asked


def _ev(text: str, article: str, title: str, predicate: float) -> Evidence:
    ev = Evidence(article_id=article, chunk_id=f"{article}::0", title=title, source="Courier", url=None,
                  published="2025-03-06", text=text, start=0, end=len(text))
    ev.score = ev.similarity = 0.5
    ev.predicate = predicate
    ev.vector = np.array([1.0, 0.0], dtype=np.float32)
    return ev


REPORT = _ev("Harlow Mills plans to close its Brisby plant, the Courier reported.", "a1", "Mills weighs plant", 0.6)
NO_COMMENT = _ev("Harlow Mills declined to comment on the report.", "a1", "Mills weighs plant", 0.38)
OTHER = _ev("Harlow Mills said it was pleased with a new supply deal for Brisby.", "a2", "Mills signs deal", 0.34)


def test_a_statement_whose_article_never_speaks_of_the_asked_event_is_dropped() -> None:
    focus = analyse_question("What was Harlow Mills' reaction to reports that it would close the Brisby plant?")
    items = [REPORT, NO_COMMENT, OTHER]
    assert responds_to_asked([OTHER, NO_COMMENT], focus, items) == [NO_COMMENT]


def test_the_other_event_is_kept_when_it_is_the_one_asked() -> None:
    focus = analyse_question("What did Harlow Mills say about the supply deal?")
    items = [REPORT, NO_COMMENT, OTHER]
    assert responds_to_asked([OTHER, NO_COMMENT], focus, items) == [OTHER]


def test_nothing_is_dropped_when_no_article_speaks_of_the_event() -> None:
    focus = analyse_question("How did Harlow Mills respond to the flooding?")
    assert responds_to_asked([OTHER, NO_COMMENT], focus, [NO_COMMENT, OTHER]) == [OTHER, NO_COMMENT]


def test_only_response_questions_are_judged_so() -> None:
    focus = analyse_question("When will Harlow Mills close the Brisby plant?")
    assert responds_to_asked([OTHER, NO_COMMENT], focus, [REPORT, NO_COMMENT, OTHER]) == [OTHER, NO_COMMENT]
