"""Fixtures shared by the whole test suite.

* ``corpus_index`` -- an index directory with the bundled ``corpus/`` ingested once per
  session (real model, embedded Chroma).  Treat it as read-only; tests that write make
  their own index under ``tmp_path``.
* ``shared_dir`` -- ``../shared`` next to the repository (external eval data); tests that
  need it are skipped when it is absent.
* ``http_server`` -- a throw-away HTTP server on 127.0.0.1 serving a temp directory.
* ``closed_port`` -- a localhost port nothing listens on.
* ``isolated_env`` -- no ``BRIEFBOT_*`` variables and a cwd without ``briefbot.toml``.
* ``check_index`` -- asserts an index is exactly consistent (see :func:`assert_consistent`).
* ``lock_holder`` -- a real second process holding an index's writer lock until released.

Under pytest-xdist (``pytest -n 2``, what CI runs) :func:`pytest_collection_modifyitems`
puts the files that hold ``slow`` tests first, so the long eval and server files start at
once on the two workers and the many short files fill the gaps at the end (longest first).
"""

from __future__ import annotations

import os
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

if os.environ.get("PYTEST_XDIST_WORKER"):
    # Two workers on two cores: one math thread each. torch would start one thread per core
    # in every worker, and four threads on two cores wait on each other. Set before any
    # test module imports torch; subprocesses the tests start inherit it.
    os.environ.setdefault("OMP_NUM_THREADS", "1")

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO_ROOT / "corpus"


