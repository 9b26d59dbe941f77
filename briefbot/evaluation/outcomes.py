"""Outcome classes: one named verdict per eval item, the same for every dataset (issue 17).

Status accuracy and fact recall are separate numbers; a reader wants one answer to "was
this item right, and if not, how bad was it?".  :func:`outcome_class` gives exactly one of

``right_answered``
    expected an answer the sources settle (status ``answered``) — and got ``answered``
    with every expected fact and no forbidden claim.
``right_hedged``
    expected an answer (settled or hedged) — got ``uncertain`` with every expected fact
    and no forbidden claim.  For an expected-settled answer this is a cautious but right
    answer; it is counted right (the issue's "right (answered or hedged)").
``honest_abstention``
    the question is unanswerable — got ``insufficient_evidence``.
``false_abstention``
    the question is answerable (settled or hedged) — got ``insufficient_evidence``.
``honest_abstention`` (also)
    the question is unanswerable — got ``uncertain`` whose note or written lead (``summary``)
    says plainly that the reports cover the story but none gives the asked thing ("The reports cover X but none
    says when the letter was sent": issue 17 item 3 asks for exactly this answer when the
    best passages are on topic but none fills the asked slot).  It tells the reader the
    answer is not there, so it is an abstention, not a hedged wrong answer.
``hedged_wrong``
    got ``uncertain`` but wrong: a fact missing or a forbidden claim, or the question was
    unanswerable and the answer did not say that the asked thing is not given (it cites
    on-topic passages as if they answered).
``confident_wrong``
    got ``answered`` and it is wrong: a fact missing, a forbidden claim, the question was
    unanswerable, **or the sources hedge or disagree (expected ``uncertain``) — even with
    every fact present**.  ``answered`` tells the reader the sources settle the matter; on
    a competing-claims question that is itself the wrong statement, whatever the text says.

Anything that is not one of the three statuses (``error``: the chain raised) counts as an
abstention: it told the user nothing.

Dataset mappings (:func:`annotate`):

* case datasets (``cases``, ``robustness``, ``realnews``): the case's own labels —
  ``answerable``/``uncertain`` give the expected status, "right" = every expected fact found
  (``facts_found``) and no ``forbidden_hits``.
* ``multihop-rag``: null queries expect ``insufficient_evidence``; others expect
  ``answered`` and "right" = the runner's ``answer_correct``.  Yes/no queries are **not
  classified** (``outcome: null``): the runner's notion needs the answer to open with
  yes/no, which the extractive writer never does, so every one would be "wrong" for a
  reason that says nothing about trust.  They are counted in ``outcome.n_unjudged``.
* the rule that an ``uncertain`` answer saying the reports do not give the asked thing is an
  honest abstention holds for every dataset's unanswerable items (MultiHop-RAG null queries,
  RGB negatives) as for the case datasets; RGB's own ``rejection_rate`` still counts only
  ``insufficient_evidence``.
* ``rgb``: ``noise_robustness`` expects ``answered`` ("right" = an alias of every answer
  group in the text); ``negative_rejection`` expects ``insufficient_evidence`` (items with
  ``negatives_mention_answer_loose`` are unjudged, as in ``rejection_rate``);
  ``counterfactual_robustness`` expects ``uncertain`` (flag the planted fact) and "right"
  = the planted wrong answer does not appear.

Rates are over the classified items: ``outcome.<class>_rate`` for all six, plus
``outcome.n_judged`` and ``outcome.right_rate`` (right_answered + right_hedged).  Because a
dev set may hold 30 % or more unanswerable items, ``right_rate`` alone cannot reach 1; two
more rates say the same thing from the reader's side:

* ``outcome.correct_rate``: the item ended in a right outcome of any kind — right answered,
  right hedged **or honest abstention** — over all judged items;
* ``outcome.answerable_right_rate``: right answered + right hedged over the judged items
  that expected an answer (``answered`` or ``uncertain``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from briefbot.truth.status.slot import says_not_given as note_says_not_given

OUTCOMES = ("right_answered", "right_hedged", "honest_abstention", "false_abstention", "hedged_wrong",
            "confident_wrong")
STATUSES = ("answered", "uncertain", "insufficient_evidence")


def outcome_class(expected: str, status: str, right: bool, says_not_given: bool = False) -> str:
    """The outcome of one item (module docstring).

    ``expected``: the status the item should get (``answered``, ``uncertain`` or
    ``insufficient_evidence``); ``status``: the status it got; ``right``: every expected fact
    present and no forbidden claim (ignored when ``expected`` is ``insufficient_evidence``);
    ``says_not_given``: the answer states that none of the reports gives the asked thing.
    """
    if expected not in STATUSES:
        raise ValueError(f"expected status must be one of {STATUSES}, got {expected!r}")
    if status not in STATUSES:
        status = "insufficient_evidence"  # an error told the user nothing: an abstention
    if expected == "insufficient_evidence":
        if status == "uncertain" and says_not_given:
            return "honest_abstention"
        return {"insufficient_evidence": "honest_abstention", "uncertain": "hedged_wrong",
                "answered": "confident_wrong"}[status]
    if status == "insufficient_evidence":
        return "false_abstention"
    if status == "uncertain":
        return "right_hedged" if right else "hedged_wrong"
    if expected == "uncertain":
        return "confident_wrong"  # 'answered' says the sources settle what they hedge or dispute
    return "right_answered" if right else "confident_wrong"


# ---------------------------------------------------------------------- per dataset
def case_outcome(row: dict[str, Any]) -> str:
    """A row of :func:`briefbot.evaluation.metrics.score_case` (cases, robustness, realnews)."""
    exp = row["expected"]
    expected = ("insufficient_evidence" if not exp["answerable"]
                else "uncertain" if exp["uncertain"] else "answered")
    right = all(row.get("facts_found") or []) and not row.get("forbidden_hits")
    return outcome_class(expected, row["status"], right, row_says_not_given(row))


def says_not_given(note: str | None) -> bool:
    """The answer's note says the reports cover the story but none gives the asked thing
    (the reason :func:`briefbot.truth.status.slot.slot_unfilled` writes)."""
    return note_says_not_given(note)


def row_says_not_given(row: dict[str, Any]) -> bool:
    """Does what the reader sees say so (:func:`says_not_given`): the note, or the written lead
    of an ``uncertain`` answer (``summary``), which says it once in place of the note."""
    return says_not_given(row.get("uncertainty")) or says_not_given(row.get("summary"))


def multihop_outcome(row: dict[str, Any]) -> str | None:
    if row.get("expected_behavior") == "abstain" or row.get("question_type") == "null_query":
        return outcome_class("insufficient_evidence", row["status"], False, row_says_not_given(row))
    if row.get("answer_format") == "yes_no":
        return None
    return outcome_class("answered", row["status"], bool(row.get("answer_correct")))


def rgb_outcome(row: dict[str, Any]) -> str | None:
    condition = row.get("condition")
    if condition == "noise_robustness":
        return outcome_class("answered", row["status"], bool(row.get("contains_answer")))
    if condition == "negative_rejection":
        if row.get("excluded_from_rejection"):
            return None
        return outcome_class("insufficient_evidence", row["status"], False, row_says_not_given(row))
    if condition == "counterfactual_robustness":
        return outcome_class("uncertain", row["status"], not row.get("contains_fake_answer"))
    return None


def row_expects_answer(dataset: str, row: dict[str, Any]) -> bool:
    """The item's label expects an answer (settled or hedged), not an abstention."""
    if dataset == "multihop-rag":
        return not (row.get("expected_behavior") == "abstain" or row.get("question_type") == "null_query")
    if dataset == "rgb":
        return row.get("condition") != "negative_rejection"
    exp = row.get("expected") or {}
    return bool(exp.get("answerable", True))


