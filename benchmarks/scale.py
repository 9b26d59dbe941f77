"""Retrieval, BM25, Chroma and ingest figures at 100k chunks.

    nice .venv/bin/python benchmarks/scale.py [--chunks 100000] [--real 2000] [--queries 60]
                                              [--more 1000] [--keep DIR] [--json]

What is real and what is synthetic (the output says it again):

* **text**: synthetic articles of 12-30 sentences recombined from real news text
  (MultiHop-RAG dev articles in ``../shared/evaldata`` when present, else ``corpus/``),
  chunked by the real :func:`briefbot.sources.chunking.chunk_article`, until ``--chunks``;
* **vectors**: ``--real`` chunks are embedded with the real all-MiniLM-L6-v2; every other
  chunk gets a REUSED vector: a real sample vector plus Gaussian noise (sigma 0.05),
  re-normalised. Embedding 100k chunks on this machine takes over an hour; reused
  vectors give Chroma's HNSW the same size and dimension (not the same neighbourhood
  structure, so dense recall is not measured here, only cost);
* **retrieval**: the real :class:`briefbot.store.retrieve.HybridRetriever` over the real
  embedded Chroma store and the real bm25s index, with real questions
  (MultiHop-RAG dev queries, else sentences of the pool turned into queries), each
  query embedded by the real model;
* **incremental write** (issue 19): a *replica* (a second :class:`Index` on the same
  store with its own BM25 in memory, as another ``briefbot serve`` has) is warm; the real
  ``ingest()`` writes ``--incremental`` (10) new articles; then the time until the replica
  finds the new article by hybrid retrieval (it reads the change log and applies the
  write as a BM25 delta), and the replica's hybrid p50 with that delta in place;
* **ingest of ``--more`` articles**: the real ``ingest()`` (load, chunk, real embedding,
  write) of new synthetic Markdown articles into the big index, then the BM25 catch-up a
  server does after that write (a delta, or a full build once the delta is large).

Targets: hybrid retrieval p50 <= 30 ms (issue 13), process RSS <= 2.5 GB; a write of 10
articles searchable on a replica within 2 s of the write returning (issue 19).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefbot.config import Settings  # noqa: E402
from briefbot.sources.articles import Article, load_sources  # noqa: E402
from briefbot.sources.chunking import chunk_article, split_sentences  # noqa: E402
from briefbot.store import embeddings  # noqa: E402
from briefbot.store.changes import BEGIN, END  # noqa: E402
from briefbot.store.copies import CopyGroups  # noqa: E402
from briefbot.store.index import Index, LexicalIndex, _lexical_text, _record_meta  # noqa: E402
from briefbot.store.ingest import ingest  # noqa: E402
from briefbot.store.retrieve import HybridRetriever  # noqa: E402

TARGET_P50_MS = 30.0
TARGET_VISIBLE_S = 2.0
TARGET_RSS_GB = 2.5
NOISE_SIGMA = 0.05
"""Noise added to a reused vector (unit-length 384-d): cosine to its source about 0.7."""
OUTLETS = ["Steppe Wire", "Harbour Times", "Valley Gazette", "Northern Wire", "Island Post",
           "Delta Courier", "Ridge Chronicle", "Bay Observer", "Plains Herald", "Coast Ledger"]
EVALDATA = REPO.parent / "shared" / "evaldata"


# ---------------------------------------------------------------------- inputs
def sentence_pool() -> tuple[list[str], str]:
    """Real news sentences to recombine, and where they came from."""
    multihop = EVALDATA / "multihop_rag.dev.articles.jsonl"
    source = multihop if multihop.is_file() else REPO / "corpus"
    pool: list[str] = []
    for item in load_sources([source]):
        if isinstance(item, Article):
            pool += [item.text[s.start:s.end] for s in split_sentences(item.text)]
    return [s for s in pool if 6 <= len(s.split()) <= 45], str(source)


def questions(pool: list[str], n: int, rng: random.Random) -> list[str]:
    """Real MultiHop-RAG questions when present, else pool sentences cut to query length."""
    path = EVALDATA / "multihop_rag.dev.queries.jsonl"
    if path.is_file():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        found = [str(r.get("query") or r.get("question") or "") for r in rows]
        found = [q for q in found if q]
        if found:
            return rng.sample(found, min(n, len(found)))
    return [" ".join(s.split()[:12]) + "?" for s in rng.sample(pool, n)]


def synthetic_articles(pool: list[str], rng: random.Random, prefix: str) -> Iterator[Article]:
    """Endless articles of 12-30 recombined sentences (4-6 chunks each at 150 words)."""
    i = 0
    while True:
        paragraphs = [" ".join(rng.sample(pool, rng.randint(3, 6))) for _ in range(rng.randint(3, 5))]
        yield Article(
            id=f"{prefix}-{i:06d}",
            title=f"{' '.join(rng.choice(pool).split()[:8])}",
            text="\n\n".join(paragraphs),
            source=OUTLETS[i % len(OUTLETS)],
            published=f"20{20 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            origin=f"synthetic://{prefix}/{i}",
        )
        i += 1


def chunked(pool: list[str], n_chunks: int, rng: random.Random, settings: Settings) -> list[tuple[Article, list]]:
    out, total = [], 0
    for article in synthetic_articles(pool, rng, "scale"):
        docs = chunk_article(article, settings.chunk_words, settings.chunk_overlap_sentences)
        out.append((article, docs))
        total += len(docs)
        if total >= n_chunks:
            return out
    return out


def reused_vectors(real: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` unit vectors: a random real vector plus noise (clearly synthetic, see docstring)."""
    base = real[rng.integers(0, len(real), size=n)]
    noisy = base + rng.normal(0.0, NOISE_SIGMA, size=base.shape).astype(np.float32)
    return (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)


