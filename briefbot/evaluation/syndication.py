"""The syndication set: generated wire copies vs. different reports of the same story.

Nobody publishes a labelled set of "this article is a lightly edited copy of that
one", so the set is generated, deterministically (seeded), from real articles:

* **originals**: corpus/ articles, and when ``../shared/evaldata`` is present the
  summary-set articles and the MultiHop-RAG dev articles;
* **copies** (positives): an original republished under another outlet's name, with a
  new headline, an added byline and/or dateline, a few words changed, sometimes the
  last paragraph cut or a "first published by" line added — what syndication does;
* **different reports of the same story** (hard negatives): the Multi-News clusters
  (several outlets on one event), corpus/ articles on the same story, and MultiHop-RAG
  articles that are evidence for the same question.

Every article goes into one pool; :func:`briefbot.store.copies.find_groups` groups it as
ingest would, and the predicted copy pairs (same group) are scored against the true
ones: ``copy_precision`` = predicted pairs that are real copies, ``copy_recall`` =
real copy pairs found.  ``scripts/make_syndication_set.py`` writes the set to a file
and sweeps the threshold.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefbot.evaluation.runner import CORPUS_DIR, Report, _finish
from briefbot.sources.articles import iter_files, load_file
from briefbot.store.copies import COPY_THRESHOLD, NUM_PERM, SHINGLE_WORDS, find_groups, signature, similarity

OUTLETS = ("Harbour Times", "Island Post", "Northern Gazette", "Valley Courier", "Metro Daily Wire",
           "Coastal Herald", "Prairie Ledger", "Riverside Chronicle")
BYLINE_NAMES = ("Dana Whitlock", "Samir Oduya", "Lena Marsh", "Tomasz Rell", "Ines Okafor", "Priya Venn")
CITIES = ("LONDON", "WASHINGTON", "ALMATY", "BRUSSELS", "NEW YORK", "NAIROBI")
SWAPS = {
    "said": "stated", "says": "states", "told": "informed", "about": "around", "also": "additionally",
    "big": "large", "start": "begin", "started": "began", "but": "however", "many": "numerous",
    "help": "assist", "show": "indicate", "shows": "indicates", "buy": "purchase", "near": "close to",
    "after": "following", "before": "ahead of", "because": "as", "while": "whereas", "get": "obtain",
}
"""Word swaps of a copy editor (house style), used to make light edits."""


@dataclass(frozen=True)
class PoolArticle:
    """One article of the generated pool."""

    id: str
    title: str
    source: str
    text: str
    published: str = ""
    original: str = ""
    """For a generated copy: the id of the article it copies."""
    kind: str = "original"
    """original | copy (with the edits applied, e.g. ``copy:byline+swap+cut``)"""
    origin: str = ""


@dataclass
class SyndicationSet:
    articles: list[PoolArticle] = field(default_factory=list)
    same_story: list[tuple[str, str]] = field(default_factory=list)
    """Pairs of different reports of one story (the hard negatives)."""

    def to_jsonl(self) -> str:
        rows = [a.__dict__ for a in self.articles]
        rows += [{"same_story": list(p)} for p in self.same_story]
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"


# ---------------------------------------------------------------------- sources
def _corpus_articles(corpus_dir: Path) -> list[PoolArticle]:
    out = []
    for path in iter_files(corpus_dir):
        for item in load_file(path, 5_000_000):
            if hasattr(item, "text"):
                out.append(PoolArticle(item.id, item.title, item.source, item.text, item.published or "",
                                       origin="corpus"))
    return out


def _story_pairs_by_title(arts: list[PoolArticle]) -> list[tuple[str, str]]:
    """corpus/ articles on one story: they share a capitalised name in their titles."""
    def caps(t: str) -> set[str]:
        return {w.lower() for w in re.findall(r"\b[A-Z][a-z]{3,}\b", t)}

    pairs = []
    for a, b in itertools.combinations(arts, 2):
        if caps(a.title) & caps(b.title):
            pairs.append((a.id, b.id))
    return pairs


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _shared_articles(evaldata: Path) -> tuple[list[PoolArticle], list[tuple[str, str]]]:
    arts: list[PoolArticle] = []
    pairs: list[tuple[str, str]] = []
    sums = evaldata / "sum_dev.jsonl"
    if sums.is_file():
        for row in _jsonl(sums):
            arts.append(PoolArticle(f"sum-{row['id']}", row.get("title") or "", row.get("dataset", ""),
                                    row["text"], origin="sum_dev"))
    news = evaldata / "multinews_dev.jsonl"
    if news.is_file():
        for row in _jsonl(news):
            ids = []
            for i, art in enumerate(row["articles"]):
                aid = f"mn-{row['id'][-10:]}-{i}"
                arts.append(PoolArticle(aid, art.get("title") or "", f"multinews outlet {i}", art["text"],
                                        origin="multinews"))
                ids.append(aid)
            pairs += list(itertools.combinations(ids, 2))
    docs = evaldata / "multihop_rag.dev.articles.jsonl"
    queries = evaldata / "multihop_rag.dev.queries.jsonl"
    if docs.is_file():
        for row in _jsonl(docs):
            arts.append(PoolArticle(f"mh-{row['doc_id']}", row.get("title") or "", row.get("source") or "",
                                    row["text"], (row.get("published_at") or "")[:10], origin="multihop"))
        if queries.is_file():
            for q in _jsonl(queries):
                ids = [f"mh-{d}" for d in q.get("evidence_doc_ids") or []]
                pairs += [(a, b) for a, b in itertools.combinations(sorted(set(ids)), 2)]
    return arts, sorted(set(pairs))


# ---------------------------------------------------------------------- copy edits
def _swap_words(text: str, rng: random.Random, rate: float) -> tuple[str, int]:
    """House-style word swaps on about ``rate`` of the words that have one."""
    n = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal n
        word = m.group(0)
        new = SWAPS.get(word.lower())
        if new and rng.random() < rate:
            n += 1
            return new.capitalize() if word[0].isupper() else new
        return word

    return re.sub(r"\b[A-Za-z]+\b", sub, text), n


def _cut_last_paragraph(text: str) -> str:
    paras = [p for p in text.split("\n\n") if p.strip()]
    if len(paras) >= 4:
        return "\n\n".join(paras[:-1])
    return text


def make_copy(art: PoolArticle, rng: random.Random, n: int) -> PoolArticle:
    """A lightly edited republication of ``art`` under another outlet's name."""
    outlet = rng.choice([o for o in OUTLETS if o != art.source])
    text = art.text
    edits = []
    text, swapped = _swap_words(text, rng, rate=0.5)
    if swapped:
        edits.append("swap")
    if rng.random() < 0.6:
        text = f"By {rng.choice(BYLINE_NAMES)}, {outlet}\n\n{text}"
        edits.append("byline")
    if rng.random() < 0.4:
        text = f"{rng.choice(CITIES)} ({outlet}) — {text}"
        edits.append("dateline")
    if rng.random() < 0.3:
        cut = _cut_last_paragraph(text)
        if cut != text:
            text = cut
            edits.append("cut")
    if rng.random() < 0.3:
        text += f"\n\nThis story was first published by {art.source or 'a partner outlet'}."
        edits.append("credit")
    title = art.title
    if rng.random() < 0.7:
        title = f"{rng.choice(('Update', 'Explainer', 'What we know', 'Report'))}: {art.title}".strip()
        edits.append("headline")
    return PoolArticle(f"{art.id}--copy{n}", title, outlet, text, art.published, original=art.id,
                       kind="copy:" + "+".join(edits or ["verbatim"]), origin=art.origin)


