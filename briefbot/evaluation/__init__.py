"""Evaluation: case schema, metrics, runners, benchmark adapters, reports, naive baseline.

Python mirrors ``briefbot eval``::

    from briefbot.evaluation import run_cases, run_multihop, run_rgb, run_robustness, run_timeline, write_report
    report = run_cases(["evals/corpus_core.yaml"], progress=True)
    print(report.metrics["fact_recall"], report.passed)
    write_report(report, "reports/cases")
"""

from importlib import import_module
from typing import Any

# Names -> defining module. Imported on first use, so that ``briefbot ask`` (whose
# parser registers ``briefbot eval``) does not pay for numpy, metrics and reports.
_EXPORTS = {
    "Case": "cases", "CaseError": "cases", "load_cases": "cases",
    "summary_text": "report", "write_report": "report",
    "DATASETS": "runner", "EvalError": "runner", "Report": "runner", "load_thresholds": "runner",
    "run_cases": "runner", "run_multihop": "runner", "run_rgb": "runner", "run_summaries_dataset": "runner",
    "run_robustness": "robustness",
    "run_timeline": "timeline_eval", "run_syndication": "syndication",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"briefbot.evaluation.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'briefbot.evaluation' has no attribute {name!r}")


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
    "run_syndication",
    "run_timeline",
    "summary_text",
    "write_report",
]
