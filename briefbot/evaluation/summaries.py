"""Summary evaluation: ``--dataset summaries`` (CNN/DailyMail + BBC) and ``--dataset multinews``.

Each run builds a throw-away index in a temp directory, ingests the items as
articles and summarises them with briefbot's own code path
(:func:`briefbot.writing.summarize.summarize_article` per article,
:func:`briefbot.writing.summarize_brief.build_brief` restricted to a cluster's articles for
Multi-News).  Reported per dataset, next to a Lead-3 baseline (and Lead-k, the
first k sentences with the system's own length):

* ``rouge1``, ``rouge2``, ``rougeL`` — F-measure against the reference (rouge-score,
  Porter stemming on);
* ``summary_support`` — share of summary sentences supported by the source text:
  :func:`briefbot.truth.verify.check_support` against the two best-matching source
  sentences (MiniLM similarity);
* ``compression`` — summary characters / source characters;
* Multi-News briefs also: ``brief_citation_numbering_consistent`` and
  ``brief_dangling_start_rate`` (:mod:`briefbot.evaluation.brief_checks`).

Length rule (summaries are compared with references of very different shapes):

* CNN/DailyMail — 3 sentences: highlights are 3–4 short bullets (~180 characters),
  and 3 sentences is also exactly Lead-3's budget, so the comparison is fair;
* BBC — 40% of the article's sentences (at least 3): the BBC references are
  extractive and keep roughly 40–45% of the article;
* Multi-News — 8 points: the editor-written summaries run to ~260 words (~9 sentences).

For LLM backends the run also scores a naive baseline: the whole source stuffed into
one prompt, with no retrieval, evidence selection or verification.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from briefbot.config import Settings
from briefbot.core import BriefBot
from briefbot.evaluation.brief_checks import dangling_starts, numbering_problems
from briefbot.language.injection import looks_like_injection
from briefbot.sources.articles import Article
from briefbot.sources.chunking import chunk_article, split_sentences
from briefbot.store.embeddings import encode
from briefbot.store.index import PreparedArticle
from briefbot.truth.verify import check_support
from briefbot.writing.answer import _split_answer
from briefbot.writing.llm import make_composer
from briefbot.writing.summarize import summarize_article
from briefbot.writing.summarize_brief import BriefParams, build_brief
from briefbot.writing.summarize_compose import llm_text

DATASET_NAMES = {"cnn_dailymail": "cnn_dailymail", "bbc_news_summary": "bbc", "bbc": "bbc", "multinews": "multinews"}
METRICS = ("rouge1", "rouge2", "rougeL", "summary_support", "compression", "brief_citation_numbering_consistent",
           "brief_dangling_start_rate")
BASELINE_METRICS = ("rouge1", "rouge2", "rougeL", "compression")

ProgressFn = Callable[[int, int], None]


def length_rule(dataset: str, n_sentences: int) -> int:
    """Points to produce for an item of ``dataset`` (see the module docstring)."""
    if dataset == "cnn_dailymail":
        return 3
    if dataset == "bbc":
        return max(3, round(0.4 * n_sentences))
    return 8


def run_summaries(
    bot_or_settings: Any,
    items_path: str | Path,
    dataset: str,
    limit: int | None = None,
    backend: str = "extractive",
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Run the summary eval; returns ``{"metrics": {...}, "cases": [...], "table": str}``.

    ``bot_or_settings`` is a :class:`~briefbot.core.BriefBot`, a :class:`Settings` or
    None; only its settings are used (the index is a fresh temp directory).
    ``dataset`` is ``"summaries"`` (sum_dev.jsonl) or ``"multinews"``.
    """
    if dataset not in ("summaries", "multinews"):
        raise ValueError(f"dataset must be 'summaries' or 'multinews', not {dataset!r}")
    settings = getattr(bot_or_settings, "settings", bot_or_settings)
    if not isinstance(settings, Settings):
        settings = Settings.load()
    items = _load(Path(items_path), dataset, limit)
    with tempfile.TemporaryDirectory(prefix="briefbot-sumeval-") as tmp:
        local = settings.model_copy(
            update={"index_dir": Path(tmp), "chroma_url": None, "collection": "sumeval", "backend": backend}
        )

        bot = BriefBot(local)
        _ingest(bot, items, dataset)
        composer = make_composer(backend, local)
        scorer = _scorer()
        cases = []
        for n, item in enumerate(items, start=1):
            cases.append(_run_item(bot, item, dataset, composer, scorer, local))
            if progress:
                progress(n, len(items))
        del bot
    metrics = aggregate(cases)
    result = {"metrics": metrics, "cases": cases}
    result["table"] = format_table(result)
    return result


