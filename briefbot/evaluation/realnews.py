"""``briefbot eval --dataset realnews``: real multi-outlet reporting, questions in halves.

The set lives in ``evals/realnews/`` (its README says how it was made): ``stories.yaml``
names the articles and ``half1.yaml`` … ``half4.yaml`` hold the cases (the case schema of
:mod:`briefbot.evaluation.cases`, plus ``story``).  Halves 2 and 4 are held out: no rule is
tuned to their items.

Two article sources, two indexes:

* halves 1–3: Multi-News dev clusters in ``../shared/evaldata`` by cluster id and position,
  each given a stable briefbot id and, only where the text itself shows them, an outlet and a
  publication date.  The listed articles are ingested ALL into one index (every story is a
  distractor for the others).
* half 4 (stories with ``multihop: true``): MultiHop-RAG dev articles by ``doc_id`` (which is
  also their briefbot id; outlet and date are the record's own metadata).  Its index is ALL
  the MultiHop-RAG dev articles, listed or not: the realistic pile.  It never shares an index
  with halves 1–3, so their figures do not move when half 4 is added.

The article text is read from ``../shared`` at run time and never stored in the repository:
the records are written as JSON Lines into a temporary folder and ingested by briefbot's own
JSONL loader; then every case is asked and scored with :func:`~briefbot.evaluation.metrics.score_case`.
Metrics come per half (``half1.*`` … ``half4.*``) and unprefixed over every item asked (so
adding half 4 to ``all`` moves the unprefixed figures, never a half's), outcome classes included
(:mod:`briefbot.evaluation.outcomes`).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefbot.config import Settings
from briefbot.evaluation import metrics as M
from briefbot.evaluation import writing_metrics as W
from briefbot.evaluation.cases import Case, CaseError, load_case_file
from briefbot.evaluation.corroboration_metrics import corroboration_metrics, with_lead_reports
from briefbot.evaluation.datasets import (
    SHARED_DEV,
    DatasetError,
    default_evaldata_dir,
    iter_jsonl,
    multihop_article_records,
    write_jsonl,
)
from briefbot.evaluation.model_metrics import model_metrics, with_model_fields
from briefbot.evaluation.outcomes import case_outcome, outcome_counts, outcome_metrics, row_expects_answer
from briefbot.evaluation.runner import EvalError, Report, _bar, _config, _finish, ask_cases, eval_bot, make_asker
from briefbot.store.copies import CopyGroups

REALNEWS_DIR = Path(__file__).resolve().parents[2] / "evals" / "realnews"
REALNEWS_PAIRS = REALNEWS_DIR.parent / "followup_pairs_realnews.yaml"
"""Follow-up pairs over the half-1 stories only (half 2 stays held out): asked with ``--half 1|all``."""
WRITING_KEYS = ("words_per_answer", "words_short", "words_long", "words_read", "repeated_sentence_rate",
                "lead_value_rate",
                "lead_value_when_present", "n_lead_value", "summary_rate")
HALVES = (1, 2, 3, 4)
"""1 and 2 are the issue's two halves (2 held out); 3 is a second dev block on other stories,
written after the first rounds on half 1, before any run on it; 4 a second held-out block on
MultiHop-RAG articles, written in round 11 before any run on it (README)."""
MULTINEWS_HALVES = (1, 2, 3)
"""The halves on Multi-News clusters, asked over one index of their listed articles."""
MULTIHOP_HALVES = (4,)
"""The halves on MultiHop-RAG articles, asked over their own index of all the dev articles."""
HALF_CHOICES = ("1", "2", "3", "4", "all")
AGGREGATE_KEYS = ("n_cases", "fact_recall", "citation_recall", "citation_support", "abstention_accuracy",
                  "false_abstention_rate", "uncertainty_accuracy", "forbidden_rate", "pass_rate",
                  "latency_p50_ms", "latency_p95_ms")


@dataclass(frozen=True)
class ArticleRef:
    id: str
    story: str
    half: int
    cluster: str
    """The Multi-News record id; "" for a MultiHop-RAG article."""
    n: int
    """Position in the Multi-News cluster (1-based); 0 for a MultiHop-RAG article."""
    source: str | None = None
    published: str | None = None

    @property
    def multihop(self) -> bool:
        """A MultiHop-RAG article (its ``id`` is its ``doc_id``), not a Multi-News one."""
        return not self.cluster


@dataclass(frozen=True)
class RealNewsSet:
    articles: tuple[ArticleRef, ...]
    cases: tuple[Case, ...]
    half_of_story: dict[str, int]

    def half_of(self, case: Case) -> int:
        return self.half_of_story[case.story]


def _story_articles(s: dict[str, Any], key: str, where: str) -> list[ArticleRef]:
    """One story's articles: Multi-News ``{n, id}`` under ``cluster``, or MultiHop-RAG ``{doc_id}``
    under ``multihop: true`` (which only the MultiHop halves use)."""
    multihop = s.get("multihop") is True
    if multihop != (s["half"] in MULTIHOP_HALVES):
        raise CaseError(f"{where} ({key}): half {s['half']} stories "
                        + ("need 'multihop: true'" if s["half"] in MULTIHOP_HALVES else "are Multi-News clusters"))
    if not multihop and not isinstance(s.get("cluster"), str):
        raise CaseError(f"{where} ({key}): needs a 'cluster' string")
    arts = s.get("articles")
    if not isinstance(arts, list) or not arts:
        raise CaseError(f"{where} ({key}): needs a non-empty 'articles' list")
    out: list[ArticleRef] = []
    for a in arts:
        if multihop:
            if not isinstance(a, dict) or not isinstance(a.get("doc_id"), str) or not a["doc_id"]:
                raise CaseError(f"{where} ({key}): each article needs 'doc_id' (the MultiHop-RAG record id)")
            out.append(ArticleRef(id=a["doc_id"], story=key, half=s["half"], cluster="", n=0))
            continue
        if not isinstance(a, dict) or not isinstance(a.get("id"), str) or not isinstance(a.get("n"), int) \
                or a["n"] < 1:
            raise CaseError(f"{where} ({key}): each article needs 'id' (string) and 'n' (position, 1-based)")
        out.append(ArticleRef(id=a["id"], story=key, half=s["half"], cluster=s["cluster"], n=a["n"],
                              source=a.get("source"), published=a.get("published")))
    return out


def load_stories(path: str | Path | None = None) -> tuple[ArticleRef, ...]:
    """The article list of ``stories.yaml``, validated (unique ids, known halves, positions ≥ 1)."""
    path = Path(path) if path else REALNEWS_DIR / "stories.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CaseError(f"{path}: cannot read the story list: {exc}") from exc
    stories = (data or {}).get("stories")
    if not isinstance(stories, list) or not stories:
        raise CaseError(f"{path}: needs a non-empty 'stories:' list")
    out: list[ArticleRef] = []
    seen_ids: set[str] = set()
    seen_stories: set[str] = set()
    for i, s in enumerate(stories):
        where = f"{path}: story #{i + 1}"
        if not isinstance(s, dict) or not isinstance(s.get("story"), str):
            raise CaseError(f"{where}: needs a 'story' string")
        key = s["story"]
        if key in seen_stories:
            raise CaseError(f"{where}: duplicate story {key!r}")
        seen_stories.add(key)
        if s.get("half") not in HALVES:
            raise CaseError(f"{where} ({key}): field 'half' must be one of {', '.join(map(str, HALVES))}")
        for ref in _story_articles(s, key, where):
            if ref.id in seen_ids:
                raise CaseError(f"{where} ({key}): duplicate article id {ref.id!r}")
            seen_ids.add(ref.id)
            out.append(ref)
    return tuple(out)


def load_realnews(folder: str | Path | None = None) -> RealNewsSet:
    """Stories and both halves' cases; every case names a known story of its own half."""
    folder = Path(folder) if folder else REALNEWS_DIR
    articles = load_stories(folder / "stories.yaml")
    half_of_story = {a.story: a.half for a in articles}
    cases: list[Case] = []
    seen: set[str] = set()
    for half in HALVES:
        path = folder / f"half{half}.yaml"
        if not path.is_file():
            raise CaseError(f"{path}: missing (the set has halves {', '.join(map(str, HALVES))})")
        for case in load_case_file(path):
            if case.id in seen:
                raise CaseError(f"{case.file}: case {case.id!r}: duplicate id")
            seen.add(case.id)
            if case.story not in half_of_story:
                raise CaseError(f"{case.file}: case {case.id!r}: field 'story' must name a story of stories.yaml "
                                f"(got {case.story!r})")
            if half_of_story[case.story] != half:
                raise CaseError(f"{case.file}: case {case.id!r}: story {case.story!r} belongs to half "
                                f"{half_of_story[case.story]}, not {half}")
            cases.append(case)
    return RealNewsSet(articles=articles, cases=tuple(cases), half_of_story=half_of_story)