# ---------------------------------------------------------------------- measuring
def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    return _status_mb("VmRSS")


def peak_rss_mb() -> float:
    """This process's own high-water mark (VmHWM). getrusage's ru_maxrss would carry the
    parent's peak into the probe child across fork/exec."""
    return _status_mb("VmHWM")


@contextmanager
def stopwatch(out: dict[str, float], key: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    out[key] = round(time.perf_counter() - start, 3)


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
    }


def time_each(fn: Callable[[str], Any], queries: list[str]) -> list[float]:
    samples = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


# ---------------------------------------------------------------------- phases
def build_index(index: Index, items: list[tuple[Article, list]], vectors: np.ndarray) -> dict[str, Any]:
    """Write chunks (given vectors) and article records the way ``Index.write`` does."""
    docs = [d for _, ds in items for d in ds]
    timings: dict[str, float] = {}
    index._step(BEGIN, [])  # a fresh index: no reader has a BM25 index to bring in step yet
    with stopwatch(timings, "chroma_add_s"):
        index._upsert_chunks(docs, vectors[: len(docs)])
    ids, texts, metas, vecs, offset = [], [], [], [], 0
    for article, ds in items:
        v = vectors[offset:offset + len(ds)].mean(axis=0)
        offset += len(ds)
        ids.append(article.id)
        texts.append(article.text)
        metas.append(_record_meta(article, len(ds)))
        vecs.append((v / (np.linalg.norm(v) or 1.0)).astype(np.float32))
    with stopwatch(timings, "records_add_s"):
        size = index._max_batch()
        for s in range(0, len(ids), size):
            index.articles.upsert(ids=ids[s:s + size], documents=texts[s:s + size],
                                  metadatas=metas[s:s + size], embeddings=vecs[s:s + size])
    index._step(END, [])
    timings["chroma_add_chunks_per_s"] = round(len(docs) / timings["chroma_add_s"], 1)
    return timings


def bm25_figures(index: Index, items: list[tuple[Article, list]]) -> dict[str, Any]:
    docs = [d for _, ds in items for d in ds]
    out: dict[str, Any] = {}
    with stopwatch(out, "build_in_memory_s"):
        LexicalIndex.build([d.id for d in docs], [d.page_content for d in docs], [d.metadata for d in docs], "x")
    with stopwatch(out, "index_lexical_first_call_s"):  # read all chunks from Chroma + build + save
        index.lexical()
    index._lexical = None
    with stopwatch(out, "load_saved_s"):  # what a fresh server process pays
        index.lexical()
    out["lexical_text_sample"] = _lexical_text(docs[0].page_content, docs[0].metadata)[:60]
    return out


