"""Print the story brief of a few Multi-News dev clusters and count what reads badly.

Run it with any tree on ``PYTHONPATH`` to compare two versions of the brief writer::

    PYTHONPATH=. python scripts/brief_story_check.py --clusters 8 [--quiet] [--json OUT]

Per cluster (built as ``briefbot eval --dataset multinews`` builds it: a throw-away index of
the cluster's articles, a cluster brief of 8 points) it prints the brief as the terminal
renders it, then counts, from the brief's HTML (what the web app shows):

* ``repeated`` — items of one section that say what an item of another section already says
  (the same text, or MiniLM cosine >= 0.85 between the two items' texts);
* ``forecasts_in_happened`` — items under "What happened" that speak of the future in their
  main clause (a modal or "will" on the main verb, "is expected/scheduled/due to ...", a date
  after the report), listed so they can be checked by eye;
* ``dangling`` — point and story sentences that open by pointing outside themselves
  (:func:`briefbot.evaluation.brief_checks.dangling_starts`);
* ``words`` — words the brief's story sections show (markers excluded).

Only APIs present in both the old and the new writer are used, so before/after is one script.
The counts are a reading aid for a handful of clusters, not an eval gate.
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import re
import tempfile
from pathlib import Path
from typing import Any

SECTIONS = ("bottom_line", "what_happened", "why", "who_says_what", "what_next", "questions")
SAME_FACT = 0.85
FUTURE = re.compile(
    r"\b(?:will|shall|may|might|could)\s+(?:not\s+)?(?:be\s+|have\s+)?\w+"
    r"|\b(?:is|are|was|were)\s+(?:expected|scheduled|due|set|slated|poised|likely)\s+to\b"
    r"|\b(?:later\s+this|next)\s+(?:week|month|year)\b", re.I)
_REPORTED = re.compile(r"\b(?:said|says|told|according\s+to|reported|announced)\b", re.I)


def section_texts(page: str) -> dict[str, list[str]]:
    """Visible item texts per story section (and ``disagreements``) of a brief's HTML."""
    out: dict[str, list[str]] = {}
    for m in re.finditer(r'<section class="bb-section" data-section="(\w+)">(.*?)</section>', page, re.S):
        out[m.group(1)] = _items(m.group(2))
    d = re.search(r'<div class="bb-disagreements">(.*?)</div>', page, re.S)
    if d:
        sides = re.findall(r"“(.*?)”", html_lib.unescape(re.sub(r"<[^>]+>", "", d.group(1))))
        out["disagreements"] = [s.strip() for s in sides]
    return out


def _items(fragment: str) -> list[str]:
    texts = []
    fragment = re.sub(r"<li><b>[^<]*</b>\s*(?=<ul>|<small>|\[|<a )", "<li>", fragment)  # a speaker's name
    for li in re.findall(r"<li>(.*?)(?=<li>|</li>|<ul>)", fragment, re.S):
        text = html_lib.unescape(re.sub(r"<[^>]+>", " ", li))
        text = re.sub(r"\[\d+\]", " ", text)
        text = re.sub(r"^\s*\d{4}-\d{2}-\d{2}\s+", "", text)
        text = re.sub(r"\(raised by [^)]*\)", "", text)
        text = " ".join(text.split())
        if len(text.split()) >= 3:  # a speaker's name alone is not a fact
            texts.append(text)
    return texts


def repeated(sections: dict[str, list[str]], encode: Any) -> list[tuple[str, str, str]]:
    """(section, earlier section, text) for every item that repeats an item of another section."""
    flat = [(k, t) for k, texts in sections.items() for t in texts]
    if not flat:
        return []
    vecs = encode([t for _, t in flat])
    out = []
    for i, (sec, text) in enumerate(flat):
        for j in range(i):
            other, prev = flat[j]
            if other != sec and (prev == text or float(vecs[i] @ vecs[j]) >= SAME_FACT):
                out.append((sec, other, text))
                break
    return out


