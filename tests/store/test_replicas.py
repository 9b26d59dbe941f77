"""Replicas on one Chroma server (issue 19 part 3): real processes on 127.0.0.1.

One ``chroma run`` (started, stopped and restarted here), two ``briefbot serve``
replicas against it (each with its own local index folder, as on two machines) and one
``briefbot watch`` worker that owns the writes (the writer lease lives in the Chroma
server).  A loopback RSS feed served by this test gains an entry; both replicas answer
it.  The Chroma server restarts: both replicas say ``degraded`` / ``store: unreachable``
meanwhile and recover.  A replica is killed mid-request while the other keeps serving.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]
START_S = 180.0
"""Bound on a process becoming ready (loading the model on a busy 2-core machine)."""
SEEN_S = 90.0
"""Bound on a new feed entry being answered by both replicas (the worker polls every 1 s)."""

FIRST = ("The harbour board in Kellmouth approved a new ferry timetable on Monday after weeks "
         "of talks with the crews. The timetable adds two evening crossings.")
NEW = ("The Norvale council said the second footbridge over the Lenn river will open on 14 April. "
       "The footbridge cost 2.4 million euros, the council said.")
QUESTION = "When will the second footbridge over the Lenn river open?"


# ---------------------------------------------------------------------- helpers
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(chroma_url: str, model_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    # this checkout's code, whatever the cwd (a relative PYTHONPATH would not follow the children)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])
    env.update(BRIEFBOT_CHROMA_URL=chroma_url, BRIEFBOT_ALLOW_PRIVATE_URLS="true", BRIEFBOT_COLLECTION="replicas",
               PYTHONUNBUFFERED="1", OMP_NUM_THREADS="1", ANONYMIZED_TELEMETRY="False",
               BRIEFBOT_OLLAMA_URL=model_url)
    return env


def _get(url: str, timeout: float = 5.0) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def _post(url: str, body: dict[str, Any], timeout: float = 60.0) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def _until(what: str, check: Any, timeout: float, every: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except OSError as exc:  # not listening yet, connection reset, ...
            last = exc
        else:
            if last:
                return last
        time.sleep(every)
    raise AssertionError(f"{what}: not within {timeout} s (last: {last!r})")


def _stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@dataclass
class Feed:
    """An RSS feed on loopback whose entries the test changes."""

    entries: list[tuple[str, str, str]] = field(default_factory=list)  # (guid, title, text)
    url: str = ""

    def body(self) -> bytes:
        items = "".join(
            f"<item><guid>{g}</guid><title>{t}</title><link>http://127.0.0.1/a/{g}</link>"
            f"<pubDate>Tue, 21 Oct 2025 08:00:00 GMT</pubDate><description>{x}</description></item>"
            for g, t, x in self.entries)
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Wire</title>'
                f"<link>http://127.0.0.1/</link><description>test</description>{items}</channel></rss>").encode()


@dataclass
class Chroma:
    """``chroma run`` on a fixed port and folder, so it can be stopped and started again."""

    exe: Path
    path: Path
    port: int
    log: Path
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [str(self.exe), "run", "--host", "127.0.0.1", "--port", str(self.port), "--path", str(self.path)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
        _until("chroma heartbeat", lambda: _get(f"{self.url}/api/v2/heartbeat", 1.0)[0] == 200, 60)

    def stop(self) -> None:
        if self.proc is not None:
            _stop(self.proc)


@dataclass
class Cluster:
    chroma: Chroma
    feed: Feed
    replicas: list[str]
    procs: dict[str, subprocess.Popen]
    logs: dict[str, Path]

    def log_tail(self) -> str:
        return "\n".join(f"--- {name}\n{path.read_text(errors='replace')[-1500:]}" for name, path in self.logs.items())


def _serve_feed(feed: Feed) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = feed.body()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    feed.url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    return server


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    exe = BIN / "chroma"
    if not exe.exists():
        found = shutil.which("chroma")
        if found is None:
            pytest.skip("the `chroma` executable is not installed")
        exe = Path(found)
    base = tmp_path_factory.mktemp("replicas")
    chroma = Chroma(exe, base / "chroma-db", _free_port(), base / "chroma.log")
    feed = Feed(entries=[("urn:wire:1", "Kellmouth ferry timetable approved", FIRST)])
    feed_server = _serve_feed(feed)
    procs: dict[str, subprocess.Popen] = {}
    logs: dict[str, Path] = {"chroma": chroma.log}
    # a model server that takes connections and never answers: an ask with backend "ollama"
    # stays in flight on a replica for as long as the test needs (its timeout is 120 s)
    black_hole = socket.socket()
    black_hole.bind(("127.0.0.1", 0))
    black_hole.listen(64)
    chroma.start()
    env = _env(chroma.url, f"http://127.0.0.1:{black_hole.getsockname()[1]}")
    try:
        worker_dir = base / "worker"
        done = subprocess.run([str(BIN / "briefbot"), "feeds", "add", feed.url, "--every", "1s",
                               "--index", str(worker_dir)], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        replicas = []
        for name in ("replica-1", "replica-2"):
            port = _free_port()
            logs[name] = base / f"{name}.log"
            with logs[name].open("w") as log:
                procs[name] = subprocess.Popen(
                    [str(BIN / "briefbot"), "serve", "--index", str(base / name), "--port", str(port)],
                    cwd=base, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            replicas.append(f"http://127.0.0.1:{port}")
        logs["worker"] = base / "worker.log"
        with logs["worker"].open("w") as log:
            procs["worker"] = subprocess.Popen([str(BIN / "briefbot"), "watch", "--index", str(worker_dir)],
                                               cwd=base, env=env, stdout=log, stderr=subprocess.STDOUT,
                                               stdin=subprocess.DEVNULL)
        cluster = Cluster(chroma, feed, replicas, procs, logs)
        for url in replicas:
            try:
                _until(f"{url}/healthz ok", lambda u=url: _get(f"{u}/healthz", 2.0)[1]["status"] == "ok", START_S)
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{cluster.log_tail()}") from exc
        yield cluster
    finally:
        for proc in procs.values():
            _stop(proc)
        chroma.stop()
        feed_server.shutdown()
        feed_server.server_close()
        black_hole.close()


def _cites(replica: str, article_title: str) -> bool:
    status, answer = _post(f"{replica}/api/ask", {"question": QUESTION, "backend": "extractive"})
    return status == 200 and any(article_title in json.dumps(c) for c in answer["citations"])


def _article_ids(replica: str) -> set[str]:
    status, rows = _get(f"{replica}/api/articles")
    return {r["id"] for r in rows["articles"]} if status == 200 else set()


# ---------------------------------------------------------------------- tests
def test_a_new_feed_entry_is_answered_by_both_replicas(cluster: Cluster) -> None:
    for replica in cluster.replicas:  # the worker's first poll reached both
        _until("the first entry on " + replica, lambda r=replica: len(_article_ids(r)) == 1, SEEN_S)
    assert not _cites(cluster.replicas[0], "Norvale")
    cluster.feed.entries.append(("urn:wire:2", "Norvale footbridge opening date", NEW))
    added = time.monotonic()
    for replica in cluster.replicas:
        try:
            _until("the new entry answered by " + replica, lambda r=replica: _cites(r, "Norvale"), SEEN_S, 0.25)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{cluster.log_tail()}") from exc
    print(f"new feed entry answered by both replicas {time.monotonic() - added:.1f} s after it appeared")
    status, answer = _post(f"{cluster.replicas[1]}/api/ask", {"question": QUESTION, "backend": "extractive"})
    assert status == 200 and "14 April" in answer["answer"], answer
    assert _article_ids(cluster.replicas[0]) == _article_ids(cluster.replicas[1])
    # one writer: the worker; its lease is kept in the Chroma server
    assert cluster.procs["worker"].poll() is None


def test_chroma_restart_both_replicas_degrade_then_recover(cluster: Cluster) -> None:
    cluster.chroma.stop()
    for replica in cluster.replicas:
        status, body = _until(
            "degraded on " + replica,
            lambda r=replica: (got := _get(f"{r}/healthz", 10.0))[0] == 503 and got, 30)
        assert body["status"] == "degraded" and body["store"] == "unreachable" and "chroma" in body["failing"]
    cluster.chroma.start()
    for replica in cluster.replicas:
        _until("ok again on " + replica, lambda r=replica: _get(f"{r}/healthz", 10.0)[0] == 200, 60)
        assert _get(f"{replica}/healthz")[1]["store"] == "ok"
        assert _until("answers again on " + replica, lambda r=replica: _cites(r, "Norvale"), 60)


def test_a_replica_killed_mid_request_while_the_other_keeps_serving(cluster: Cluster) -> None:
    victim, survivor = cluster.replicas
    outcomes: list[str] = []

    def ask_victim() -> None:
        try:
            # in flight on the victim: its model server never answers
            status, _ = _post(f"{victim}/api/ask", {"question": QUESTION, "backend": "ollama"}, timeout=60)
            outcomes.append(f"answered {status}")
        except OSError as exc:  # connection reset / refused / closed without a response
            outcomes.append(f"cut off: {type(exc).__name__}")

    asking = [threading.Thread(target=ask_victim) for _ in range(2)]
    for t in asking:
        t.start()
    time.sleep(1.5)  # the requests are in the victim's hands now
    cluster.procs["replica-1"].send_signal(signal.SIGKILL)
    cluster.procs["replica-1"].wait(timeout=20)
    for t in asking:
        t.join(timeout=60)
    assert outcomes and all(o.startswith("cut off") for o in outcomes), outcomes  # died with it mid-request
    for _ in range(3):  # the survivor answers, as a load balancer would now send everything there
        assert _cites(survivor, "Norvale")
    assert _get(f"{survivor}/healthz")[0] == 200
    with pytest.raises(OSError):
        _get(f"{victim}/healthz", 2.0)
