"""Where does the labelled fact get lost?  (issue 17, "Answerhood on real text")

For each answerable realnews dev item that came out wrong (``hedged_wrong`` with an answerable
label, or ``false_abstention``), find the labelled fact's sentences (a labelled fact phrase inside
a sentence of a labelled article) and the first step of the answer chain that loses all of them:

* ``not_retrieved`` — in no chunk of the index's top-k;
* ``not_evidence`` — retrieved (or read by the story search) but not an evidence item;
* ``gated`` — an evidence item, but a gate stopped the question (insufficient before selection);
* ``not_pooled`` — an evidence item, but outside the candidate pool;
* ``not_selected`` — in the pool, not selected;
* ``not_leading`` — selected, not the lead;
* ``leads`` — leads (lost later: the status rules, the writer, the label).
* ``no_sentence`` — the labelled phrase is in no sentence of the labelled articles.

Usage: ``PYTHONPATH=$PWD python benchmarks/reach.py DEV_ITEMS.json --index DIR [--out FILE]``
(``DEV_ITEMS.json``: a list of realnews report rows of the DEV halves only).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from briefbot.core import BriefBot
from briefbot.language.question import question_parts
from briefbot.sources.chunking import split_sentences
from briefbot.store.copies import CopyGroups
from briefbot.store.embeddings import encode_queries
from briefbot.store.retrieve import Filters
from briefbot.truth.canvass import canvass
from briefbot.truth.evidence import Evidence, collect
from briefbot.truth.status import assess
from briefbot.truth.status.gates import answer_kind_absent, nothing_relevant, unanchored
from briefbot.truth.status.model import Thresholds
from briefbot.truth.status.select import candidate_pool
from briefbot.truth.typed import story_store
from briefbot.writing.answer import Turn

Key = tuple[str, int, int]


def wrong_answerable(row: dict[str, Any]) -> bool:
    """A wrong outcome on a question the labels say can be answered."""
    return row["outcome"] == "false_abstention" or (
        row["outcome"] == "hedged_wrong" and bool(row["expected"]["answerable"]))


def fact_sentences(bot: BriefBot, row: dict[str, Any]) -> set[Key]:
    """(article, start, end) of every sentence of a labelled article holding a labelled phrase."""
    phrases = [p.lower() for alts in row["expected"]["facts"] for p in alts]
    out: set[Key] = set()
    for aid in row["expected"]["citations"]:
        art = bot.article(aid)
        if art is None:
            continue
        for span in split_sentences(art.text):
            text = art.text[span.start:span.end].lower()
            if any(p in text for p in phrases):
                out.add((aid, span.start, span.end))
    return out


def holds(keys: set[Key], ev: Evidence) -> bool:
    """Does ``ev`` (or one of its duplicates) overlap one of the fact sentences?"""
    return any(e.article_id == a and e.start < end and s < e.end
               for e in [ev, *ev.duplicates] for a, s, end in keys)


def locate(bot: BriefBot, row: dict[str, Any]) -> dict[str, Any]:
    keys = fact_sentences(bot, row)
    if not keys:
        return {"step": "no_sentence"}
    chain = bot.chain()
    turn = chain._rewrite(Turn(question=row["question"], history=[], filters=Filters()))
    frame = turn.frame
    assert frame is not None
    docs = chain.retriever.retrieve(frame.text, turn.filters, vector=frame.vector)
    in_docs = any(d.metadata["article_id"] == a and int(d.metadata["start"]) < e
                  and s < int(d.metadata["start"]) + len(d.page_content)
                  for d in docs for a, s, e in keys)
    es = collect(frame.text, docs, frame)
    in_collect = any(holds(keys, e) for e in es.items)
    groups = CopyGroups.of_index(bot.index)
    es = canvass(es, story_store(chain.retriever), turn.filters, groups=groups)
    t = Thresholds()
    in_items = any(holds(keys, e) for e in es.items)
    info: dict[str, Any] = {"kind": str(frame.kind), "in_docs": in_docs, "in_collect": in_collect,
                            "in_items": in_items, "in_canvass": any(holds(keys, e) for e in es.canvass),
                            "in_reports": any(holds(keys, e) for e in es.reports)}
    if not in_items:
        info["step"] = "not_retrieved" if not in_docs else "not_evidence"
        return info
    parts = question_parts(es.focus.text)
    stop = nothing_relevant(es, t, encode_queries(parts) if parts else ()) or unanchored(es, t)
    pool = candidate_pool(es, t, 4) if stop is None else []
    if stop is None:
        stop = answer_kind_absent(es, pool, t, 4)
    if stop is not None:
        info.update(step="gated", reasons=stop.reasons)
        return info
    if not any(holds(keys, e) for e in pool):
        info["step"] = "not_pooled"
        return info
    a = assess(es, 4, t, groups)
    info["reasons"] = a.reasons
    if not any(holds(keys, e) for e in a.selected):
        info["step"] = "not_selected"
    elif not holds(keys, a.selected[0]):
        info["step"] = "not_leading"
    else:
        info["step"] = "leads"
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("items")
    ap.add_argument("--index", required=True)
    ap.add_argument("--out")
    args = ap.parse_args()
    rows = [r for r in json.loads(Path(args.items).read_text()) if wrong_answerable(r)]
    bot = BriefBot(index_dir=Path(args.index), collection="eval_realnews", chroma_url=None)
    found = []
    for row in rows:
        info = {"id": row["id"], "outcome": row["outcome"], **locate(bot, row)}
        found.append(info)
        print(json.dumps(info), flush=True)
    print(Counter(f["step"] for f in found))
    if args.out:
        Path(args.out).write_text(json.dumps(found, indent=1))


if __name__ == "__main__":
    main()
