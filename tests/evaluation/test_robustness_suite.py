"""CI gate: ``briefbot eval --dataset robustness`` (extractive backend) meets the
``[robustness]`` gates of evals/thresholds.toml.

The run is a subprocess (tests/evaluation/conftest.py ``robustness_run``) so it keeps to
one thread; its report lands in the pytest tmp dir.  Run time: evals/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefbot.evaluation import Report, summary_text
from briefbot.evaluation.runner import apply_thresholds, load_thresholds
from briefbot.evaluation.variants import VARIANT_KINDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def robustness_report(robustness_run: dict[str, Any]) -> tuple[int, Report, Path]:
    code = robustness_run["proc"].wait(timeout=3600)
    out: Path = robustness_run["out"]
    assert code in (0, 1), (out / "stdout.txt").read_text()[-3000:]
    data = json.loads((out / "report.json").read_text())
    report = Report(data["dataset"], data["metrics"], data["cases"], data["config"], data["breakdown"])
    apply_thresholds(report, load_thresholds())
    return code, report, out


def _explain(report: Report) -> str:
    lines = [summary_text(report)]
    for case in [c for c in report.cases if not c["passed"]][:20]:
        lines.append(f"- {case['id']} [{case['variant']}]: {case['status']}: {'; '.join(case['failures'])}")
    return "\n".join(lines)


def test_robustness_suite_meets_thresholds(robustness_report: tuple[int, Report, Path]) -> None:
    code, report, _ = robustness_report
    gated = {g.metric for g in report.gates}
    assert {"paraphrase_consistency", "conflict_precision", "conflict_recall", "attribution_accuracy"} <= gated
    assert report.passed, _explain(report)
    assert code == 0


def test_robustness_report_covers_every_variant_kind(robustness_report: tuple[int, Report, Path]) -> None:
    _, report, out = robustness_report
    assert report.metrics["n_cases"] >= 300 and report.metrics["n_conflict_labelled"] >= 15
    kinds = {k.split(":", 1)[1] for k in report.breakdown if k.startswith("variant:")}
    assert set(VARIANT_KINDS) | {"original", "paraphrase"} <= kinds
    assert {"report.json", "report.md", "status.png"} <= {p.name for p in out.iterdir()}
    assert "| paraphrase_consistency |" in (out / "report.md").read_text()
