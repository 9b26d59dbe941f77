"""Generate the syndication set and sweep the copy threshold (calibrates briefbot.store.copies).

    PYTHONPATH=$PWD .venv/bin/python scripts/make_syndication_set.py [--out reports/syndication-set.jsonl]

Writes the generated pool (never committed: it holds ../shared text) and prints
copy_precision / copy_recall for shingle sizes 3-5 and thresholds 0.3-0.8, plus the
highest similarity of a different report of the same story and the lowest of a copy.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from briefbot.evaluation.syndication import generate, score, true_pairs
from briefbot.store import copies as dedup

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(REPO / "reports" / "syndication-set.jsonl"))
    ap.add_argument("--evaldata", default=str(REPO.parent / "shared" / "evaldata"))
    args = ap.parse_args()
    data = generate(REPO / "corpus", Path(args.evaldata))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(data.to_jsonl(), encoding="utf-8")
    n_copies = sum(1 for a in data.articles if a.original)
    print(f"pool: {len(data.articles)} articles ({n_copies} copies), {len(data.same_story)} same-story pairs -> {out}")
    by_id = {a.id: a for a in data.articles}
    for size in (3, 4, 5):
        dedup.SHINGLE_WORDS = size
        sigs = {a.id: dedup.signature(a.text) for a in data.articles}
        copies = [dedup.similarity(sigs[a], sigs[b]) for a, b in true_pairs(data.articles)]
        story = [dedup.similarity(sigs[a], sigs[b]) for a, b in data.same_story if a in by_id and b in by_id]
        print(f"shingles={size}: copy similarity min {min(copies):.2f} p5 {sorted(copies)[len(copies) // 20]:.2f}; "
              f"same-story max {max(story):.2f} p99 {sorted(story)[int(len(story) * 0.99)]:.2f}")
        for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            s = score(data, threshold)
            print(f"  threshold {threshold:.1f}: precision {s.precision:.3f} recall {s.recall:.3f} "
                  f"(predicted {s.predicted}, true {s.true}, same-story flagged {s.same_story_flagged})")


if __name__ == "__main__":
    main()
