"""Load test for ``POST /api/ask``: N concurrent clients for S seconds, loopback only by default.

    .venv/bin/python benchmarks/load.py                    # 20 clients, 60 s, own server
    .venv/bin/python benchmarks/load.py --seconds 20 --clients 10
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:7860   # an already running server
    .venv/bin/python benchmarks/load.py --backend local --clients 4 --seconds 120
    BRIEFBOT_LOCAL_MODEL_PATH=x.gguf .venv/bin/python benchmarks/load.py --backend local ...

With ``--backend local`` requests queue for the one local model: the figures include
the time queued (``timings_ms.queue``) and, for a server started here, its peak RSS.

Without ``--url`` it starts ``briefbot serve`` in a subprocess on a free 127.0.0.1 port
over a temporary index of ``corpus/`` (extractive backend), waits for ``/healthz``, runs
the load, and stops the server.  Prints throughput, latency percentiles and errors.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the server helpers shared with the tests
from helpers.servers import free_port  # noqa: E402

QUESTIONS = [
    "Why was the Lavrov–Rubio meeting postponed?",
    "What did the Senate do with the Sanctioning Russia Act?",
    "How much did KTZ spend on new workwear?",
    "Will Kadyrov run again in 2026?",
    "What damage did the drone attack do to the CPC terminal?",
    "Who won the 2031 World Cup?",  # not in the corpus: insufficient_evidence
]


def start_server(
    index: Path | None, ingest: bool, token: str | None, backend: str
) -> tuple[subprocess.Popen, str, Path | None]:
    port = free_port()
    tmp = None
    if index is None:
        tmp = Path(tempfile.mkdtemp(prefix="briefbot-load-"))
        index = tmp / "index"
    exe = Path(sys.executable).with_name("briefbot")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "briefbot.cli"])]
    cmd += ["serve", "--host", "127.0.0.1", "--port", str(port), "--index", str(index)]
    if ingest:
        cmd += ["--ingest", str(REPO / "corpus")]
    env = {**os.environ, "BRIEFBOT_BACKEND": backend}
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


def rss_mb(pid: int) -> float | None:
    """Resident memory of process ``pid`` in MB (Linux /proc), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


async def sample_rss(pid: int, peak: list[float], every_s: float = 1.0) -> None:
    """Keep ``peak[0]`` at the highest RSS seen until cancelled."""
    while True:
        value = rss_mb(pid)
        if value is not None:
            peak[0] = max(peak[0], value)
        await asyncio.sleep(every_s)


async def run_load(
    url: str, clients: int, seconds: float, token: str | None, timeout: float, backend: str | None = None,
    server_pid: int | None = None,
) -> dict:
    latencies: list[float] = []
    queued: list[float] = []
    peak = [0.0]
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
                    statuses[r.json()["status"]] += 1
                    latencies.append(elapsed)
                    queued.append(float(r.json().get("timings_ms", {}).get("queue", 0.0)) / 1000)
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    errors[f"{type(exc).__name__}: {exc}"[:160]] += 1

        sampler = asyncio.create_task(sample_rss(server_pid, peak)) if server_pid else None
        started = time.perf_counter()
        await asyncio.gather(*(client(n) for n in range(clients)))
        wall = time.perf_counter() - started
        if sampler is not None:
            sampler.cancel()
    return {"latencies": latencies, "errors": errors, "statuses": statuses, "wall": wall, "queued": queued,
            "peak_rss_mb": peak[0] or None}


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
    ap.add_argument("--timeout", type=float, default=120.0, help="per-request timeout in seconds")
    ap.add_argument("--backend", default="extractive", help="answer backend to request (default extractive)")
    args = ap.parse_args(argv)

    proc = tmp = None
    url = args.url
    if url is None:
        print("starting briefbot serve on 127.0.0.1 (ingesting corpus/ into a temp index)…", flush=True)
        t0 = time.perf_counter()
        proc, url, tmp = start_server(args.index, ingest=args.index is None, token=args.token, backend=args.backend)
        print(f"server ready at {url} in {time.perf_counter() - t0:.1f} s", flush=True)
    try:
        # one warm-up request so that first-call costs are not counted
        httpx.post(url.rstrip("/") + "/api/ask", json={"question": QUESTIONS[0], "backend": args.backend},
                   timeout=args.timeout, headers={"Authorization": f"Bearer {args.token}"} if args.token else {})
        print(f"load: {args.clients} clients x {args.seconds:g} s against {url}/api/ask "
              f"(backend {args.backend})", flush=True)
        res = asyncio.run(run_load(url.rstrip("/"), args.clients, args.seconds, args.token, args.timeout,
                                   backend=args.backend, server_pid=proc.pid if proc else None))
    finally:
        if proc is not None:
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
    if any(res["queued"]):
        q = res["queued"]
        print(f"queue wait ms: p50 {pct(q, 50) * 1000:.0f}  p95 {pct(q, 95) * 1000:.0f}  max {max(q) * 1000:.0f}")
    if res["peak_rss_mb"]:
        print(f"server peak RSS: {res['peak_rss_mb']:.0f} MB")
    print("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(res["statuses"].items())))
    print(f"errors: {n_err}")
    for err, count in res["errors"].most_common(5):
        print(f"  {count} x {err}")
    return 1 if n_err else 0


if __name__ == "__main__":
    sys.exit(main())