def generate(corpus_dir: Path, evaldata: Path | None = None, *, seed: int = 11,
             copies_per_original: int = 1, min_words: int = 40) -> SyndicationSet:
    """The pool: every original, a copy of each original of at least ``min_words`` words, and the same-story pairs."""
    rng = random.Random(seed)
    corpus = _corpus_articles(corpus_dir)
    arts = list(corpus)
    pairs = _story_pairs_by_title(corpus)
    if evaldata is not None and evaldata.is_dir():
        extra, extra_pairs = _shared_articles(evaldata)
        arts += extra
        pairs += extra_pairs
    out = SyndicationSet(list(arts), pairs)
    for art in arts:
        if len(art.text.split()) < min_words:
            continue
        for n in range(copies_per_original):
            out.articles.append(make_copy(art, rng, n + 1))
    return out


# ---------------------------------------------------------------------- scoring
@dataclass
class CopyScore:
    precision: float | None
    recall: float | None
    predicted: int
    true: int
    found: int
    false_pairs: list[tuple[str, str, float]]
    missed_pairs: list[tuple[str, str, float]]
    same_story_flagged: int
    same_story_pairs: int


def true_pairs(pool: Sequence[PoolArticle]) -> set[tuple[str, str]]:
    """Copy pairs by construction: each copy with its original, copies of one original with each other."""
    by_root: dict[str, list[str]] = {}
    for a in pool:
        by_root.setdefault(a.original or a.id, []).append(a.id)
    return {tuple(sorted(p)) for ids in by_root.values() for p in itertools.combinations(ids, 2)}  # type: ignore[misc]


