"""The eval runner's harness (real index, real embedder; invented passages)."""

from __future__ import annotations

import json
from pathlib import Path

from briefbot.config import Settings
from briefbot.core import BriefBot
from briefbot.evaluation.runner import run_rgb


def _items(path: Path, *items: tuple[str, list[str]]) -> Path:
    rows = [{"id": f"r{n}", "query": query, "answer": "x", "condition": "negative_rejection",
             "passages": [{"pid": f"p{i}", "text": t, "label": "negative"} for i, t in enumerate(texts)]}
            for n, (query, texts) in enumerate(items)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_rgb_reused_index_starts_from_an_empty_corpus(tmp_path: Path) -> None:
    """A second, shorter run on the same --index must not see the first run's passages: the
    items it does not overwrite were ingested from another temporary file, which ``prune``
    (by source file) never reaches."""
    index = tmp_path / "idx"
    first = _items(tmp_path / "a.jsonl",
                   ("when did the harbour bridge open", ["The harbour bridge in Caldmere opened in 1931."]),
                   ("who won the orvel cup", ["Tamsin Brack won the Orvel Cup final on Sunday.",
                                              "The Orvel Cup began in 1950."]))
    second = _items(tmp_path / "b.jsonl",
                    ("when did the harbour bridge open", ["The harbour bridge in Caldmere was painted green."]))
    run_rgb(first, index_dir=index)
    report = run_rgb(second, index_dir=index)
    assert len(report.cases) == 1
    settings = Settings.load().model_copy(update={"chroma_url": None})
    bot = BriefBot(settings.with_overrides(index_dir=index, collection="eval_rgb"))
    texts = [bot.article(r.id).text for r in bot.articles()]
    assert texts and all("Orvel" not in t for t in texts)