# ---------------------------------------------------------------------- items
def _load(path: Path, dataset: str, limit: int | None) -> list[dict[str, Any]]:
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    items = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{line_no}: not JSON ({exc})") from exc
            need = ("id", "articles", "reference_summary") if dataset == "multinews" else (
                "id", "text", "reference_summary")
            missing = [k for k in need if k not in row]
            if missing:
                raise ValueError(f"{path}:{line_no}: missing field(s) {', '.join(missing)}")
            items.append(row)
    return items if limit is None else _balanced(items, limit, dataset)


def _balanced(items: list[dict[str, Any]], limit: int, dataset: str) -> list[dict[str, Any]]:
    """The first ``limit`` items, interleaving sub-datasets so each is represented."""
    if dataset == "multinews":
        return items[:limit]
    by: dict[str, list[dict[str, Any]]] = {}
    for it in items:
        by.setdefault(str(it.get("dataset", "")), []).append(it)
    out: list[dict[str, Any]] = []
    queues = list(by.values())
    while len(out) < limit and any(queues):
        for q in queues:
            if q and len(out) < limit:
                out.append(q.pop(0))
    return out


def _article_ids(item: dict[str, Any], dataset: str) -> list[str]:
    if dataset == "multinews":
        return [f"{item['id']}--{i}" for i in range(len(item["articles"]))]
    return [str(item["id"])]


def _ingest(bot: Any, items: list[dict[str, Any]], dataset: str) -> None:
    s = bot.settings
    batch: list[PreparedArticle] = []
    for item in items:
        if dataset == "multinews":
            arts = [
                Article(id=aid, title=(a.get("title") or "").strip(), text=a["text"], source=f"article {i + 1}",
                        origin="eval")
                for i, (aid, a) in enumerate(zip(_article_ids(item, dataset), item["articles"], strict=True))
            ]
        else:
            label = DATASET_NAMES.get(str(item.get("dataset")), str(item.get("dataset")))
            arts = [Article(id=str(item["id"]), title=str(item.get("title") or ""), text=item["text"],
                            source=label, origin="eval")]
        for art in arts:
            batch.append(PreparedArticle(art, chunk_article(art, s.chunk_words, s.chunk_overlap_sentences)))
        if sum(len(p.chunks) for p in batch) >= 256:
            bot.index.write(batch)
            batch = []
    bot.index.write(batch)


# ---------------------------------------------------------------------- one item
def _usable(text: str) -> list[str]:
    out = []
    for span in split_sentences(text):
        sent = text[span.start:span.end]
        if len(sent.split()) >= 5 and not looks_like_injection(sent):
            out.append(" ".join(sent.split()))
    return out


