"""Answer ``briefbot ask`` / ``search`` through a running ``briefbot serve``.

A cold in-process answer spends most of its time importing torch and
sentence-transformers and loading the embedding model; a running server has done that
already. This client uses only the standard library (urllib), so the server path of
the CLI imports nothing heavy.

Which server is used (:func:`choose_server`):

* ``--server URL`` / ``BRIEFBOT_SERVER``: that one, when it answers ``/healthz``; when
  ``--index`` was also given, only if the server reports that same index folder;
* otherwise a server on the configured loopback port (``http://127.0.0.1:<port>``),
  only when its ``/healthz`` reports the same index folder and collection we would
  open -- never silently another index;
* otherwise nobody: the caller answers in-process.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROBE_TIMEOUT_S = 0.5
"""Seconds to wait for ``/healthz``. A loopback server answers in milliseconds and a
closed port is refused at once, so this only bounds a hung or firewalled host."""

ANSWER_GRACE_S = 60.0
"""Added to ``llm_timeout_s`` for one answer: retrieval, verification and queueing."""


class ServerUnavailable(ConnectionError):
    """The server could not be reached or broke off; the caller answers in-process."""


@dataclass(frozen=True)
class Server:
    url: str
    """Base URL without a trailing slash."""
    token: str | None
    """Bearer token sent with ``/api`` calls (``BRIEFBOT_API_TOKEN``)."""


@dataclass(frozen=True)
class Choice:
    """The server to use (or None) and why, for ``--verbose``."""

    server: Server | None
    reason: str


def health(url: str, token: str | None = None, timeout: float = PROBE_TIMEOUT_S) -> dict[str, Any] | None:
    """``/healthz`` JSON of the server at ``url``, or None when nothing usable answers.

    The token is sent because a server with one reports its index folder only to callers
    that have it.
    """
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        request = urllib.request.Request(f"{url}/healthz", headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 (http(s) only)
            data = json.loads(resp.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("status") == "ok" else None


def _same_index(info: dict[str, Any], index_dir: Path, collection: str, token: str | None) -> str | None:
    """None when the server serves ``index_dir``/``collection``; else what it serves instead.

    A server with an API token names its index only to callers with that token. If we
    sent one and got no name, the token is wrong: the server is used so that its 401
    reaches the user as an error, never as a silent switch to another index.
    """
    served = info.get("index_dir")
    if not served:
        return None if token else "an index it names only to callers with its API token (BRIEFBOT_API_TOKEN)"
    if Path(served).resolve() != index_dir.resolve():
        return f"index {served}"
    served_collection = info.get("collection")
    if served_collection and served_collection != collection:
        return f"collection {served_collection!r}"
    return None


def choose_server(settings: Any, *, index_given: bool) -> Choice:
    """Pick the server for this call (see the module docstring), or None with the reason."""
    index_dir, collection = Path(settings.index_dir), settings.collection
    token = settings.api_token or None
    if settings.server_url:
        url = settings.server_url.rstrip("/")
        info = health(url, token)
        if info is None:
            return Choice(None, f"server {url} (--server/BRIEFBOT_SERVER) is not reachable")
        other = _same_index(info, index_dir, collection, token) if index_given else None
        if other:
            return Choice(None, f"server {url} serves {other}, not --index {index_dir}")
        return Choice(Server(url, token), f"server {url} (--server/BRIEFBOT_SERVER)")
    url = f"http://127.0.0.1:{settings.port}"
    info = health(url, token)
    if info is None:
        return Choice(None, f"no briefbot server on {url}")
    other = _same_index(info, index_dir, collection, token)
    if other:
        return Choice(None, f"the server on {url} serves {other}, not {index_dir.resolve()}")
    return Choice(Server(url, token), f"server on {url} (same index {index_dir.resolve()})")


def call(server: Server, path: str, body: dict[str, Any], timeout: float) -> Any:
    """POST JSON to ``server``; HTTP errors become ValueError (4xx) or RuntimeError (5xx).

    Raises :class:`ServerUnavailable` when the connection fails, so the caller can
    still answer in-process.
    """
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if server.token:
        headers["Authorization"] = f"Bearer {server.token}"
    request = urllib.request.Request(
        server.url + path, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 (http(s) only)
            return json.loads(resp.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        message = f"server {server.url}: {_error_message(exc)}"
        if exc.code == 404 and path == "/api/search":
            raise ServerUnavailable(message + " (an older server without /api/search)") from exc
        if exc.code < 500:
            raise ValueError(message) from exc
        raise RuntimeError(message) from exc
    except (OSError, ValueError) as exc:  # refused, reset, timed out, or a non-JSON reply
        raise ServerUnavailable(f"server {server.url} broke off: {exc}") from exc


def _error_message(exc: urllib.error.HTTPError) -> str:
    """The API's ``{"error": ...}`` text (a string or ``{"code", "message"}``), else the status."""
    try:
        error = json.loads(exc.read().decode("utf-8")).get("error")
    except (OSError, ValueError, AttributeError):
        error = None
    if isinstance(error, dict):
        error = error.get("message") or error.get("code")
    return str(error or f"HTTP {exc.code} {exc.reason}")


def ask(server: Server, question: str, *, filters: dict[str, Any] | None, backend: str | None,
        llm_timeout_s: float) -> dict[str, Any]:
    """Answer JSON (design.md) from ``POST /api/ask``."""
    body: dict[str, Any] = {"question": question}
    if filters:
        body["filters"] = filters
    if backend:
        body["backend"] = backend
    return call(server, "/api/ask", body, timeout=llm_timeout_s + ANSWER_GRACE_S)


def search(server: Server, query: str, *, k: int, filters: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Ranked chunk rows (the ``briefbot search --json`` shape) from ``POST /api/search``."""
    body: dict[str, Any] = {"query": query, "k": k}
    if filters:
        body["filters"] = filters
    return call(server, "/api/search", body, timeout=ANSWER_GRACE_S)
