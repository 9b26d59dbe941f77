"""briefbot works with no network but loopback, and switches hubs/telemetry off itself.

Both tests run a fresh interpreter whose environment lacks the offline switches, so
that ``import briefbot`` (not the test runner's environment) has to provide them, and
so that the model is loaded from scratch under the network block.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SWITCHES = {
    "HF_HUB_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
}


def bare_env(tmp_path: Path) -> dict[str, str]:
    """The current environment minus every offline/telemetry switch and proxy."""
    from briefbot._offline import OFFLINE_ENV

    drop = set(OFFLINE_ENV) | {k for k in os.environ if k.lower().endswith("_proxy")}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("BRIEFBOT_")}
    env["HOME"] = str(tmp_path)  # no user-level caches or configs
    return env


def test_import_sets_offline_switches(tmp_path: Path) -> None:
    code = (
        "import json, os\n"
        f"keys = {sorted(SWITCHES)!r}\n"
        "before = {k: os.environ.get(k) for k in keys}\n"
        "import briefbot\n"
        "print(json.dumps([before, {k: os.environ.get(k) for k in keys}]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=bare_env(tmp_path),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    before, after = json.loads(proc.stdout)
    assert before == dict.fromkeys(SWITCHES)
    assert after == SWITCHES


BLOCKED_SCRIPT = r"""
import json, socket, sys

attempts = []
LOCAL = ("127.0.0.1", "::1", "localhost")


def _allowed(host):
    host = str(host)
    return host in LOCAL or host.startswith("127.") or host == "::ffff:127.0.0.1"


real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
real_getaddrinfo = socket.getaddrinfo


def _guard(sock, address):
    if sock.family in (socket.AF_INET, socket.AF_INET6) and not _allowed(address[0]):
        attempts.append(str(address[0]))
        raise OSError(f"test blocks non-loopback connections: {address[0]}")


def connect(self, address):
    _guard(self, address)
    return real_connect(self, address)


def connect_ex(self, address):
    _guard(self, address)
    return real_connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    if host is not None and not _allowed(host):
        attempts.append(f"dns:{host}")
        raise socket.gaierror(f"test blocks name lookups: {host}")
    return real_getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
socket.getaddrinfo = getaddrinfo

from briefbot.config import Settings
from briefbot.core import BriefBot

bot = BriefBot(Settings(index_dir=sys.argv[1], allow_private_urls=True))  # the page is on 127.0.0.1
report = bot.ingest(sys.argv[2:])
again = bot.ingest(sys.argv[2:])
docs = bot.search("Kazakhstan oil export routes", k=3)
local = bot.search("ferry timetable islands every hour", k=1)
print(json.dumps({
    "report": report.to_dict(),
    "again": again.to_dict(),
    "hits": [d.metadata["article_id"] for d in docs],
    "local": [d.metadata["url"] for d in local],
    "attempts": attempts,
}))
"""

PAGE = """<!doctype html><html><head><title>Ferry timetable changes</title></head><body>
<article><h1>Ferry timetable changes for summer</h1>
<p>Ferries to the islands will run every hour from June, the operator said on Wednesday,
after a winter of reduced sailings caused by crew shortages and repairs to two vessels.</p>
<p>Passengers can book from next week. Prices will not change this year, the operator added,
although it warned that the first sailings of the day may be busy.</p></article></body></html>
"""


@pytest.mark.slow
def test_ingest_and_search_with_only_loopback(
    tmp_path: Path, corpus_dir: Path, http_server
) -> None:
    page = http_server.add("ferry.html", PAGE)  # served on 127.0.0.1: must still work
    proc = subprocess.run(
        [sys.executable, "-c", BLOCKED_SCRIPT, str(tmp_path / "idx"), str(corpus_dir), page],
        capture_output=True,
        text=True,
        env=bare_env(tmp_path),
        cwd=tmp_path,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["attempts"] == []  # nothing even tried to leave the machine
    assert result["report"]["failed"] == []
    assert result["report"]["added"] == 20
    assert result["again"]["unchanged"] == 20
    assert result["hits"][0] == "kazakhstan-alternative-oil-export-routes"
    assert result["local"] == [page]