def _shared_file(evaldata: str | Path | None, name: str) -> Path:
    """``name`` of SHARED_DEV in the folder ``evaldata`` (default ../shared/evaldata); a file given
    for the Multi-News data is used as it is, and the MultiHop-RAG file is looked up beside it."""
    path = Path(evaldata) if evaldata else default_evaldata_dir()
    if path.is_dir():
        return path / SHARED_DEV[name]
    return path if name == "multinews" else path.parent / SHARED_DEV[name]


def multihop_index_records(articles: tuple[ArticleRef, ...] | list[ArticleRef],
                           evaldata: str | Path | None = None) -> list[dict[str, Any]]:
    """The half-4 index: EVERY MultiHop-RAG dev article (the listed ones and all the rest), checked
    to hold each listed ``doc_id``."""
    path = _shared_file(evaldata, "multihop_articles")
    records = multihop_article_records(path)
    have = {r["id"] for r in records}
    for a in articles:
        if a.multihop and a.id not in have:
            raise DatasetError(f"{path}: article {a.id!r} (story {a.story!r}) not found")
    return records


def article_records(articles: tuple[ArticleRef, ...], evaldata: str | Path | None = None) -> list[dict[str, Any]]:
    """briefbot JSON records of exactly the listed articles, read from ../shared: Multi-News ones
    (``id, text`` and, where labelled, ``source, published``) and MultiHop-RAG ones (their record)."""
    out: list[dict[str, Any]] = []
    listed_multihop = [a for a in articles if a.multihop]
    if listed_multihop:
        by_id = {r["id"]: r for r in multihop_index_records(listed_multihop, evaldata)}
        out += [by_id[a.id] for a in listed_multihop]
    multinews = [a for a in articles if not a.multihop]
    if not multinews:
        return out
    path = _shared_file(evaldata, "multinews")
    clusters = {obj.get("id"): obj for _, obj in iter_jsonl(path)}
    for a in multinews:
        cluster = clusters.get(a.cluster)
        if cluster is None:
            raise DatasetError(f"{path}: cluster {a.cluster!r} (story {a.story!r}) not found")
        items = cluster.get("articles") or []
        if a.n > len(items):
            raise DatasetError(f"{path}: cluster {a.cluster!r} has {len(items)} articles, story {a.story!r} "
                               f"asks for article {a.n}")
        rec: dict[str, Any] = {"id": a.id, "text": items[a.n - 1]["text"]}
        if a.source:
            rec["source"] = a.source
        if a.published:
            rec["published"] = a.published
        out.append(rec)
    return out