def score(data: SyndicationSet, threshold: float | None = None) -> CopyScore:
    """Group the pool as ingest does and score the predicted copy pairs."""
    threshold = COPY_THRESHOLD if threshold is None else threshold
    sigs = {a.id: signature(a.text) for a in data.articles}
    order = {a.id: (0 if not a.original else 1,) for a in data.articles}
    copy_of = find_groups(sigs, order, threshold)
    groups: dict[str, list[str]] = {}
    for cid, root in copy_of.items():
        groups.setdefault(root, [root]).append(cid)
    predicted = {tuple(sorted(p)) for ids in groups.values() for p in itertools.combinations(ids, 2)}
    truth = true_pairs(data.articles)
    found = predicted & truth
    story = {tuple(sorted(p)) for p in data.same_story}
    return CopyScore(
        precision=len(found) / len(predicted) if predicted else None,
        recall=len(found) / len(truth) if truth else None,
        predicted=len(predicted),
        true=len(truth),
        found=len(found),
        false_pairs=[(a, b, round(similarity(sigs[a], sigs[b]), 3)) for a, b in sorted(predicted - truth)],
        missed_pairs=[(a, b, round(similarity(sigs[a], sigs[b]), 3)) for a, b in sorted(truth - predicted)],
        same_story_flagged=len(story & predicted),
        same_story_pairs=len(story),
    )


def run_syndication(corpus_dir: Path | None, evaldata: Path | None, *, thresholds: Any = None,
                    seed: int = 11) -> Any:
    """``briefbot eval --dataset syndication``: copy_precision and copy_recall as a Report."""
    corpus_dir = corpus_dir or CORPUS_DIR
    t0 = time.perf_counter()
    data = generate(corpus_dir, evaldata, seed=seed)
    s = score(data)
    cases = [{"id": f"{a}|{b}", "kind": "false_copy", "similarity": sim} for a, b, sim in s.false_pairs]
    cases += [{"id": f"{a}|{b}", "kind": "missed_copy", "similarity": sim} for a, b, sim in s.missed_pairs]
    metrics = {
        "copy_precision": s.precision,
        "copy_recall": s.recall,
        "copy_pairs": s.true,
        "predicted_pairs": s.predicted,
        "same_story_pairs": s.same_story_pairs,
        "same_story_flagged": s.same_story_flagged,
        "pool_articles": len(data.articles),
    }
    config = {"backend": "minhash-lsh", "threshold": COPY_THRESHOLD, "shingle_words": SHINGLE_WORDS,
              "num_perm": NUM_PERM, "seed": seed, "evaldata": str(evaldata) if evaldata else None,
              "elapsed_s": round(time.perf_counter() - t0, 1)}
    return _finish(Report("syndication", metrics, cases, config), thresholds)
