"""Server processes the tests start and stop: ``chroma run``, ``briefbot serve``, a llama.cpp server.

Each fixture used to spell out the same start / wait-until-it-answers / terminate-then-kill
loop; :func:`running` is that loop once, and :func:`chroma_server` the Chroma server the store
tests share.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

from helpers.servers import free_port


def stop(proc: subprocess.Popen[bytes], wait_s: float = 15.0, kill_wait_s: float | None = 10.0) -> None:
    """Terminate ``proc``; kill it when it has not ended within ``wait_s``."""
    proc.terminate()
    try:
        proc.wait(timeout=wait_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=kill_wait_s)


@contextmanager
def running(argv: Sequence[str], log_path: Path, ready: Callable[[], bool], *, what: str,
            timeout_s: float, poll_s: float = 0.5, errors: tuple[type[BaseException], ...] = (OSError,),
            stop_s: float = 15.0, **popen: object) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``argv`` (output to ``log_path``), wait until ``ready()`` is true — an ``errors``
    exception counts as not yet — and stop it on exit (:func:`stop`).  The test fails with the
    log's tail when the process exits first or ``timeout_s`` passes."""
    log: IO[bytes]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(list(argv), stdout=log, stderr=subprocess.STDOUT, **popen)  # type: ignore[call-overload]
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                pytest.fail(f"{what} exited ({proc.returncode}): {log_path.read_text()[-2000:]}")
            try:
                if ready():
                    break
            except errors:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{what} did not answer within {timeout_s} s: {log_path.read_text()[-2000:]}")
            time.sleep(poll_s)
        yield proc
    finally:
        stop(proc, stop_s)


@contextmanager
def chroma_server(base: Path) -> Iterator[str]:
    """``chroma run`` on a free localhost port with its data in ``base``; yields its URL (the test
    is skipped when the ``chroma`` executable is not installed)."""
    import httpx

    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        found = shutil.which("chroma")
        if found is None:
            pytest.skip("the `chroma` executable is not installed")
        exe = Path(found)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "CHROMA_TELEMETRY": "False"}

    def ready() -> bool:
        httpx.get(f"{url}/api/v2/heartbeat", timeout=1).raise_for_status()
        return True

    argv = [str(exe), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(base / "db")]
    with running(argv, base / "server.log", ready, what="chroma server", timeout_s=60, poll_s=0.2,
                 errors=(httpx.HTTPError,), stop_s=10, stdin=subprocess.DEVNULL, env=env):
        yield url
