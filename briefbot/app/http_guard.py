"""ASGI guards in front of the HTTP API and the web UI, and the one JSON error shape.

Why plain ASGI middleware (not FastAPI dependencies): these checks must run before a
route parses anything (a 50 MB body is refused unread), must cover the mounted Gradio
app as well as ``/api``, and must not buffer Gradio's streamed responses.

* :class:`TrustedHostGuard` -- a browser page on another site can reach a loopback
  server through DNS rebinding; it then sends its own name in ``Host``.  Only the bound
  host, the loopback names and ``trusted_hosts`` are accepted (400 otherwise).
* :class:`BodyLimitGuard` -- request bodies over ``max_request_mb`` get 413, by
  ``Content-Length`` before reading, or as soon as a chunked body passes the cap; the
  API and the mounted Gradio routes alike, except Gradio's file upload route, whose cap
  is the upload limit (Gradio also checks each file) (issue 21, N11).
* :class:`SameOriginGuard` -- a page on another site may make the browser POST to a
  loopback server (a form or ``fetch`` with ``no-cors``: the response is unreadable but
  the request has its effect, e.g. a stored upload).  Requests that change state and
  carry a browser's ``Origin`` / ``Sec-Fetch-Site`` from elsewhere get 403; clients that
  send neither (the CLI, curl, scripts) are not browsers and pass (issue 21, N11).
* :class:`LoginThrottle` -- at most :data:`LOGIN_FAILURES` failed ``/login`` attempts per
  client per :data:`LOGIN_WINDOW_S`; further attempts get 429 until the window passes.

Every refusal is ``{"error": {"code": ..., "message": ...}}`` (design.md "Errors").
"""

from __future__ import annotations

import ipaddress
import json
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
LOGIN_FAILURES = 5
"""Failed logins allowed per client within :data:`LOGIN_WINDOW_S` before 429."""
LOGIN_WINDOW_S = 60.0

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    501: "not_implemented",
    503: "unavailable",
}


def error_body(code: str, message: str) -> dict[str, Any]:
    """The one error shape of every 4xx/5xx response."""
    return {"error": {"code": code, "message": message}}


def code_for(status: int) -> str:
    return ERROR_CODES.get(status, "client_error" if status < 500 else "server_error")


async def send_error(
    send: Send, status: int, code: str, message: str, headers: Iterable[tuple[str, str]] = ()
) -> None:
    body = json.dumps(error_body(code, message)).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in headers]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def refuse(scope: Scope, send: Send, status: int, code: str, message: str) -> None:
    """Turn a request away: a websocket is closed (policy violation, 1008), an HTTP request
    gets the JSON error ``status``/``code``/``message`` (:func:`send_error`)."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    await send_error(send, status, code, message)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def host_name(header: str) -> str:
    """``example.org:7860`` -> ``example.org``; ``[::1]:7860`` -> ``::1`` (lower case)."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def _is_unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return host == ""


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


class TrustedHostGuard:
    """Refuse requests whose ``Host`` is not ours (DNS-rebinding defence)."""

    def __init__(self, app: ASGIApp, bound_host: str, trusted: Iterable[str] = ()) -> None:
        self.app = app
        self.allowed = {host_name(h) for h in (bound_host, *LOOPBACK_NAMES, *trusted) if h}
        # Bound to every interface (auth is then mandatory): clients use the machine's
        # addresses, and a literal IP in Host cannot be a rebinding attack (that needs a name).
        self.any_ip = _is_unspecified(bound_host)

    def accepts(self, header: str | None) -> bool:
        if not header:
            return False
        name = host_name(header)
        return name in self.allowed or (self.any_ip and _is_ip_literal(name))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not self.accepts(_header(scope, b"host")):
            await refuse(
                scope, send, 400, "untrusted_host",
                "this server does not answer to that Host name; an administrator may add it "
                "to the trusted_hosts setting (BRIEFBOT_TRUSTED_HOSTS)",
            )
            return
        await self.app(scope, receive, send)


class BodyTooLarge(Exception):
    """Raised inside the app when a streamed body passes the cap."""


UPLOAD_PATHS = ("/gradio_api/upload",)
"""Gradio's file upload route (the UI is mounted at ``/``): capped by the upload limit."""


