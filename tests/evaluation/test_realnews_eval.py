"""CI gate: ``briefbot eval --dataset realnews`` (every half, extractive) meets the [realnews]
gates of evals/thresholds.toml (follow-up consistency on evals/followup_pairs_realnews.yaml
included), and its report carries the per-half figures and the outcome class of every item.
Halves 1-3 run on their Multi-News index, half 4 on its own index of every MultiHop-RAG dev article.
Needs ../shared/evaldata (the article texts are read from there).

Timing (2-core machine, shared): about 3 minutes for halves 1-3 (256 questions), ingest included,
plus the 79 half-4 questions over 307 articles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.evaluation import summary_text, write_report
from briefbot.evaluation.outcomes import OUTCOMES
from briefbot.evaluation.realnews import HALVES

EVALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "evaldata"
pytestmark = pytest.mark.slow


def test_realnews_meets_its_gates_per_half(tmp_path: Path) -> None:
    for name in ("multinews_dev.jsonl", "multihop_rag.dev.articles.jsonl"):
        if not (EVALDATA / name).is_file():
            pytest.skip(f"external eval data not available: {EVALDATA / name}")
    from briefbot.evaluation.realnews import run_realnews

    report = run_realnews("all", settings=Settings(backend="extractive"))
    write_report(report, tmp_path, with_charts=False)
    for prefix in ("", "half1.", "half2."):
        assert report.metrics[f"{prefix}outcome.n_judged"] >= 65
        total = sum(report.metrics[f"{prefix}outcome.{c}_rate"] for c in OUTCOMES)
        assert total == pytest.approx(1.0, abs=1e-3)
    assert all(r["outcome"] in OUTCOMES and r["half"] in HALVES for r in report.cases)
    assert {g.metric for g in report.gates} >= {"half1.outcome.confident_wrong_rate",
                                                 "half2.outcome.confident_wrong_rate",
                                                 "half1.followup_consistency", "half1.repeated_sentence_rate"}
    # issue 18: the real-text follow-up pairs (half-1 stories only) ran, and the writing metrics per half
    assert report.metrics["half1.n_followup_pairs"] >= 20
    assert len(report.config["followup_pairs"]) == report.metrics["half1.n_followup_pairs"]
    assert all(f"half{h}.lead_value_rate" in report.metrics for h in (1, 2))
    # half 4 (held out) ran on its own index: every MultiHop-RAG dev article, none of halves 1-3's
    assert report.metrics["half4.outcome.n_judged"] >= 70
    assert report.config["articles_by_index"]["multihop"] >= 300
    assert report.config["articles_by_index"]["multinews"] < 100
    assert "## Outcomes" in (tmp_path / "report.md").read_text(encoding="utf-8")
    assert report.passed, summary_text(report)
