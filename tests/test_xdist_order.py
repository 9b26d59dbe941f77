"""How CI's ``pytest -n 2`` spreads the suite (tests/conftest.py): whole files per worker,
files with ``slow`` tests first, one torch thread per worker.

Runs a real ``pytest -n 2`` (pytest-xdist, two worker processes) on three generated test
files with this suite's conftest.py copied beside them; each generated test records the
worker and the moment it ran.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parent / "conftest.py"

pytestmark = pytest.mark.skipif(importlib.util.find_spec("xdist") is None,
                                reason="pytest-xdist is not installed (requirements/dev.lock has it)")

RECORD = '''
import json, os, time
from pathlib import Path

def record(module, name):
    line = {"file": module, "test": name, "worker": os.environ.get("PYTEST_XDIST_WORKER"),
            "omp": os.environ.get("OMP_NUM_THREADS"), "t": time.monotonic()}
    with (Path(__file__).parent / "log.jsonl").open("a") as fh:
        fh.write(json.dumps(line) + "\\n")
'''


def _file(*tests: str, module_slow: bool = False) -> str:
    """A test file; a "slow" test sleeps 0.5 s (marked slow itself, or by the module)."""
    head = "import time\nimport pytest\nfrom record import record\n"
    if module_slow:
        head += "pytestmark = pytest.mark.slow\n"
    body = ""
    for n, kind in enumerate(tests):
        mark = "@pytest.mark.slow\n" if kind == "slow" and not module_slow else ""
        pause = "    time.sleep(0.5)\n" if kind == "slow" else ""
        body += f"\n{mark}def test_{n}():\n    record(__name__, {n})\n{pause}"
    return head + body


def _run(folder: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], list[dict[str, object]]]:
    # as from a shell: not this run's worker id, thread setting or options
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS" and not k.startswith("PYTEST_")}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v", *args, str(folder)],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    log = folder / "log.jsonl"
    rows = [json.loads(line) for line in log.read_text().splitlines()] if log.is_file() else []
    return proc, rows


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three test files in collection order: none slow, some slow, all slow."""
    shutil.copy(CONFTEST, tmp_path / "conftest.py")
    (tmp_path / "record.py").write_text(RECORD)
    (tmp_path / "test_a_quick.py").write_text(_file("quick", "quick", "quick", "quick"))
    (tmp_path / "test_b_some_slow.py").write_text(_file("quick", "slow", "quick"))
    (tmp_path / "test_c_all_slow.py").write_text(_file("slow", "slow", module_slow=True))
    return tmp_path


def test_two_workers_take_whole_files_slow_files_first(folder: Path) -> None:
    proc, rows = _run(folder, "-n", "2")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "LoadFileScheduling" in proc.stdout
    assert len(rows) == 9 and {r["worker"] for r in rows} == {"gw0", "gw1"}
    workers_of: dict[str, set[object]] = {}
    for r in rows:
        workers_of.setdefault(str(r["file"]), set()).add(r["worker"])
    assert all(len(w) == 1 for w in workers_of.values()), workers_of  # a file stays on one worker
    # the two files with slow tests were handed out first, one to each worker; the quick
    # file waited for a worker to finish one (its tests sleep 0.5 s each)
    start = {f: min(float(r["t"]) for r in rows if r["file"] == f) for f in workers_of}
    assert max(start["test_c_all_slow"], start["test_b_some_slow"]) < start["test_a_quick"]
    assert workers_of["test_c_all_slow"] != workers_of["test_b_some_slow"]
    assert {r["omp"] for r in rows} == {"1"}  # one torch thread per worker


def test_a_serial_run_keeps_pytest_order_and_threads(folder: Path) -> None:
    proc, rows = _run(folder)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert [r["file"] for r in rows] == ["test_a_quick"] * 4 + ["test_b_some_slow"] * 3 + ["test_c_all_slow"] * 2
    assert {r["worker"] for r in rows} == {None} and {r["omp"] for r in rows} == {None}
