"""``briefbot eval --dataset robustness``: the same questions phrased as users type them,
plus fixture articles that test conflicts, denials, attribution, planted claims and
reworded instructions.

The suite is built from three parts, all run over ``corpus/`` (indexed once) with the
fixtures of each case indexed only while that case runs:

1. every case of the corpus suite (``evals/*.yaml`` without ``robustness_*``: the
   ``corpus_*``, ``conflicts`` and ``injection`` files) and of
   ``evals/robustness_fixtures.yaml`` (fixture cases labelled ``conflict``,
   ``attribution`` and ``outlets``), each followed by its generated variants
   (:mod:`briefbot.evaluation.variants`: lower case, ASCII punctuation, no question
   mark, names reordered, "Do we know …" framing, all casual at once);
2. hand-written paraphrases with synonyms (``evals/robustness_paraphrases.yaml``), each
   naming its source case in ``group`` and inheriting its expectations.

Metrics (:mod:`briefbot.evaluation.metrics`): ``paraphrase_consistency``,
``conflict_precision``, ``conflict_recall``, ``attribution_accuracy`` and the usual case
metrics; the breakdown has one row per variant kind and per fixture tag.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefbot.config import Settings
from briefbot.evaluation import metrics as M
from briefbot.evaluation import writing_metrics as W
from briefbot.evaluation.brief_checks import brief_metrics, run_briefs
from briefbot.evaluation.cases import Case, load_case_file, load_cases, load_paraphrases
from briefbot.evaluation.runner import (
    CORPUS_DIR,
    EVALS_DIR,
    EvalError,
    Report,
    _bar,
    _config,
    _finish,
    ask_cases,
    eval_bot,
)
from briefbot.evaluation.variants import expand_with_variants

PARAPHRASES = "robustness_paraphrases.yaml"
FIXTURE_CASES = "robustness_fixtures.yaml"
SOURCE_GLOB = "corpus_*.yaml"


def robustness_cases(evals_dir: str | Path | None = None) -> list[Case]:
    """Originals with their variants, then paraphrases, then fixture cases (ids unique)."""
    folder = Path(evals_dir) if evals_dir else EVALS_DIR
    if not any(folder.glob(SOURCE_GLOB)):
        raise EvalError(f"{folder} holds no {SOURCE_GLOB} case files to build variants from")
    originals = load_cases([folder])  # the corpus suite (folder expansion leaves out robustness_*)
    if (folder / FIXTURE_CASES).is_file():
        originals += load_case_file(folder / FIXTURE_CASES)
    cases = expand_with_variants(originals)
    if (folder / PARAPHRASES).is_file():
        cases += load_paraphrases(folder / PARAPHRASES, originals)
    seen: dict[str, str] = {}
    for case in cases:
        if case.id in seen:
            raise EvalError(f"{case.file}: case {case.id!r}: duplicate id (first defined at {seen[case.id]})")
        seen[case.id] = case.file
    return cases


def select(cases: Sequence[Case], limit: int | None) -> list[Case]:
    """The first ``limit`` groups (whole groups, so consistency stays meaningful), all when None."""
    if limit is None:
        return list(cases)
    keep: list[str] = []
    for case in cases:
        if case.group_id not in keep:
            keep.append(case.group_id)
    chosen = set(keep[:limit])
    return [c for c in cases if c.group_id in chosen]


def run_robustness(
    evals_dir: str | Path | None = None,
    *,
    settings: Settings | None = None,
    backend: str | None = None,
    limit: int | None = None,
    index_dir: str | Path | None = None,
    corpus_dir: str | Path | None = None,
    progress: bool = False,
    thresholds: Any = None,
) -> Report:
    """Run the robustness suite; ``limit`` keeps the first N case groups."""
    cases = select(robustness_cases(evals_dir), limit)
    corpus = Path(corpus_dir) if corpus_dir else CORPUS_DIR
    if not corpus.is_dir():
        raise EvalError(f"corpus folder {corpus} does not exist")
    started = time.perf_counter()
    with eval_bot(settings, index_dir, "eval_robustness") as bot:
        results = ask_cases(bot, cases, backend, corpus, M.score_robust_case,
                            _bar(len(cases), "robustness", progress))
        briefs = run_briefs(bot, cases, backend)
    report = Report(
        dataset="robustness",
        metrics={**M.robustness_metrics(results), **brief_metrics(briefs), **W.writing_metrics(results)},
        cases=results,
        config=_config(backend, settings, started, corpus=str(corpus),
                       files=sorted({c.file.split(":")[0] for c in cases})),
        breakdown={**breakdown(results), **{f"brief:{b['id']}": b for b in briefs}},
    )
    return _finish(report, thresholds)


def breakdown(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One row per variant kind (``variant:<kind>``) and per case tag (``tag:<tag>``, all variants)."""
    out = {f"variant:{k}": v for k, v in M.variant_breakdown(results).items()}
    tags = sorted({t for r in results for t in r["tags"]})
    for tag in tags:
        rows = [r for r in results if tag in r["tags"]]
        out[f"tag:{tag}"] = {
            "n": len(rows),
            "status_accuracy": M.mean(float(r["status_ok"]) for r in rows),
            "fact_recall": M.mean(r["fact_recall"] for r in rows),
            **{k: v for k, v in M.conflict_scores(rows).items() if k != "n_conflict_labelled"},
            "attribution_accuracy": M.mean(float(r["attribution_ok"]) for r in rows
                                           if r["attribution_ok"] is not None),
            "forbidden_rate": M.mean(float(bool(r["forbidden_hits"])) for r in rows if r["expected"]["forbidden"]),
            "pass_rate": M.mean(float(r["passed"]) for r in rows),
        }
    return out


__all__ = ["robustness_cases", "run_robustness", "select", "breakdown"]
