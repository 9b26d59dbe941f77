"""``briefbot ingest|stats|search``: JSON contracts, --strict, env settings.

Most tests call :func:`briefbot.app.cli.main` in-process (the model is loaded once per
session); one test runs the real console script to check that ``--json`` output on
stdout is exactly one JSON document.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from briefbot.app.cli import main

BIN = Path(sys.executable).parent
INGEST_KEYS = {"added", "updated", "unchanged", "removed", "chunks", "failed"}
SOME = ["kcell-information-security-certification.md", "uzbekistan-gas-production-2026.md"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_json(text: str) -> Any:
    """``text`` must be exactly one JSON document (whitespace around it allowed)."""
    return json.loads(text)


@pytest.fixture
def sources(tmp_path: Path, corpus_dir: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for name in SOME:
        shutil.copy(corpus_dir / name, src / name)
    return src


def test_ingest_json_contract_and_strict(
    capsys: pytest.CaptureFixture[str], isolated_env: Path, sources: Path, tmp_path: Path
) -> None:
    index = str(tmp_path / "idx")
    code, out, _ = run(capsys, "ingest", str(sources), "--index", index, "--json", "--strict")
    assert code == 0
    report = one_json(out)
    assert set(report) == INGEST_KEYS
    assert (report["added"], report["updated"], report["unchanged"], report["removed"]) == (
        2,
        0,
        0,
        0,
    )
    assert report["chunks"] >= 2 and report["failed"] == []

    bad = sources / "broken.md"
    bad.write_text("---\ntitle: [oops\n---\nbody\n")
    (sources / "empty.txt").write_text("")
    code, out, _ = run(capsys, "ingest", str(sources), "--index", index, "--json")
    assert code == 0  # failures alone do not fail the run...
    report = one_json(out)
    assert report["unchanged"] == 2 and report["chunks"] == 0
    failed = {f["source"]: f["error"] for f in report["failed"]}
    assert set(failed) == {str(bad), str(sources / "empty.txt")}
    assert all(set(f) == {"source", "error"} for f in report["failed"])
    assert "YAML" in failed[str(bad)] and "empty" in failed[str(sources / "empty.txt")]

    code, out, _ = run(capsys, "ingest", str(sources), "--index", index, "--json", "--strict")
    assert code == 1  # ...but --strict makes them an error
    assert len(one_json(out)["failed"]) == 2

    # human-readable output names each failure with its reason
    code, out, err = run(capsys, "ingest", str(sources), "--index", index)
    assert code == 0
    assert f"{bad}: front matter is not valid YAML" in out
    assert "unchanged 2" in out


def test_ingest_prune_flag(
    capsys: pytest.CaptureFixture[str], isolated_env: Path, sources: Path, tmp_path: Path
) -> None:
    index = str(tmp_path / "idx")
    assert run(capsys, "ingest", str(sources), "--index", index, "--json")[0] == 0
    (sources / SOME[0]).unlink()
    code, out, _ = run(capsys, "ingest", str(sources), "--index", index, "--json")
    assert one_json(out)["removed"] == 0
    code, out, _ = run(capsys, "ingest", str(sources), "--index", index, "--json", "--prune")
    assert code == 0 and one_json(out)["removed"] == 1
    code, out, _ = run(capsys, "stats", "--index", index, "--json")
    assert one_json(out)["articles"] == 1


def test_env_settings_reach_the_cli(
    capsys: pytest.CaptureFixture[str],
    isolated_env: Path,
    sources: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (sources / "big.txt").write_text("A sentence that repeats. " * 2000)  # ~50 KB
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(tmp_path / "env-idx"))
    monkeypatch.setenv("BRIEFBOT_MAX_FILE_MB", "0.01")
    code, out, _ = run(capsys, "ingest", str(sources), "--json", "--strict")
    assert code == 1
    report = one_json(out)
    assert report["added"] == 2
    assert [f["source"] for f in report["failed"]] == [str(sources / "big.txt")]
    assert "limit" in report["failed"][0]["error"]
    assert (tmp_path / "env-idx" / "chroma").is_dir()

    monkeypatch.setenv("BRIEFBOT_MAX_FILE_MB", "lots")
    code, out, err = run(capsys, "ingest", str(sources), "--json")
    assert code != 0 and out == ""
    assert "max_file_mb" in err


def test_stats_json(
    capsys: pytest.CaptureFixture[str], isolated_env: Path, corpus_index: Path
) -> None:
    code, out, _ = run(capsys, "stats", "--index", str(corpus_index), "--json")
    assert code == 0
    stats = one_json(out)
    assert set(stats) == {"articles", "chunks", "sources", "syndicated", "local_model"}
    assert stats["articles"] == 19 and stats["chunks"] >= 19
    assert stats["syndicated"] == 0  # corpus/ holds no wire copies
    assert sum(stats["sources"].values()) == 19
    code, out, _ = run(capsys, "stats", "--index", str(corpus_index))
    assert code == 0 and out.startswith("19 articles")


def test_search_json(
    capsys: pytest.CaptureFixture[str], isolated_env: Path, corpus_index: Path
) -> None:
    from briefbot.config import Settings
    from briefbot.store.index import Index

    code, out, _ = run(
        capsys,
        "search",
        "Kazakhstan oil exports",
        "--k",
        "3",
        "--index",
        str(corpus_index),
        "--json",
    )
    assert code == 0
    rows = one_json(out)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    scores = [r["score"] for r in rows]
    # ranks come from MMR (relevance vs. diversity), so only the first pick is the top score
    assert scores[0] == max(scores) and min(scores) > 0
    assert len({r["chunk_id"] for r in rows}) == 3
    assert rows[0]["article_id"] == "kazakhstan-alternative-oil-export-routes"
    texts = Index(Settings(index_dir=corpus_index)).get_articles(r["article_id"] for r in rows)
    for row in rows:
        assert row["text"] == texts[row["article_id"]].text[row["start"] : row["end"]]
        assert row["dense_score"] is not None or row["bm25_score"] is not None

    code, out, _ = run(
        capsys,
        "search",
        "Kazakhstan oil exports",
        "--k",
        "5",
        "--index",
        str(corpus_index),
        "--json",
        "--source",
        "Steppe Wire",
    )
    rows = one_json(out)
    assert 0 < len(rows) <= 5 and {r["source"] for r in rows} == {"Steppe Wire"}


@pytest.mark.slow
def test_console_script_json_is_one_document(sources: Path, tmp_path: Path) -> None:
    """The real executable: stdout must hold exactly one JSON object, logs go to stderr."""
    (sources / "binary.md").write_bytes(b"\x00\x01\x02binary")
    env = {"PATH": str(BIN), "HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.run(
        [
            str(BIN / "briefbot"),
            "ingest",
            str(sources),
            "--index",
            str(tmp_path / "idx"),
            "--json",
            "--strict",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    report = one_json(proc.stdout)
    assert set(report) == INGEST_KEYS and report["added"] == 2
    assert report["failed"] == [
        {"source": str(sources / "binary.md"), "error": report["failed"][0]["error"]}
    ]
    assert "binary" in report["failed"][0]["error"]


def test_url_on_loopback_needs_allow_private_urls(
    capsys: pytest.CaptureFixture[str],
    isolated_env: Path,
    tmp_path: Path,
    http_server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Finding 2 through the CLI: 127.0.0.1 is refused unless BRIEFBOT_ALLOW_PRIVATE_URLS is set."""
    page = http_server.add(
        "brief.txt", "Harbour brief\n\nThe harbour reopened on Monday after the storm, officials said."
    )
    index = str(tmp_path / "idx")
    code, out, _ = run(capsys, "ingest", page, "--index", index, "--json")
    report = one_json(out)
    assert code == 0 and report["added"] == 0
    assert [f["source"] for f in report["failed"]] == [page]
    assert "allow_private_urls" in report["failed"][0]["error"]

    monkeypatch.setenv("BRIEFBOT_ALLOW_PRIVATE_URLS", "1")
    code, out, _ = run(capsys, "ingest", page, "--index", index, "--json", "--strict")
    assert code == 0 and one_json(out)["added"] == 1

    monkeypatch.setenv("BRIEFBOT_FETCH_DEADLINE_S", "0")
    code, out, err = run(capsys, "ingest", page, "--index", index, "--json")
    assert code != 0 and out == "" and "fetch_deadline_s" in err
