"""One report alone (:mod:`briefbot.truth.status.alone`): invented sentences, fake vectors (unit level)."""

from __future__ import annotations

import numpy as np
from helpers.sentence import sentence

from briefbot.language.question import analyse_question
from briefbot.store.copies import CopyGroups
from briefbot.truth.evidence import Evidence, EvidenceSet
from briefbot.truth.status.alone import ALONE, others_in, quotes, shown_alone, single_report


def ev(text: str, article: str, start: int = 0) -> Evidence:
    return sentence(text, article, start=start)


STORY = np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32)
ELSEWHERE = np.array([0.0, 1.0, 0.0, 0.0], dtype=np.float32)


def evidence_set(items: list[Evidence], canvass: list[Evidence] = (), other_story: tuple[str, ...] = ()) -> EvidenceSet:
    """Every article reports one story (same article vector) unless named in ``other_story``."""
    frame = analyse_question("how many workers did acme fire")
    es = EvidenceSet(frame, items, np.zeros(4, dtype=np.float32), 3, 3, canvass=list(canvass))
    es.article_vectors = {e.article_id: ELSEWHERE if e.article_id in other_story else STORY
                          for e in [*items, *canvass]}
    return es


LEAD = "Acme fired ten workers seen in the video."


def test_a_lead_from_one_report_among_several_is_single_sourced() -> None:
    lead = ev(LEAD, "a")
    es = evidence_set([lead, ev("The union called the video shocking.", "b")], [ev("Acme regrets it.", "c")])
    reason = single_report(es, [lead], CopyGroups())
    assert reason is not None and reason.startswith(ALONE)
    assert others_in(reason) == 2


def test_a_second_report_giving_the_claim_is_corroboration() -> None:
    lead = ev(LEAD, "a")
    lead.duplicates.append(ev("The company said it fired 10 workers.", "b"))
    es = evidence_set([lead, ev("The union called the video shocking.", "c")])
    assert single_report(es, [lead], CopyGroups()) is None


def test_a_wire_copy_is_not_a_second_report() -> None:
    lead = ev(LEAD, "a")
    lead.duplicates.append(ev(LEAD, "a-copy"))
    groups = CopyGroups(original={"a": "a", "a-copy": "a"}, sources={"a": "Wire", "a-copy": "Paper"})
    es = evidence_set([lead, ev("The union called the video shocking.", "c")])
    reason = single_report(es, [lead], groups)
    assert reason is not None and others_in(reason) == 1


def test_a_pile_with_one_report_on_the_story_has_no_one_else_to_ask() -> None:
    lead = ev(LEAD, "a")
    es = evidence_set([lead, ev("The union called the video shocking.", "a", 200)],
                      [ev("Acme regrets it.", "a-copy")])
    groups = CopyGroups(original={"a": "a", "a-copy": "a"})
    assert single_report(es, [lead], groups) is None
    assert single_report(es, [], groups) is None


def test_other_reasons_are_not_counted() -> None:
    assert others_in("the sources disagree") is None
    assert others_in(f"{ALONE}: 1 other report on the story does not") == 1


def test_a_question_for_the_source_is_answered_by_the_one_report() -> None:
    lead = ev("The Daily Harbour reported that Acme fired ten workers.", "a")
    es = evidence_set([lead, ev("The union called the video shocking.", "b")])
    es.focus = analyse_question("which outlet reported that acme fired the workers")
    assert es.focus.asks_for_source
    assert single_report(es, [lead], CopyGroups()) is None


def test_another_story_sharing_the_question_s_words_is_no_report_that_could_confirm() -> None:
    lead = ev(LEAD, "a")
    es = evidence_set([lead, ev("Acme's rival fired two managers last spring.", "b")], other_story=("b",))
    assert single_report(es, [lead], CopyGroups()) is None
    es.article_vectors.pop("a")  # the lead's story unknown: nothing to count
    assert single_report(evidence_set([lead]), [lead], CopyGroups()) is None


def test_two_reports_quoting_the_same_words_confirm_what_was_said() -> None:
    said = analyse_question("what did mayor orla tenby tell reporters")
    lead = ev("Mayor Orla Tenby told reporters the harbour works would stop for now.", "a")
    one = ev('Tenby, speaking to reporters: "For now we are pressing pause on the harbour works."', "b")
    two = ev('Asked by reporters, Tenby said: "For now we are pressing pause on the harbour works."', "c")
    other = ev('Tenby also said: "The budget is sound."', "c", 300)
    es = evidence_set([lead, one, two, other])
    es.focus = said
    assert quotes(one.text) == quotes(two.text) and quotes(other.text) == set()  # four words quote no statement
    assert single_report(es, [lead, one, two], CopyGroups()) is None
    assert single_report(es, [lead, one], CopyGroups()) is None  # the other report's quote was read, not selected
    alone = evidence_set([lead, one, other])
    alone.focus = said
    reason = single_report(alone, [lead, one, other], CopyGroups())  # no quote two reports share
    assert reason is not None and reason.startswith(ALONE)


def _on_story(text: str, article: str) -> Evidence:
    e = ev(text, article)
    e.vector = STORY.copy()  # a fake at the edge: one event, cosine 1; the claim test is the real one
    return e


def test_the_sentence_shown_first_is_judged_not_the_first_selected() -> None:
    """The writer may open with another selected sentence: the one-report test is asked of it."""
    lead = _on_story(LEAD, "a")
    shown = _on_story("Acme fired nine workers, the union said.", "b")
    second = _on_story("The company said it had fired 10 workers.", "c")
    es = evidence_set([lead, shown], [second])
    assert shown_alone(es, [lead, shown], 0, CopyGroups()) is None  # ten workers: two reports
    reason = shown_alone(es, [lead, shown], 1, CopyGroups())  # nine workers: the union's word alone
    assert reason is not None and others_in(reason) == 2


def test_a_shown_sentence_with_a_second_report_is_cited_with_it() -> None:
    lead = _on_story("Acme fired nine workers, the union said.", "a")
    shown = _on_story(LEAD, "b")
    second = _on_story("The company said it had fired 10 workers.", "c")
    es = evidence_set([lead, shown], [second])
    assert single_report(es, [lead, shown], CopyGroups()) is not None
    assert shown_alone(es, [lead, shown], 1, CopyGroups()) is None
    assert second in shown.duplicates
    assert shown_alone(es, [lead, shown], 5, CopyGroups()) is None  # no such sentence: nothing to judge
