"""CI gates: the corpus suite (extractive) and, when ../shared is present, the MultiHop-RAG
and RGB dev files must meet evals/thresholds.toml.  Reports land in the pytest tmp dir.

Timing (2-core machine): see evals/README.md.  Each dataset runs once per session.  The
answering chain keeps about one core busy, so the RGB run starts at module start in a
``briefbot eval`` subprocess and works on the second core while the corpus suite and
MultiHop-RAG run in this process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefbot.config import Settings
from briefbot.evaluation import Report, run_cases, run_multihop, summary_text, write_report

REPO = Path(__file__).resolve().parents[2]
EVALDATA = REPO.parent / "shared" / "evaldata"
pytestmark = pytest.mark.slow


def _settings() -> Settings:
    return Settings(backend="extractive")


def _explain(report: Report) -> str:
    lines = [summary_text(report)]
    failing = [c for c in report.cases if c.get("passed") is False][:15]
    for case in failing:
        lines.append(f"- {case['id']}: {case['status']}: {'; '.join(case['failures'])}")
    return "\n".join(lines)


def _need(*names: str) -> list[Path]:
    paths = [EVALDATA / n for n in names]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        pytest.skip(f"external eval data not available: {missing[0]}")
    return paths


@pytest.fixture(scope="module", autouse=True)
def rgb_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any] | None]:
    """``briefbot eval --dataset rgb`` in a subprocess, started when this module starts."""
    items = EVALDATA / "rgb.dev.jsonl"
    if not items.is_file():
        yield None
        return
    out = tmp_path_factory.mktemp("report-rgb")
    log = (out / "stdout.txt").open("w")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "BRIEFBOT_BACKEND": "extractive"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefbot.app.cli", "eval", "--dataset", "rgb", "--items", str(items),
         "--report", str(out), "--json"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(out),
    )
    state: dict[str, Any] = {"proc": proc, "out": out}
    try:
        yield state
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        log.close()


@pytest.fixture(scope="session")
def eval_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index folder for the corpus-suite runs (the corpus is ingested once)."""
    return tmp_path_factory.mktemp("eval-index")


@pytest.fixture(scope="session")
def corpus_report(eval_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Report:
    report = run_cases(settings=_settings(), index_dir=eval_index)
    write_report(report, tmp_path_factory.mktemp("report-cases"))
    return report


def test_corpus_suite_meets_thresholds(corpus_report: Report) -> None:
    assert corpus_report.metrics["n_cases"] >= 40
    assert corpus_report.metrics["n_followup_pairs"] >= 40  # issue 18: follow-up consistency is gated
    assert corpus_report.gates, "evals/thresholds.toml has no [cases] gates"
    assert corpus_report.passed, _explain(corpus_report)


def test_corpus_suite_never_repeats_injected_or_forbidden_claims(corpus_report: Report) -> None:
    hits = {c["id"]: c["forbidden_hits"] for c in corpus_report.cases if c["forbidden_hits"]}
    assert not hits, hits


def test_corpus_suite_report_files(corpus_report: Report, tmp_path: Path) -> None:
    paths = write_report(corpus_report, tmp_path)
    data = json.loads(paths["json"].read_text())
    for key in ("fact_recall", "citation_recall", "citation_support", "citation_precision", "abstention_accuracy",
                "false_abstention_rate", "uncertainty_accuracy", "forbidden_rate", "latency_p50_ms",
                "latency_p95_ms"):
        assert key in data["metrics"]
    assert len(data["cases"]) == corpus_report.metrics["n_cases"]
    assert {"metrics.png", "latency.png", "status.png"} <= {p.name for p in tmp_path.iterdir()}
    assert "| fact_recall |" in paths["md"].read_text()


def test_multihop_dev_meets_thresholds(tmp_path: Path) -> None:
    queries, articles = _need("multihop_rag.dev.queries.jsonl", "multihop_rag.dev.articles.jsonl")
    report = run_multihop(queries, articles, settings=_settings())
    write_report(report, tmp_path)
    assert report.config["articles_failed"] == 0
    assert report.gates and report.passed, _explain(report)


def test_rgb_dev_meets_thresholds(rgb_run: dict[str, Any] | None) -> None:
    if rgb_run is None:
        pytest.skip(f"external eval data not available: {EVALDATA / 'rgb.dev.jsonl'}")
    code = rgb_run["proc"].wait(timeout=1800)
    out: Path = rgb_run["out"]
    assert code in (0, 1), (out / "stdout.txt").read_text()[-3000:]
    data = json.loads((out / "report.json").read_text())
    report = Report(data["dataset"], data["metrics"], data["cases"], data["config"], data["breakdown"])
    from briefbot.evaluation.runner import apply_thresholds, load_thresholds

    apply_thresholds(report, load_thresholds())
    assert report.metrics["n"] == 150 and {"metrics.png", "report.md"} <= {p.name for p in out.iterdir()}
    assert report.gates and report.passed, _explain(report)
    assert code == 0
