"""Write a :class:`~briefbot.evaluation.runner.Report` as ``report.json``, ``report.md`` and PNG charts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefbot.evaluation.outcomes import OUTCOMES
from briefbot.evaluation.runner import Report

LOWER_IS_BETTER = ("false_abstention_rate", "forbidden_rate", "counterfactual_fake_answer_rate",
                   "counterfactual_unflagged_fake_rate", "noise_false_abstention_rate",
                   "outcome.confident_wrong_rate", "outcome.hedged_wrong_rate", "outcome.false_abstention_rate")


def fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def metrics_table(report: Report) -> str:
    """A Markdown table of every metric, with its gate and verdict when one is set."""
    gates = {g.metric: g for g in report.gates}
    rows = ["| metric | value | gate | |", "|---|---|---|---|"]
    for name, value in report.metrics.items():
        gate = gates.get(name)
        if gate is None:
            rows.append(f"| {name} | {fmt(value)} | | |")
        else:
            verdict = "n/a" if gate.passed is None else ("pass" if gate.passed else "**FAIL**")
            rows.append(f"| {name} | {fmt(value)} | {gate.op} {gate.target:g} | {verdict} |")
    return "\n".join(rows)


def summary_text(report: Report) -> str:
    """The plain-text table printed after a run."""
    gates = {g.metric: g for g in report.gates}
    width = max([len(k) for k in report.metrics] + [10])
    lines = [f"{report.dataset}: {len(report.cases)} item(s), backend {report.config.get('backend')}, "
             f"{report.config.get('elapsed_s', '?')} s"]
    for name, value in report.metrics.items():
        gate = gates.get(name)
        mark = ""
        if gate is not None:
            verdict = "n/a" if gate.passed is None else ("ok" if gate.passed else "FAIL")
            mark = f"  (gate {gate.op} {gate.target:g}: {verdict})"
        lines.append(f"  {name:<{width}}  {fmt(value):>8}{mark}")
    if report.gates:
        lines.append("PASSED" if report.passed else
                     "FAILED: " + ", ".join(f"{g.metric} {fmt(g.value)} {g.op} {g.target:g}? no"
                                            for g in report.failed_gates))
    return "\n".join(lines)


def _outcome_groups(report: Report) -> dict[str, list[str | None]]:
    """Outcome classes of the items, per half (realnews) and over all; {} when the dataset has none."""
    rows = [r for r in report.cases if "outcome" in r]
    if not rows:
        return {}
    groups: dict[str, list[str | None]] = {}
    for r in rows:
        if "half" in r:
            groups.setdefault(f"half {r['half']}", []).append(r["outcome"])
    groups["all"] = [r["outcome"] for r in rows]
    return groups


def outcome_table(report: Report) -> str:
    """Counts (and shares of the judged items) per outcome class, per half when the set has halves."""
    groups = _outcome_groups(report)
    if not groups:
        return ""
    names = list(groups)
    lines = ["| outcome | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for cls in OUTCOMES:
        cells = []
        for g in names:
            judged = [o for o in groups[g] if o is not None]
            n = judged.count(cls)
            cells.append(f"{n} ({n / len(judged):.3f})" if judged else "n/a")
        label = f"**{cls}**" if cls == "confident_wrong" else cls
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    unjudged = [sum(o is None for o in groups[g]) for g in names]
    if any(unjudged):
        lines.append("| (not judged) | " + " | ".join(str(u) for u in unjudged) + " |")
    return "\n".join(lines)


def _case_rows(report: Report) -> list[str]:
    ds = report.dataset
    if ds == "realnews":
        rows = ["| case | half | story | status | expected | outcome | facts | result |",
                "|---|---|---|---|---|---|---|---|"]
        for r in report.cases:
            exp = r["expected"]
            expected = "abstain" if not exp["answerable"] else ("uncertain" if exp["uncertain"] else "answered")
            result = "pass" if r["passed"] else "; ".join(r["failures"]).replace("|", "/")
            rows.append(f"| {r['id']} | {r['half']} | {r['story']} | {r['status']} | {expected} | {r['outcome']} | "
                        f"{fmt(r['fact_recall'])} | {result} |")
        return rows
    if ds == "cases":
        rows = ["| case | status | expected | facts | support | result |", "|---|---|---|---|---|---|"]
        for r in report.cases:
            exp = r["expected"]
            expected = "abstain" if not exp["answerable"] else ("uncertain" if exp["uncertain"] else "answered")
            rows.append(f"| {r['id']} | {r['status']} | {expected} | {fmt(r['fact_recall'])} | "
                        f"{fmt(r['citation_support'])} | {'pass' if r['passed'] else '; '.join(r['failures'])} |")
        return rows
    if ds == "robustness":
        rows = ["| case | variant | status | expected | facts | conflict (got/expected) | attribution | result |",
                "|---|---|---|---|---|---|---|---|"]
        for r in report.cases:
            exp = r["expected"]
            conflict = "" if exp.get("conflict") is None else f"{fmt(r['predicted_conflict'])}/{fmt(exp['conflict'])}"
            result = "pass" if r["passed"] else "; ".join(r["failures"]).replace("|", "/")
            rows.append(f"| {r['id']} | {r['variant']} | {r['status']} | {exp['status']} | {fmt(r['fact_recall'])} | "
                        f"{conflict} | {fmt(r['attribution_ok'])} | {result} |")
        return rows
    if ds == "multihop-rag":
        rows = ["| id | type | expected | status | correct | hits@10 |", "|---|---|---|---|---|---|"]
        for r in report.cases:
            rows.append(f"| {r['id']} | {r['question_type']} | {r['expected_answer']} | {r['status']} | "
                        f"{fmt(r['answer_correct'])} | {fmt(r['hits_at_10'])} |")
        return rows
    if ds == "rgb":
        rows = ["| id | condition | status | has answer | has fake |", "|---|---|---|---|---|"]
        for r in report.cases:
            rows.append(f"| {r['id']} | {r['condition']} | {r['status']} | {fmt(r['contains_answer'])} | "
                        f"{fmt(r['contains_fake_answer'])} |")
        return rows
    return []


def markdown(report: Report, charts: list[str]) -> str:
    parts = [f"# briefbot eval: {report.dataset}", ""]
    verdict = "no gates" if not report.gates else ("PASSED" if report.passed else "FAILED")
    parts += [f"Result: **{verdict}**", "", "## Metrics", "", metrics_table(report), ""]
    outcomes = outcome_table(report)
    if outcomes:
        parts += ["## Outcomes", "", "Every item in exactly one class (briefbot/evaluation/outcomes.py); "
                  "**confident_wrong** = status `answered` and wrong.", "", outcomes, ""]
    notes = [f"- `{g.metric}`: {g.note}" for g in report.gates if g.note]
    if notes:
        parts += ["Gate notes (thresholds.toml):", "", *notes, ""]
    if report.breakdown:
        keys: list[str] = []
        for values in report.breakdown.values():
            keys += [k for k in values if k not in keys]
        parts += ["## Breakdown", "", "| group | " + " | ".join(keys) + " |",
                  "|---|" + "---|" * len(keys)]
        for group, values in report.breakdown.items():
            parts.append(f"| {group} | " + " | ".join(fmt(values.get(k)) for k in keys) + " |")
        parts.append("")
    if charts:
        parts += ["## Charts", ""] + [f"![{c}]({c})" for c in charts] + [""]
    parts += ["## Configuration", "", "```json", json.dumps(report.config, indent=2), "```", ""]
    rows = _case_rows(report)
    if rows:
        parts += ["## Items", ""] + rows + [""]
    return "\n".join(parts)


def charts(report: Report, out_dir: Path) -> list[str]:
    """PNG charts (matplotlib, Agg backend); returns the file names written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written: list[str] = []
    gates = {g.metric: g for g in report.gates}
    shares = {k: float(v) for k, v in report.metrics.items()
              if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1
              and not k.startswith("n_") and k != "n"}
    if shares:
        fig, ax = plt.subplots(figsize=(8, 0.45 * len(shares) + 1.2))
        names = list(shares)
        colors = []
        for n in names:
            g = gates.get(n)
            colors.append("#999999" if g is None or g.passed is None else ("#2a9d55" if g.passed else "#d1495b"))
        ax.barh(names, [shares[n] for n in names], color=colors)
        for i, n in enumerate(names):
            if n in gates:
                ax.plot([gates[n].target] * 2, [i - 0.4, i + 0.4], color="black", linewidth=2)
            ax.text(min(shares[n] + 0.01, 0.93), i, f"{shares[n]:.2f}", va="center", fontsize=8)
        ax.set_xlim(0, 1)
        ax.invert_yaxis()
        ax.set_title(f"{report.dataset}: metrics (black tick = gate; green pass, red fail, grey no gate)",
                     fontsize=9)
        fig.tight_layout()
        fig.savefig(out_dir / "metrics.png", dpi=100)
        plt.close(fig)
        written.append("metrics.png")
    latencies = [r.get("latency_ms") for r in report.cases if isinstance(r.get("latency_ms"), (int, float))]
    if latencies:
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.hist(latencies, bins=min(30, max(5, len(latencies) // 3)), color="#3b6ea5")
        ax.set_xlabel("latency per question (ms)")
        ax.set_ylabel("questions")
        ax.set_title(f"{report.dataset}: latency", fontsize=9)
        fig.tight_layout()
        fig.savefig(out_dir / "latency.png", dpi=100)
        plt.close(fig)
        written.append("latency.png")
    groups = _outcome_groups(report)
    if groups:
        fig, ax = plt.subplots(figsize=(7, 0.5 * len(groups) + 1.4))
        names = list(groups)
        left = [0.0] * len(names)
        palette = {"right_answered": "#2a9d55", "right_hedged": "#8ac926", "honest_abstention": "#8d99ae",
                   "false_abstention": "#f4a261", "hedged_wrong": "#e9c46a", "confident_wrong": "#d1495b"}
        for cls in OUTCOMES:
            vals = []
            for g in names:
                judged = [o for o in groups[g] if o is not None]
                vals.append(judged.count(cls) / len(judged) if judged else 0.0)
            ax.barh(names, vals, left=left, label=cls, color=palette[cls])
            left = [a + b for a, b in zip(left, vals, strict=True)]
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of judged items")
        ax.set_title(f"{report.dataset}: outcome classes", fontsize=9)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.tight_layout()
        fig.savefig(out_dir / "outcomes.png", dpi=100)
        plt.close(fig)
        written.append("outcomes.png")
    statuses: dict[str, dict[str, int]] = {}
    group_keys = {"cases": None, "realnews": None, "multihop-rag": "question_type", "rgb": "condition",
                  "robustness": "variant"}
    group_key = group_keys.get(report.dataset, "dataset")
    for r in report.cases:
        if "status" not in r or (group_key is None and "expected" not in r):
            continue
        group = str(r.get(group_key, "all")) if group_key else (
            "unanswerable" if not r["expected"]["answerable"] else
            "uncertain" if r["expected"]["uncertain"] else "answerable")
        statuses.setdefault(group, {}).setdefault(r["status"], 0)
        statuses[group][r["status"]] += 1
    if statuses:
        fig, ax = plt.subplots(figsize=(7, 3.2))
        groups = sorted(statuses)
        left = [0.0] * len(groups)
        palette = {"answered": "#2a9d55", "uncertain": "#e9c46a", "insufficient_evidence": "#8d99ae",
                   "error": "#d1495b"}
        for status in ("answered", "uncertain", "insufficient_evidence", "error"):
            vals = [statuses[g].get(status, 0) for g in groups]
            if any(vals):
                ax.barh(groups, vals, left=left, label=status, color=palette[status])
                left = [a + b for a, b in zip(left, vals, strict=True)]
        ax.set_xlabel("items")
        ax.set_title(f"{report.dataset}: status by {'expected outcome' if not group_key else group_key}",
                     fontsize=9)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.tight_layout()
        fig.savefig(out_dir / "status.png", dpi=100)
        plt.close(fig)
        written.append("status.png")
    return written


def write_report(report: Report, out_dir: str | Path, with_charts: bool = True) -> dict[str, Path]:
    """Write ``report.json``, ``report.md`` and the charts into ``out_dir``; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = charts(report, out) if with_charts else []
    (out / "report.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "report.md").write_text(markdown(report, names), encoding="utf-8")
    paths = {"json": out / "report.json", "md": out / "report.md"}
    paths.update({n: out / n for n in names})
    return paths
