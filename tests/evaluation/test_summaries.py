"""The summary eval on a few real dev items (skipped when ../shared/evaldata is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbot.evaluation.summaries import aggregate, format_table, length_rule, run_summaries

EVALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "evaldata"


def _file(name: str) -> Path:
    path = EVALDATA / name
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return path


def test_summaries_eval_on_dev_items() -> None:
    calls: list[tuple[int, int]] = []
    result = run_summaries(None, _file("sum_dev.jsonl"), "summaries", limit=2,
                           progress=lambda done, total: calls.append((done, total)))
    m = result["metrics"]
    assert calls[-1] == (2, 2)
    assert {c["dataset"] for c in result["cases"]} == {"cnn_dailymail", "bbc"}
    for prefix in ("", "cnn_dailymail.", "bbc."):
        for key in ("rouge1", "rouge2", "rougeL", "summary_support", "compression",
                    "lead3_rouge1", "lead3_rouge2", "lead3_rougeL", "lead3_compression"):
            assert m[prefix + key] is not None, prefix + key
    assert m["summary_support"] >= 0.95
    assert m["quotes_exact"] == 1.0
    assert 0 < m["compression"] < 1
    assert 0 < m["rougeL"] <= 1
    assert "| cnn_dailymail |" in result["table"] and "Lead-3" in result["table"]


def test_multinews_eval_on_one_cluster() -> None:
    result = run_summaries(None, _file("multinews_dev.jsonl"), "multinews", limit=1)
    m = result["metrics"]
    case = result["cases"][0]
    assert case["points"] >= 3 and case["quotes_exact"]
    assert m["multinews.summary_support"] >= 0.95
    assert m["multinews.rougeL"] is not None and m["multinews.lead3_rougeL"] is not None


def test_length_rule_and_aggregate() -> None:
    assert length_rule("cnn_dailymail", 40) == 3
    assert length_rule("bbc", 20) == 8 and length_rule("bbc", 4) == 3
    cases = [{"dataset": "bbc", "rougeL": 0.5, "summary_support": 1.0, "quotes_exact": True},
             {"dataset": "bbc", "rougeL": 0.3, "summary_support": None, "quotes_exact": True}]
    m = aggregate(cases)
    assert m["bbc.rougeL"] == 0.4 and m["bbc.summary_support"] == 1.0 and m["bbc.items"] == 2
    assert "| bbc | 2 | briefbot |" in format_table({"metrics": m, "cases": cases})


def test_bad_dataset_name() -> None:
    with pytest.raises(ValueError, match="summaries"):
        run_summaries(None, "x.jsonl", "cnn")
