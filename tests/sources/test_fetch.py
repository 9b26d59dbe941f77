"""The safe fetcher (issue 12, findings 2, 5 and 7).

Real HTTP servers on 127.0.0.1 only.  DNS answers are faked at the resolver boundary
(the ``resolver`` argument) and every socket the fetcher opens goes through
:func:`briefbot.sources.fetch.open_socket`, which the autouse ``guard`` fixture wraps: a test
fails the moment the fetcher tries to connect anywhere but loopback, so no packet
ever leaves this machine.  Where a test needs a *public* address that is allowed, the
``route`` fixture delivers connections for that one fake address to the local server
(a fake at the socket edge, said so here).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

import briefbot.sources.fetch as fetch_module
from briefbot.sources.fetch import FetchError, blocked_reason, fetch

PUBLIC = "93.184.216.34"
"""A globally routable address the tests pretend a host name resolves to (never contacted)."""

Route = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, Route] = {}

    def do_GET(self) -> None:  # noqa: N802
        route = self.routes.get(self.path.split("?", 1)[0])
        if route is None:
            self.reply(404, b"not found")
        else:
            route(self)

    def reply(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@dataclass
class Server:
    port: int
    routes: dict[str, Route]
    requests: list[dict[str, str]] = field(default_factory=list)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
def server() -> Iterator[Server]:
    routes: dict[str, Route] = {}
    handler = type("RouteHandler", (Handler,), {"routes": routes})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(httpd.server_address[1], routes)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@dataclass
class Guard:
    """Every address the fetcher tried to open a socket to, and the fake routes."""

    attempts: list[str] = field(default_factory=list)
    routes: dict[str, str] = field(default_factory=dict)


@pytest.fixture(autouse=True)
def guard(monkeypatch: pytest.MonkeyPatch) -> Guard:
    """Fail on any connection attempt to a non-loopback address that is not routed here."""
    state = Guard()
    real = fetch_module.open_socket

    def guarded(address: str, port: int, timeout_s: float) -> socket.socket:
        state.attempts.append(address)
        target = state.routes.get(address, address)
        if not ipaddress.ip_address(target).is_loopback:
            raise AssertionError(f"the fetcher tried to connect to {address}")
        return real(target, port, timeout_s)

    monkeypatch.setattr(fetch_module, "open_socket", guarded)
    return state


@pytest.fixture
def route(guard: Guard) -> Guard:
    """Deliver connections for :data:`PUBLIC` to the 127.0.0.1 test server."""
    guard.routes[PUBLIC] = "127.0.0.1"
    return guard


def fixed(*answers: str, calls: list[str] | None = None) -> Callable[[str, int], list[str]]:
    """A resolver that answers every host with ``answers`` (and records the host asked)."""

    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        return list(answers)

    return resolve


def numeric_only(host: str, port: int) -> list[str]:
    """The system resolver restricted to numeric forms: never sends a DNS query."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    return [str(i[4][0]) for i in infos]


def text(body: bytes, **headers: str) -> Route:
    return lambda h: h.reply(200, body, Content_Type="text/plain; charset=utf-8", **headers)


def redirect(location: str, status: int = 302) -> Route:
    return lambda h: h.reply(status, b"", Location=location)


def code_of(call: Callable[[], Any]) -> str:
    with pytest.raises(FetchError) as info:
        call()
    assert str(info.value)  # every error carries a message
    return info.value.code


# ---------------------------------------------------------------------- allowed fetches
def test_fetch_from_loopback_when_allowed(server: Server, guard: Guard) -> None:
    server.routes["/page"] = text(b"hello from the test server")
    result = fetch(server.url("/page?a=1"), allow_private=True)
    assert (result.status, result.body) == (200, b"hello from the test server")
    assert result.url == server.url("/page?a=1")
    assert result.content_type == "text/plain"
    assert result.headers["content-length"] == str(len(result.body))
    assert guard.attempts == ["127.0.0.1"]


