"""Outcome classes (briefbot/evaluation/outcomes.py): every combination lands in exactly one class."""

from __future__ import annotations

import pytest

from briefbot.evaluation.outcomes import (
    OUTCOMES,
    annotate,
    case_outcome,
    multihop_outcome,
    outcome_class,
    outcome_metrics,
    rgb_outcome,
    row_expects_answer,
    says_not_given,
)


@pytest.mark.parametrize(("expected", "status", "right", "outcome"), [
    ("answered", "answered", True, "right_answered"),
    ("answered", "answered", False, "confident_wrong"),
    ("answered", "uncertain", True, "right_hedged"),
    ("answered", "uncertain", False, "hedged_wrong"),
    ("answered", "insufficient_evidence", True, "false_abstention"),
    ("uncertain", "uncertain", True, "right_hedged"),
    ("uncertain", "uncertain", False, "hedged_wrong"),
    ("uncertain", "answered", True, "confident_wrong"),   # the sources hedge/disagree: 'answered' is wrong
    ("uncertain", "answered", False, "confident_wrong"),
    ("uncertain", "insufficient_evidence", False, "false_abstention"),
    ("insufficient_evidence", "insufficient_evidence", False, "honest_abstention"),
    ("insufficient_evidence", "uncertain", True, "hedged_wrong"),
    ("insufficient_evidence", "answered", True, "confident_wrong"),
    ("answered", "error", True, "false_abstention"),      # an error told the user nothing
    ("insufficient_evidence", "error", False, "honest_abstention"),
])
def test_outcome_class(expected: str, status: str, right: bool, outcome: str) -> None:
    assert outcome_class(expected, status, right) == outcome
    assert outcome in OUTCOMES


def test_unknown_expected_status_is_an_error() -> None:
    with pytest.raises(ValueError):
        outcome_class("maybe", "answered", True)


def _row(answerable: bool = True, uncertain: bool = False, status: str = "answered",
         facts: list[bool] | None = None, forbidden: list[str] | None = None) -> dict:
    return {"expected": {"answerable": answerable, "uncertain": uncertain}, "status": status,
            "facts_found": [True] if facts is None else facts, "forbidden_hits": forbidden or []}


def test_case_rows_use_facts_and_forbidden_claims() -> None:
    assert case_outcome(_row()) == "right_answered"
    assert case_outcome(_row(facts=[True, False])) == "confident_wrong"
    assert case_outcome(_row(forbidden=["summit was cancelled"])) == "confident_wrong"
    assert case_outcome(_row(status="uncertain", forbidden=["x"])) == "hedged_wrong"
    assert case_outcome(_row(answerable=False, status="insufficient_evidence", facts=[])) == "honest_abstention"
    assert case_outcome(_row(uncertain=True, status="uncertain")) == "right_hedged"


def test_multihop_and_rgb_mappings() -> None:
    null = {"question_type": "null_query", "expected_behavior": "abstain", "status": "answered"}
    assert multihop_outcome(null) == "confident_wrong"
    entity = {"question_type": "inference_query", "expected_behavior": "answer", "answer_format": "entity",
              "status": "answered", "answer_correct": True}
    assert multihop_outcome(entity) == "right_answered"
    assert multihop_outcome({**entity, "answer_format": "yes_no"}) is None   # not judged (module docstring)
    assert rgb_outcome({"condition": "noise_robustness", "status": "answered", "contains_answer": False}) \
        == "confident_wrong"
    assert rgb_outcome({"condition": "negative_rejection", "status": "insufficient_evidence",
                        "excluded_from_rejection": False}) == "honest_abstention"
    assert rgb_outcome({"condition": "negative_rejection", "status": "answered",
                        "excluded_from_rejection": True}) is None
    assert rgb_outcome({"condition": "counterfactual_robustness", "status": "uncertain",
                        "contains_fake_answer": False}) == "right_hedged"
    assert rgb_outcome({"condition": "counterfactual_robustness", "status": "answered",
                        "contains_fake_answer": False}) == "confident_wrong"


def test_rates_and_annotate() -> None:
    m = outcome_metrics(["right_answered", "confident_wrong", None, "honest_abstention", "right_hedged"])
    assert m["outcome.n_judged"] == 4 and m["outcome.n_unjudged"] == 1
    assert m["outcome.confident_wrong_rate"] == 0.25 and m["outcome.right_rate"] == 0.5
    assert sum(m[f"outcome.{c}_rate"] for c in OUTCOMES) == pytest.approx(1.0)
    rows = [_row(), _row(status="uncertain")]
    metrics: dict = {}
    annotate("cases", rows, metrics)
    assert [r["outcome"] for r in rows] == ["right_answered", "right_hedged"]
    assert metrics["outcome.right_answered_rate"] == 0.5
    assert metrics["outcome.correct_rate"] == 1.0 and metrics["outcome.answerable_right_rate"] == 1.0
    untouched: dict = {}
    annotate("summaries", [{"id": "x"}], untouched)
    assert untouched == {}