def retrieval_figures(index: Index, retriever: HybridRetriever, queries: list[str]) -> dict[str, Any]:
    """End-to-end hybrid latency, and its parts on the same queries (where the time goes)."""
    for q in queries[:5]:  # warm: model, BM25 in memory, HNSW pages
        retriever.retrieve(q)
    lexical = index.lexical()
    qvecs = {q: embeddings.encode([q])[0] for q in queries}
    parts = {
        "hybrid (HybridRetriever.retrieve)": time_each(retriever.retrieve, queries),
        "  query embedding (MiniLM)": time_each(lambda q: embeddings.encode([q]), queries),
        "  chroma dense query (fetch_k, with vectors)": time_each(
            lambda q: index.chunks.query(query_embeddings=[qvecs[q]], n_results=retriever.fetch_k,
                                         include=["documents", "metadatas", "distances", "embeddings"]), queries),
        "  bm25 search": time_each(lambda q: lexical.search(q, retriever.fetch_k), queries),
        "  chunk_count (per call)": time_each(lambda q: index.chunk_count(), queries),
        "  generation check (per call)": time_each(lambda q: index.generation(), queries),
        # every answer and brief reads the wire-copy groups: cached by the write tags
        "copy groups, cached (Index.copy_groups)": time_each(lambda q: index.copy_groups(), queries),
        "copy groups, rebuilt from all records": time_each(
            lambda q: CopyGroups.from_records(index.records().values()), queries),
    }
    return {name: percentiles(samples) for name, samples in parts.items()}