def test_connection_is_pinned_to_the_checked_address(server: Server, route: Guard) -> None:
    """One lookup per hop, the connection goes to that answer, Host names the real host."""
    server.routes["/who"] = lambda h: h.reply(200, h.headers["Host"].encode())
    calls: list[str] = []
    answers = iter([[PUBLIC], ["127.0.0.1"], ["10.0.0.5"]])  # a rebinding DNS server

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    result = fetch(server.url("/who", host="news.example"), resolver=rebinding)
    assert result.body == f"news.example:{server.port}".encode()
    assert calls == ["news.example"]  # no second lookup that a rebinding answer could win
    assert route.attempts == [PUBLIC]


def test_redirects_are_followed_and_each_hop_rechecked(server: Server, route: Guard) -> None:
    server.routes["/a"] = redirect("/b", 301)
    server.routes["/b"] = redirect(server.url("/c", host="news.example"), 307)
    server.routes["/c"] = text(b"arrived")
    calls: list[str] = []
    result = fetch(server.url("/a", host="news.example"), resolver=fixed(PUBLIC, calls=calls))
    assert (result.body, result.url) == (b"arrived", server.url("/c", host="news.example"))
    assert len(calls) == 3 and route.attempts == [PUBLIC] * 3


def test_redirect_loop_is_bounded(server: Server) -> None:
    server.routes["/loop"] = redirect("/loop")
    assert code_of(lambda: fetch(server.url("/loop"), allow_private=True)) == "too_many_redirects"


def test_conditional_get_and_http_errors(server: Server) -> None:
    server.routes["/feed"] = lambda h: (
        h.reply(304) if h.headers.get("If-None-Match") == '"v1"' else h.reply(200, b"<rss/>", ETag='"v1"')
    )
    first = fetch(server.url("/feed"), allow_private=True)
    assert (first.status, first.headers["etag"]) == (200, '"v1"')
    again = fetch(server.url("/feed"), allow_private=True, headers={"If-None-Match": '"v1"'})
    assert (again.status, again.body) == (304, b"")
    server.routes["/odd"] = lambda h: h.reply(304)  # 304 to a plain GET is an error
    assert code_of(lambda: fetch(server.url("/odd"), allow_private=True)) == "http_error"
    with pytest.raises(FetchError, match="HTTP 404") as info:
        fetch(server.url("/missing"), allow_private=True)
    assert info.value.code == "http_error"
    assert code_of(lambda: fetch(server.url("/odd"), allow_private=True, headers={"X\nY": "z"})) == "bad_header"


def test_closed_port_is_unreachable(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/x"
    with pytest.raises(FetchError, match="unreachable") as info:
        fetch(url, allow_private=True, timeout_s=5)
    assert info.value.code == "unreachable"


# ---------------------------------------------------------------------- finding 2: SSRF
def test_loopback_refused_by_default_without_connecting(server: Server, guard: Guard) -> None:
    server.routes["/secret"] = text(b"password=hunter2")
    with pytest.raises(FetchError, match="allow_private_urls") as info:
        fetch(server.url("/secret"))
    assert info.value.code == "blocked_address"
    assert guard.attempts == []


@pytest.mark.parametrize(
    "answer",
    [
        "127.0.0.1",
        "10.0.0.5",
        "172.16.3.4",
        "192.168.1.20",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.251",
        "255.255.255.255",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fd00::5",
        "fec0::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "2002:a00:5::1",  # 6to4 wrapping 10.0.0.5
        "64:ff9b::a9fe:a9fe",  # NAT64 wrapping 169.254.169.254
        "::10.0.0.5",  # IPv4-compatible
    ],
)
def test_private_dns_answers_refused_without_connecting(answer: str, guard: Guard) -> None:
    with pytest.raises(FetchError) as info:
        fetch("http://intranet.example/admin", resolver=fixed(answer))
    assert info.value.code == "blocked_address"
    assert "intranet.example" in str(info.value)
    assert guard.attempts == []


def test_one_private_answer_among_public_ones_refuses(guard: Guard) -> None:
    resolver = fixed(PUBLIC, "10.0.0.5")
    assert code_of(lambda: fetch("http://mixed.example/", resolver=resolver)) == "blocked_address"
    assert guard.attempts == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.1/",
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://0x7f000001/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]:8080/",
        "https://169.254.169.254/latest/meta-data/",
        "http://user:pw@10.1.2.3/",
    ],
)
def test_literal_and_numeric_private_hosts_refused(url: str, guard: Guard) -> None:
    assert code_of(lambda: fetch(url, resolver=numeric_only)) == "blocked_address"
    assert guard.attempts == []


