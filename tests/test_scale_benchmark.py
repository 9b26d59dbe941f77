"""``benchmarks/scale.py`` runs end to end at a small size (the 100k run is manual).

Speed is not asserted here (benchmarks print figures); this checks that the benchmark
builds the index it claims, labels its reused vectors, times the real retriever and
ingests into the big index.
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "scale.py"

pytestmark = pytest.mark.slow


def _load():
    spec = importlib.util.spec_from_file_location("scale_benchmark", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_small_scale_run(tmp_path: Path) -> None:
    scale = _load()
    args = argparse.Namespace(chunks=2000, real=150, queries=8, more=10, incremental=10, seed=3,
                              keep=str(tmp_path / "idx"), json=True)
    result = scale.run(args)

    data = result["data"]
    assert data["chunks"] >= 2000
    assert data["vectors"].startswith("150 real") and "REUSED" in data["vectors"]
    assert result["chroma"]["chroma_add_chunks_per_s"] > 0
    hybrid = result["retrieval"]["hybrid (HybridRetriever.retrieve)"]
    assert 0 < hybrid["p50_ms"] <= hybrid["p95_ms"]
    more = result["ingest_more"]
    assert more["articles"] == 10 and more["chunks"] > 10
    assert result["peak_rss_mb"] > 0
    server = result["server_process"]
    assert server["rss_mb"] > 0 and 0 < server["hybrid"]["p50_ms"] <= server["hybrid"]["p95_ms"]
    inc = result["incremental"]  # the replica found the new article (through a BM25 delta)
    assert inc["found"] and inc["bm25_found"] and inc["side_chunks"] == inc["chunks"] > 0
    text = scale.report(result)
    assert "targets: hybrid p50" in text and "REUSED" in text and "searchable on a replica within" in text
