"""The summary eval: a quick in-process run on two items, and the full dev files run by
``briefbot eval`` subprocesses (tests/evaluation/conftest.py) that must meet
evals/thresholds.toml.  Skipped when ../shared/evaldata is absent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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


def _finished(summary_runs: dict[str, dict[str, Any]], dataset: str) -> dict[str, Any]:
    """The report of the full-dev-file run started by tests/evaluation/conftest.py."""
    run = summary_runs.get(dataset)
    if run is None:
        pytest.skip(f"{EVALDATA} has no {dataset} dev file")
    code = run["proc"].wait(timeout=1800)
    out: Path = run["out"]
    log = (out / "stdout.txt").read_text()[-3000:]
    assert code in (0, 1), log
    data = json.loads((out / "report.json").read_text())
    assert {"report.md", "metrics.png"} <= {p.name for p in out.iterdir()}
    failed = [g for g in data["gates"] if g["passed"] is False]
    assert not failed and code == 0, (failed, data["metrics"])
    return data


@pytest.mark.slow
def test_summaries_full_dev_file_meets_thresholds(summary_runs: dict[str, dict[str, Any]]) -> None:
    data = _finished(summary_runs, "summaries")
    m = data["metrics"]
    n_items = sum(1 for line in summary_runs["summaries"]["items"].open() if line.strip())
    assert m["items"] == n_items == m["cnn_dailymail.items"] + m["bbc.items"]
    for ds in ("cnn_dailymail", "bbc"):
        assert m[f"{ds}.summary_support"] >= 0.95
        assert m[f"{ds}.rougeL"] is not None and m[f"{ds}.lead3_rougeL"] is not None
    assert m["quotes_exact"] == 1.0
    assert {g["metric"] for g in data["gates"]} >= {"cnn_dailymail.rougeL_over_lead3", "summary_support"}


@pytest.mark.slow
def test_multinews_full_dev_file_meets_thresholds(summary_runs: dict[str, dict[str, Any]]) -> None:
    data = _finished(summary_runs, "multinews")
    m = data["metrics"]
    n_items = sum(1 for line in summary_runs["multinews"]["items"].open() if line.strip())
    assert m["multinews.items"] == n_items
    assert m["multinews.summary_support"] >= 0.95 and m["quotes_exact"] == 1.0
    assert all(c["points"] >= 3 for c in data["cases"])


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