@pytest.mark.parametrize(
    ("location", "answers"),
    [
        ("http://169.254.169.254/latest/meta-data/", ()),
        ("http://127.0.0.1:{port}/secret", ()),
        ("http://[::ffff:10.0.0.5]/", ()),
        ("http://intranet.example/admin", ("10.0.0.5",)),
        ("/secret-by-relative-path", ("127.0.0.1",)),  # same host, but it now resolves to loopback
    ],
)
def test_redirect_to_a_private_address_is_refused(
    location: str, answers: tuple[str, ...], server: Server, route: Guard
) -> None:
    """A public page redirecting into the private network (finding 2) is stopped at the hop."""
    server.routes["/start"] = redirect(location.format(port=server.port))
    server.routes["/secret"] = server.routes["/secret-by-relative-path"] = text(b"password=hunter2")
    first = [True]

    def resolver(host: str, port: int) -> list[str]:
        if first[0]:
            first[0] = False
            return [PUBLIC]
        return list(answers)

    with pytest.raises(FetchError) as info:
        fetch(server.url("/start", host="news.example"), resolver=resolver)
    assert info.value.code == "blocked_address"
    assert route.attempts == [PUBLIC]  # only the first, public hop was ever contacted


def test_redirect_to_another_scheme_is_refused(server: Server) -> None:
    server.routes["/start"] = redirect("file:///etc/passwd")
    assert code_of(lambda: fetch(server.url("/start"), allow_private=True)) == "unsupported_scheme"


def test_blocked_reason_table() -> None:
    assert blocked_reason(PUBLIC) is None
    assert blocked_reason("2606:4700:4700::1111") is None
    assert blocked_reason("2002:5db8:d822::1") is None  # 6to4 of a public address
    assert "loopback" in (blocked_reason("::ffff:127.0.0.1") or "")
    assert "link-local" in (blocked_reason("169.254.169.254") or "")
    assert "6to4" in (blocked_reason("2002:7f00:1::") or "")


# ---------------------------------------------------------------------- finding 7: bad URLs
@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",
        "http://[::1]:99999/",
        "http://example.org:port/",
        "http://",
        "http:///path-only",
        "",
        "   ",
        "ftp://example.org/file",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "example.org/no-scheme",
        "http://exa mple.org/",
        "http://bad\nhost/",
        "http://a..b/",
        "http://[not-an-ip]/",
    ],
)
def test_malformed_urls_raise_fetch_error_only(url: str, guard: Guard) -> None:
    assert code_of(lambda: fetch(url, resolver=fixed(PUBLIC))) in {"bad_url", "unsupported_scheme"}
    assert guard.attempts == []


# ---------------------------------------------------------------------- finding 5: deadline and size
def drip(headers_first: bool) -> Route:
    """Send one byte every 0.1 s for up to 30 s: each read is quick, the whole never ends."""

    def handle(h: Handler) -> None:
        try:
            if headers_first:
                h.send_response(200)
                h.send_header("Content-Type", "text/plain")
                h.end_headers()
                h.wfile.flush()
                out = b"x" * 300
            else:
                out = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"y" * 300
            for i in range(len(out)):
                h.wfile.write(out[i : i + 1])
                h.wfile.flush()
                time.sleep(0.1)
        except OSError:  # the client gave up: exactly what we want
            pass
        h.close_connection = True

    return handle


