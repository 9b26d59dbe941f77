"""The status judged on the sentence the answer opens with (:mod:`briefbot.writing.shown_lead`).

Invented sentences; their vectors are set by hand (a fake at the edge: every sentence on one story
axis, so the same-event and story tests pass and the real claim test and the real writer decide)."""

from __future__ import annotations

import numpy as np

from briefbot.language.question import analyse_question
from briefbot.store.copies import CopyGroups
from briefbot.truth.evidence import Evidence, EvidenceSet
from briefbot.truth.status import Assessment
from briefbot.truth.status.alone import ALONE, others_in
from briefbot.writing.shown_lead import judged_on_shown_lead, shown_lead

STORY = np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32)
QUESTION = "how many workers did acme fire"


def ev(text: str, article: str) -> Evidence:
    return Evidence(article_id=article, chunk_id=f"{article}::x::0", title="", source="", url=None,
                    published=None, text=text, start=0, end=len(text), vector=STORY.copy(), score=0.8)


def setting(first: str, figure: str, second: str) -> tuple[Assessment, EvidenceSet]:
    """An answered assessment whose first selected sentence gives no figure and whose second does
    (the writer leads with the figure), and a third report in the canvass."""
    frame = analyse_question(QUESTION)
    selected = [ev(first, "a"), ev(figure, "b")]
    canvassed = [ev(second, "c")]
    es = EvidenceSet(frame, list(selected), np.zeros(4, dtype=np.float32), 3, 3, canvass=canvassed)
    es.article_vectors = {e.article_id: STORY for e in [*selected, *canvassed]}
    return Assessment("answered", selected, 0.8), es


FIRST = "Acme said on Monday that the workers seen in the video had been dismissed."


def test_an_answer_shown_with_a_sentence_one_report_alone_gives_is_uncertain() -> None:
    a, es = setting(FIRST, "Acme fired nine workers, the union said.", "The union called the video shocking.")
    assert shown_lead(a, es.focus) == 1
    judged = judged_on_shown_lead(a, es, es.focus, CopyGroups())
    assert judged.status == "uncertain"
    assert [others_in(r) for r in judged.reasons] == [2]


def test_a_shown_sentence_a_second_report_gives_keeps_the_answer() -> None:
    a, es = setting(FIRST, "Acme fired nine workers, the union said.", "The company said it had fired nine workers.")
    judged = judged_on_shown_lead(a, es, es.focus, CopyGroups())
    assert judged.status == "answered" and judged.reasons == []
    assert [d.article_id for d in judged.selected[1].duplicates] == ["c"]  # cited with its second report


def test_an_answer_uncertain_only_for_another_sentence_s_one_report_is_answered_on_the_shown_one() -> None:
    a, es = setting(FIRST, "Acme fired nine workers, the union said.", "The company said it had fired nine workers.")
    a.status, a.reasons = "uncertain", [f"{ALONE}: 2 other reports on the story do not"]
    judged = judged_on_shown_lead(a, es, es.focus, CopyGroups())
    assert judged.status == "answered" and judged.reasons == []


def test_another_open_reason_keeps_the_answer_uncertain() -> None:
    a, es = setting(FIRST, "Acme fired nine workers, the union said.", "The company said it had fired nine workers.")
    a.status, a.reasons = "uncertain", ["the sources disagree", f"{ALONE}: 2 other reports on the story do not"]
    judged = judged_on_shown_lead(a, es, es.focus, CopyGroups())
    assert judged.status == "uncertain" and len(judged.reasons) == 2