# ---------------------------------------------------------------------- order under xdist
def file_of(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


def slow_rank(items: list[pytest.Item]) -> dict[str, int]:
    """``{file: 0 when every test is marked slow, 1 when some are, 2 when none}`` (a
    module-level ``pytestmark = pytest.mark.slow`` marks every test of the file)."""
    total: Counter[str] = Counter()
    slow: Counter[str] = Counter()
    for item in items:
        total[file_of(item)] += 1
        slow[file_of(item)] += item.get_closest_marker("slow") is not None
    return {f: 0 if slow[f] == total[f] else 1 if slow[f] else 2 for f in total}


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """``-n N`` without ``--dist``: whole files per worker (``loadfile``: a file's module
    fixtures -- indexes, servers, eval runs -- are built once) in the order below, not
    xdist's reorder by test count. Set here rather than in ``addopts`` so a venv without
    pytest-xdist still runs ``pytest`` serially."""
    if getattr(config.option, "numprocesses", None) and getattr(config.option, "dist", "no") == "no":
        config.option.dist = "loadfile"
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist, whole files (``--dist loadfile``) go to the workers in this order: the
    files slow as a whole first, then those with some slow tests, then the rest, in
    collection order within each rank and each file's tests in their order.  A long file
    started last would leave one core idle at the end; started first, it runs beside the
    other worker's short files (longest first).  Serial runs keep pytest's order."""
    if not hasattr(config, "workerinput"):  # collection runs in the workers (``-n 0`` has none)
        return
    rank = slow_rank(items)
    first: dict[str, int] = {}
    for n, item in enumerate(items):
        first.setdefault(file_of(item), n)
    items.sort(key=lambda item: (rank[file_of(item)], first[file_of(item)]))


# ---------------------------------------------------------------------- paths
@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled sample articles (read-only)."""
    return CORPUS_DIR


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` next to the repository; skips the test when it does not exist."""
    path = Path(__file__).resolve().parents[1].parent / "shared"
    if not path.is_dir():
        pytest.skip(f"shared data directory {path} is not available")
    return path


@pytest.fixture(scope="session")
def multihop_articles(shared_dir: Path) -> Path:
    """The MultiHop-RAG dev article file (307 articles), or skip."""
    path = shared_dir / "evaldata" / "multihop_rag.dev.articles.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return path


# ---------------------------------------------------------------------- environment
@pytest.fixture
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Remove ``BRIEFBOT_*`` variables and run in an empty cwd (no ``briefbot.toml``)."""
    for name in list(os.environ):
        if name.startswith("BRIEFBOT_"):
            monkeypatch.delenv(name)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return cwd


# ---------------------------------------------------------------------- index
@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index directory with ``corpus/`` ingested (embedded Chroma). Read-only."""
    from briefbot.config import Settings
    from briefbot.store.index import Index
    from briefbot.store.ingest import ingest

    index_dir = tmp_path_factory.mktemp("corpus-index")
    report = ingest(Index(Settings(index_dir=index_dir)), [CORPUS_DIR])
    assert not report.failed, report.failed
    assert report.added > 0
    return index_dir


def assert_consistent(index: Any, check_text: bool = True) -> dict[str, int]:
    """Assert chunks and article records agree exactly; return ``{articles, chunks}``.

    Chunk ids are unique, every chunk belongs to a record with the same content hash,
    every record has exactly ``n_chunks`` chunks numbered ``0..n-1``, and (with
    ``check_text``) every chunk's text is ``article.text[start:end]``.
    """
    records = index.records()
    got = index.chunks.get(include=["metadatas", "documents"])
    ids = got["ids"]
    assert len(ids) == len(set(ids)), "duplicate chunk ids"
    per_article: Counter[str] = Counter()
    indices: dict[str, set[int]] = {}
    for cid, meta in zip(ids, got["metadatas"], strict=True):
        rec = records.get(meta["article_id"])
        assert rec is not None, f"orphan chunk {cid}"
        assert meta["content_hash"] == rec.content_hash, f"stale chunk {cid}"
        per_article[rec.id] += 1
        indices.setdefault(rec.id, set()).add(int(meta["chunk_index"]))
    for rec in records.values():
        assert per_article[rec.id] == rec.n_chunks, (rec.id, per_article[rec.id], rec.n_chunks)
        assert indices.get(rec.id, set()) == set(range(rec.n_chunks)), rec.id
    total = sum(r.n_chunks for r in records.values())
    assert index.chunk_count() == len(ids) == total
    if check_text and records:
        texts = {a.id: a.text for a in index.get_articles(records).values()}
        assert set(texts) == set(records)
        for cid, meta, doc in zip(ids, got["metadatas"], got["documents"], strict=True):
            text = texts[meta["article_id"]]
            assert text[int(meta["start"]) : int(meta["end"])] == doc, cid
    return {"articles": len(records), "chunks": total}


@pytest.fixture(scope="session")
def check_index() -> Callable[..., dict[str, int]]:
    """The :func:`assert_consistent` checker."""
    return assert_consistent


# ---------------------------------------------------------------------- network
def free_port() -> int:
    """A localhost TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def closed_port() -> int:
    """A localhost port with no listener (connections are refused)."""
    return free_port()


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".rss": "application/rss+xml",
        ".atom": "application/atom+xml",
        ".html": "text/html; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
    }

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@dataclass
class LocalServer:
    """A directory served over HTTP on 127.0.0.1."""

    root: Path
    base_url: str

    def url(self, name: str) -> str:
        return f"{self.base_url}/{name}"

    def add(self, name: str, content: str | bytes) -> str:
        """Write ``name`` into the served directory and return its URL."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return self.url(name)


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[LocalServer]:
    """Serve ``tmp_path/www`` on 127.0.0.1 from a background thread."""
    root = tmp_path / "www"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalServer(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ---------------------------------------------------------------------- index lock
_HOLD_LOCK = r"""
import sys
from pathlib import Path
from briefbot.store.lock import IndexLock

with IndexLock(Path(sys.argv[1])).hold("test holder"):
    print("HELD", flush=True)
    sys.stdin.read()  # until the test closes our stdin
"""


@dataclass
class LockHolder:
    """Another process holding an index's writer lock until :meth:`release`."""

    proc: Any

    @property
    def pid(self) -> int:
        return int(self.proc.pid)

    def release(self) -> None:
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def lock_holder() -> Iterator[Callable[[Path], LockHolder]]:
    """Start a real process that takes the lock file ``path`` and holds it until released."""
    import subprocess
    import sys

    procs: list[Any] = []

    def start(path: Path) -> LockHolder:
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
        proc = subprocess.Popen(
            [sys.executable, "-c", _HOLD_LOCK, str(path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
        )
        procs.append(proc)
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.strip() == "HELD", f"lock holder did not start: {line!r}"
        return LockHolder(proc)

    try:
        yield start
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
