"""HTTP API (``briefbot.api``) and serving safety (``briefbot.server``) via FastAPI's TestClient.

One BriefBot over a copy of the session corpus index serves the whole module; tests
that ingest or delete use their own throw-away article ids.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from briefbot.api import ServedBot, create_api
from briefbot.config import ConfigError, Settings
from briefbot.server import check_bind, is_loopback, parse_auth

QUESTION = "Why was the Lavrov–Rubio meeting postponed?"


@pytest.fixture(scope="module")
def bot(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from briefbot.core import BriefBot

    index_dir = tmp_path_factory.mktemp("api-index") / "idx"
    shutil.copytree(corpus_index, index_dir)
    return ServedBot(BriefBot(Settings(index_dir=index_dir)))


@pytest.fixture(scope="module")
def client(bot: ServedBot) -> TestClient:
    return TestClient(create_api(bot, api_token=""))


@pytest.fixture(scope="module")
def answer(client: TestClient) -> dict[str, Any]:
    r = client.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 200, r.text
    return r.json()


# ---------------------------------------------------------------------- meta
def test_healthz(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_openapi_lists_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/api/ask", "/api/summarize", "/api/brief", "/api/ingest", "/api/articles", "/healthz"):
        assert route in paths
    assert client.get("/docs").status_code == 200


# ---------------------------------------------------------------------- ask
def test_ask_returns_answer_contract(client: TestClient, answer: dict[str, Any]) -> None:
    assert set(answer) == {
        "question", "status", "answer", "uncertainty", "confidence", "citations", "backend", "timings_ms",
        "independent_outlets", "disagreements",
    }
    assert answer["status"] == "uncertain"
    assert answer["uncertainty"]
    assert answer["backend"] == "extractive"
    assert answer["citations"], answer
    assert "[1]" in answer["answer"]
    # quote == article.text[start:end], checked through the article route
    for c in answer["citations"]:
        art = client.get(f"/api/articles/{c['article_id']}")
        assert art.status_code == 200
        assert art.json()["text"][c["start"]:c["end"]] == c["quote"]


def test_ask_with_history_and_filters(client: TestClient, answer: dict[str, Any]) -> None:
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": answer["answer"]}]
    r = client.post(
        "/api/ask",
        json={
            "question": "And what did the Senate do?",
            "history": history,
            "filters": {"date_from": "2025-01-01", "date_to": "2026-12-31"},
            "backend": "extractive",
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] in ("answered", "uncertain", "insufficient_evidence")


def test_ask_filter_excluding_everything_is_insufficient(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": QUESTION, "filters": {"sources": ["No Such Outlet"]}})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "insufficient_evidence"
    assert r.json()["citations"] == []


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"question": ""}, 422, "question"),
        ({"question": "   "}, 400, "question is empty"),
        ({}, 422, "question"),
        ({"question": "x" * 2001}, 422, "question"),
        ({"question": QUESTION, "backend": "gpt-17"}, 400, "backend"),
        ({"question": QUESTION, "filters": {"date_from": "last tuesday"}}, 400, "date_from"),
        ({"question": QUESTION, "filters": {"outlet": "x"}}, 422, "outlet"),
        ({"question": QUESTION, "surprise": 1}, 422, "surprise"),
    ],
)
def test_ask_bad_requests_get_helpful_json(client: TestClient, body: dict, status: int, needle: str) -> None:
    r = client.post("/api/ask", json=body)
    assert r.status_code == status, r.text
    assert needle in r.json()["error"]


def test_ask_rejects_non_json(client: TestClient) -> None:
    r = client.post("/api/ask", content=b"not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert "error" in r.json()


# ---------------------------------------------------------------------- articles
def test_articles_lists_records(client: TestClient) -> None:
    r = client.get("/api/articles")
    assert r.status_code == 200
    rows = r.json()
    ids = {row["id"] for row in rows}
    assert "lavrov-rubio-meeting-postponed" in ids
    assert {"id", "title", "source", "published", "url", "n_chunks"} <= set(rows[0])
    dates = [row["published"] or "" for row in rows]
    assert dates == sorted(dates, reverse=True)


def test_unknown_article_is_404(client: TestClient) -> None:
    r = client.get("/api/articles/no-such-article")
    assert r.status_code == 404
    assert "no-such-article" in r.json()["error"]
    assert client.delete("/api/articles/no-such-article").status_code == 404


def test_stats(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["articles"] >= 19 and stats["chunks"] >= stats["articles"]


# ---------------------------------------------------------------------- summaries
def test_summarize_unknown_article(client: TestClient, bot: ServedBot) -> None:
    r = client.post("/api/summarize", json={"article_id": "no-such-article"})
    if bot.has_summaries:
        assert r.status_code == 404
        assert "no-such-article" in r.json()["error"]
    else:
        assert r.status_code == 501
        assert "not available" in r.json()["error"]


def test_summarize_and_brief(client: TestClient, bot: ServedBot) -> None:
    if not bot.has_summaries:
        pytest.skip("BriefBot.summarize / BriefBot.brief are not implemented yet")
    r = client.post("/api/summarize", json={"article_id": "lavrov-rubio-meeting-postponed"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] in ("answered", "uncertain", "insufficient_evidence")
    assert {"topic", "text", "points", "citations", "open_questions", "articles", "backend"} <= set(body)
    r = client.post("/api/brief", json={"topic": "Lavrov Rubio meeting", "filters": {"sources": ["Steppe Wire"]}})
    assert r.status_code == 200, r.text
    assert r.json()["citations"]


def test_brief_and_summarize_validation(client: TestClient) -> None:
    assert client.post("/api/brief", json={"topic": ""}).status_code == 422
    r = client.post("/api/brief", json={"topic": "  "})
    assert r.status_code in (400, 501)
    assert client.post("/api/summarize", json={}).status_code == 422


# ---------------------------------------------------------------------- ingest
ARTICLE = """---
id: api-test-article
title: "Test outlet reports a zeppelin festival in Almaty"
source: "API Test Wire"
published: 2025-11-01
---
A zeppelin festival took place in Almaty on Saturday, organisers said. Twelve airships flew over the city.
"""


def test_ingest_update_delete_roundtrip(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "api-test-article.md"
    path.write_text(ARTICLE, encoding="utf-8")
    missing = tmp_path / "missing.md"
    r = client.post("/api/ingest", json={"sources": [str(path), str(missing)]})
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["added"] == 1 and report["chunks"] >= 1
    assert [f["source"] for f in report["failed"]] == [str(missing)]
    assert "no such file" in report["failed"][0]["error"]

    again = client.post("/api/ingest", json={"sources": [str(path)]}).json()
    assert again["unchanged"] == 1 and again["added"] == 0

    assert "api-test-article" in {row["id"] for row in client.get("/api/articles").json()}
    ans = client.post(
        "/api/ask",
        json={
            "question": "Where did the zeppelin festival take place?",
            "filters": {"article_ids": ["api-test-article"]},
        },
    ).json()
    assert {c["article_id"] for c in ans["citations"]} <= {"api-test-article"}, ans

    r = client.delete("/api/articles/api-test-article")
    assert r.status_code == 200 and r.json()["chunks"] >= 1
    assert client.get("/api/articles/api-test-article").status_code == 404


def test_ingest_validation(client: TestClient) -> None:
    r = client.post("/api/ingest", json={"sources": []})
    assert r.status_code == 422
    assert "sources" in r.json()["error"]
    r = client.post("/api/ingest", json={"sources": ["  "]})
    assert r.status_code == 400
    assert client.post("/api/ingest", json={"paths": ["x"]}).status_code == 422


# ---------------------------------------------------------------------- auth
@pytest.fixture(scope="module")
def locked(bot: ServedBot) -> TestClient:
    return TestClient(create_api(bot, api_token="s3cret-token"))


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/ask", {"question": QUESTION}),
        ("post", "/api/summarize", {"article_id": "lavrov-rubio-meeting-postponed"}),
        ("post", "/api/brief", {"topic": "Lavrov"}),
        ("post", "/api/ingest", {"sources": ["/nonexistent"]}),
        ("get", "/api/articles", None),
        ("get", "/api/articles/lavrov-rubio-meeting-postponed", None),
        ("get", "/api/stats", None),
    ],
)
def test_token_required(locked: TestClient, method: str, path: str, body: dict | None) -> None:
    kwargs = {"json": body} if body is not None else {}
    r = getattr(locked, method)(path, **kwargs)
    assert r.status_code == 401
    assert "bearer token" in r.json()["error"]
    assert r.headers["www-authenticate"] == "Bearer"
    r = getattr(locked, method)(path, headers={"Authorization": "Bearer wrong"}, **kwargs)
    assert r.status_code == 401
    assert "invalid" in r.json()["error"]


def test_token_accepted(locked: TestClient) -> None:
    r = locked.get("/api/articles", headers={"Authorization": "Bearer s3cret-token"})
    assert r.status_code == 200 and r.json()
    r = locked.post("/api/ask", json={"question": QUESTION}, headers={"Authorization": "Bearer s3cret-token"})
    assert r.status_code == 200 and r.json()["status"] == "uncertain"
    assert locked.get("/healthz").status_code == 200  # health checks need no token


def test_token_from_settings(bot: ServedBot) -> None:
    from dataclasses import replace

    class _Bot:
        settings = replace(bot.settings, api_token="from-settings")

        def stats(self) -> dict:
            return {"articles": 0, "chunks": 0, "sources": {}}

    c = TestClient(create_api(_Bot()))
    assert c.get("/api/stats").status_code == 401
    assert c.get("/api/stats", headers={"Authorization": "Bearer from-settings"}).status_code == 200


# ---------------------------------------------------------------------- bind safety
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_no_auth(host: str) -> None:
    assert is_loopback(host)
    check_bind(Settings(), host)


@pytest.mark.parametrize(
    ("auth", "token", "missing"),
    [
        (None, None, ["BRIEFBOT_AUTH", "BRIEFBOT_API_TOKEN"]),
        ("admin:pw", None, ["BRIEFBOT_API_TOKEN"]),
        (None, "tok", ["BRIEFBOT_AUTH"]),
    ],
)
def test_public_bind_without_auth_refused(auth: str | None, token: str | None, missing: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        check_bind(Settings(auth=auth, api_token=token), "0.0.0.0")
    message = str(info.value)
    assert "refusing to listen on 0.0.0.0" in message
    for name in missing:
        assert name in message


def test_public_bind_with_auth_allowed() -> None:
    check_bind(Settings(auth="admin:pw", api_token="tok"), "0.0.0.0")
    assert parse_auth("admin:pw:with:colons") == ("admin", "pw:with:colons")
    for bad in ("admin", "admin:", ":pw"):
        with pytest.raises(ConfigError, match="user:password"):
            parse_auth(bad)


def test_cli_serve_refuses_public_bind(
    isolated_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefbot.cli import main

    rc = main(["serve", "--host", "0.0.0.0", "--port", "1", "--index", str(isolated_env / "idx")])
    assert rc == 2
    err = capsys.readouterr().err
    assert "refusing to listen on 0.0.0.0" in err and "BRIEFBOT_AUTH" in err
    monkeypatch.setenv("BRIEFBOT_AUTH", "nocolon")
    assert main(["serve", "--index", str(isolated_env / "idx")]) == 2
    assert "user:password" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_serve_ingests_then_serves(corpus_index: Path, corpus_dir: Path, tmp_path: Path) -> None:
    """`briefbot serve --ingest corpus/` ingests, prints the URL, then blocks serving."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import httpx

    from briefbot.server import free_port

    index_dir = tmp_path / "idx"
    shutil.copytree(corpus_index, index_dir)
    port = free_port()
    exe = Path(sys.executable).with_name("briefbot")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--index", str(index_dir), "--ingest", str(corpus_dir)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 240
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "serving the web UI at" in line:
                break
        out = "".join(lines)
        assert f"http://127.0.0.1:{port}/" in out, out
        assert "ingested: added 0, updated 0, unchanged 19" in out, out
        assert proc.poll() is None  # still serving
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).json()["status"] == "ok"
        r = httpx.post(f"http://127.0.0.1:{port}/api/ask", json={"question": QUESTION}, timeout=120)
        assert r.json()["status"] == "uncertain"
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
