"""The one safe HTTP fetcher for URLs and feeds.

Why it exists: ingest takes URLs from the network (``/api/ingest``, the UI's URL box,
followed feeds).  A plain HTTP client lets such a URL reach the server's own loopback
services, the private network and cloud metadata endpoints (SSRF), follow redirects
there unchecked, and hold a worker for as long as a drip-feeding server likes.

What it does, per hop of a bounded redirect chain:

1. parse the URL strictly (http/https only; anything malformed is ``bad_url``);
2. resolve the host once, and refuse if *any* answer is loopback, private, link-local,
   multicast, reserved, unspecified or otherwise not globally routable -- also when
   hidden inside an IPv6 form (IPv4-mapped, 6to4, NAT64, Teredo, IPv4-compatible) --
   unless ``allow_private`` is set;
3. connect to that checked address itself (no second DNS lookup, so a rebinding DNS
   server cannot swap the address after the check), sending the real host name in the
   ``Host`` header and as TLS SNI (the certificate is verified against it);
4. read under a per-operation timeout *and* an overall wall-clock deadline (a watchdog
   shuts the socket when it passes) with a size cap enforced while streaming (and again
   after undoing a gzip/deflate encoding, so a small compressed body cannot inflate).

It uses :mod:`http.client` on a socket we open ourselves: no proxy variables and no
connection pool that could bypass these checks.
Every failure is a :class:`FetchError` with a short ``code``; nothing else escapes.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

Resolver = Callable[[str, int], list[str]]
"""``(host, port) -> IP address strings``; the default wraps :func:`socket.getaddrinfo`."""

MAX_REDIRECTS = 5
"""Redirect hops followed before giving up (browsers allow ~20; feeds and articles need 1-2)."""
READ_CHUNK = 64 * 1024
USER_AGENT = "briefbot/0.1 (+https://github.com/briefbot)"
_REDIRECTS = {301, 302, 303, 307, 308}
_CONDITIONAL = {"if-none-match", "if-modified-since"}
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_HOST_NAME = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?")


class FetchError(Exception):
    """Why a URL could not be fetched.

    ``code`` is one of ``bad_url``, ``unsupported_scheme``, ``blocked_address``,
    ``unreachable``, ``timeout``, ``too_large``, ``http_error``, ``too_many_redirects``,
    ``tls_error``, ``bad_response``, ``bad_header``; ``str(exc)`` says what happened and what to do.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class FetchResult:
    """A successful response (``status`` 200, or 304 for a conditional request)."""

    url: str
    """Final URL after redirects (with the host name, not the address)."""
    status: int
    headers: dict[str, str]
    """Response headers, lower-case names; repeated headers joined with ``", "``."""
    body: bytes

    @property
    def content_type(self) -> str:
        """The media type, lower-case, without parameters (``""`` when not sent)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


@dataclass(frozen=True)
class Target:
    """One parsed http(s) URL, ready to connect to."""

    url: str
    scheme: str
    host: str
    """ASCII host name or IP literal (no brackets)."""
    port: int
    path: str
    """The request target: path plus query, percent-encoded."""


# --------------------------------------------------------------------------- public
def fetch(
    url: str,
    *,
    allow_private: bool = False,
    timeout_s: float = 20.0,
    deadline_s: float = 60.0,
    max_bytes: int = 20 * 2**20,
    headers: Mapping[str, str] | None = None,
    resolver: Resolver | None = None,
) -> FetchResult:
    """GET ``url`` safely (see the module docstring); raise :class:`FetchError` on any failure.

    ``timeout_s`` bounds each connect/read; ``deadline_s`` bounds the whole call,
    redirects included.  ``headers`` are sent on every hop (e.g. ``If-None-Match``).
    """
    request_headers = _request_headers(headers)
    conditional = any(name.lower() in _CONDITIONAL for name in request_headers)
    resolve = resolver or system_resolver
    deadline = time.monotonic() + deadline_s
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        target = parse_url(current)
        addresses = _checked_addresses(target, resolve, allow_private, deadline)
        status, response_headers, body = _get(
            target, addresses, request_headers, timeout_s, deadline, max_bytes
        )
        location = response_headers.get("location")
        if status in _REDIRECTS and location:
            current = _redirect_target(target.url, location)
            continue
        if status == 200 or (status == 304 and conditional):
            return FetchResult(target.url, status, response_headers, body)
        raise FetchError("http_error", f"HTTP {status} fetching {target.url}")
    raise FetchError(
        "too_many_redirects", f"more than {MAX_REDIRECTS} redirects starting from {url}"
    )


def check_address(url: str, *, allow_private: bool = False, resolver: Resolver | None = None,
                  deadline_s: float = 5.0) -> Target:
    """The checks :func:`fetch` makes before it connects, without connecting: the URL is
    well formed and no address its host resolves to is blocked (same errors, same words).

    For a URL that is stored now and fetched later (a followed feed): a loopback or
    private address is refused when it is added, as ingest would refuse it, not at the
    first poll.  :func:`fetch` checks again on every request (an address can change).
    """
    target = parse_url(url)
    _checked_addresses(target, resolver or system_resolver, allow_private, time.monotonic() + deadline_s)
    return target


def blocked_reason(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``address`` must not be fetched from without ``allow_private``, or None if public.

    IPv6 forms that carry an IPv4 address (IPv4-mapped, 6to4, NAT64, Teredo,
    IPv4-compatible) are judged by the address they carry as well as by their own.
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    for label, inner in _embedded_ipv4(ip):
        inner_reason = _own_reason(inner)
        if inner_reason:
            return f"the {label} form of {inner}, {inner_reason}"
    return _own_reason(ip)


def system_resolver(host: str, port: int) -> list[str]:
    """IP addresses for ``host`` from the operating system's resolver (stream sockets)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        if address not in seen:
            seen.append(address)
    return seen


