"""``briefbot ask/search`` answer from a running ``briefbot serve`` for the same index only.

A real ``briefbot serve`` subprocess on 127.0.0.1 (a free port, an API token) serves the
session's corpus index. The CLI runs both as the real console script (the server path
must work from a cold process) and in-process via :func:`briefbot.app.cli.main`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.processes import running
from helpers.servers import free_port

from briefbot.app.cli import main

BIN = Path(sys.executable).parent
TOKEN = "cli-test-token"
QUESTION = "Why was the Lavrov–Rubio meeting postponed?"
START_TIMEOUT_S = 180.0


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def server(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``briefbot serve --index <corpus index>`` on a free loopback port, with a token."""
    port = free_port()
    cwd = tmp_path_factory.mktemp("serve-cwd")
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        with urllib.request.urlopen(f"{url}/healthz", timeout=1) as resp:
            return json.loads(resp.read())["status"] == "ok"

    with running([str(BIN / "briefbot"), "serve", "--index", str(corpus_index), "--port", str(port)],
                 cwd / "serve.log", ready, what="briefbot serve", timeout_s=START_TIMEOUT_S,
                 cwd=cwd, env=_clean_env(BRIEFBOT_API_TOKEN=TOKEN)):
        yield url


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def _without_timings(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k != "timings_ms"}


def test_healthz_reports_the_index(server: str, corpus_index: Path) -> None:
    """The index folder is told to callers with the token only (the server has one)."""
    with urllib.request.urlopen(f"{server}/healthz", timeout=5) as resp:
        anonymous = json.loads(resp.read())
    assert anonymous["status"] == "ok" and "index_dir" not in anonymous and "collection" not in anonymous
    request = urllib.request.Request(f"{server}/healthz", headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=5) as resp:
        info = json.loads(resp.read())
    assert Path(info["index_dir"]) == corpus_index.resolve()
    assert info["collection"] == "briefbot"


