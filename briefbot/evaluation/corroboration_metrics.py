"""How many independent reports an answer's lead rests on (issue 17): measured, per item and per run.

A fact two independent reports state is worth more than one report's sentence; the status rule that
asks for a second report (``answered`` needs the asked claim from two independent texts) is only as
good as the corroboration that finds it (:mod:`briefbot.truth.status.second_report`).  Per item:

* ``lead_reports`` — the independent texts the answer's lead sentence cites (its first run of
  ``[n]`` markers; wire copies of one report count once, :class:`~briefbot.store.copies.CopyGroups`);
* ``lead_reports_expected`` — the independent texts among the item's labelled ``citations``.

Per run (:func:`corroboration_metrics`), over the answers that do not abstain: ``lead_corroborated_rate``
(share whose lead cites ≥ 2 independent texts) and ``lead_corroborated_ceiling`` (share whose labels
list ≥ 2 independent texts: what a perfect corroboration could reach), overall and per outcome class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from briefbot.schema import Answer
from briefbot.store.copies import CopyGroups
from briefbot.writing.markers import first_run_numbers

ABSTAINED = frozenset({"insufficient_evidence", "error"})


def lead_articles(answer: Answer) -> list[str]:
    """Article ids the lead sentence cites: the citations of the answer's first run of ``[n]`` markers."""
    ids = first_run_numbers(answer.answer or "")
    by_id = {c.id: c.article_id for c in answer.citations}
    return list(dict.fromkeys(by_id[i] for i in ids if i in by_id))


def independent(article_ids: Iterable[str], groups: CopyGroups) -> int:
    """How many independent texts ``article_ids`` are (wire copies of one report count once)."""
    return len({groups.text_of(a) for a in article_ids})


def lead_fields(answer: Answer, citations: Sequence[str], groups: CopyGroups) -> dict[str, Any]:
    """The per-item fields (module docstring)."""
    cited = lead_articles(answer)
    return {"lead_articles": cited, "lead_reports": independent(cited, groups),
            "lead_reports_expected": independent(citations, groups)}


def with_lead_reports(score: Callable[[Any, Answer, float], dict[str, Any]],
                      groups: Callable[[], CopyGroups]) -> Callable[[Any, Answer, float], dict[str, Any]]:
    """``score`` whose rows also carry :func:`lead_fields`, read with the index's copy groups at the
    time of asking (``groups()``: fixtures come and go during a run)."""

    def scored(case: Any, answer: Answer, ms: float) -> dict[str, Any]:
        row = score(case, answer, ms)
        row.update(lead_fields(answer, list(getattr(case, "citations", ()) or ()), groups()))
        return row

    return scored


def _rates(rows: Sequence[dict[str, Any]]) -> tuple[float | None, float | None]:
    if not rows:
        return None, None
    n = len(rows)
    return (round(sum(r["lead_reports"] >= 2 for r in rows) / n, 3),
            round(sum(r["lead_reports_expected"] >= 2 for r in rows) / n, 3))


def corroboration_metrics(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """``lead_corroborated_rate`` and ``lead_corroborated_ceiling`` over the answers that do not abstain,
    then per outcome class (``lead_corroborated_rate.right_answered`` …) where rows carry one; rows
    without the per-item fields are left out."""
    answered = [r for r in rows if "lead_reports" in r and r.get("status") not in ABSTAINED]
    rate, ceiling = _rates(answered)
    out: dict[str, Any] = {"n_lead_reports": len(answered), "lead_corroborated_rate": rate,
                           "lead_corroborated_ceiling": ceiling}
    for outcome in sorted({r["outcome"] for r in answered if r.get("outcome")}):
        rate, ceiling = _rates([r for r in answered if r.get("outcome") == outcome])
        out[f"lead_corroborated_rate.{outcome}"] = rate
        out[f"lead_corroborated_ceiling.{outcome}"] = ceiling
    return out


__all__ = ["lead_articles", "independent", "lead_fields", "with_lead_reports", "corroboration_metrics"]