def future_in_main_clause(text: str) -> bool:
    """A crude, independent check for the counts: a future cue not inside reported speech's
    subordinate clause is taken as a forecast ("X will be sentenced next month")."""
    m = FUTURE.search(text)
    if not m:
        return False
    speech = _REPORTED.search(text)
    return not (speech and speech.start() < m.start() and " that " in text[speech.start():m.start()] + " ")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--clusters", type=int, default=8)
    ap.add_argument("--items", default=str(Path(__file__).resolve().parents[1].parent.parent / "shared" / "evaldata"
                                          / "multinews_dev.jsonl"))
    ap.add_argument("--quiet", action="store_true", help="counts only")
    ap.add_argument("--ids", nargs="*", default=[], help="only the clusters whose id starts with one of these")
    ap.add_argument("--json", help="write per-cluster counts and briefs here")
    ap.add_argument("--rouge", action="store_true",
                    help="also ROUGE-L of the points (what the multinews eval scores) and of the length-matched lead")
    args = ap.parse_args()
    items_path = Path(args.items)
    if not items_path.is_file():
        items_path = Path("/work/shared/evaldata/multinews_dev.jsonl")

    from briefbot.app.render import render_summary_terminal
    from briefbot.app.ui.brief_html import summary_html
    from briefbot.config import Settings
    from briefbot.core import BriefBot
    from briefbot.evaluation.brief_checks import dangling_starts
    from briefbot.evaluation.summaries import _article_ids, _ingest, _load
    from briefbot.store.embeddings import encode
    from briefbot.writing.compose import ExtractiveComposer
    from briefbot.writing.summarize_brief import BriefParams, build_brief

    items = _load(items_path, "multinews", None if args.ids else args.clusters)
    if args.ids:
        items = [i for i in items if any(str(i["id"]).startswith(p) for p in args.ids)]
    from briefbot.evaluation.summaries import _lead, _rouge, _scorer, _usable

    scorer = _scorer() if args.rouge else None
    totals = {"repeated": 0, "forecasts_in_happened": 0, "dangling": 0, "items": 0, "words": 0}
    rouge: list[tuple[str, float, float]] = []
    rows = []
    with tempfile.TemporaryDirectory(prefix="briefbot-storycheck-") as tmp:
        settings = Settings.load().model_copy(update={"index_dir": Path(tmp), "chroma_url": None,
                                                      "collection": "storycheck"})
        bot = BriefBot(settings)
        _ingest(bot, items, "multinews")
        for item in items:
            summary = build_brief(bot.index, "", {"article_ids": _article_ids(item, "multinews")},
                                  ExtractiveComposer(), BriefParams(max_points=8))
            page = summary_html(summary)
            sections = section_texts(page)
            rep = repeated(sections, encode)
            forecasts = [t for t in sections.get("what_happened", []) if future_in_main_clause(t)]
            dangling, n_sent = dangling_starts(summary.to_dict())
            words = sum(len(t.split()) for k, ts in sections.items() for t in ts)
            row = {"id": item["id"], "repeated": len(rep), "forecasts_in_happened": len(forecasts),
                   "dangling": dangling, "items": sum(len(v) for v in sections.values()), "words": words,
                   "repeats": rep, "forecasts": forecasts, "brief": render_summary_terminal(summary)}
            if scorer is not None:
                ref = item["reference_summary"]
                ours = _rouge(scorer, ref, " ".join(p.text for p in summary.points))["rougeL"]
                lead = _rouge(scorer, ref, _lead([_usable(a["text"]) for a in item["articles"]], 8))["rougeL"]
                row["rougeL"], row["lead_k_rougeL"] = ours, lead
                row["points"] = [p.text for p in summary.points]
                rouge.append((item["id"], ours, lead))
            rows.append(row)
            for k in totals:
                totals[k] += row[k]
            if not args.quiet:
                print("=" * 100)
                print(f"cluster {item['id']}: repeated {len(rep)}, forecasts under what happened {len(forecasts)}, "
                      f"dangling {dangling}/{n_sent}, {words} words")
                print(row["brief"].split("\nSources:")[0])
                for sec, other, text in rep:
                    print(f"  REPEATED in {sec} (already in {other}): {text[:110]}")
                for text in forecasts:
                    print(f"  FORECAST under what happened: {text[:110]}")
        del bot
    print("TOTAL", json.dumps(totals))
    if rouge:
        n = len(rouge)
        print(f"ROUGE-L of the points over {n} clusters: {sum(r[1] for r in rouge) / n:.4f} "
              f"(length-matched lead {sum(r[2] for r in rouge) / n:.4f})")
    if args.json:
        Path(args.json).write_text(json.dumps({"totals": totals, "clusters": rows}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
