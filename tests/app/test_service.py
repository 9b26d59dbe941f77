"""The shared served bot (:mod:`briefbot.app.service`): a long ingest never starves readers.

Real parts: the corpus index (embedded Chroma, MiniLM, bm25s) and a real ingest.  The
only instrument is a wrapper around the store's real ``encode`` that, once the ingest is
embedding, waits for an ask to finish before it goes on -- if embedding ran under the
exclusive write lock (issue 21 N5: an ask waited 134 s during a 10,000-entry feed), the
ask could not finish and the wait would time out.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

import briefbot.store.index as index_module
from briefbot.app.service import ServedBot
from briefbot.config import Settings
from briefbot.core import BriefBot

QUESTION = "Why was the Lavrov–Rubio meeting postponed?"


def test_asks_are_answered_while_an_ingest_is_embedding(
    corpus_index: Path, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "idx"
    shutil.copytree(corpus_index, index_dir)
    sbot = ServedBot(BriefBot(Settings(index_dir=index_dir)))
    sbot.warm()
    src = tmp_path / "new"
    src.mkdir()
    (src / "ferry.md").write_text("---\ntitle: Ferry fares rise\nsource: Harbour Times\n---\n"
                                  "The island ferry fare rose by a third this spring, the operator said.\n")
    embedding, answered = threading.Event(), threading.Event()
    real_encode = index_module.encode
    seen: dict[str, Any] = {}

    def encode_waiting_for_an_ask(texts: list[str], batch_size: int = 64) -> Any:
        if any("ferry fare" in t for t in texts):
            embedding.set()
            seen["ask_finished_meanwhile"] = answered.wait(timeout=120)
        return real_encode(texts, batch_size)

    monkeypatch.setattr(index_module, "encode", encode_waiting_for_an_ask)
    box: dict[str, Any] = {}
    writer = threading.Thread(target=lambda: box.update(report=sbot.ingest([src])))
    writer.start()
    assert embedding.wait(timeout=120), "the ingest never reached embedding"
    asker = threading.Thread(target=lambda: box.update(answer=sbot.ask(QUESTION, backend="extractive")))
    asker.start()
    asker.join(timeout=110)
    if not asker.is_alive():
        answered.set()
    writer.join(timeout=240)
    asker.join(timeout=240)
    assert seen.get("ask_finished_meanwhile"), "the ask waited for the ingest's embedding"
    assert box["answer"].status in ("answered", "uncertain")
    assert box["report"].added == 1
    assert sbot.search("island ferry fare", k=3)[0].metadata["title"] == "Ferry fares rise"
