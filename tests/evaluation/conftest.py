"""Long external-benchmark runs shared by tests/evaluation.

The summary evals on the full dev files (``sum_dev.jsonl``: 60 articles,
``multinews_dev.jsonl``: 30 clusters) run as ``briefbot eval`` subprocesses started when
the first evaluation test starts, one thread each, so they overlap with the corpus,
MultiHop-RAG and RGB runs instead of adding to the wall clock — but only when a selected
test reads them: running one evaluation test file does not start two long evals.

Under pytest-xdist (``-n 2``) every worker collects every test, so "a selected test reads
them" is true on both workers and an early start would run each summary eval twice. There
the other worker already fills the second core, so the runs start when a test asks for them,
on the one worker that runs tests/evaluation/test_summaries.py (``--dist loadfile`` keeps a
file on one worker).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

EVALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "evaldata"
SUMMARY_RUNS = {"summaries": "sum_dev.jsonl", "multinews": "multinews_dev.jsonl"}


def wants(request: pytest.FixtureRequest, fixture: str) -> bool:
    """Does any test selected in this session use ``fixture``?"""
    return any(fixture in getattr(item, "fixturenames", ()) for item in request.session.items)


@pytest.fixture(scope="session", autouse=True)
def start_summary_runs_early(request: pytest.FixtureRequest) -> None:
    """Start the summary evals with the first evaluation test, if a selected test needs them
    (not under xdist: see the module docstring)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    if wants(request, "summary_runs"):
        request.getfixturevalue("summary_runs")


@pytest.fixture(scope="session")
def summary_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    """``{dataset: {"proc", "out"}}`` for each summary dataset whose dev file is present."""
    runs: dict[str, dict[str, Any]] = {}
    logs = []
    for dataset, name in SUMMARY_RUNS.items():
        items = EVALDATA / name
        if not items.is_file():
            continue
        out = tmp_path_factory.mktemp(f"report-{dataset}")
        log = (out / "stdout.txt").open("w")
        logs.append(log)
        env = {**os.environ, "OMP_NUM_THREADS": "1", "BRIEFBOT_BACKEND": "extractive"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "briefbot.app.cli", "eval", "--dataset", dataset, "--items", str(items),
             "--report", str(out), "--json"],
            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(out),
        )
        runs[dataset] = {"proc": proc, "out": out, "items": items}
    try:
        yield runs
    finally:
        for run in runs.values():
            if run["proc"].poll() is None:
                run["proc"].kill()
            run["proc"].wait()
        for log in logs:
            log.close()


@pytest.fixture(scope="session")
def robustness_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """``briefbot eval --dataset robustness`` (extractive, one thread) in a subprocess.

    Started by the first test that asks for it; the corpus index is built once inside
    the run.  ``{"proc", "out"}``; the caller waits on ``proc``.
    """
    out = tmp_path_factory.mktemp("report-robustness")
    log = (out / "stdout.txt").open("w")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "BRIEFBOT_BACKEND": "extractive"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefbot.app.cli", "eval", "--dataset", "robustness", "--report", str(out), "--json"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(out),
    )
    try:
        yield {"proc": proc, "out": out}
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        log.close()
