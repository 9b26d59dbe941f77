"""The reports an answer's lead rests on (:mod:`briefbot.evaluation.corroboration_metrics`): pure
functions over invented answers."""

from __future__ import annotations

from types import SimpleNamespace

from briefbot.evaluation.corroboration_metrics import (
    corroboration_metrics,
    independent,
    lead_articles,
    lead_fields,
    with_lead_reports,
)
from briefbot.schema import Answer, Citation
from briefbot.store.copies import CopyGroups

COPIES = CopyGroups(original={"wire-a": "wire-a", "wire-b": "wire-a"}, sources={"wire-a": "Agency", "wire-b": "Daily"})
"""Two outlets carrying one agency text (``wire-b`` a copy of ``wire-a``)."""


def cite(n: int, article: str) -> Citation:
    return Citation(id=n, article_id=article, title="", source="", url=None, published=None, chunk_id=f"{article}::0",
                    quote="q", start=0, end=1)


def answer(text: str, *articles: str, status: str = "answered") -> Answer:
    return Answer(question="q", status=status, answer=text, uncertainty=None, confidence=0.5,  # type: ignore[arg-type]
                  citations=[cite(i + 1, a) for i, a in enumerate(articles)], backend="extractive")


def test_the_lead_is_the_first_run_of_markers() -> None:
    a = answer("Acme fired ten workers [1][2]. The union protested [3].", "x", "y", "z")
    assert lead_articles(a) == ["x", "y"]
    assert lead_articles(answer("Nothing cited.")) == []


def test_wire_copies_count_once() -> None:
    assert independent(["wire-a", "wire-b"], COPIES) == 1
    assert independent(["wire-a", "own"], COPIES) == 2
    fields = lead_fields(answer("Ten were fired [1][2].", "wire-a", "wire-b"), ["wire-b", "own"], COPIES)
    assert fields["lead_reports"] == 1 and fields["lead_reports_expected"] == 2


def test_rates_over_answers_that_do_not_abstain_by_outcome() -> None:
    rows = [
        {"status": "answered", "outcome": "right_answered", "lead_reports": 2, "lead_reports_expected": 2},
        {"status": "answered", "outcome": "right_answered", "lead_reports": 1, "lead_reports_expected": 2},
        {"status": "uncertain", "outcome": "hedged_wrong", "lead_reports": 1, "lead_reports_expected": 1},
        {"status": "insufficient_evidence", "outcome": "honest_abstention", "lead_reports": 0,
         "lead_reports_expected": 2},
        {"status": "answered", "outcome": "right_answered"},  # not measured: left out
    ]
    m = corroboration_metrics(rows)
    assert m["n_lead_reports"] == 3
    assert m["lead_corroborated_rate"] == round(1 / 3, 3)
    assert m["lead_corroborated_ceiling"] == round(2 / 3, 3)
    assert m["lead_corroborated_rate.right_answered"] == 0.5
    assert m["lead_corroborated_ceiling.hedged_wrong"] == 0.0
    assert "lead_corroborated_rate.honest_abstention" not in m


def test_a_scorer_gains_the_fields_with_the_groups_of_the_moment() -> None:
    def score(case: object, a: Answer, ms: float) -> dict[str, object]:
        return {"status": a.status}

    scored = with_lead_reports(score, lambda: COPIES)
    row = scored(SimpleNamespace(citations=("own", "wire-a")), answer("Ten [1][2].", "wire-a", "own"), 1.0)
    assert row == {"status": "answered", "lead_articles": ["wire-a", "own"], "lead_reports": 2,
                   "lead_reports_expected": 2}
