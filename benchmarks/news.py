"""Speed of the news features, printed as figures (no asserts).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/news.py [--index DIR]

* date resolution: every sentence of corpus/ + evals/fixtures through ``events_in``
  (dateparser, English only, no network), first call (loads dateparser's tables) and
  warm calls;
* copy signatures: MinHash of every corpus article, and grouping a 761-article pool
  (with ../shared present) as ingest does;
* ``BriefBot.timeline("Lavrov Rubio")`` on an index of corpus/ (built in a temp folder
  unless ``--index`` is given), cold and warm.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", help="an index of corpus/ to reuse")
    args = ap.parse_args()

    from briefbot.sources.articles import Article, iter_files, load_file
    from briefbot.writing.timeline import events_in

    arts = [a for d in (REPO / "corpus", REPO / "evals" / "fixtures") for f in iter_files(d)
            for a in load_file(f, 10**7) if isinstance(a, Article)]
    t0 = time.perf_counter()
    n = sum(len(events_in(a)) for a in arts)
    cold = _ms(t0)
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        sum(len(events_in(a)) for a in arts)
        runs.append(_ms(t0))
    print(f"events_in: {len(arts)} articles, {n} events; first pass {cold:.0f} ms, "
          f"warm median {statistics.median(runs):.1f} ms ({statistics.median(runs) / len(arts):.2f} ms/article)")

    from briefbot.evaluation.syndication import generate
    from briefbot.store.copies import find_groups, signature

    t0 = time.perf_counter()
    sigs = {a.id: signature(a.text) for a in arts}
    print(f"minhash: {len(arts)} articles in {_ms(t0):.0f} ms")
    data = generate(REPO / "corpus", REPO.parent / "shared" / "evaldata")
    t0 = time.perf_counter()
    sigs = {a.id: signature(a.text) for a in data.articles}
    t_sig = _ms(t0)
    t0 = time.perf_counter()
    groups = find_groups(sigs, {a.id: () for a in data.articles})
    print(f"syndication pool: {len(data.articles)} articles, signatures {t_sig:.0f} ms, "
          f"LSH grouping {_ms(t0):.0f} ms, {len(groups)} copies")

    from briefbot.config import Settings
    from briefbot.core import BriefBot

    with tempfile.TemporaryDirectory() as tmp:
        index = Path(args.index) if args.index else Path(tmp) / "idx"
        bot = BriefBot(Settings(index_dir=index))
        if not args.index:
            t0 = time.perf_counter()
            bot.ingest([REPO / "corpus"])
            print(f"ingest corpus/: {_ms(t0) / 1000:.1f} s")
        t0 = time.perf_counter()
        tl = bot.timeline("Lavrov Rubio")
        cold = _ms(t0)
        warm = []
        for _ in range(3):
            t0 = time.perf_counter()
            bot.timeline("Lavrov Rubio")
            warm.append(_ms(t0))
        print(f"timeline 'Lavrov Rubio': {len(tl.events)} events; cold {cold:.0f} ms, warm median "
              f"{statistics.median(warm):.0f} ms")


if __name__ == "__main__":
    main()
