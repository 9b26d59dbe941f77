"""``briefbot eval --dataset timeline``: event dates against hand labels (evals/timeline.yaml).

Every article of corpus/ and the listed fixtures goes through
:func:`briefbot.writing.timeline.events_in` (the extraction the timeline uses, no index needed).
A labelled event is *found* when an extracted event of its article contains the
labelled snippet; its date is *right* when it equals the label (approximate labels:
within ``approximate_days``).  The conflict pairs go through
:func:`briefbot.writing.timeline.merge_events` with MiniLM vectors, as in a topic timeline: both
dates must be shown, each event naming the other's date.

Metrics: ``timeline_event_recall`` (found / labelled), ``timeline_date_accuracy``
(right / found), ``timeline_precision_accuracy`` (precision label matched / found),
``timeline_conflicts_shown`` (conflict pairs shown side by side / pairs).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from briefbot.evaluation.cases import CaseError
from briefbot.evaluation.runner import Report, _finish
from briefbot.schema import Citation
from briefbot.sources.articles import Article, iter_files, load_file
from briefbot.store.embeddings import encode
from briefbot.writing.timeline import events_in, merge_events

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SET = REPO / "evals" / "timeline.yaml"
EVENT_FIELDS = {"id", "article", "text", "date", "precision"}


@dataclass(frozen=True)
class LabelledEvent:
    id: str
    article: str
    text: str
    date: str
    precision: str


def load_set(path: Path) -> tuple[list[LabelledEvent], list[tuple[str, str]], list[str], int]:
    """(events, conflict pairs, fixture file names, approximate_days) from the YAML file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CaseError(f"{path}: cannot read the timeline set: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise CaseError(f"{path}: expected a mapping with an 'events' list")
    events = []
    for i, row in enumerate(data["events"]):
        if not isinstance(row, dict) or set(row) != EVENT_FIELDS:
            raise CaseError(f"{path}: events[{i}] must have exactly the fields {sorted(EVENT_FIELDS)}")
        when = row["date"]
        iso = when.isoformat() if isinstance(when, date) else str(when)
        events.append(LabelledEvent(str(row["id"]), str(row["article"]), str(row["text"]), iso, str(row["precision"])))
    ids = {e.id for e in events}
    conflicts = []
    for i, pair in enumerate(data.get("conflicts") or []):
        if not isinstance(pair, list) or len(pair) != 2 or not set(pair) <= ids:
            raise CaseError(f"{path}: conflicts[{i}] must be a pair of event ids defined under 'events'")
        conflicts.append((str(pair[0]), str(pair[1])))
    return events, conflicts, [str(f) for f in data.get("fixtures") or []], int(data.get("approximate_days", 3))


def _articles(corpus_dir: Path, fixtures_dir: Path, fixtures: list[str]) -> dict[str, Article]:
    paths = list(iter_files(corpus_dir)) + [fixtures_dir / f for f in fixtures]
    out: dict[str, Article] = {}
    for path in paths:
        if not path.is_file():
            raise CaseError(f"timeline set: fixture {path} does not exist")
        for item in load_file(path, 10_000_000):
            if isinstance(item, Article):
                out[item.id] = item
    return out


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def run_timeline(set_path: str | Path | None = None, corpus_dir: str | Path | None = None, *,
                 thresholds: Any = None, limit: int | None = None) -> Any:

    t0 = time.perf_counter()
    path = Path(set_path) if set_path else DEFAULT_SET
    labelled, conflicts, fixtures, approx_days = load_set(path)
    if limit:
        labelled = labelled[:limit]
    articles = _articles(Path(corpus_dir) if corpus_dir else REPO / "corpus", path.parent / "fixtures", fixtures)
    raw = [e for a in articles.values() for e in events_in(a)]
    cases: list[dict[str, Any]] = []
    matched: dict[str, Any] = {}
    for lab in labelled:
        if lab.article not in articles:
            raise CaseError(f"{path}: event {lab.id}: no article {lab.article!r} in the corpus or fixtures")
        hit = next((e for e in raw if e.article.id == lab.article and _norm(lab.text) in _norm(e.text)), None)
        row: dict[str, Any] = {"id": lab.id, "article": lab.article, "expected": lab.date,
                               "expected_precision": lab.precision, "found": hit is not None,
                               "date": hit.when.date if hit else None,
                               "precision": hit.when.precision if hit else None}
        if hit is not None:
            matched[lab.id] = hit
            gap = abs((date.fromisoformat(hit.when.date) - date.fromisoformat(lab.date)).days)
            row["date_correct"] = gap <= approx_days if lab.precision == "approximate" else gap == 0
            row["precision_correct"] = hit.when.precision == lab.precision
        row["passed"] = bool(row.get("date_correct"))
        cases.append(row)
    shown = _conflicts_shown(conflicts, matched, raw, encode, merge_events, Citation)
    found = [c for c in cases if c["found"]]
    metrics = {
        "timeline_event_recall": len(found) / len(cases) if cases else None,
        "timeline_date_accuracy": sum(c["date_correct"] for c in found) / len(found) if found else None,
        "timeline_precision_accuracy": sum(c["precision_correct"] for c in found) / len(found) if found else None,
        "timeline_conflicts_shown": sum(shown) / len(shown) if shown else None,
        "labelled_events": len(cases),
        "extracted_events": len(raw),
    }
    config = {"backend": "rules+dateparser", "set": str(path), "articles": len(articles),
              "elapsed_s": round(time.perf_counter() - t0, 1)}
    return _finish(Report("timeline", metrics, cases, config), thresholds)


def _conflicts_shown(conflicts: list[tuple[str, str]], matched: dict[str, Any], raw: list[Any],
                     encode: Any, merge_events: Any, citation_type: Any) -> list[bool]:
    """For each conflict pair: are both dates shown as separate events naming each other's date?"""
    if not conflicts or not raw:
        return []
    vectors = encode([e.text for e in raw])

    def cite(e: Any) -> Any:
        return citation_type(0, e.article.id, e.article.title, e.article.source, None, e.article.published, "",
                             e.text, e.start, e.end)

    events = merge_events(raw, vectors, cite)
    where = {(c.article_id, c.start): ev for ev in events for c in ev.citations}
    out = []
    for a, b in conflicts:
        ea = where.get((matched[a].article.id, matched[a].start)) if a in matched else None
        eb = where.get((matched[b].article.id, matched[b].start)) if b in matched else None
        out.append(bool(ea and eb and ea is not eb and eb.date in ea.other_dates and ea.date in eb.other_dates))
    return out