@pytest.mark.parametrize("headers_first", [True, False], ids=["slow-body", "slow-headers"])
def test_drip_fed_response_hits_the_overall_deadline(server: Server, headers_first: bool) -> None:
    server.routes["/slow"] = drip(headers_first)
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline") as info:
        fetch(server.url("/slow"), allow_private=True, timeout_s=5.0, deadline_s=1.0)
    elapsed = time.monotonic() - started
    assert info.value.code == "timeout"
    # each byte came well within the 5 s read timeout, and the whole would take 30 s:
    # only the 1 s overall deadline can have ended it (a loose bound, not a speed target)
    assert elapsed < 10.0, elapsed


def test_size_cap_on_declared_and_streamed_bodies(server: Server) -> None:
    server.routes["/declared"] = text(b"z" * 5000)

    def chunked(h: Handler) -> None:  # no Content-Length: the cap must hold while streaming
        h.protocol_version = "HTTP/1.0"
        h.send_response(200)
        h.end_headers()
        for _ in range(50):
            h.wfile.write(b"z" * 1000)

    server.routes["/streamed"] = chunked
    for path in ("/declared", "/streamed"):
        with pytest.raises(FetchError, match="limit") as info:
            fetch(server.url(path), allow_private=True, max_bytes=2000)
        assert info.value.code == "too_large"
    assert len(fetch(server.url("/declared"), allow_private=True, max_bytes=5000).body) == 5000


# ---------------------------------------------------------------------- TLS on a pinned address
@pytest.fixture
def tls_server(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, list[str]]]:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate for ``secure.test``.

    The certificate is made trusted for this test through ``SSL_CERT_FILE``; the server
    records the SNI names clients send and answers with the Host header it received.
    """
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl command not available to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=secure.test",
         "-addext", "subjectAltName=DNS:secure.test",
         "-addext", "basicConstraints=critical,CA:TRUE"],
        check=True, capture_output=True, timeout=60,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    names: list[str] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    context.sni_callback = lambda _sock, name, _ctx: names.append(str(name))
    routes: dict[str, Route] = {"/who": lambda h: h.reply(200, h.headers["Host"].encode())}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("TLSHandler", (Handler,), {"routes": routes}))
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], names
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_https_on_a_pinned_address_verifies_the_real_host_name(
    tls_server: tuple[int, list[str]], guard: Guard
) -> None:
    port, sni = tls_server
    result = fetch(f"https://secure.test:{port}/who", allow_private=True, resolver=fixed("127.0.0.1"))
    assert result.body == f"secure.test:{port}".encode()
    assert sni == ["secure.test"] and guard.attempts == ["127.0.0.1"]
    # the same address under another name: the certificate does not match, so no data
    with pytest.raises(FetchError) as info:
        fetch(f"https://other.test:{port}/who", allow_private=True, resolver=fixed("127.0.0.1"))
    assert info.value.code == "tls_error"


def test_compressed_bodies_are_decoded_within_the_cap(server: Server) -> None:
    import gzip

    page = b"A page that a server compressed although we asked for identity. " * 20
    server.routes["/gz"] = lambda h: h.reply(200, gzip.compress(page), Content_Encoding="gzip")
    assert fetch(server.url("/gz"), allow_private=True).body == page
    bomb = gzip.compress(b"\0" * 5_000_000)  # ~5 KB on the wire, 5 MB inflated
    server.routes["/bomb"] = lambda h: h.reply(200, bomb, Content_Encoding="gzip")
    assert len(bomb) < 100_000
    assert code_of(lambda: fetch(server.url("/bomb"), allow_private=True, max_bytes=100_000)) == "too_large"
