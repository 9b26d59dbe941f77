"""``briefbot eval``: argument parsing and the handler (``briefbot.app.cli`` only registers them).

    briefbot eval [CASE_FILE...]
                  [--dataset cases|robustness|realnews|multihop-rag|rgb|summaries|multinews|timeline|syndication]
                  [--half 1|2|3|4|all]
                  [--queries F --articles F | --items F] [--backend B] [--limit N]
                  [--report DIR] [--json] [--index DIR] [--thresholds F] [--no-thresholds]

Exit status: 0 when every gate of ``thresholds.toml`` passes, 1 when one fails,
2 for bad input (unknown case field, missing data file, …).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from briefbot.config import Settings
from briefbot.evaluation.cases import CaseError
from briefbot.evaluation.datasets import DatasetError

DATASET_CHOICES = ("cases", "robustness", "realnews", "multihop-rag", "rgb", "summaries", "multinews", "timeline",
                   "syndication")
BACKEND_CHOICES = ("extractive", "local", "openai", "ollama", "naive")


def add_eval_parser(sub: Any, common: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "eval",
        help="run eval cases or a benchmark; write report.json, report.md and charts",
        description="Evaluate briefbot on case files (default: evals/*.yaml over corpus/) or on a "
        "benchmark (robustness, MultiHop-RAG, RGB, summaries). Exits 1 when a thresholds.toml gate fails.",
    )
    p.add_argument("cases", nargs="*", metavar="CASE_FILE", help="YAML/JSONL case files or folders")
    p.add_argument("--dataset", choices=DATASET_CHOICES, default="cases")
    p.add_argument("--queries", metavar="F", help="MultiHop-RAG queries JSONL (default: ../shared dev file)")
    p.add_argument("--articles", metavar="F", help="MultiHop-RAG articles JSONL (default: ../shared dev file)")
    p.add_argument("--items", metavar="F", help="RGB / summaries / multinews JSONL (default: ../shared dev file; "
                   "realnews: the Multi-News file its stories come from); "
                   "timeline: the labelled YAML (default: evals/timeline.yaml)")
    p.add_argument("--half", choices=("1", "2", "3", "4", "all"), default="all",
                   help="realnews: which half of evals/realnews to ask (2 and 4 are held out; 3 a second dev "
                   "block; 4 runs on its own index of the MultiHop-RAG dev articles; all = 1-3, then 4)")
    p.add_argument("--corpus", metavar="DIR", help="articles the case files refer to (default: corpus/)")
    p.add_argument("--backend", choices=BACKEND_CHOICES,
                   help="composer to evaluate; 'naive' = plain LangChain RAG baseline (needs an LLM)")
    p.add_argument("--limit", type=int, metavar="N",
                   help="only the first N cases/items (robustness: the first N case groups)")
    p.add_argument("--report", metavar="DIR", help="report folder (default: reports/<dataset>/)")
    p.add_argument("--thresholds", metavar="F", help="gates file (default: evals/thresholds.toml)")
    p.add_argument("--no-thresholds", action="store_true", help="report only; never fail on gates")
    p.add_argument("--no-charts", action="store_true", help="skip the PNG charts")
    common(p)
    return p


def run_eval(args: argparse.Namespace) -> int:
    from briefbot.evaluation.report import summary_text, write_report  # heavy: matplotlib
    from briefbot.evaluation.runner import (  # heavy: torch, chromadb
        EvalError,
        run_cases,
        run_multihop,
        run_rgb,
        run_summaries_dataset,
    )

    if args.dataset != "cases" and args.cases:
        print(f"briefbot: error: CASE_FILE arguments only apply to --dataset cases, not {args.dataset}",
              file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:
        print("briefbot: error: --limit must be at least 1", file=sys.stderr)
        return 2
    settings = Settings.load()
    backend = args.backend
    if backend not in (None, "naive") and args.dataset not in ("summaries", "multinews"):
        settings = settings.with_overrides(backend=backend)
    thresholds: Any = False if args.no_thresholds else (args.thresholds or None)
    common: dict[str, Any] = {"settings": settings, "backend": backend, "limit": args.limit,
                              "progress": not args.json, "thresholds": thresholds}
    try:
        if args.dataset == "cases":
            report = run_cases(args.cases or None, index_dir=args.index, corpus_dir=args.corpus, **common)
        elif args.dataset == "robustness":
            from briefbot.evaluation.robustness import run_robustness  # heavy: torch, chromadb

            report = run_robustness(index_dir=args.index, corpus_dir=args.corpus, **common)
        elif args.dataset == "realnews":
            from briefbot.evaluation.realnews import run_realnews  # heavy: torch, chromadb

            report = run_realnews(args.half, evaldata=args.items, index_dir=args.index, **common)
        elif args.dataset == "multihop-rag":
            report = run_multihop(args.queries, args.articles, index_dir=args.index, **common)
        elif args.dataset == "rgb":
            report = run_rgb(args.items, index_dir=args.index, **common)
        elif args.dataset == "timeline":
            from briefbot.evaluation.timeline_eval import run_timeline  # heavy: torch, chromadb

            report = run_timeline(args.items, args.corpus, thresholds=thresholds, limit=args.limit)
        elif args.dataset == "syndication":
            from briefbot.evaluation.syndication import run_syndication  # heavy: torch, chromadb

            report = run_syndication(Path(args.corpus) if args.corpus else None, _evaldata(args.items),
                                     thresholds=thresholds)
        else:
            report = run_summaries_dataset(args.items, args.dataset, **common)
    except (CaseError, DatasetError, EvalError) as exc:
        print(f"briefbot: error: {exc}", file=sys.stderr)
        return 2
    out_dir = Path(args.report) if args.report else Path("reports") / args.dataset
    paths = write_report(report, out_dir, with_charts=not args.no_charts)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(summary_text(report))
        print(f"report: {paths['md']} (+ report.json" + (", charts" if len(paths) > 2 else "") + ")")
    return 0 if report.passed else 1


def _evaldata(items: str | None) -> Path | None:
    """The folder of the ../shared dev files the syndication set draws on (None: corpus/ only)."""
    from briefbot.evaluation.runner import REPO_ROOT  # heavy: torch, chromadb (through BriefBot)

    folder = Path(items) if items else REPO_ROOT.parent / "shared" / "evaldata"
    return folder if folder.is_dir() else None