def _run_item(bot: Any, item: dict[str, Any], dataset: str, composer: Any, scorer: Any,
              settings: Settings) -> dict[str, Any]:

    ids = _article_ids(item, dataset)
    if dataset == "multinews":
        texts = [a["text"] for a in item["articles"]]
        sub = "multinews"
    else:
        texts = [item["text"]]
        sub = DATASET_NAMES.get(str(item.get("dataset")), str(item.get("dataset")))
    source = "\n\n".join(texts)
    per_article = [_usable(t) for t in texts]
    n_sent = sum(len(s) for s in per_article)
    k = length_rule(sub, n_sent)
    if dataset == "multinews":
        summary = build_brief(bot.index, "", {"article_ids": ids}, composer, BriefParams(max_points=k),
                              llm_timeout_s=settings.llm_timeout_s)
    else:
        summary = summarize_article(bot.index, ids[0], composer, max_points=k, llm_timeout_s=settings.llm_timeout_s)
    sentences = [p.text for p in summary.points]
    text = " ".join(sentences)
    ref = item["reference_summary"]
    case: dict[str, Any] = {
        "id": item["id"],
        "dataset": sub,
        "status": summary.status,
        "points": len(sentences),
        "backend": summary.backend,
        **_rouge(scorer, ref, text),
        "summary_support": support_share(sentences, [s for ss in per_article for s in ss]),
        "compression": len(text) / max(1, len(source)),
        "quotes_exact": _quotes_exact(bot, summary),
        "summary": text,
    }
    raw = [[" ".join(t[sp.start:sp.end].split()) for sp in split_sentences(t)] for t in texts]
    lead3 = _lead(raw, 3)  # the standard baseline: the first three sentences as split
    lead_k = _lead(per_article, k)  # same length as ours, fragments (< 5 words) skipped
    for name, base in (("lead3", lead3), ("lead_k", lead_k)):
        for metric, value in _rouge(scorer, ref, base).items():
            case[f"{name}_{metric}"] = value
        case[f"{name}_compression"] = len(base) / max(1, len(source))
    if dataset == "multinews":  # the brief metrics of issue 18, on every brief
        as_json = summary.to_dict()
        dangling, n = dangling_starts(as_json)
        case["brief_citation_numbering_consistent"] = 0.0 if numbering_problems(as_json) else 1.0
        case["brief_dangling_start_rate"] = dangling / n if n else None
    if getattr(composer, "name", "extractive") != "extractive":
        case.update(_naive_llm(composer, source, ref, k, scorer, settings, [s for ss in per_article for s in ss]))
    return case


def _lead(per_article: list[list[str]], k: int) -> str:
    """The first ``k`` sentences; for clusters, round-robin over the articles' leads."""
    out: list[str] = []
    depth = 0
    while len(out) < k and any(depth < len(a) for a in per_article):
        for sents in per_article:
            if depth < len(sents) and len(out) < k:
                out.append(sents[depth])
        depth += 1
    return " ".join(out)


def _quotes_exact(bot: Any, summary: Any) -> bool:
    arts = bot.index.get_articles({c.article_id for c in summary.citations})
    return all(arts[c.article_id].text[c.start:c.end] == c.quote for c in summary.citations)


def _scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)


def _rouge(scorer: Any, reference: str, prediction: str) -> dict[str, float]:
    scores = scorer.score(reference, prediction)
    return {k: float(v.fmeasure) for k, v in scores.items()}


def support_share(sentences: list[str], source_sentences: list[str], top: int = 2) -> float | None:
    """Share of ``sentences`` that :func:`check_support` accepts against their best source sentences."""
    if not sentences:
        return None
    if not source_sentences:
        return 0.0
    vecs = encode(sentences + source_sentences)
    sv, rv = vecs[: len(sentences)], vecs[len(sentences):]
    ok = 0
    for sent, vec in zip(sentences, sv, strict=True):
        sims = rv @ vec
        best = np.argsort(-sims)[:top]
        check = check_support(sent, [source_sentences[i] for i in best], float(sims[best[0]]))
        ok += int(check.supported)
    return ok / len(sentences)


