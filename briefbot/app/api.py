"""HTTP API over :class:`briefbot.app.service.ServedBot` (FastAPI, OpenAPI docs at ``/docs``).

Routes (JSON in, JSON out; contracts from design.md)::

    POST /api/ask         {question, history?, filters?, backend?}  -> Answer.to_dict()
    POST /api/summarize   {article_id}                              -> Summary.to_dict()
    POST /api/brief       {topic, filters?, since?, until?}         -> Summary.to_dict()
    POST /api/timeline    {topic, filters?}                         -> Timeline.to_dict()
    POST /api/ingest      {sources: [url or allowed path], prune?}  -> IngestReport.to_dict()
    GET  /api/articles    ?limit=&offset=                           -> {articles, total, limit, offset}
    GET  /api/articles/{id}                                         -> Article (with text)
    DELETE /api/articles/{id}                                       -> {deleted, chunks}
    POST /api/search      {query, k?, filters?}                     -> [search row] (``briefbot search --json``)
    GET  /api/stats                                                 -> BriefBot.stats()
    GET  /api/stories     ?q=&since=YYYY-MM-DD                      -> {stories, total[, since]}
    GET  /api/feeds                                                 -> {feeds: [feed row]}
    POST /api/feeds       {url, every?}                             -> feed row (same address checks as ingest)
    DELETE /api/feeds     ?url=                                     -> {removed}
    POST /api/feeds/poll                                            -> {busy, added, feeds, message}
    GET  /healthz ?nonce=      -> {"status": "ok"|"degraded", "index_dir", "collection", "failing", "proof"}

Every 4xx/5xx -- validation errors, unknown routes and unexpected exceptions included --
is JSON ``{"error": {"code": "...", "message": "<what went wrong and what to do>"}}``.
When ``Settings.api_token`` is set, every ``/api`` route and ``/docs`` /
``/openapi.json`` need ``Authorization: Bearer <token>``.  The guards in
:mod:`briefbot.app.http_guard` check the ``Host`` header and cap ``/api`` body sizes.
``/api/ingest`` takes URLs, and server paths only inside ``ingest_roots``
(:mod:`briefbot.sources.intake`).  The shared thread-safe bot lives in :mod:`briefbot.app.service`.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from briefbot import __version__
from briefbot.app.http_guard import (
    BodyLimitGuard,
    SameOriginGuard,
    TrustedHostGuard,
    code_for,
    error_body,
)
from briefbot.app.index_secret import NONCE_PATTERN, ensure_secret, proof, secret_path
from briefbot.app.service import ServedBot, served
from briefbot.config import BACKENDS, ConfigError
from briefbot.schema import search_row
from briefbot.sources.feeds import poll_now, store_for
from briefbot.sources.intake import public_origin, screen_sources
from briefbot.store.ingest import IngestReport
from briefbot.writing.limits import MAX_QUESTION_CHARS, HistoryLimits, history_problem

log = logging.getLogger(__name__)

MAX_FILTER_IDS = 1000
"""Most ``article_ids`` / ``sources`` one filter may list (more would exceed SQL limits)."""
MAX_PAGE = 1000
"""Largest ``limit`` of ``GET /api/articles``."""
DEFAULT_PAGE = 100
UPLOAD_FILES_PER_REQUEST = 20
"""Files of ``max_upload_mb`` one upload request may carry before its body is refused."""

__all__ = ["ApiError", "create_api"]


# ---------------------------------------------------------------------- request models
def lone_surrogate(value: Any) -> bool:
    """Does ``value`` (a string, or a list/dict of them) hold text that is not valid Unicode?

    JSON may escape a lone surrogate (``"\\ud800"``); Python decodes it into a ``str`` that
    no UTF-8 encoder (Chroma, SQLite, the log) accepts, so it must be refused at the door.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(lone_surrogate(k) or lone_surrogate(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(lone_surrogate(v) for v in value)
    return False


class RequestIn(BaseModel):
    """Every JSON request body: unknown fields refused, every string valid Unicode (422)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _valid_unicode(cls, value: Any) -> Any:
        if lone_surrogate(value):
            raise ValueError("not valid Unicode text (a lone surrogate such as \\ud800): send UTF-8 text")
        return value


class FiltersIn(RequestIn):

    sources: list[str] = Field(default_factory=list, max_length=MAX_FILTER_IDS, description="only these outlets")
    date_from: str | None = Field(None, description="YYYY-MM-DD (inclusive)")
    date_to: str | None = Field(None, description="YYYY-MM-DD (inclusive)")
    article_ids: list[str] = Field(
        default_factory=list, max_length=MAX_FILTER_IDS, description="only these articles"
    )

    def as_dict(self) -> dict[str, Any] | None:
        out = {k: v for k, v in self.model_dump().items() if v}
        return out or None


class Message(RequestIn):
    model_config = ConfigDict(extra="ignore")

    role: str = Field(description="user | assistant")
    content: str


class AskIn(RequestIn):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, examples=["Why was the meeting postponed?"])
    history: list[Message] | None = Field(None, description="earlier turns, oldest first")
    filters: FiltersIn | None = None
    backend: str | None = Field(None, description="extractive | local | openai | ollama")


class SearchIn(RequestIn):
    query: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    k: int = Field(6, ge=1, le=100, description="chunks to return")
    filters: FiltersIn | None = None


class SummarizeIn(RequestIn):
    article_id: str = Field(min_length=1)
    backend: str | None = Field(None, description="extractive | local | openai | ollama")


class BriefIn(RequestIn):
    topic: str = Field(min_length=1, max_length=500)
    filters: FiltersIn | None = None
    backend: str | None = Field(None, description="extractive | local | openai | ollama")
    since: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                              description="YYYY-MM-DD: add new_points and answered_open_questions after this date")
    until: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                              description="YYYY-MM-DD: leave out articles published after this date")


class TimelineIn(RequestIn):
    topic: str = Field(min_length=1, max_length=500, examples=["harbour expansion vote"])
    filters: FiltersIn | None = None


class FeedIn(RequestIn):
    url: str = Field(min_length=1, max_length=2000, description="an RSS/Atom feed's http(s) address")
    every: str = Field("15m", max_length=20, description="poll interval: 30s, 15m, 1h, 1d")


class IngestIn(RequestIn):
    sources: list[str] = Field(
        min_length=1, max_length=MAX_FILTER_IDS,
        description="http(s) URLs; server paths only inside a folder listed in ingest_roots",
    )
    prune: bool = False


class ArticleEditIn(RequestIn):
    source: str | None = Field(None, max_length=200, description="the outlet, e.g. Lakeside Courier",
                               examples=["Lakeside Courier"])
    published: str | None = Field(None, max_length=40, description="the publication date, YYYY-MM-DD",
                                  examples=["2025-10-24"])


# ---------------------------------------------------------------------- errors
class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or code_for(status)


def _json_error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def _install_error_handlers(app: FastAPI, sbot: ServedBot) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _json_error(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _json_error(422, "invalid_request", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no route {request.method} {request.url.path}: see /docs for the routes"
        return _json_error(exc.status_code, code_for(exc.status_code), message, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error while serving a request")
        failing = sbot.health()
        if failing:
            return _json_error(503, "unavailable", f"the server is degraded ({', '.join(failing)} failing): "
                               "check the server log and GET /healthz, then retry")
        return _json_error(500, "internal_error", f"unexpected {type(exc).__name__}: the server log has "
                           "the details; please report it")


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


def _not_found(article_id: str) -> ApiError:
    return ApiError(404, f"no article with id {article_id!r} (GET /api/articles lists them)")


# ---------------------------------------------------------------------- app
def create_api(bot: Any, api_token: str | None = None, app: FastAPI | None = None) -> FastAPI:
    """The FastAPI app (or add the routes to ``app``). ``api_token`` defaults to settings."""
    sbot = served(bot)
    token = api_token if api_token is not None else sbot.settings.api_token
    if app is not None:
        _drop_open_docs(app)
    app = app or FastAPI(
        title="briefbot",
        version=__version__,
        description="Cited, uncertainty-aware answers over your news articles.",
        docs_url=None, redoc_url=None, openapi_url=None,
    )
    _install_error_handlers(app, sbot)
    _install_guards(app, sbot)
    auth = [Depends(_token_check(token))]
    _add_meta_routes(app, sbot, auth, token)
    _add_answer_routes(app, sbot, auth)
    _add_corpus_routes(app, sbot, auth)
    _add_routing_errors(app)
    return app


def _drop_open_docs(app: FastAPI) -> None:
    """Remove a given app's own (unauthenticated) docs routes; ours replace them."""
    open_paths = {app.docs_url, app.redoc_url, app.openapi_url, app.swagger_ui_oauth2_redirect_url} - {None}
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", None) not in open_paths]
    app.docs_url = app.redoc_url = app.openapi_url = None


def _install_guards(app: FastAPI, sbot: ServedBot) -> None:
    s = sbot.settings
    app.add_middleware(BodyLimitGuard, max_bytes=int(float(s.max_request_mb) * 2**20),
                       upload_max_bytes=int(float(s.max_upload_mb) * 2**20 * UPLOAD_FILES_PER_REQUEST))
    app.add_middleware(SameOriginGuard, trusted=list(s.trusted_hosts))
    app.add_middleware(TrustedHostGuard, bound_host=s.host, trusted=list(s.trusted_hosts))


def _token_check(token: str | None) -> Any:
    bearer = HTTPBearer(auto_error=False)

    def require_token(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:  # noqa: B008
        if not token:
            return
        if creds is None or creds.scheme.lower() != "bearer":
            raise HTTPException(401, "missing bearer token: send 'Authorization: Bearer <BRIEFBOT_API_TOKEN>'",
                                headers={"WWW-Authenticate": "Bearer"})
        if not secrets.compare_digest(creds.credentials.encode(), token.encode()):
            raise HTTPException(401, "invalid bearer token", headers={"WWW-Authenticate": "Bearer"})

    return require_token


def _authorised(request: Request, token: str | None) -> bool:
    """Does ``request`` carry the API token (always true when no token is set)?"""
    if not token:
        return True
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(given.strip().encode(), token.encode())


def _index_secret(sbot: ServedBot) -> bytes | None:
    """This index's secret (created on first use), or None when the folder is not writable."""
    try:
        return ensure_secret(sbot.index_dir)
    except OSError as exc:
        log.warning("cannot keep %s (%s): briefbot ask/search will not use this server",
                    secret_path(sbot.index_dir), exc)
        return None


def _add_meta_routes(app: FastAPI, sbot: ServedBot, auth: list[Any], token: str | None) -> None:
    started = time.time()
    secret = _index_secret(sbot)

    @app.get("/healthz", tags=["meta"])
    def healthz(
        request: Request,
        nonce: str | None = Query(None, pattern=NONCE_PATTERN,
                                  description="random hex: the answer's `proof` is HMAC(index secret, nonce)"),
    ) -> JSONResponse:
        """``ok`` with 200, or ``degraded`` with 503 and the failing parts.

        Open to monitors without the token; which index folder is served is told only to
        callers with the token when one is set, so the server's paths are not disclosed to
        anyone who can reach the port.  With ``nonce``, ``proof`` answers for the index's
        secret (:mod:`briefbot.app.index_secret`): the CLI checks it before it sends its token.
        """
        failing = sbot.health()
        body: dict[str, Any] = {"status": "degraded" if failing else "ok"}
        if nonce is not None and secret is not None:
            body["proof"] = proof(secret, nonce, sbot.settings.collection)
        if _authorised(request, token):
            body |= {"index_dir": sbot.index_dir, "collection": sbot.settings.collection}
        body |= {"failing": failing, "version": __version__, "uptime_s": round(time.time() - started, 1)}
        body["store"] = "unreachable" if "chroma" in failing else "ok"  # replicas: docs/deploy.md
        return JSONResponse(body, status_code=503 if failing else 200)

    @app.get("/openapi.json", include_in_schema=False, dependencies=auth)
    def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=auth)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="briefbot API")


def _add_answer_routes(app: FastAPI, sbot: ServedBot, auth: list[Any]) -> None:
    @app.post("/api/ask", tags=["answers"], dependencies=auth)
    def ask(req: AskIn) -> dict[str, Any]:
        """Answer a question from the indexed articles (design.md "Answer JSON").

        With ``backend: "local"`` the request waits while the local model serves others."""
        if not req.question.strip():
            raise ApiError(400, "the question is empty: ask something about your articles")
        _check_backend(req.backend)
        history = [m.model_dump() for m in req.history] if req.history else None
        problem = history_problem(history or [], HistoryLimits.of(sbot.settings))
        if problem:  # refused before any work, like an over-long question (issue 21)
            raise ApiError(422, problem, code="invalid_request")
        filters = req.filters.as_dict() if req.filters else None
        answer = _call(sbot.ask, req.question, history=history, filters=filters, backend=req.backend)
        return answer.to_dict()

    @app.post("/api/search", tags=["answers"], dependencies=auth)
    def search(req: SearchIn) -> list[dict[str, Any]]:
        """Ranked chunks for a query (retrieval only), as ``briefbot search --json`` prints them."""
        if not req.query.strip():
            raise ApiError(400, "the query is empty: give words to search for")
        filters = req.filters.as_dict() if req.filters else None
        docs = _call(sbot.search, req.query, k=req.k, filters=filters)
        return [search_row(doc, rank) for rank, doc in enumerate(docs, start=1)]

    @app.post("/api/summarize", tags=["answers"], dependencies=auth)
    def summarize(req: SummarizeIn) -> dict[str, Any]:
        """A cited summary of one stored article."""
        if _call(sbot.article, req.article_id) is None:
            raise _not_found(req.article_id)
        _check_backend(req.backend)
        return _call(sbot.summarize, req.article_id, backend=req.backend).to_dict()

    @app.post("/api/brief", tags=["answers"], dependencies=auth)
    def brief(req: BriefIn) -> dict[str, Any]:
        """A cited multi-article brief on a topic."""
        if not req.topic.strip():
            raise ApiError(400, "the topic is empty: name what the brief should cover")
        _check_backend(req.backend)
        filters = req.filters.as_dict() if req.filters else None
        return _call(sbot.brief, req.topic, filters=filters, backend=req.backend, since=req.since,
                     until=req.until).to_dict()

    @app.post("/api/timeline", tags=["answers"], dependencies=auth)
    def timeline(req: TimelineIn) -> dict[str, Any]:
        """Dated events about a topic, sorted by when they happened, each with its citations."""
        if not req.topic.strip():
            raise ApiError(400, "the topic is empty: name what the timeline should cover")
        filters = req.filters.as_dict() if req.filters else None
        return _call(sbot.timeline, req.topic, filters=filters).to_dict()


def _add_corpus_routes(app: FastAPI, sbot: ServedBot, auth: list[Any]) -> None:
    @app.post("/api/ingest", tags=["corpus"], dependencies=auth)
    def ingest(req: IngestIn) -> dict[str, Any]:
        """Add or update articles from URLs (or paths inside ``ingest_roots``); failures are listed."""
        sources = [s.strip() for s in req.sources if s.strip()]
        if not sources:
            raise ApiError(400, "sources is empty: give http(s) URLs")
        screened = screen_sources(sources, sbot.settings.ingest_roots)
        report = _call(sbot.ingest, screened.accepted, prune=req.prune) if screened.accepted else None
        out = report.to_dict() if report is not None else _empty_report()
        out["failed"] = [f.to_dict() for f in screened.refused] + out["failed"]
        out["stats"] = _call(sbot.stats)
        return out

    @app.get("/api/articles", tags=["corpus"], dependencies=auth)
    def articles(
        limit: int = Query(DEFAULT_PAGE, ge=1, le=MAX_PAGE, description="articles per page"),
        offset: int = Query(0, ge=0, description="articles to skip"),
    ) -> dict[str, Any]:
        """Stored articles (without text), newest first, one page at a time."""
        rows = _call(sbot.articles)
        page = [_public(r.to_dict(), sbot) for r in rows[offset : offset + limit]]
        return {"articles": page, "total": len(rows), "limit": limit, "offset": offset}

    @app.get("/api/articles/{article_id}", tags=["corpus"], dependencies=auth)
    def article(article_id: str) -> dict[str, Any]:
        """One stored article with its full text (citation offsets point into ``text``)."""
        found = _call(sbot.article, article_id)
        if found is None:
            raise _not_found(article_id)
        return _public(found.to_dict(), sbot)

    @app.delete("/api/articles/{article_id}", tags=["corpus"], dependencies=auth)
    def delete(article_id: str) -> dict[str, Any]:
        if _call(sbot.article, article_id) is None:
            raise _not_found(article_id)
        return {"deleted": article_id, "chunks": _call(sbot.delete, [article_id])}

    @app.patch("/api/articles/{article_id}", tags=["corpus"], dependencies=auth)
    def edit(article_id: str, req: ArticleEditIn) -> dict[str, Any]:
        """Set an article's outlet (``source``) and/or date (``published``, YYYY-MM-DD).

        Stored in the index and kept when the same file or URL is ingested again; 400 says
        what is wrong with a value, 404 names an unknown id.  Returns the updated record."""
        if _call(sbot.article, article_id) is None:
            raise _not_found(article_id)
        record = _call(sbot.update_article, article_id, source=req.source, published=req.published)
        return _public(record.to_dict(), sbot)

    @app.get("/api/stories", tags=["corpus"], dependencies=auth)
    def stories(
        q: str | None = Query(None, max_length=200, description="keep stories whose headline, names, "
                              "outlets or titles contain every word of q"),
        since: str | None = Query(None, max_length=40, description="YYYY-MM-DD: add each story's `new` "
                                  "articles and facts after this day (stories with news first)"),
    ) -> dict[str, Any]:
        """The collection's stories: articles grouped into events, most independent outlets first, each with a
        headline (an exact article title), dates, outlets, a disagreement if any and suggested questions."""
        if since is not None:
            news = _call(sbot.stories_since, since, q)
            return {"stories": [n.to_dict() for n in news], "total": len(news),
                    "since": news[0].since if news else since.strip()}
        found = _call(sbot.stories, q)
        return {"stories": [s.to_dict() for s in found], "total": len(found)}

    _add_feed_routes(app, sbot, auth)

    @app.get("/api/stats", tags=["corpus"], dependencies=auth)
    def stats() -> dict[str, Any]:
        return _call(sbot.stats)


def _add_feed_routes(app: FastAPI, sbot: ServedBot, auth: list[Any]) -> None:
    """Followed feeds: list, follow (checked as an ingest URL is), unfollow, poll now."""
    feeds = store_for(sbot.settings)

    @app.get("/api/feeds", tags=["feeds"], dependencies=auth)
    def list_feeds() -> dict[str, Any]:
        return {"feeds": [f.to_dict() for f in _call(feeds.list)]}

    @app.post("/api/feeds", tags=["feeds"], dependencies=auth)
    def follow(req: FeedIn) -> dict[str, Any]:
        """Follow a feed; a loopback or private address is refused now, as ``/api/ingest`` refuses it."""
        return _call(feeds.add, req.url, req.every).to_dict()

    @app.delete("/api/feeds", tags=["feeds"], dependencies=auth)
    def unfollow(url: str = Query(min_length=1, max_length=2000)) -> dict[str, Any]:
        if not _call(feeds.remove, url):
            raise ApiError(404, f"not following {url!r} (GET /api/feeds lists the followed feeds)")
        return {"removed": url}

    @app.post("/api/feeds/poll", tags=["feeds"], dependencies=auth)
    def poll() -> dict[str, Any]:
        """Poll every followed feed once now and ingest what is new (``busy``: a poll was running)."""
        return _call(poll_now, feeds, sbot.settings, sbot.write_batch).to_dict()


HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _add_routing_errors(app: FastAPI) -> None:
    """405 for our paths with another method, 404 for unknown ``/api`` paths, in our shape.

    The web UI is mounted at ``/`` after these routes, so without them a request that no
    route of ours takes fully falls through to Gradio, which answers ``{"detail": ...}``
    (issue 21, N12).  Registered last: every real route matches first.
    """
    allowed: dict[str, set[str]] = {}
    for route in list(app.router.routes):
        if isinstance(route, APIRoute):
            allowed.setdefault(route.path, set()).update(route.methods or ())
    for path, methods in allowed.items():
        if "GET" in methods:
            methods.add("HEAD")
        others = [m for m in HTTP_METHODS if m not in methods]
        if others:
            app.add_api_route(path, _method_not_allowed(sorted(methods)), methods=others, include_in_schema=False)

    @app.api_route("/api/{rest:path}", methods=list(HTTP_METHODS), include_in_schema=False)
    def unknown_api_path(request: Request) -> None:
        raise ApiError(404, f"no route {request.method} {request.url.path}: see /docs for the routes")


def _method_not_allowed(methods: list[str]) -> Any:
    def method_not_allowed(request: Request) -> JSONResponse:
        message = f"{request.method} is not allowed on {request.url.path}: use {', '.join(methods)}"
        return _json_error(405, "method_not_allowed", message, headers={"Allow": ", ".join(methods)})

    return method_not_allowed


def _public(row: dict[str, Any], sbot: ServedBot) -> dict[str, Any]:
    """An article row with its ``origin`` as clients may see it (no server paths, no credentials)."""
    if "origin" in row:
        row["origin"] = public_origin(str(row["origin"] or ""), sbot.settings.ingest_roots)
    return row


def _empty_report() -> dict[str, Any]:
    return IngestReport().to_dict()