def test_unanswerable_uncertain_that_says_the_reports_do_not_give_it_is_honest() -> None:
    """Issue 17 item 3: on-topic passages that do not fill the asked slot give an uncertain answer
    saying so; for an unanswerable question that is an abstention, not a hedged wrong answer."""
    row = {"expected": {"answerable": False, "uncertain": False}, "status": "uncertain",
           "facts_found": [], "forbidden_hits": [],
           "uncertainty": "The reports cover \u201cCarrow fires workers\u201d but none says who they are."}
    assert case_outcome(row) == "honest_abstention"
    row["uncertainty"] = "One source said the workers were retrained."
    assert case_outcome(row) == "hedged_wrong"
    assert not says_not_given(None)


def test_the_slot_note_as_written_is_read_as_an_abstention() -> None:
    """Both sides of the contract: the reason :func:`slot_unfilled` writes (capitalised by the
    writer, with either verb) is what the classifier counts as saying the thing is not given."""
    for note in ("The reports cover Acme Rail, Hale and the video but none says when the video was shot.",
                 "The reports cover Acme Rail but none gives how many workers were fired."):
        assert says_not_given(note)
        row = {"expected": {"answerable": False, "uncertain": False}, "status": "uncertain",
               "facts_found": [], "forbidden_hits": [], "uncertainty": note}
        assert case_outcome(row) == "honest_abstention"
    assert not says_not_given("The reports cover the strike in detail.")


def test_saying_the_reports_do_not_give_it_is_an_abstention_on_every_dataset() -> None:
    note = "The reports cover Wimbledon and the final but none says who won the singles in 2018."
    assert rgb_outcome({"condition": "negative_rejection", "status": "uncertain", "uncertainty": note}) \
        == "honest_abstention"
    assert rgb_outcome({"condition": "negative_rejection", "status": "uncertain", "uncertainty": "Unclear."}) \
        == "hedged_wrong"
    assert multihop_outcome({"question_type": "null_query", "status": "uncertain", "uncertainty": note}) \
        == "honest_abstention"


def test_correct_rate_counts_honest_abstentions_and_answerable_rate_only_answerable_items() -> None:
    outcomes = ["right_answered", "honest_abstention", "confident_wrong", "false_abstention", "hedged_wrong"]
    answerable = [True, False, False, True, True]
    m = outcome_metrics(outcomes, answerable=answerable)
    assert m["outcome.right_rate"] == 0.2
    assert m["outcome.correct_rate"] == 0.4
    assert m["outcome.answerable_right_rate"] == round(1 / 3, 4)
    assert "outcome.answerable_right_rate" not in outcome_metrics(outcomes)


def test_row_expects_answer_per_dataset() -> None:
    assert row_expects_answer("realnews", {"expected": {"answerable": False}}) is False
    assert row_expects_answer("cases", {"expected": {"answerable": True}}) is True
    assert row_expects_answer("multihop-rag", {"question_type": "null_query"}) is False
    assert row_expects_answer("multihop-rag", {"question_type": "inference_query"}) is True
    assert row_expects_answer("rgb", {"condition": "negative_rejection"}) is False
    assert row_expects_answer("rgb", {"condition": "noise_robustness"}) is True


def test_a_written_lead_that_says_the_reports_do_not_give_it_is_read_like_the_note() -> None:
    """Issue 18: an uncertain answer says once, in its written lead (``summary``), what the reports
    cover and what none of them gives; the note then does not repeat it.  The classifier reads what
    the reader sees: the lead or the note."""
    lead = "No confirmed date: the reports cover Acme Rail and the video but none says when the video was shot."
    row = {"expected": {"answerable": False, "uncertain": False}, "status": "uncertain",
           "facts_found": [], "forbidden_hits": [], "uncertainty": "No report confirms the date.", "summary": lead}
    assert case_outcome(row) == "honest_abstention"
    assert rgb_outcome({"condition": "negative_rejection", "status": "uncertain", "uncertainty": None,
                        "summary": lead}) == "honest_abstention"
    assert multihop_outcome({"question_type": "null_query", "status": "uncertain", "summary": lead}) \
        == "honest_abstention"
