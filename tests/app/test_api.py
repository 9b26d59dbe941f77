"""HTTP API (``briefbot.app.api``) and serving safety (``briefbot.app.server``) via FastAPI's TestClient.

One BriefBot over a copy of the session corpus index serves the whole module; tests
that ingest or delete use their own throw-away article ids.  Clients send
``Host: 127.0.0.1`` (TestClient's default ``testserver`` is, rightly, refused).
Regression tests for the issue-12 findings against a real server are in ``test_server.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from briefbot.app.api import create_api
from briefbot.app.server import check_bind, is_loopback, parse_auth
from briefbot.app.service import ServedBot
from briefbot.config import ConfigError, Settings

BASE = "http://127.0.0.1"

QUESTION = "Why was the Lavrov–Rubio meeting postponed?"


@pytest.fixture(scope="module")
def bot(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from briefbot.core import BriefBot

    index_dir = tmp_path_factory.mktemp("api-index") / "idx"
    shutil.copytree(corpus_index, index_dir)
    return ServedBot(BriefBot(Settings(index_dir=index_dir)))


@pytest.fixture(scope="module")
def client(bot: ServedBot) -> TestClient:
    return TestClient(create_api(bot, api_token=""), base_url=BASE)


@pytest.fixture(scope="module")
def answer(client: TestClient) -> dict[str, Any]:
    r = client.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 200, r.text
    return r.json()


# ---------------------------------------------------------------------- meta
def test_healthz(client: TestClient, bot: ServedBot) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert body["index_dir"] == str(Path(bot.settings.index_dir).resolve())
    assert body["collection"] == bot.settings.collection


def test_openapi_lists_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/api/ask", "/api/summarize", "/api/brief", "/api/ingest", "/api/articles", "/healthz"):
        assert route in paths
    assert client.get("/docs").status_code == 200


# ---------------------------------------------------------------------- ask
def test_ask_returns_answer_contract(client: TestClient, answer: dict[str, Any]) -> None:
    assert set(answer) == {
        "question", "status", "answer", "uncertainty", "confidence", "citations", "backend", "timings_ms",
        "independent_outlets", "disagreements", "summary",
    }
    assert answer["status"] == "uncertain"
    assert answer["uncertainty"] or answer["summary"]  # what is open, said once (the lead or the note)
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
    body = r.json()
    # answered, or uncertain when one report alone of the story says it (truth/status/alone.py): this
    # test is about history and filters reaching the chain, not the sourcing rule
    assert body["status"] in ("answered", "uncertain"), body
    assert "Senate" in body["answer"]
    assert "senate-pauses-sanctioning-russia-act" in {c["article_id"] for c in body["citations"]}


def test_ask_filter_excluding_everything_is_insufficient(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": QUESTION, "filters": {"sources": ["No Such Outlet"]}})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "insufficient_evidence"
    assert r.json()["citations"] == []
    assert "No Such Outlet" in r.json()["uncertainty"]  # it names what was searched


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
        # issue 21 (N2): history bounded like the question, refused before any work
        ({"question": "What did he say?", "history": [
            {"role": "user", "content": "Why?"}, {"role": "assistant", "content": "the Xx Yy, " * 30_000}]},
         422, "history message 2 is 330,000 characters, over the limit of 4,000"),
        ({"question": QUESTION, "history": [{"role": "user", "content": "q"}] * 21}, 422, "21 messages"),
        ({"question": QUESTION, "history": [{"role": "user", "content": "q" * 3000}] * 6}, 422, "in all"),
    ],
)
def test_ask_bad_requests_get_helpful_json(client: TestClient, body: dict, status: int, needle: str) -> None:
    r = client.post("/api/ask", json=body)
    assert r.status_code == status, r.text
    assert needle in r.json()["error"]["message"]


def test_ask_history_over_a_cap_uses_our_error_shape(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": QUESTION, "history": [{"role": "user", "content": "q"}] * 50})
    assert r.status_code == 422
    assert r.json() == {"error": {"code": "invalid_request", "message": r.json()["error"]["message"]}}
    assert "send only the latest turns" in r.json()["error"]["message"]


def test_ask_rejects_non_json(client: TestClient) -> None:
    r = client.post("/api/ask", content=b"not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"


# ---------------------------------------------------------------------- articles
def test_articles_lists_records(client: TestClient) -> None:
    r = client.get("/api/articles")
    assert r.status_code == 200
    body = r.json()
    rows = body["articles"]
    assert body["total"] == len(rows) >= 19 and (body["limit"], body["offset"]) == (100, 0)
    ids = {row["id"] for row in rows}
    assert "lavrov-rubio-meeting-postponed" in ids
    assert {"id", "title", "source", "published", "url", "n_chunks"} <= set(rows[0])
    dates = [row["published"] or "" for row in rows]
    assert dates == sorted(dates, reverse=True)


def test_unknown_article_is_404(client: TestClient) -> None:
    r = client.get("/api/articles/no-such-article")
    assert r.status_code == 404
    assert r.json()["error"] == {
        "code": "not_found",
        "message": "no article with id 'no-such-article' (GET /api/articles lists them)",
    }
    assert client.delete("/api/articles/no-such-article").status_code == 404


def test_stats(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["articles"] >= 19 and stats["chunks"] >= stats["articles"]


# ---------------------------------------------------------------------- summaries
def test_summarize_unknown_article(client: TestClient) -> None:
    r = client.post("/api/summarize", json={"article_id": "no-such-article"})
    assert r.status_code == 404
    assert "no-such-article" in r.json()["error"]["message"]


def test_summarize_and_brief(client: TestClient) -> None:
    r = client.post("/api/summarize", json={"article_id": "lavrov-rubio-meeting-postponed"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "uncertain"  # the article itself hedges on the reasons
    assert body["points"] and body["citations"]
    assert {"topic", "text", "points", "citations", "open_questions", "articles", "backend"} <= set(body)
    r = client.post("/api/brief", json={"topic": "Lavrov Rubio meeting", "filters": {"sources": ["Steppe Wire"]}})
    assert r.status_code == 200, r.text
    assert r.json()["citations"]


def test_brief_and_summarize_validation(client: TestClient) -> None:
    assert client.post("/api/brief", json={"topic": ""}).status_code == 422
    r = client.post("/api/brief", json={"topic": "  "})
    assert r.status_code == 400 and "topic is empty" in r.json()["error"]["message"]
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


@pytest.fixture
def rooted(bot: ServedBot, tmp_path: Path) -> TestClient:
    """An API whose ``ingest_roots`` lists ``tmp_path/root`` (same index as ``client``)."""
    root = tmp_path / "root"
    root.mkdir()
    sbot = ServedBot(bot.bot)
    sbot.settings = bot.settings.with_overrides(ingest_roots=[root])
    return TestClient(create_api(sbot, api_token=""), base_url=BASE)


def test_ingest_update_delete_roundtrip(rooted: TestClient, tmp_path: Path) -> None:
    client = rooted
    path = tmp_path / "root" / "api-test-article.md"
    path.write_text(ARTICLE, encoding="utf-8")
    missing = tmp_path / "root" / "missing.md"
    r = client.post("/api/ingest", json={"sources": [str(path), str(missing)]})
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["added"] == 1 and report["chunks"] >= 1
    assert [f["source"] for f in report["failed"]] == [str(missing)]
    assert "no such file" in report["failed"][0]["error"]

    again = client.post("/api/ingest", json={"sources": [str(path)]}).json()
    assert again["unchanged"] == 1 and again["added"] == 0

    assert "api-test-article" in {row["id"] for row in client.get("/api/articles").json()["articles"]}
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
    assert "sources" in r.json()["error"]["message"]
    r = client.post("/api/ingest", json={"sources": ["  "]})
    assert r.status_code == 400
    assert client.post("/api/ingest", json={"paths": ["x"]}).status_code == 422


# ---------------------------------------------------------------------- auth
@pytest.fixture(scope="module")
def locked(bot: ServedBot) -> TestClient:
    return TestClient(create_api(bot, api_token="s3cret-token"), base_url=BASE)


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
        ("get", "/openapi.json", None),
        ("get", "/docs", None),
    ],
)
def test_token_required(locked: TestClient, method: str, path: str, body: dict | None) -> None:
    kwargs = {"json": body} if body is not None else {}
    r = getattr(locked, method)(path, **kwargs)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"
    assert "bearer token" in r.json()["error"]["message"]
    assert r.headers["www-authenticate"] == "Bearer"
    r = getattr(locked, method)(path, headers={"Authorization": "Bearer wrong"}, **kwargs)
    assert r.status_code == 401
    assert "invalid" in r.json()["error"]["message"]


def test_docs_on_a_given_app_need_the_token(bot: ServedBot) -> None:
    """create_api(app=...) replaces that app's open /docs and /openapi.json with guarded ones."""
    from fastapi import FastAPI

    c = TestClient(create_api(bot, api_token="tok", app=FastAPI()), base_url=BASE)
    for path in ("/docs", "/openapi.json", "/redoc"):
        assert c.get(path).status_code in (401, 404), path
    assert c.get("/openapi.json", headers={"Authorization": "Bearer tok"}).status_code == 200


