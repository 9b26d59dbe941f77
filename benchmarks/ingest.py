"""Ingest throughput vs. raw model encoding, and the cost of an unchanged re-ingest.

    .venv/bin/python benchmarks/ingest.py [--repeat N] [--synthetic N] [--json]

Two corpora are written to a temporary directory (never into the repository):

* ``evaldata`` -- the MultiHop-RAG dev articles (JSONL, as shipped) plus the
  ``sum_dev.jsonl`` articles and every ``multinews_dev.jsonl`` cluster article turned
  into JSONL articles (from ``../shared/evaldata`` or ``--evaldata DIR``);
* ``synthetic`` -- ``--synthetic N`` front-matter Markdown articles made by recombining
  sentences of those texts (or of ``corpus/`` when the eval data is absent).

For each corpus and each repeat (figures are medians over ``--repeat``):

* **raw encode** -- ``briefbot.store.embeddings.encode`` on exactly the chunk texts ingest
  produces, with the same batch size;
* **ingest** -- a full ``ingest()`` into a fresh temporary index (load, chunk, embed,
  write to Chroma); the model is loaded and warmed before either is timed, and the two
  measurements alternate so that machine load hits both alike;
* **re-ingest** -- ``ingest()`` again on the unchanged corpus (must embed nothing).

The re-ingest ratio is reported two ways: ``first/second`` with the model already
loaded (the headline: the conservative, like-for-like figure) and with the one-off
model load added to the first ingest (what a fresh ``briefbot ingest`` process pays).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefbot.config import Settings  # noqa: E402
from briefbot.sources.articles import Article, load_sources  # noqa: E402
from briefbot.sources.chunking import chunk_article, split_sentences  # noqa: E402
from briefbot.store import embeddings  # noqa: E402
from briefbot.store.index import Index  # noqa: E402
from briefbot.store.ingest import ingest  # noqa: E402

TARGET_RATIO = 0.85
TARGET_REINGEST = 50.0


# ---------------------------------------------------------------------- corpora
def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def build_evaldata_corpus(evaldata: Path, dest: Path) -> Path:
    """MultiHop-RAG articles as-is plus summary-set articles converted to JSONL."""
    dest.mkdir(parents=True)
    multihop = evaldata / "multihop_rag.dev.articles.jsonl"
    (dest / "multihop_rag.jsonl").write_bytes(multihop.read_bytes())
    rows: list[dict[str, Any]] = []
    for rec in _read_jsonl(evaldata / "sum_dev.jsonl"):
        rows.append(
            {
                "id": rec["id"],
                "title": rec.get("title"),
                "source": rec.get("dataset"),
                "text": rec["text"],
            }
        )
    for rec in _read_jsonl(evaldata / "multinews_dev.jsonl"):
        for i, art in enumerate(rec["articles"]):
            rows.append(
                {
                    "id": f"{rec['id'][:24]}-{i}",
                    "title": art.get("title"),
                    "source": "multi_news",
                    "text": art["text"],
                }
            )
    with (dest / "summaries.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return dest


def sentence_pool(sources: list[Path]) -> list[str]:
    pool: list[str] = []
    for item in load_sources(sources):
        if isinstance(item, Article):
            text = item.text
            pool += [text[s.start : s.end] for s in split_sentences(text)]
    return [s for s in pool if 6 <= len(s.split()) <= 45]


def build_synthetic_corpus(pool: list[str], dest: Path, n: int, seed: int = 13) -> Path:
    """``n`` Markdown articles of 4-14 recombined sentences, 500 per folder."""
    rng = random.Random(seed)
    outlets = ["Steppe Wire", "Harbour Times", "Valley Gazette", "Northern Wire", "Island Post"]
    for i in range(n):
        folder = dest / f"part-{i // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        paragraphs = []
        for _ in range(rng.randint(2, 4)):
            paragraphs.append(" ".join(rng.sample(pool, rng.randint(2, 4))))
        (folder / f"syn-{i:05d}.md").write_text(
            f"---\nid: syn-{i:05d}\ntitle: Synthetic article {i}\nsource: {outlets[i % 5]}\n"
            f"published: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n---\n"
            + "\n\n".join(paragraphs)
            + "\n",
            encoding="utf-8",
        )
    return dest


def chunk_texts(source: Path, settings: Settings) -> tuple[int, list[str]]:
    """The exact chunk texts ``ingest`` will embed for ``source``."""
    arts = [a for a in load_sources([source]) if isinstance(a, Article)]
    texts = [
        d.page_content
        for a in arts
        for d in chunk_article(a, settings.chunk_words, settings.chunk_overlap_sentences)
    ]
    return len(arts), texts


# ---------------------------------------------------------------------- timing
def timed_cpu(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock and process CPU seconds (all threads) of ``fn()``, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


class EncodeTimer:
    """Wraps ``briefbot.store.index.encode`` to split ingest time into embedding vs. the rest."""

    def __init__(self) -> None:
        import briefbot.store.index

        self.module = briefbot.store.index
        self.real = briefbot.store.index.encode
        self.seconds = 0.0

    def __enter__(self) -> EncodeTimer:
        def wrapper(texts: list[str], batch_size: int = 64) -> Any:
            start = time.perf_counter()
            try:
                return self.real(texts, batch_size)
            finally:
                self.seconds += time.perf_counter() - start

        self.module.encode = wrapper
        return self

    def __exit__(self, *exc: object) -> None:
        self.module.encode = self.real


def bench_corpus(
    name: str, source: Path, work: Path, repeat: int, batch_size: int, step: int
) -> dict[str, Any]:
    settings = Settings(
        index_dir=work / "unused", embed_batch_size=batch_size, ingest_batch_chunks=step
    )
    n_articles, texts = chunk_texts(source, settings)
    words = sum(len(t.split()) for t in texts) / max(1, len(texts))
    runs: dict[str, list[float]] = {
        k: [] for k in ("raw", "raw_cpu", "ingest", "ingest_cpu", "encode", "reingest")
    }
    for r in range(repeat):
        t_raw, c_raw, vectors = timed_cpu(lambda: embeddings.encode(texts, batch_size))
        assert len(vectors) == len(texts)
        index = Index(settings.with_overrides(index_dir=work / f"{name}-idx-{r}"))
        with EncodeTimer() as timer:
            t_first, c_first, first = timed_cpu(lambda index=index: ingest(index, [source]))
        assert first.chunks == len(texts) and first.added == n_articles, first.to_dict()
        with EncodeTimer() as nothing:
            t_second, _, second = timed_cpu(lambda index=index: ingest(index, [source]))
        assert second.unchanged == n_articles and second.chunks == 0 and nothing.seconds == 0
        for key, value in zip(
            runs, (t_raw, c_raw, t_first, c_first, timer.seconds, t_second), strict=True
        ):
            runs[key].append(value)
        print(
            f"  [{name} run {r + 1}/{repeat}] raw {t_raw:.2f}s (cpu {c_raw:.2f}s)  "
            f"ingest {t_first:.2f}s (cpu {c_first:.2f}s, encode {timer.seconds:.2f}s)  "
            f"re-ingest {t_second:.3f}s",
            file=sys.stderr,
            flush=True,
        )
    med = {k: statistics.median(v) for k, v in runs.items()}
    return {
        "corpus": name,
        "articles": n_articles,
        "chunks": len(texts),
        "words_per_chunk": round(words, 1),
        "repeat": repeat,
        "batch_size": batch_size,
        "ingest_batch_chunks": step,
        "raw_encode_s": round(med["raw"], 3),
        "raw_encode_chunks_per_s": round(len(texts) / med["raw"], 1),
        "ingest_s": round(med["ingest"], 3),
        "ingest_chunks_per_s": round(len(texts) / med["ingest"], 1),
        "ingest_encode_s": round(med["encode"], 3),
        "ingest_to_raw_ratio": round(med["raw"] / med["ingest"], 3),
        "ingest_to_raw_ratio_cpu": round(med["raw_cpu"] / med["ingest_cpu"], 3),
        "reingest_unchanged_s": round(med["reingest"], 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per corpus (median)")
    parser.add_argument("--synthetic", type=int, default=2000, help="synthetic articles (0: none)")
    parser.add_argument(
        "--evaldata",
        type=Path,
        default=REPO.parent / "shared" / "evaldata",
        help="folder with the MultiHop-RAG / summary jsonl files",
    )
    parser.add_argument("--no-evaldata", action="store_true", help="skip the evaldata corpus")
    parser.add_argument("--batch-size", type=int, default=Settings().embed_batch_size)
    parser.add_argument(
        "--ingest-batch-chunks",
        type=int,
        default=Settings().ingest_batch_chunks,
        help="chunks embedded and written per ingest step",
    )
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="briefbot-bench-") as tmp:
        work = Path(tmp)
        corpora: list[tuple[str, Path]] = []
        have_evaldata = (
            not args.no_evaldata and (args.evaldata / "multihop_rag.dev.articles.jsonl").is_file()
        )
        if have_evaldata:
            corpora.append(("evaldata", build_evaldata_corpus(args.evaldata, work / "evaldata")))
        if args.synthetic > 0:
            pool_from = [work / "evaldata"] if have_evaldata else [REPO / "corpus"]
            pool = sentence_pool(pool_from)
            corpora.append(
                ("synthetic", build_synthetic_corpus(pool, work / "synthetic", args.synthetic))
            )
        if not corpora:
            parser.error("no corpus: evaldata is missing and --synthetic is 0")

        t_load, _, _ = timed_cpu(
            lambda: embeddings.encode(["warm up the model"] * 8, args.batch_size)
        )
        print(f"model load + warm-up: {t_load:.2f}s", file=sys.stderr)
        results = [
            bench_corpus(name, path, work, args.repeat, args.batch_size, args.ingest_batch_chunks)
            for name, path in corpora
        ]

    print(
        f"briefbot ingest benchmark (median of {args.repeat}; encode batch size "
        f"{args.batch_size}; ingest step {args.ingest_batch_chunks} chunks)"
    )
    print(f"model load + warm-up (once per process): {t_load:.2f} s")
    for res in results:
        warm = res["ingest_s"] / res["reingest_unchanged_s"]
        cold = (res["ingest_s"] + t_load) / res["reingest_unchanged_s"]
        res["reingest_ratio_warm"] = round(warm, 1)
        res["reingest_ratio_with_model_load"] = round(cold, 1)
        res["model_load_s"] = round(t_load, 3)
        ok_ratio = "ok" if res["ingest_to_raw_ratio"] >= TARGET_RATIO else "BELOW TARGET"
        ok_re = "ok" if warm >= TARGET_REINGEST else "BELOW TARGET"
        print(
            f"\n[{res['corpus']}] {res['articles']} articles, {res['chunks']} chunks "
            f"({res['words_per_chunk']} words/chunk)"
        )
        print(
            f"  raw encode        : {res['raw_encode_chunks_per_s']:8.1f} chunks/s "
            f"({res['raw_encode_s']:.2f} s)"
        )
        print(
            f"  ingest            : {res['ingest_chunks_per_s']:8.1f} chunks/s "
            f"({res['ingest_s']:.2f} s, of which encode {res['ingest_encode_s']:.2f} s)"
        )
        print(
            f"  ingest / raw      : {res['ingest_to_raw_ratio']:8.3f}   "
            f"(target >= {TARGET_RATIO}: {ok_ratio})"
        )
        print(f"  re-ingest (same)  : {res['reingest_unchanged_s']:8.3f} s, nothing embedded")
        print(
            f"  first / re-ingest : {warm:8.1f}x  headline, model already loaded "
            f"(target >= {TARGET_REINGEST:.0f}x: {ok_re})"
        )
        print(f"  incl. model load  : {cold:8.1f}x  (first ingest + {t_load:.1f} s model load)")
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