def index_refs(data: RealNewsSet, halves: tuple[int, ...]) -> tuple[ArticleRef, ...]:
    """The articles ingested to ask ``halves``: every article of their source family, whichever
    halves are asked — ``--half 3`` runs on the same Multi-News index as ``--half all`` (every story
    a distractor for the others), so one half's figures never depend on how it was run."""
    family = MULTIHOP_HALVES if set(halves) <= set(MULTIHOP_HALVES) else MULTINEWS_HALVES
    return tuple(a for a in data.articles if a.half in family)


def index_groups(half: str) -> list[tuple[int, ...]]:
    """The halves asked, grouped by the index they run on: ``all`` is halves 1–3 on the Multi-News
    index, then half 4 on its own."""
    if half == "all":
        return [MULTINEWS_HALVES, MULTIHOP_HALVES]
    return [(int(half),)]


def run_realnews(
    half: str = "all",
    *,
    folder: str | Path | None = None,
    evaldata: str | Path | None = None,
    settings: Settings | None = None,
    backend: str | None = None,
    limit: int | None = None,
    index_dir: str | Path | None = None,
    progress: bool = False,
    thresholds: Any = None,
) -> Report:
    """Ask the cases of ``half`` (1, 2, 3, 4 or all), each group of halves over its own index, and score.

    ``index_dir`` holds the index of a single half; with ``all``, half 4's index is ``index_dir/half4``
    (halves 1–3 keep ``index_dir`` itself, as before half 4 existed)."""
    if half not in HALF_CHOICES:
        raise EvalError(f"--half must be one of {', '.join(HALF_CHOICES)}, not {half!r}")
    data = load_realnews(folder)
    started = time.perf_counter()
    results: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    articles: dict[str, int] = {}
    for halves in index_groups(half):
        cases = [c for c in data.cases if data.half_of(c) in halves]
        if limit is not None:
            cases = cases[:limit]
        if not cases:
            continue
        multihop = halves == MULTIHOP_HALVES
        refs = index_refs(data, halves)
        try:
            records = multihop_index_records(refs, evaldata) if multihop else article_records(refs, evaldata)
        except DatasetError as exc:
            raise EvalError(f"{exc} (the realnews set reads its articles from ../shared/evaldata)") from exc
        articles["multihop" if multihop else "multinews"] = len(records)
        where = Path(index_dir) / "half4" if (index_dir is not None and half == "all" and multihop) else index_dir
        with_pairs = 1 in halves and half in ("1", "all") and limit is None
        rows, group_pairs = _ask_group(data, cases, records, backend, settings, where, progress, with_pairs)
        results += rows
        pairs += group_pairs
    metrics = realnews_metrics(results)
    if pairs:
        metrics.update({f"half1.{k}": v for k, v in W.followup_metrics(pairs).items()})
    report = Report(
        dataset="realnews",
        metrics=metrics,
        cases=results,
        config=_config(backend, settings, started, half=half, articles=sum(articles.values()),
                       articles_by_index=articles, stories=len(data.half_of_story),
                       evaldata=str(evaldata or default_evaldata_dir()), followup_pairs=pairs),
        breakdown=realnews_breakdown(results),
    )
    return _finish(report, thresholds)