def test_token_accepted(locked: TestClient) -> None:
    r = locked.get("/api/articles", headers={"Authorization": "Bearer s3cret-token"})
    assert r.status_code == 200 and r.json()["articles"]
    r = locked.post("/api/ask", json={"question": QUESTION}, headers={"Authorization": "Bearer s3cret-token"})
    assert r.status_code == 200 and r.json()["status"] == "uncertain"
    assert locked.get("/healthz").status_code == 200  # health checks need no token


def test_healthz_tells_the_index_folder_only_with_the_token(locked: TestClient, bot: ServedBot) -> None:
    """Finding 9 (paths disclosed): monitors get the status; the served folder needs the token."""
    anonymous = locked.get("/healthz").json()
    assert anonymous["status"] == "ok" and "index_dir" not in anonymous and "collection" not in anonymous
    for wrong in ("Bearer wrong", "Basic s3cret-token", "s3cret-token"):
        assert "index_dir" not in locked.get("/healthz", headers={"Authorization": wrong}).json()
    authed = locked.get("/healthz", headers={"Authorization": "Bearer s3cret-token"}).json()
    assert authed["index_dir"] == bot.index_dir and authed["collection"] == bot.settings.collection


def test_token_from_settings(bot: ServedBot) -> None:
    class _Bot:
        settings = bot.settings.with_overrides(api_token="from-settings")

        def stats(self) -> dict:
            return {"articles": 0, "chunks": 0, "sources": {}}

    c = TestClient(create_api(_Bot()), base_url=BASE)
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
    from briefbot.app.cli import main

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
    from helpers.servers import free_port

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
        health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).json()
        assert health["status"] == "ok" and health["index_dir"] == str(index_dir.resolve())
        r = httpx.post(f"http://127.0.0.1:{port}/api/ask", json={"question": QUESTION}, timeout=120)
        assert r.json()["status"] == "uncertain"
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# ---------------------------------------------------------------------- issue 12 hardening
def test_server_paths_refused_without_revealing_existence(client: TestClient, tmp_path: Path) -> None:
    """Finding 3: no ingest_roots -> every server path is refused with one message."""
    real = tmp_path / "secret.md"
    real.write_text("# Secret\n\nThe password is hunter2.\n", encoding="utf-8")
    hidden = tmp_path / ".hidden" / "x.md"
    hidden.parent.mkdir()
    hidden.write_text("# Hidden\n\nhidden text\n", encoding="utf-8")
    sources = [str(real), str(tmp_path / "missing.md"), str(hidden), "relative.md", "../../etc/passwd.md"]
    r = client.post("/api/ingest", json={"sources": sources})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["added"] == 0 and [f["source"] for f in body["failed"]] == sources
    assert len({f["error"] for f in body["failed"]}) == 1  # same words whether it exists or not
    assert "ingest_roots" in body["failed"][0]["error"]
    assert "hunter2" not in r.text
    assert client.get("/api/articles/secret").status_code == 404