class BodyLimitGuard:
    """413 for request bodies over ``max_bytes`` (never parsed); uploads over ``upload_max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_max_bytes: int | None = None,
                 upload_paths: Iterable[str] = UPLOAD_PATHS) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_max_bytes = max(max_bytes, upload_max_bytes or 0)
        self.upload_paths = tuple(upload_paths)

    def limit_for(self, path: str) -> int:
        return self.upload_max_bytes if path.rstrip("/") in self.upload_paths else self.max_bytes

    def _message(self, limit: int) -> str:
        if limit != self.max_bytes:
            return f"upload over {limit / 2**20:g} MB (max_upload_mb per request): upload fewer files at once"
        return (
            f"request body over {limit / 2**20:g} MB (max_request_mb): send fewer sources "
            "per request or upload files through the web UI"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        length = _header(scope, b"content-length")
        if length is not None and length.strip().isdigit() and int(length) > limit:
            await send_error(send, 413, "too_large", self._message(limit))
            return
        seen = 0
        too_big = False
        started = False

        async def limited() -> Message:
            nonlocal seen, too_big
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    too_big = True
                    raise BodyTooLarge
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if too_big:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, guarded)
        except BodyTooLarge:
            pass
        except Exception:
            if not too_big:
                raise
        if too_big and not started:
            await send_error(send, 413, "too_large", self._message(limit))


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def same_origin(origin: str, host: str | None, trusted: Iterable[str] = ()) -> bool:
    """Is the browser's ``Origin`` (``scheme://host[:port]``) this server's ``Host``?

    Also true for a name listed in ``trusted_hosts``: a reverse proxy may rewrite ``Host``
    while the browser's ``Origin`` keeps the public name the administrator listed there.
    """
    _, sep, netloc = origin.strip().lower().partition("://")
    netloc = netloc.rstrip("/")
    if not sep or not netloc:
        return False
    return (bool(host) and netloc == str(host).strip().lower()) or host_name(netloc) in trusted


class SameOriginGuard:
    """403 for state-changing requests a page on another origin made a browser send."""

    def __init__(self, app: ASGIApp, trusted: Iterable[str] = ()) -> None:
        self.app = app
        self.trusted = frozenset(host_name(h) for h in trusted if h)

    def foreign(self, scope: Scope) -> bool:
        if scope["type"] == "http" and scope.get("method", "GET") in SAFE_METHODS:
            return False
        site = (_header(scope, b"sec-fetch-site") or "").strip().lower()
        if site == "cross-site":
            return True  # same-site (a sibling origin) is judged by its Origin below
        origin = _header(scope, b"origin")
        return origin is not None and not same_origin(origin, _header(scope, b"host"), self.trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.foreign(scope):
            await refuse(
                scope, send, 403, "cross_origin",
                "refused: this request came from a page on another site; use briefbot's own page "
                "or a non-browser client",
            )
            return
        await self.app(scope, receive, send)


class LoginThrottle:
    """429 after too many failed ``POST /login`` attempts from one client."""

    def __init__(
        self, app: ASGIApp, failures: int = LOGIN_FAILURES, window_s: float = LOGIN_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.failures = failures
        self.window_s = window_s
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str) -> deque[float]:
        now = self.clock()
        times = self._seen.setdefault(client, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def retry_after(self, client: str) -> int | None:
        """Seconds until ``client`` may try again, or None when it may try now."""
        with self._lock:
            times = self._recent(client)
            if len(times) < self.failures:
                return None
            return max(1, int(self.window_s - (self.clock() - times[0])) + 1)

    def record(self, client: str, ok: bool) -> None:
        with self._lock:
            if ok:
                self._seen.pop(client, None)
            else:
                self._recent(client).append(self.clock())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (scope["type"] == "http" and scope.get("method") == "POST"
                and scope.get("path", "").rstrip("/").endswith("/login")):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.retry_after(client)
        if wait is not None:
            await send_error(
                send, 429, "too_many_requests",
                f"too many failed sign-in attempts from this address: try again in {wait} s",
                headers=[("retry-after", str(wait))],
            )
            return
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        self.record(client, ok=200 <= status < 400)