def test_cold_console_script_answers_through_the_server(
    server: str, corpus_index: Path, capsys: pytest.CaptureFixture[str], isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    done = subprocess.run(
        [str(BIN / "briefbot"), "ask", QUESTION, "--index", str(corpus_index), "--server", server,
         "--json", "--verbose"],
        cwd=isolated_env, env=_clean_env(BRIEFBOT_API_TOKEN=TOKEN), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"answered by server {server}" in done.stderr
    remote = json.loads(done.stdout)

    monkeypatch.setenv("BRIEFBOT_API_TOKEN", TOKEN)
    code, local, err = run_main(capsys, "ask", QUESTION, "--index", str(corpus_index), "--json",
                                "--no-server", "--verbose")
    assert code == 0 and "in-process (--no-server)" in err
    assert _without_timings(remote) == _without_timings(local)
    assert remote["citations"], "the corpus answers this question with citations"


def test_default_port_only_for_the_same_index(
    server: str, corpus_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRIEFBOT_PORT", server.rsplit(":", 1)[1])  # "the default port" of this config
    monkeypatch.setenv("BRIEFBOT_API_TOKEN", TOKEN)
    code, rows, err = run_main(capsys, "search", "gas production", "--index", str(corpus_index), "--json",
                               "--verbose")
    assert code == 0 and f"answered by server on {server} (same index" in err
    code, local_rows, _ = run_main(capsys, "search", "gas production", "--index", str(corpus_index), "--json",
                                   "--no-server")
    assert rows == local_rows and rows

    other = tmp_path / "other-index"
    code, other_rows, err = run_main(capsys, "search", "gas production", "--index", str(other), "--json",
                                     "--verbose")
    assert code == 0 and other_rows == []  # answered in-process from the (empty) index asked for
    assert "in-process (the server on" in err and "has no server-secret file" in err


def test_explicit_server_for_another_index_is_an_error(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A named server that cannot prove it serves --index is refused (issue 21 N7): exit 2, said why."""
    monkeypatch.setenv("BRIEFBOT_SERVER", server)
    monkeypatch.setenv("BRIEFBOT_API_TOKEN", TOKEN)
    code, rows, err = run_main(capsys, "search", "gas production", "--index", str(tmp_path / "empty"), "--json")
    assert code == 2 and rows is None
    assert "has no server-secret file" in err and "--no-server" in err
    # an index that some server did serve (it has a secret), but not this one
    from briefbot.app.index_secret import ensure_secret

    ensure_secret(tmp_path / "served-elsewhere")
    code, rows, err = run_main(capsys, "search", "gas production", "--index", str(tmp_path / "served-elsewhere"))
    assert code == 2 and "did not prove it serves index" in err and "neither the API token" in err


def test_server_proves_its_index_without_the_token(
    server: str, corpus_index: Path, capsys: pytest.CaptureFixture[str], isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Even without the token the server answers for the index secret; the /api call then needs the token."""
    monkeypatch.setenv("BRIEFBOT_SERVER", server)
    code, rows, err = run_main(capsys, "search", "gas production", "--index", str(corpus_index), "--json")
    assert code == 2 and "missing bearer token" in err


def test_wrong_token_is_an_error_not_a_silent_fallback(
    server: str, corpus_index: Path, capsys: pytest.CaptureFixture[str], isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRIEFBOT_API_TOKEN", "not-the-token")
    code, out, err = run_main(capsys, "ask", QUESTION, "--index", str(corpus_index), "--server", server, "--json")
    assert code == 2 and out is None
    assert "invalid bearer token" in err


def test_unreachable_server_falls_back_in_process(
    corpus_index: Path, closed_port: int, capsys: pytest.CaptureFixture[str], isolated_env: Path
) -> None:
    code, rows, err = run_main(capsys, "search", "gas production", "--index", str(corpus_index), "--json",
                               "--server", f"http://127.0.0.1:{closed_port}")
    assert code == 0 and rows
    assert "is not reachable; answering in-process" in err


def test_terminal_rendering_of_a_server_answer(
    server: str, corpus_index: Path, capsys: pytest.CaptureFixture[str], isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRIEFBOT_API_TOKEN", TOKEN)
    code = main(["ask", QUESTION, "--index", str(corpus_index), "--server", server, "--verbose"])
    out, err = capsys.readouterr()
    assert code == 0 and "answered by server" in err
    badge = out.splitlines()[0]
    assert badge.startswith(("[ANSWERED]", "[UNCERTAIN]", "[INSUFFICIENT EVIDENCE]")) and "(extractive)" in badge
    assert "Sources:" in out and "\n[1] " in out


# ---------------------------------------------------------------------- issue 21 N7: a port squatter
class Squatter:
    """A FAKE briefbot on the default loopback port: forges /healthz and answers, logs what it is sent."""

    def __init__(self, index_dir: Path) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.seen: list[dict[str, str]] = []
        seen = self.seen
        forged_health = {"status": "ok", "index_dir": str(index_dir.resolve()), "collection": "briefbot",
                         "proof": "0" * 64}
        forged_rows = [{"rank": 1, "article_id": "forged", "title": "Forged", "text": "FORGED BY SQUATTER"}]

        class Handler(BaseHTTPRequestHandler):
            def _reply(self, body: object) -> None:
                seen.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                self._reply(forged_health)

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._reply(forged_rows)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        import threading

        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def squatter(tmp_path: Path) -> Iterator[tuple[Squatter, Path]]:
    from briefbot.app.index_secret import ensure_secret

    index = tmp_path / "my-index"
    ensure_secret(index)  # a real server served this index once, so the secret exists
    fake = Squatter(index)
    try:
        yield fake, index
    finally:
        fake.close()


def test_port_squatter_gets_no_token_and_no_question(
    squatter: tuple[Squatter, Path], capsys: pytest.CaptureFixture[str], isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 21 N7: a fake /healthz on the default port is not used; the CLI answers in-process and says why."""
    fake, index = squatter
    monkeypatch.setenv("BRIEFBOT_PORT", str(fake.port))
    monkeypatch.setenv("BRIEFBOT_API_TOKEN", "the-real-token")
    code, rows, err = run_main(capsys, "search", "gas production", "--index", str(index), "--json", "--verbose")
    assert code == 0 and rows == []  # answered in-process from the (empty) index, not the forged rows
    assert "did not prove it serves index" in err and "in-process" in err
    assert fake.seen and all("authorization" not in r for r in fake.seen)
    assert [r["path"].split("?")[0] for r in fake.seen] == ["/healthz"]  # the question never left

    # named explicitly, the squatter is an error, and still gets nothing
    code, rows, err = run_main(capsys, "search", "gas production", "--index", str(index), "--json",
                               "--server", f"http://127.0.0.1:{fake.port}")
    assert code == 2 and rows is None and "did not prove it serves index" in err
    assert all("authorization" not in r for r in fake.seen)
    assert "FORGED" not in err