def fresh_process_figures(index_dir: Path, collection: str, queries: list[str]) -> dict[str, Any]:
    """A new process opens the big index the way ``briefbot serve`` does and answers queries.

    Its RSS is the server's: this benchmark process also holds the generated corpus,
    vectors and a second BM25 build, which Python does not hand back to the OS.
    """
    import subprocess

    done = subprocess.run(
        [sys.executable, __file__, "--probe", str(index_dir), "--collection", collection],
        input=json.dumps(queries), capture_output=True, text=True, timeout=1800,
    )
    if done.returncode != 0:
        raise RuntimeError(f"probe process failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def probe(index_dir: Path, collection: str, queries: list[str]) -> dict[str, Any]:
    """(In the probe process) open, warm, time hybrid retrieval, report RSS."""
    out: dict[str, Any] = {}
    with stopwatch(out, "open_and_warm_s"):
        index = Index(Settings(index_dir=index_dir, collection=collection))
        retriever = HybridRetriever(index=index)
        for q in queries[:5]:
            retriever.retrieve(q)
    out["hybrid"] = percentiles(time_each(retriever.retrieve, queries))
    out["rss_mb"] = round(rss_mb(), 1)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return out


def write_articles(folder: Path, articles: Iterator[Article]) -> list[Article]:
    folder.mkdir()
    written = []
    for article in articles:
        (folder / f"{article.id}.md").write_text(
            f"---\nid: {article.id}\ntitle: {json.dumps(article.title)}\nsource: {article.source}\n"
            f"published: {article.published}\n---\n{article.text}\n", encoding="utf-8")
        written.append(article)
    return written


def incremental_write(index: Index, pool: list[str], n: int, rng: random.Random, tmp: Path,
                      queries: list[str]) -> dict[str, Any]:
    """Write ``n`` articles through ``index``; time until a warm replica finds them."""
    replica = Index(index.settings)
    replica_retriever = HybridRetriever(index=replica)
    for q in queries[:3]:
        replica_retriever.retrieve(q)  # warm: the replica holds the BM25 index of the big store
    new = write_articles(tmp / "incremental", _take(synthetic_articles(pool, rng, "inc"), n))
    out: dict[str, Any] = {"articles": n}
    with stopwatch(out, "write_s"):  # load, chunk, embed (no lock), store step, copy groups
        report = ingest(index, [tmp / "incremental"])
    out["chunks"] = report.chunks
    probe_text = new[-1].text.split("\n\n")[0][:300]
    start = time.perf_counter()
    with stopwatch(out, "replica_bm25_catch_up_s"):
        lexical = replica.lexical()
    docs = replica_retriever.retrieve(probe_text, k=6)
    out["visible_on_replica_s"] = round(time.perf_counter() - start, 3)
    out["found"] = any(d.metadata["article_id"] == new[-1].id for d in docs)
    out["bm25_found"] = any(cid.startswith(new[-1].id + "::") for cid, _ in lexical.search(probe_text, 10))
    out["side_chunks"] = len(lexical.side.ids)
    out["replica_hybrid_after_delta"] = percentiles(time_each(replica_retriever.retrieve, queries))
    return out


def ingest_more(index: Index, pool: list[str], n: int, rng: random.Random, tmp: Path) -> dict[str, Any]:
    folder = tmp / "more"
    write_articles(folder, _take(synthetic_articles(pool, rng, "more"), n))
    out: dict[str, Any] = {}
    encode_s = [0.0]
    real_encode = embeddings.encode

    def counted(texts: list[str], batch_size: int = 64) -> np.ndarray:
        start = time.perf_counter()
        try:
            return real_encode(texts, batch_size)
        finally:
            encode_s[0] += time.perf_counter() - start

    import briefbot.store.index as index_module

    index_module.encode = counted
    try:
        with stopwatch(out, "ingest_s"):
            report = ingest(index, [folder])
    finally:
        index_module.encode = real_encode
    out.update(articles=report.added, chunks=report.chunks, embedding_s=round(encode_s[0], 1),
               rest_s=round(out["ingest_s"] - encode_s[0], 1))
    with stopwatch(out, "bm25_rebuild_after_write_s"):
        lexical = index.lexical()
    out["bm25_after_write"] = "full build" if not lexical.side.ids else f"delta ({len(lexical.side.ids)} side chunks)"
    return out


def _take(it: Iterator[Article], n: int) -> Iterator[Article]:
    for _ in range(n):
        yield next(it)


# ---------------------------------------------------------------------- main
def progress(phase: str, figures: Any) -> None:
    """Each phase's figures on stderr as soon as they exist (a long run that fails late keeps them)."""
    print(f"[{time.strftime('%H:%M:%S')}] {phase}: {json.dumps(figures)}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    rng, nrng = random.Random(args.seed), np.random.default_rng(args.seed)
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="briefbot-scale-"))
    settings = Settings(index_dir=tmp / "index", collection="scale")
    result: dict[str, Any] = {"chunks_requested": args.chunks}
    try:
        pool, origin = sentence_pool()
        items = chunked(pool, args.chunks, rng, settings)
        docs = [d for _, ds in items for d in ds]
        progress("chunked", {"articles": len(items), "chunks": len(docs), "rss_mb": round(rss_mb())})
        n_real = min(args.real, len(docs))
        sample = rng.sample(range(len(docs)), n_real)
        with stopwatch(result, "real_embedding_s"):
            real = embeddings.encode([docs[i].page_content for i in sample], settings.embed_batch_size)
        vectors = reused_vectors(real, len(docs), nrng)
        vectors[sample] = real
        result["data"] = {
            "sentences_from": origin, "articles": len(items), "chunks": len(docs),
            "vectors": f"{n_real} real all-MiniLM-L6-v2, {len(docs) - n_real} REUSED (real sample vector + "
                       f"N(0, {NOISE_SIGMA}) noise, re-normalised)",
        }
        progress("data", {**result["data"], "real_embedding_s": result["real_embedding_s"]})
        index = Index(settings)
        result["chroma"] = build_index(index, items, vectors)
        progress("chroma", {**result["chroma"], "rss_mb": round(rss_mb())})
        del vectors, real
        result["bm25"] = bm25_figures(index, items)
        progress("bm25", {**result["bm25"], "rss_mb": round(rss_mb())})
        del items, docs
        retriever = HybridRetriever(index=index, k=settings.k, fetch_k=settings.fetch_k,
                                    mmr_lambda=settings.mmr_lambda)
        result["retrieval"] = retrieval_figures(index, retriever, questions(pool, args.queries, rng))
        result["rss_mb_after_retrieval"] = round(rss_mb(), 1)
        progress("retrieval", {**result["retrieval"], "rss_mb": result["rss_mb_after_retrieval"]})
        result["server_process"] = fresh_process_figures(settings.index_dir, settings.collection,
                                                         questions(pool, args.queries, random.Random(args.seed)))
        progress("server_process", result["server_process"])
        if args.incremental:
            result["incremental"] = incremental_write(index, pool, args.incremental, rng, tmp,
                                                      questions(pool, args.queries, random.Random(args.seed)))
            progress("incremental", result["incremental"])
        if args.more:
            result["ingest_more"] = ingest_more(index, pool, args.more, rng, tmp)
            progress("ingest_more", result["ingest_more"])
        result["rss_mb_end"] = round(rss_mb(), 1)
        result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def report(result: dict[str, Any]) -> str:
    lines = [f"data: {json.dumps(result['data'])}",
             f"real embedding of the sample: {result['real_embedding_s']} s",
             f"chroma add: {result['chroma']['chroma_add_s']} s "
             f"({result['chroma']['chroma_add_chunks_per_s']} chunks/s); "
             f"article records {result['chroma']['records_add_s']} s",
             f"bm25: build in memory {result['bm25']['build_in_memory_s']} s; first index.lexical() "
             f"(read from Chroma + build + save) {result['bm25']['index_lexical_first_call_s']} s; "
             f"load saved {result['bm25']['load_saved_s']} s",
             "retrieval (ms):"]
    for name, p in result["retrieval"].items():
        lines.append(f"  {name:<48} p50 {p['p50_ms']:>7}  p95 {p['p95_ms']:>7}  mean {p['mean_ms']:>7}")
    if "incremental" in result:
        m = result["incremental"]
        rp = m["replica_hybrid_after_delta"]
        lines.append(f"incremental write of {m['articles']} articles ({m['chunks']} chunks): write {m['write_s']} s; "
                     f"a warm replica finds it {m['visible_on_replica_s']} s after the write returned "
                     f"(BM25 catch-up {m['replica_bm25_catch_up_s']} s, found: {m['found']}, "
                     f"BM25 found: {m['bm25_found']}); replica hybrid p50 with the delta {rp['p50_ms']} ms "
                     f"p95 {rp['p95_ms']} ms")
    if "ingest_more" in result:
        m = result["ingest_more"]
        lines.append(f"ingest {m['articles']} more articles ({m['chunks']} chunks) into the big index: "
                     f"{m['ingest_s']} s (embedding {m['embedding_s']} s, rest {m['rest_s']} s); "
                     f"BM25 after the write {m['bm25_rebuild_after_write_s']} s ({m['bm25_after_write']})")
    server = result["server_process"]
    lines.append("server-like fresh process (opens the index like briefbot serve): "
                 f"open+warm {server['open_and_warm_s']} s, hybrid p50 {server['hybrid']['p50_ms']} ms "
                 f"p95 {server['hybrid']['p95_ms']} ms, RSS {server['rss_mb']} MB (peak {server['peak_rss_mb']} MB)")
    lines.append(f"this benchmark process: RSS {result['rss_mb_after_retrieval']} MB after retrieval, "
                 f"{result['rss_mb_end']} MB at end, peak {result['peak_rss_mb']} MB (holds the generated data too)")
    hybrid = server["hybrid"]
    ok_p50 = hybrid["p50_ms"] <= TARGET_P50_MS
    ok_rss = server["peak_rss_mb"] / 1024 <= TARGET_RSS_GB
    verdict = {True: "MET", False: "MISSED"}
    lines.append(f"targets: hybrid p50 {hybrid['p50_ms']} ms <= {TARGET_P50_MS}: {verdict[ok_p50]}; "
                 f"server peak RSS {server['peak_rss_mb'] / 1024:.2f} GB <= {TARGET_RSS_GB}: {verdict[ok_rss]}")
    if "incremental" in result:
        m = result["incremental"]
        ok = m["found"] and m["visible_on_replica_s"] <= TARGET_VISIBLE_S
        lines.append(f"target: {m['articles']} new articles searchable on a replica within {TARGET_VISIBLE_S} s "
                     f"of the write: {m['visible_on_replica_s']} s {verdict[ok]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000, help="chunks in the big index")
    parser.add_argument("--real", type=int, default=2000, help="chunks embedded with the real model")
    parser.add_argument("--queries", type=int, default=60, help="timed retrieval queries")
    parser.add_argument("--more", type=int, default=1000, help="articles ingested into the big index (0: skip)")
    parser.add_argument("--incremental", type=int, default=10,
                        help="articles written while a replica watches (0: skip)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", metavar="DIR", help="build the index in DIR and keep it")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--probe", metavar="INDEX_DIR", help=argparse.SUPPRESS)  # the server-like child
    parser.add_argument("--collection", default="scale", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(probe(Path(args.probe), args.collection, json.loads(sys.stdin.read()))))
        return 0
    result = run(args)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
