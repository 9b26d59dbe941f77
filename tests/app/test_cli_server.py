"""``briefbot ask/search`` answer from a running ``briefbot serve`` for the same index only.

A real ``briefbot serve`` subprocess on 127.0.0.1 (a free port, an API token) serves the
session's corpus index. The CLI runs both as the real console script (the server path
must work from a cold process) and in-process via :func:`briefbot.app.cli.main`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefbot.app.cli import main

BIN = Path(sys.executable).parent
TOKEN = "cli-test-token"
QUESTION = "Why was the Lavrov–Rubio meeting postponed?"
START_TIMEOUT_S = 180.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def server(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``briefbot serve --index <corpus index>`` on a free loopback port, with a token."""
    port = free_port()
    cwd = tmp_path_factory.mktemp("serve-cwd")
    log = (cwd / "serve.log").open("w")
    proc = subprocess.Popen(
        [str(BIN / "briefbot"), "serve", "--index", str(corpus_index), "--port", str(port)],
        cwd=cwd, env=_clean_env(BRIEFBOT_API_TOKEN=TOKEN), stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"briefbot serve exited with {proc.returncode}: {(cwd / 'serve.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1) as resp:
                    if json.loads(resp.read())["status"] == "ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"briefbot serve did not answer /healthz within {START_TIMEOUT_S} s")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


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
    assert "in-process (the server on" in err and "serves index" in err


def test_explicit_server_for_another_index_is_not_used(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRIEFBOT_SERVER", server)
    monkeypatch.setenv("BRIEFBOT_API_TOKEN", TOKEN)
    code, rows, err = run_main(capsys, "search", "gas production", "--index", str(tmp_path / "empty"), "--json")
    assert code == 0 and rows == []
    assert "serves index" in err and "answering in-process" in err  # said even without --verbose


def test_server_that_will_not_name_its_index_is_not_used(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the token the server does not say which index it serves, so it is not trusted."""
    monkeypatch.setenv("BRIEFBOT_SERVER", server)
    code, rows, err = run_main(capsys, "search", "gas production", "--index", str(tmp_path / "empty"), "--json")
    assert code == 0 and rows == []
    assert "only to callers with its API token" in err and "answering in-process" in err


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