def _naive_llm(composer: Any, source: str, reference: str, k: int, scorer: Any, settings: Settings,
               source_sentences: list[str]) -> dict[str, Any]:
    """Baseline for LLM backends: the whole source in one prompt, no verification."""
    from langchain_core.messages import HumanMessage, SystemMessage


    messages = [
        SystemMessage(content="You summarise news articles."),
        HumanMessage(content=f"Summarise the following in at most {k} sentences.\n\n{source[:12000]}"),
    ]
    try:
        raw = llm_text(composer, messages, settings.llm_timeout_s)
    except Exception as exc:  # the model failed: report it, keep going
        return {"naive_llm_error": f"{type(exc).__name__}: {exc}"[:200]}
    sentences = [s for s, _ in _split_answer(raw)]
    text = " ".join(sentences)
    out: dict[str, Any] = {f"naive_llm_{m}": v for m, v in _rouge(scorer, reference, text).items()}
    out["naive_llm_summary_support"] = support_share(sentences, source_sentences)
    out["naive_llm_compression"] = len(text) / max(1, len(source))
    return out


# ---------------------------------------------------------------------- aggregate
def _mean(values: list[Any]) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def aggregate(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Flat metrics: overall ``rougeL`` etc., then ``<dataset>.<metric>`` and Lead baselines."""
    metrics: dict[str, Any] = {"items": len(cases)}
    groups: dict[str, list[dict[str, Any]]] = {"": cases}
    for c in cases:
        groups.setdefault(c["dataset"] + ".", []).append(c)
    for prefix, rows in groups.items():
        if prefix:
            metrics[f"{prefix}items"] = len(rows)
        for m in METRICS:
            metrics[f"{prefix}{m}"] = _mean([r.get(m) for r in rows])
        for base in ("lead3", "lead_k"):
            for m in BASELINE_METRICS:
                metrics[f"{prefix}{base}_{m}"] = _mean([r.get(f"{base}_{m}") for r in rows])
        if metrics[f"{prefix}rougeL"] is not None and metrics[f"{prefix}lead3_rougeL"] is not None:
            # the margin over Lead-3 (positive = briefbot ahead), so a gate can hold it
            margin = metrics[f"{prefix}rougeL"] - metrics[f"{prefix}lead3_rougeL"]
            metrics[f"{prefix}rougeL_over_lead3"] = round(margin, 4)
        if metrics[f"{prefix}rougeL"] is not None and metrics[f"{prefix}lead_k_rougeL"] is not None:
            # the margin over the length-matched lead (issue 18: summaries must beat it)
            margin = metrics[f"{prefix}rougeL"] - metrics[f"{prefix}lead_k_rougeL"]
            metrics[f"{prefix}rougeL_over_lead_k"] = round(margin, 4)
        if any("naive_llm_rougeL" in r for r in rows):
            for m in METRICS:
                metrics[f"{prefix}naive_llm_{m}"] = _mean([r.get(f"naive_llm_{m}") for r in rows])
    metrics["quotes_exact"] = _mean([1.0 if c["quotes_exact"] else 0.0 for c in cases])
    return metrics


def format_table(result: dict[str, Any]) -> str:
    """A Markdown table per dataset: system vs Lead-3 vs Lead-k (vs naive LLM)."""
    m = result["metrics"]
    subsets = sorted({c["dataset"] for c in result["cases"]})
    lines = ["| dataset | n | system | rouge1 | rouge2 | rougeL | summary_support | compression |",
             "|---|---|---|---|---|---|---|---|"]

    def f(v: Any) -> str:
        return "—" if v is None else f"{v:.3f}"

    for ds in subsets:
        p = f"{ds}."
        n = m.get(f"{p}items")
        systems = [("briefbot", "")] + [("Lead-3", "lead3_"), ("Lead-k (same length)", "lead_k_")]
        if m.get(f"{p}naive_llm_rougeL") is not None:
            systems.append(("naive LLM (stuffed prompt)", "naive_llm_"))
        for label, pre in systems:
            support = m.get(f"{p}{pre}summary_support") if pre in ("", "naive_llm_") else None
            lines.append(
                f"| {ds} | {n} | {label} | {f(m.get(f'{p}{pre}rouge1'))} | {f(m.get(f'{p}{pre}rouge2'))} | "
                f"{f(m.get(f'{p}{pre}rougeL'))} | {f(support)} | {f(m.get(f'{p}{pre}compression'))} |"
            )
    return "\n".join(lines)