def _ask_group(data: RealNewsSet, cases: list[Case], records: list[dict[str, Any]], backend: str | None,
               settings: Settings | None, index_dir: str | Path | None, progress: bool,
               with_pairs: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Ingest ``records`` into one index, ask and score ``cases`` (and the half-1 follow-up pairs)."""
    work = Path(tempfile.mkdtemp(prefix="briefbot-realnews-"))
    try:
        write_jsonl(work / "realnews_articles.jsonl", records)

        def score(case: Case, answer: Any, ms: float) -> dict[str, Any]:
            row = M.score_case(case, answer, ms)
            row["story"] = case.story
            row["half"] = data.half_of(case)
            row["outcome"] = case_outcome(row)
            return row

        pairs: list[dict[str, Any]] = []
        with eval_bot(settings, index_dir, "eval_realnews") as bot:
            scored = with_lead_reports(with_model_fields(score), lambda: CopyGroups.of_index(bot.index))
            results = ask_cases(bot, cases, backend, work, scored, _bar(len(cases), "realnews", progress))
            if with_pairs:  # the half-1 follow-up pairs (same index)
                pairs = W.run_followup_pairs(make_asker(bot, backend)[0], W.load_pairs(REALNEWS_PAIRS))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results, pairs


def realnews_metrics(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Case, outcome and writing metrics over all items asked, then the same per half (``half1.`` …
    ``half4.``: the figures to compare, since each half's index is fixed)."""
    out: dict[str, Any] = {}
    groups: list[tuple[str, list[dict[str, Any]]]] = [("", results)]
    groups += [(f"half{h}.", [r for r in results if r["half"] == h]) for h in HALVES]
    for prefix, rows in groups:
        if not rows:
            continue
        agg = M.aggregate_cases(rows)
        out.update({f"{prefix}{k}": agg[k] for k in AGGREGATE_KEYS if k in agg})
        out.update(outcome_metrics((r["outcome"] for r in rows), prefix=f"{prefix}outcome.",
                                   answerable=(row_expects_answer("realnews", r) for r in rows)))
        writing = W.writing_metrics(rows)
        out.update({f"{prefix}{k}": writing[k] for k in WRITING_KEYS})
        out.update({f"{prefix}{k}": v for k, v in corroboration_metrics(rows).items()})
        out.update({f"{prefix}{k}": v for k, v in model_metrics(rows).items()})  # empty unless a model wrote
    return out


def realnews_breakdown(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per half and tag: n, pass rate and the outcome counts."""
    out: dict[str, dict[str, Any]] = {}
    for h in HALVES:
        rows = [r for r in results if r["half"] == h]
        tags = sorted({t for r in rows for t in r["tags"]})
        for tag in ["(all)", *tags]:
            sel = rows if tag == "(all)" else [r for r in rows if tag in r["tags"]]
            if sel:
                out[f"half{h} {tag}"] = {"n": len(sel), "pass_rate": M.mean(float(r["passed"]) for r in sel),
                                         **outcome_counts(r["outcome"] for r in sel)}
    return out


def composition(cases: list[Case] | tuple[Case, ...]) -> dict[str, int]:
    """Counts per tag (the README's composition table)."""
    counts: dict[str, int] = {"n": len(cases)}
    for c in cases:
        for t in c.tags:
            counts[t] = counts.get(t, 0) + 1
    counts["answerable_false"] = sum(not c.answerable for c in cases)
    counts["uncertain"] = sum(c.uncertain for c in cases)
    return counts


__all__ = ["ArticleRef", "RealNewsSet", "load_stories", "load_realnews", "article_records",
           "multihop_index_records", "index_groups", "run_realnews", "realnews_metrics", "composition"]
