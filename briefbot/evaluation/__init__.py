"""Evaluation: case schema, metrics, runners, benchmark adapters, reports, naive baseline.

Python mirrors ``briefbot eval``::

    from briefbot.evaluation import run_cases, run_multihop, run_rgb, run_robustness, write_report
    report = run_cases(["evals/corpus_core.yaml"], progress=True)
    print(report.metrics["fact_recall"], report.passed)
    write_report(report, "reports/cases")
"""

from briefbot.evaluation.cases import Case, CaseError, load_cases
from briefbot.evaluation.report import summary_text, write_report
from briefbot.evaluation.robustness import run_robustness
from briefbot.evaluation.runner import (
    DATASETS,
    EvalError,
    Report,
    load_thresholds,
    run_cases,
    run_multihop,
    run_rgb,
    run_summaries_dataset,
)

__all__ = [
    "Case",
    "CaseError",
    "DATASETS",
    "EvalError",
    "Report",
    "load_cases",
    "load_thresholds",
    "run_cases",
    "run_multihop",
    "run_rgb",
    "run_robustness",
    "run_summaries_dataset",
    "summary_text",
    "write_report",
]