def parse_url(url: str) -> Target:
    """Validate an http(s) URL; raise ``FetchError("bad_url"|"unsupported_scheme")``."""
    if not isinstance(url, str) or not url.strip():
        raise FetchError("bad_url", "empty URL: give an http:// or https:// address")
    text = url.strip()
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        raise FetchError("bad_url", f"URL {text[:80]!r} contains control characters")
    try:
        parts = urlsplit(text)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:  # e.g. "http://[::1" or a port out of range
        raise FetchError("bad_url", f"malformed URL {text[:80]!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(
            "unsupported_scheme",
            f"URL {text[:80]!r}: only http:// and https:// URLs can be fetched",
        )
    if not host:
        raise FetchError("bad_url", f"URL {text[:80]!r} has no host name")
    ascii_host = _ascii_host(host, text)
    if not _ip_literal(ascii_host) and not _HOST_NAME.fullmatch(ascii_host):
        raise FetchError("bad_url", f"URL {text[:80]!r} has an invalid host name {host[:60]!r}")
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_QUERY_SAFE)
    port = port or (443 if scheme == "https" else 80)
    clean = urlunsplit((scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, parts.query, ""))
    return Target(clean, scheme, ascii_host, port, path)


def without_credentials(url: str) -> str:
    """``url`` with any ``user:password@`` removed (the fetcher never sends them anyway).

    What is stored and shown as an article's origin must not carry a password someone
    pasted into a URL (issue 21, N13).  Anything unparsable is returned unchanged.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, parts.query, parts.fragment))


# --------------------------------------------------------------------------- addresses
def _own_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    checks = (
        ("an unspecified address", ip.is_unspecified),
        ("a loopback address", ip.is_loopback),
        ("a link-local address", ip.is_link_local),
        ("a multicast address", ip.is_multicast),
        ("a private address", ip.is_private),
        ("a reserved address", ip.is_reserved),
        ("a site-local address", isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local),
        ("not a globally routable address", not ip.is_global),
    )
    for label, hit in checks:
        if hit:
            return label
    return None


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def _embedded_ipv4(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> list[tuple[str, ipaddress.IPv4Address]]:
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if ip.ipv4_mapped is not None:
        found.append(("IPv4-mapped", ip.ipv4_mapped))
    if ip.sixtofour is not None:
        found.append(("6to4", ip.sixtofour))
    if ip.teredo is not None:
        server, client = ip.teredo
        found += [("Teredo server", server), ("Teredo client", client)]
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _NAT64 or ip in _NAT64_LOCAL:
        found.append(("NAT64", low32))
    if ip in _IPV4_COMPATIBLE:
        found.append(("IPv4-compatible", low32))
    return found


def _checked_addresses(
    target: Target, resolve: Resolver, allow_private: bool, deadline: float
) -> list[str]:
    """The addresses to connect to, resolved once; refuse if any of them is blocked."""
    literal = _ip_literal(target.host)
    raw = [literal] if literal else _resolve_before(target, resolve, deadline)
    if not raw:
        raise FetchError("unreachable", f"unreachable: {target.host} has no addresses")
    addresses: list[str] = []
    for value in raw:
        try:
            ip = ipaddress.ip_address(str(value).split("%", 1)[0])
        except ValueError as exc:
            raise FetchError(
                "blocked_address", f"{target.host} resolved to {value!r}, which is not an IP address"
            ) from exc
        reason = None if allow_private else blocked_reason(ip)
        if reason:
            raise FetchError(
                "blocked_address",
                f"refusing {target.url}: {_where(target.host, ip)} {reason}. Only public "
                "addresses are fetched; set allow_private_urls (BRIEFBOT_ALLOW_PRIVATE_URLS=1) "
                "to allow loopback and private networks",
            )
        addresses.append(str(ip))
    return addresses


def _where(host: str, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    return f"{ip} is" if _ip_literal(host) == str(ip) else f"{host} resolves to {ip}, which is"


def _ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


def _resolve_before(target: Target, resolve: Resolver, deadline: float) -> list[str]:
    """Run the resolver in a helper thread so a hanging DNS lookup cannot pass the deadline."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = list(resolve(target.host, target.port))
        except Exception as exc:  # handed to the caller below
            box["error"] = exc

    worker = threading.Thread(target=run, name="briefbot-resolve", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise FetchError("timeout", f"timeout: resolving {target.host} passed the deadline")
    error = box.get("error")
    if isinstance(error, OSError | UnicodeError):
        raise FetchError(
            "unreachable", f"unreachable: cannot resolve host {target.host} ({error})"
        ) from error
    if isinstance(error, Exception):
        raise FetchError(
            "unreachable", f"unreachable: resolving {target.host} failed ({error})"
        ) from error
    return [str(a) for a in box.get("result", [])]  # type: ignore[union-attr]


# --------------------------------------------------------------------------- one hop
class _Watchdog:
    """Shuts a socket down when the overall deadline passes, waking any blocked read."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.expired = False
        self._sock = sock
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.expired = True
        try:  # the plain-socket shutdown also works under an SSL wrapper
            socket.socket.shutdown(self._sock, socket.SHUT_RDWR)
        except OSError:
            pass

    def cancel(self) -> None:
        self._timer.cancel()


def _get(
    target: Target,
    addresses: list[str],
    headers: dict[str, str],
    timeout_s: float,
    deadline: float,
    max_bytes: int,
) -> tuple[int, dict[str, str], bytes]:
    """One GET to one of the checked ``addresses``: (status, headers, body if 200)."""
    sock = _connect_any(target, addresses, timeout_s, deadline)
    watchdog = _Watchdog(sock, deadline)
    conn = _connection(target, sock, timeout_s)
    try:
        try:
            conn.putrequest("GET", target.path, skip_accept_encoding=True)
            for name, value in headers.items():
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            response_headers = _header_dict(response)
            body = b""
            if response.status == 200:
                body = _read_capped(response, response_headers, target, max_bytes, deadline)
                body = _decoded(body, response_headers.get("content-encoding", ""), target, max_bytes)
            return response.status, response_headers, body
        except FetchError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            if watchdog.expired or time.monotonic() >= deadline:
                raise _deadline_error(target) from exc
            raise _transport_error(target, exc) from exc
    finally:
        watchdog.cancel()
        conn.close()


def _connect_any(target: Target, addresses: list[str], timeout_s: float, deadline: float) -> socket.socket:
    """A TCP (and TLS) connection to the first checked address that answers."""
    last: OSError | None = None
    for address in addresses:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _deadline_error(target)
        try:
            raw = open_socket(address, target.port, min(timeout_s, left))
        except OSError as exc:
            last = exc
            continue
        if target.scheme == "http":
            return raw
        watchdog = _Watchdog(raw, deadline)
        try:
            return ssl.create_default_context().wrap_socket(raw, server_hostname=target.host)
        except OSError as exc:
            raw.close()
            if watchdog.expired:
                raise _deadline_error(target) from exc
            raise _transport_error(target, exc) from exc
        finally:
            watchdog.cancel()
    if isinstance(last, TimeoutError):
        raise FetchError("timeout", f"timeout: connecting to {target.host}:{target.port}") from last
    reason = getattr(last, "strerror", None) or str(last)
    raise FetchError(
        "unreachable", f"unreachable: cannot connect to {target.host}:{target.port} ({reason})"
    ) from last


def open_socket(address: str, port: int, timeout_s: float) -> socket.socket:
    """Connect to an already-checked IP address (the single place a socket is opened)."""
    return socket.create_connection((address, port), timeout=timeout_s)


def _connection(target: Target, sock: socket.socket, timeout_s: float) -> http.client.HTTPConnection:
    conn: http.client.HTTPConnection
    if target.scheme == "https":
        conn = http.client.HTTPSConnection(target.host, target.port, timeout=timeout_s)
    else:
        conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout_s)
    sock.settimeout(timeout_s)
    conn.sock = sock  # already connected to the checked address: never connect() again
    return conn


def _read_capped(
    response: http.client.HTTPResponse,
    headers: dict[str, str],
    target: Target,
    max_bytes: int,
    deadline: float,
) -> bytes:
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(target, max_bytes)
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() >= deadline:
            raise _deadline_error(target)
        chunk = response.read1(READ_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(target, max_bytes)
        chunks.append(chunk)
    if time.monotonic() >= deadline:  # the watchdog ended the read, not the server
        raise _deadline_error(target)
    return b"".join(chunks)


def _decoded(body: bytes, encoding: str, target: Target, max_bytes: int) -> bytes:
    """Undo a gzip/deflate Content-Encoding a server sent despite ``identity``, capped too."""
    name = encoding.strip().lower()
    if name in ("", "identity"):
        return body
    if name in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif name == "deflate":
        inflater = zlib.decompressobj()
    else:
        raise FetchError("bad_response", f"{target.url} sent an unsupported Content-Encoding {name!r}")
    try:
        out = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise FetchError("bad_response", f"{target.url} sent a corrupt {name} body ({exc})") from exc
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise _too_large(target, max_bytes)
    return out


# --------------------------------------------------------------------------- helpers
def _request_headers(extra: Mapping[str, str] | None) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "identity", "Connection": "close"}
    for name, value in (extra or {}).items():
        if not _HEADER_NAME.fullmatch(str(name)) or any(c in str(value) for c in "\r\n\0"):
            raise FetchError("bad_header", f"request header {str(name)[:40]!r} is not a valid HTTP header")
        if name.lower() == "host":
            continue  # the Host header always names the URL's own host
        headers = {k: v for k, v in headers.items() if k.lower() != name.lower()}
        headers[name] = value
    return headers


def _header_dict(response: http.client.HTTPResponse) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in response.getheaders():
        key = name.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def _redirect_target(current: str, location: str) -> str:
    try:
        return urljoin(current, location.strip())
    except ValueError as exc:
        raise FetchError("bad_url", f"{current} redirected to a malformed URL {location[:80]!r}") from exc


def _ascii_host(host: str, url: str) -> str:
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchError("bad_url", f"URL {url[:80]!r} has an invalid host name") from exc


def _deadline_error(target: Target) -> FetchError:
    return FetchError(
        "timeout",
        f"timeout: {target.url} did not finish within the overall deadline "
        "(raise fetch_deadline_s for slow sites)",
    )


def _too_large(target: Target, max_bytes: int) -> FetchError:
    return FetchError(
        "too_large",
        f"download of {target.url} exceeds the {max_bytes / 1e6:.1f} MB limit "
        "(raise max_file_mb to ingest it)",
    )


def _transport_error(target: Target, exc: BaseException) -> FetchError:
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return FetchError("tls_error", f"TLS error with {target.host}: {exc}")
    if isinstance(exc, TimeoutError):
        return FetchError("timeout", f"timeout: {target.host} stopped answering")
    if isinstance(exc, http.client.HTTPException | ValueError):
        return FetchError("bad_response", f"{target.url} sent an invalid HTTP response ({exc!r})")
    reason = getattr(exc, "strerror", None) or str(exc)
    return FetchError("unreachable", f"unreachable: connection to {target.host} failed ({reason})")
