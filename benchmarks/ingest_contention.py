"""Does a big ingest starve readers? An ask during a large JSONL ingest vs the same ask idle.

    OMP_NUM_THREADS=1 nice .venv/bin/python benchmarks/ingest_contention.py [--records 2000] [--asks 5]

Issue 21 N5: embedding used to run under the server's exclusive, writer-preferring
write lock, so an ask sent during a 2,000-record JSONL upload waited for all of it
(91 s measured).  Now chunking and embedding run outside the lock and the store holds
it only per batch's store step.  Real parts: the :class:`briefbot.app.service.ServedBot`
every front end uses, over a real :class:`briefbot.core.BriefBot` (embedded Chroma,
MiniLM, bm25s) on a temporary index of ``corpus/``; the JSONL records are recombined
from the corpus sentences.  Target: an ask during the ingest takes at most 2x its idle
time (the two share the CPU, which is part of what is measured).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefbot.app.service import ServedBot  # noqa: E402
from briefbot.config import Settings  # noqa: E402
from briefbot.core import BriefBot  # noqa: E402
from briefbot.sources.articles import Article, load_sources  # noqa: E402
from briefbot.sources.chunking import split_sentences  # noqa: E402

TARGET_RATIO = 2.0


def question_pool(n: int, seed: int = 11) -> list[str]:
    """``n`` different questions made from corpus sentences: every ask is new to the caches
    (query embeddings, sentence vectors), as real traffic is."""
    rng = random.Random(seed)
    sentences = []
    for art in load_sources([REPO / "corpus"]):
        if isinstance(art, Article):
            sentences += [art.text[s.start:s.end] for s in split_sentences(art.text)]
    sentences = [s for s in sentences if 8 <= len(s.split()) <= 40]
    asks = [f"What happened when {' '.join(s.split()[:9])}?" for s in sentences]
    rng.shuffle(asks)
    return [asks[i % len(asks)] + ("" if i < len(asks) else f" (take {i // len(asks)})") for i in range(n)]


def write_jsonl(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    pool = []
    for art in load_sources([REPO / "corpus"]):
        if isinstance(art, Article):
            pool += [art.text[s.start:s.end] for s in split_sentences(art.text)]
    pool = [s for s in pool if 8 <= len(s.split()) <= 40]
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({"id": f"bulk-{i:05d}", "title": f"Bulk report {i}", "source": f"Wire {i % 7}",
                                  "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                  "text": " ".join(rng.sample(pool, 4))}) + "\n")


def timed_ask(sbot: ServedBot, question: str) -> float:
    start = time.perf_counter()
    sbot.ask(question, backend="extractive")
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000, help="JSONL records ingested while asking")
    parser.add_argument("--asks", type=int, default=15, help="idle asks")
    parser.add_argument("--start-after", type=float, default=5.0, help="seconds into the ingest before asking")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="briefbot-contention-"))
    try:
        bot = BriefBot(Settings(index_dir=tmp / "index"))
        sbot = ServedBot(bot)
        sbot.ingest([REPO / "corpus"])
        sbot.warm()
        questions = iter(question_pool(100_000))
        for _ in range(3):
            timed_ask(sbot, next(questions))  # warm the model and the BM25 index
        idle = [timed_ask(sbot, next(questions)) for _ in range(args.asks)]
        jsonl = tmp / "bulk.jsonl"
        write_jsonl(jsonl, args.records)

        report: dict[str, object] = {}
        ingest_started = time.perf_counter()

        def run_ingest() -> None:
            report["ingest"] = sbot.ingest([jsonl])
            report["ingest_s"] = round(time.perf_counter() - ingest_started, 1)

        writer = threading.Thread(target=run_ingest)
        writer.start()
        time.sleep(args.start_after)
        during: list[float] = []
        while writer.is_alive():
            during.append(timed_ask(sbot, next(questions)))
        writer.join()
        idle_p50 = statistics.median(idle)
        p50 = statistics.median(during) if during else float("nan")
        worst = max(during) if during else float("nan")
        added = getattr(report.get("ingest"), "added", "?")
        print(f"ingest of {args.records} JSONL records: {report.get('ingest_s')} s ({added} added)")
        print(f"ask idle:          p50 {idle_p50:7.0f} ms   max {max(idle):7.0f} ms   (n={len(idle)})")
        print(f"ask during ingest: p50 {p50:7.0f} ms   max {worst:7.0f} ms   (n={len(during)})")
        ratio = p50 / idle_p50
        verdict = "MET" if ratio <= TARGET_RATIO else "MISSED"
        print(f"target: ask during ingest p50 <= {TARGET_RATIO}x idle: {ratio:.2f}x {verdict} "
              f"(worst single ask {worst / idle_p50:.2f}x)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