CLASSIFIERS = {"cases": case_outcome, "robustness": case_outcome, "realnews": case_outcome,
               "multihop-rag": multihop_outcome, "rgb": rgb_outcome}
"""Datasets whose items are questions with a status; the others (summaries, timeline, …) have none."""


def outcome_metrics(outcomes: Iterable[str | None], prefix: str = "outcome.",
                    answerable: Iterable[bool] | None = None) -> dict[str, Any]:
    """``{prefix}<class>_rate`` for the six classes, ``right_rate``, ``correct_rate``, counts; None rates
    when nothing was judged.  ``answerable`` (one flag per outcome, same order) adds
    ``answerable_right_rate``."""
    values = list(outcomes)
    flags = list(answerable) if answerable is not None else None
    judged = [o for o in values if o is not None]
    n = len(judged)
    out: dict[str, Any] = {f"{prefix}n_judged": n}
    if len(values) != n:
        out[f"{prefix}n_unjudged"] = len(values) - n
    for name in OUTCOMES:
        out[f"{prefix}{name}_rate"] = round(judged.count(name) / n, 4) if n else None
    right = judged.count("right_answered") + judged.count("right_hedged")
    out[f"{prefix}right_rate"] = round(right / n, 4) if n else None
    out[f"{prefix}correct_rate"] = round((right + judged.count("honest_abstention")) / n, 4) if n else None
    if flags is not None:
        n_answerable = sum(1 for o, a in zip(values, flags, strict=True) if o is not None and a)
        out[f"{prefix}answerable_right_rate"] = round(right / n_answerable, 4) if n_answerable else None
    return out


def outcome_counts(outcomes: Iterable[str | None]) -> dict[str, int]:
    values = list(outcomes)
    return {name: values.count(name) for name in OUTCOMES}


def annotate(dataset: str, rows: Sequence[dict[str, Any]], metrics: dict[str, Any]) -> None:
    """Set ``row["outcome"]`` on every item and add the ``outcome.*`` rates to ``metrics`` (in place)."""
    classify = CLASSIFIERS.get(dataset)
    if classify is None:
        return
    for row in rows:
        if "status" in row:
            row["outcome"] = classify(row)
    asked = [row for row in rows if "status" in row]
    metrics.update(outcome_metrics((row.get("outcome") for row in asked), answerable=(
        row_expects_answer(dataset, row) for row in asked)))


__all__ = ["OUTCOMES", "outcome_class", "case_outcome", "multihop_outcome", "rgb_outcome", "outcome_metrics",
           "row_expects_answer",
           "outcome_counts", "annotate"]