def test_ingest_roots_resolve_symlinks_and_hidden_parts(rooted: TestClient, tmp_path: Path) -> None:
    """Finding 3: a path inside ingest_roots works; symlinks out of it and hidden parts do not."""
    root = tmp_path / "root"
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n\nnot for the network\n", encoding="utf-8")
    (root / "link.md").symlink_to(outside)
    (root / ".git").mkdir()
    (root / ".git" / "y.md").write_text("# Y\n\nhidden\n", encoding="utf-8")
    dotdot = f"{root}/../outside.md"
    r = rooted.post("/api/ingest", json={"sources": [str(root / "link.md"), str(root / ".git" / "y.md"), dotdot]})
    assert r.status_code == 200, r.text
    assert r.json()["added"] == 0 and len(r.json()["failed"]) == 3
    assert {f["error"] for f in r.json()["failed"]} == {r.json()["failed"][0]["error"]}


def test_malformed_url_is_partial_failure(rooted: TestClient, tmp_path: Path) -> None:
    """Finding 7: `http://[::1` among valid sources is listed in `failed`; the rest is ingested."""
    path = tmp_path / "root" / "partial-ok.md"
    path.write_text(ARTICLE.replace("api-test-article", "partial-ok"), encoding="utf-8")
    r = rooted.post("/api/ingest", json={"sources": ["http://[::1", str(path), "https://exa mple.org:99999/x"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["added"] == 1
    assert [f["source"] for f in body["failed"]] == ["http://[::1", "https://exa mple.org:99999/x"]
    assert all("malformed URL" in f["error"] for f in body["failed"])
    assert rooted.delete("/api/articles/partial-ok").status_code == 200


def test_too_many_filter_ids_is_clear_422(client: TestClient) -> None:
    """Finding 9: 40,000 filter ids -> 422 naming the limit, not a SQL error."""
    ids = [f"id-{i}" for i in range(40_000)]
    r = client.post("/api/ask", json={"question": QUESTION, "filters": {"article_ids": ids}})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"
    assert "filters.article_ids" in r.json()["error"]["message"] and "1000" in r.json()["error"]["message"]


def test_articles_pagination(client: TestClient) -> None:
    """Finding 9: limit/offset pages through the same newest-first order, with the total."""
    everything = client.get("/api/articles", params={"limit": 1000}).json()
    total = everything["total"]
    assert total == len(everything["articles"]) >= 19
    pages = [client.get("/api/articles", params={"limit": 5, "offset": o}).json() for o in range(0, total, 5)]
    assert all(p["total"] == total for p in pages)
    assert [row for p in pages for row in p["articles"]] == everything["articles"]
    for bad in ({"limit": 0}, {"limit": 1001}, {"offset": -1}):
        r = client.get("/api/articles", params=bad)
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_unknown_route_and_method_are_json(client: TestClient) -> None:
    """Finding 9: every 4xx is {"error": {"code", "message"}}, routing errors too."""
    r = client.get("/api/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert "/api/nope" in r.json()["error"]["message"]
    r = client.put("/api/ask", json={})
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


class _BrokenStore:
    """A FAKE index whose store is down (stands in for an unreachable Chroma server)."""

    def chunk_count(self) -> int:
        raise ConnectionError("Chroma server at 127.0.0.1:1 refused the connection")


class _BotWithDeadStore:
    """A FAKE bot at the edge: every store read fails as it does when Chroma is down."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.index = _BrokenStore()

    def stats(self) -> dict:
        raise ConnectionError("Chroma server at 127.0.0.1:1 refused the connection")

    def articles(self) -> list:
        raise ConnectionError("Chroma server at 127.0.0.1:1 refused the connection")


def test_store_down_gives_degraded_health_and_json_errors(tmp_path: Path) -> None:
    """Finding 9: Chroma down -> /healthz 503 degraded, /api/* JSON 503 (no plain-text 500)."""
    app = create_api(_BotWithDeadStore(Settings(index_dir=tmp_path / "idx")), api_token="")
    c = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    r = c.get("/healthz")
    assert r.status_code == 503
    assert r.json()["status"] == "degraded" and r.json()["failing"] == ["chroma"]
    assert r.json()["index_dir"] == str((tmp_path / "idx").resolve())
    for path in ("/api/stats", "/api/articles"):
        r = c.get(path)
        assert r.status_code == 503, (path, r.text)
        assert r.headers["content-type"] == "application/json"
        assert r.json()["error"]["code"] == "unavailable" and "chroma" in r.json()["error"]["message"]


def test_unexpected_exception_is_json_500(tmp_path: Path) -> None:
    """Finding 9: a bug in a route gives JSON 500, never a plain-text page."""

    class _BuggyBot:  # FAKE: raises an unexpected exception type from a read
        settings = Settings(index_dir=tmp_path)
        index = None

        def stats(self) -> dict:
            return {"articles": 0, "chunks": 0, "sources": {}}

        def articles(self) -> list:
            raise ZeroDivisionError("bug")

    c = TestClient(create_api(_BuggyBot(), api_token=""), base_url=BASE, raise_server_exceptions=False)
    r = c.get("/api/articles")
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal_error" and "ZeroDivisionError" in r.json()["error"]["message"]


def test_ingest_root_walk_stays_inside_the_root(rooted: TestClient, tmp_path: Path) -> None:
    """Issue 21 N6: ingesting a root folder does not follow `link.txt -> <outside>/secret.txt`."""
    root = tmp_path / "root"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret\n\nThe vault code is 4711.\n", encoding="utf-8")
    (root / "link.txt").symlink_to(outside / "secret.txt")
    r = rooted.post("/api/ingest", json={"sources": [str(root)]})
    assert r.status_code == 200, r.text
    assert r.json()["added"] == 0 and "4711" not in r.text
    assert [Path(f["source"]).name for f in r.json()["failed"]] == ["link.txt"]
    assert rooted.get("/api/articles/link").status_code == 404


def test_article_origin_shown_to_clients_has_no_server_path(rooted: TestClient, tmp_path: Path) -> None:
    """Issue 21 N13: `origin` in /api/articles is the path inside the ingest root, not the server's path."""
    path = tmp_path / "root" / "desk" / "origin-check.md"
    path.parent.mkdir()
    path.write_text(ARTICLE.replace("api-test-article", "origin-check"), encoding="utf-8")
    assert rooted.post("/api/ingest", json={"sources": [str(path)]}).json()["added"] == 1
    try:
        one = rooted.get("/api/articles/origin-check").json()
        listed = [a for a in rooted.get("/api/articles", params={"limit": 1000}).json()["articles"]
                  if a["id"] == "origin-check"]
        assert one["origin"] == listed[0]["origin"] == "root/desk/origin-check.md"
        everything = rooted.get("/api/articles", params={"limit": 1000}).text
        assert str(tmp_path) not in everything and str(Path.home()) not in everything
    finally:
        rooted.delete("/api/articles/origin-check")


def test_healthz_proves_the_index_secret(client: TestClient, bot: ServedBot) -> None:
    """Issue 21 N7: /healthz?nonce= answers HMAC(index secret, nonce), without the token; bad nonces are 422."""
    from briefbot.app.index_secret import new_nonce, proves, read_secret

    nonce = new_nonce()
    body = client.get("/healthz", params={"nonce": nonce}).json()
    secret = read_secret(bot.index_dir)
    assert secret is not None and proves(body["proof"], secret, nonce, bot.settings.collection)
    assert "proof" not in client.get("/healthz").json()
    r = client.get("/healthz", params={"nonce": "not-hex"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
