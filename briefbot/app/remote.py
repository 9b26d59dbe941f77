"""Answer ``briefbot ask`` / ``search`` through a running ``briefbot serve``.

A cold in-process answer spends most of its time importing torch and
sentence-transformers and loading the embedding model; a running server has done that
already. This client uses only the standard library (urllib), so the server path of
the CLI imports nothing heavy.

Which server is used (:func:`choose_server`):

* ``--server URL`` / ``BRIEFBOT_SERVER``: that one, when it proves it serves our index
  (below); when it is reachable but cannot prove it, that is an error (exit 2) -- the
  user asked for it, and it may be an impostor;
* otherwise a server on the configured loopback port (``http://127.0.0.1:<port>``),
  only when it proves it serves the same index folder and collection we would open;
* otherwise nobody: the caller answers in-process.

The proof (issue 21, N7): any program can squat the default port and claim our index
in ``/healthz``.  So the client sends a fresh nonce, *without* its token, and the server
must answer ``HMAC(secret, nonce + collection)`` with the secret kept in the index folder
(:mod:`briefbot.app.index_secret`).  Only then are the token and the question sent.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefbot.app.index_secret import SECRET_NAME, new_nonce, proves, read_secret, secret_path

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
    refused: bool = False
    """An explicitly named server answered but could not prove it serves our index: the
    caller reports an error instead of answering in-process."""


def health(url: str, nonce: str | None = None, timeout: float = PROBE_TIMEOUT_S) -> dict[str, Any] | None:
    """``/healthz`` JSON of the server at ``url`` (asked to prove ``nonce``), or None.

    Never sends the API token: this server has not yet shown that it deserves it.
    """
    query = f"?nonce={nonce}" if nonce else ""
    try:
        request = urllib.request.Request(f"{url}/healthz{query}")
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 (http(s) only)
            data = json.loads(resp.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("status") == "ok" else None


def unproven(info: dict[str, Any], nonce: str, index_dir: Path, collection: str) -> str | None:
    """None when ``info`` proves the server serves ``index_dir``/``collection``; else why not."""
    secret = read_secret(index_dir)
    where = index_dir.resolve()
    if secret is None:
        return (f"index {where} has no {SECRET_NAME} file, so no server can prove it serves it (for a "
                "server on another machine, copy that file from the server's index folder)")
    if not proves(info.get("proof"), secret, nonce, collection):
        return (f"it did not prove it serves index {where} (collection {collection!r}): it could not answer "
                f"for {secret_path(where)}; it may serve another index or be another program, so it was sent "
                "neither the API token nor the question")
    return None


def choose_server(settings: Any) -> Choice:
    """Pick the server for this call (see the module docstring), or None with the reason."""
    index_dir, collection = Path(settings.index_dir), settings.collection
    token = settings.api_token or None
    explicit = bool(settings.server_url)
    url = settings.server_url.rstrip("/") if explicit else f"http://127.0.0.1:{settings.port}"
    nonce = new_nonce()
    info = health(url, nonce)
    if info is None:
        if explicit:
            return Choice(None, f"server {url} (--server/BRIEFBOT_SERVER) is not reachable")
        return Choice(None, f"no briefbot server on {url}")
    why = unproven(info, nonce, index_dir, collection)
    if why:
        if explicit:
            return Choice(None, f"server {url} (--server/BRIEFBOT_SERVER) is not used: {why}", refused=True)
        return Choice(None, f"the server on {url} is not used: {why}")
    if explicit:
        return Choice(Server(url, token), f"server {url} (--server/BRIEFBOT_SERVER)")
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
