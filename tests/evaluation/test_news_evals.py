"""CI gates for the news features: the timeline set (evals/timeline.yaml) and the generated
syndication set must meet evals/thresholds.toml ([timeline], [syndication])."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefbot.evaluation import summary_text
from briefbot.evaluation.syndication import generate, make_copy, run_syndication
from briefbot.evaluation.timeline_eval import run_timeline

REPO = Path(__file__).resolve().parents[2]
EVALDATA = REPO.parent / "shared" / "evaldata"


def test_timeline_set_meets_its_gates() -> None:
    report = run_timeline()
    assert report.metrics["labelled_events"] >= 25
    assert {g.metric for g in report.gates} >= {"timeline_date_accuracy", "timeline_event_recall"}
    assert report.passed, summary_text(report)


def test_syndication_set_meets_its_gates() -> None:
    report = run_syndication(None, EVALDATA if EVALDATA.is_dir() else None)
    assert report.metrics["copy_pairs"] >= 19 and report.metrics["same_story_pairs"] >= 10
    assert report.passed, summary_text(report)


def test_generated_copies_are_light_edits_under_another_outlet(corpus_dir: Path) -> None:
    import random

    data = generate(corpus_dir, None)
    original = data.articles[0]
    copy = make_copy(original, random.Random(3), 1)
    assert copy.source != original.source and copy.original == original.id
    assert copy.text != original.text or copy.title != original.title
    assert len(set(copy.text.split()) & set(original.text.split())) >= 0.8 * len(set(original.text.split()))


def test_cli_eval_timeline_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from briefbot.app.cli import main

    code = main(["eval", "--dataset", "timeline", "--json", "--no-charts", "--report", str(tmp_path)])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["passed"]
    assert (tmp_path / "report.md").is_file()
