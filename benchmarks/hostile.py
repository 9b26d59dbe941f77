"""Hostile-corpus benchmark (issue 21): normal asks over corpus/ with and without hostile articles.

Ingests ``corpus/`` into a temporary index and times the normal questions (p50/p95 of
``BriefBot.ask``, extractive); then ingests the issue's hostile articles into the same
index — N1 (a sentence followed by 60,000 dots), N3 (a 10,000-digit run before the counted
thing), N14 (a Markdown heading of 40,000 spaces), N4 (a YAML alias bomb, refused) — each
worded so the normal questions retrieve it, and times the same questions again, plus
follow-ups carrying the largest history the caps allow (N2: "the Xx Yy, " repeated).
Prints the ingest time of the hostile files, both latency distributions and the p95 ratio
(target: hostile p95 within 2x of clean).  Figures only; nothing is asserted.

    .venv/bin/python benchmarks/hostile.py                # 3 rounds of the questions
    .venv/bin/python benchmarks/hostile.py --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "Why was the Lavrov–Rubio meeting postponed?",
    "What did the Senate do with the Sanctioning Russia Act?",
    "How much did KTZ spend on new workwear?",
    "How many senators support the Sanctioning Russia Act?",
    "What damage did the drone attack do to the CPC terminal?",
    "Who won the 2031 World Cup?",  # not in the corpus: insufficient_evidence
]


def hostile_files(folder: Path) -> list[Path]:
    """The issue's reproductions, worded to be retrieved by the normal questions."""
    bomb = "---\na: &a [" + ", ".join(['"lol"'] * 9) + "]\n"
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    bomb += "title: *g\n---\nThe Lavrov-Rubio meeting was postponed.\n"
    files = {
        "n1-dots.txt": "Lavrov Rubio meeting postponed\n\nThe Lavrov-Rubio meeting was postponed and the talks "
                       "collapsed. " + "." * 60_000 + "x",
        "n3-digits.txt": "KTZ workwear spending\n\nKTZ spent " + "1" * 10_000 + " tenge on new workwear, and "
                         "senators support the Sanctioning Russia Act.",
        "n14-heading.md": "# " + " " * 40_000 + "x\nThe Senate and the Sanctioning Russia Act: the drone attack "
                          "on the CPC terminal.",
        "n4-alias-bomb.md": bomb,
    }
    out = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def time_asks(bot: object, rounds: int, history: list[dict[str, str]] | None = None) -> list[float]:
    times = []
    for _ in range(rounds):
        for q in QUESTIONS:
            t0 = time.perf_counter()
            bot.ask(q, history=history)  # type: ignore[attr-defined]
            times.append((time.perf_counter() - t0) * 1000)
    return times


def describe(label: str, ms: list[float]) -> str:
    return f"{label:32s} n={len(ms):3d}  p50 {statistics.median(ms):8.1f} ms  p95 {pct(ms, 0.95):8.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="times each question is asked per phase")
    args = parser.parse_args()

    from briefbot.config import Settings
    from briefbot.core import BriefBot

    with tempfile.TemporaryDirectory(prefix="briefbot-hostile-") as tmp:
        settings = Settings(index_dir=Path(tmp) / "index")
        bot = BriefBot(settings)
        t0 = time.perf_counter()
        bot.ingest([str(ROOT / "corpus")])
        print(f"clean ingest of corpus/: {time.perf_counter() - t0:.1f} s")
        time_asks(bot, 1)  # warm the model and caches
        clean = time_asks(bot, args.rounds)

        folder = Path(tmp) / "hostile"
        folder.mkdir()
        t0 = time.perf_counter()
        report = bot.ingest([str(p) for p in hostile_files(folder)])
        took = time.perf_counter() - t0
        print(f"hostile ingest (N1, N3, N14, N4): {took:.2f} s, {report.chunks} chunks, "
              f"refused: {[f.error[:70] for f in report.failed]}")
        hostile = time_asks(bot, args.rounds)
        limits = settings.max_history_turn_chars
        history = [{"role": "user", "content": "Why was the Lavrov–Rubio meeting postponed?"},
                   {"role": "assistant", "content": ("the Xx Yy, " * limits)[:limits]}]
        followups = time_asks(bot, max(1, args.rounds // 2), history=history)

    print(describe("clean corpus", clean))
    print(describe("corpus + hostile articles", hostile))
    print(describe(f"  + N2 history ({limits} chars)", followups))
    ratio = pct(hostile, 0.95) / pct(clean, 0.95)
    ratio2 = pct(followups, 0.95) / pct(clean, 0.95)
    print(f"p95 ratio hostile/clean: {ratio:.2f}  (N2 follow-ups/clean: {ratio2:.2f}; target <= 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
