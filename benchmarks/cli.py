"""Cold ``briefbot ask`` start-up: through a running server vs in-process vs the torch import.

    nice .venv/bin/python benchmarks/cli.py --index DIR [--runs 5] [--before PATH]

Each run is a fresh process (what a shell script pays). Runs of the variants are
interleaved, so machine load hits all of them alike; the figures are medians.

* ``import torch, sentence_transformers`` -- the reference: ``python -c`` of just that;
* ``ask via server`` -- ``briefbot ask Q --index DIR --json`` with a ``briefbot serve``
  for DIR running on the configured loopback port (found through ``/healthz``);
* ``ask in-process`` -- the same with ``--no-server`` (this checkout);
* ``ask in-process (before)`` -- with ``--before PATH``: the same command with the code
  of another checkout (e.g. ``/work/main``) first on ``PYTHONPATH``.

Targets (issue 13): via server <= 0.55 x the torch import; in-process not slower than before.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
QUESTION = "Why was the Lavrov–Rubio meeting postponed?"
TARGET_RATIO = 0.55


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env_with(pythonpath: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env["PYTHONPATH"] = str(pythonpath)
    env.update(extra)
    return env


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr[-1500:]}")
    return took


def start_server(index: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([str(BIN / "briefbot"), "serve", "--index", str(index), "--port", str(port)],
                            env=env_with(REPO), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as resp:
                if json.loads(resp.read())["status"] == "ok":
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("briefbot serve did not start within 300 s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, type=Path, help="an ingested index folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout to compare the in-process path with")
    args = parser.parse_args(argv)

    port = free_port()
    ask = [str(BIN / "briefbot"), "ask", QUESTION, "--index", str(args.index), "--json"]
    variants = {
        "import torch, sentence_transformers": ([sys.executable, "-c", "import torch, sentence_transformers"],
                                                env_with(REPO)),
        "ask via server": (ask, env_with(REPO, BRIEFBOT_PORT=str(port))),
        "ask in-process": ([*ask, "--no-server"], env_with(REPO)),
    }
    if args.before:
        variants["ask in-process (before)"] = (ask, env_with(args.before))
    server = start_server(args.index, port)
    samples: dict[str, list[float]] = {name: [] for name in variants}
    try:
        for _ in range(args.runs):
            for name, (cmd, env) in variants.items():
                samples[name].append(timed(cmd, env))
    finally:
        server.terminate()
        server.wait(timeout=30)
    medians = {name: statistics.median(s) for name, s in samples.items()}
    for name, s in samples.items():
        print(f"{name:<38} median {medians[name]:6.2f} s   runs {' '.join(f'{x:.2f}' for x in s)}")
    ratio = medians["ask via server"] / medians["import torch, sentence_transformers"]
    verdict = "MET" if ratio <= TARGET_RATIO else "MISSED"
    print(f"via server / torch import = {ratio:.2f} (target <= {TARGET_RATIO}: {verdict})")
    if args.before:
        change = medians["ask in-process"] / medians["ask in-process (before)"]
        print(f"in-process now / before = {change:.2f} (target <= 1.0 within noise)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
