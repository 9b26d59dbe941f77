"""Web UI (``briefbot.ui``) without a browser: rendering/escaping, the mounted app, gradio_client.

The browser end-to-end tests live in ``test_ui_browser.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from briefbot.api import ServedBot
from briefbot.articles import Article
from briefbot.config import Settings
from briefbot.schema import Citation, Summary, SummaryPoint
from briefbot.ui import (
    UPLOAD_SUFFIXES,
    badge_html,
    check_upload,
    ingest_report_html,
    source_panel_html,
    summary_html,
)

QUESTION = "Why was the Lavrov–Rubio meeting postponed?"
EVIL = '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1">'


def _article(text: str, **kw: Any) -> Article:
    base = {"id": "a1", "title": "T", "source": "Wire", "published": "2025-10-21", "url": "https://example.org/a"}
    return Article(text=text, **{**base, **kw})


# ---------------------------------------------------------------------- rendering
def test_source_panel_highlights_exact_offsets() -> None:
    text = "First sentence. The cited part is here. Last one."
    start = text.index("The cited")
    end = text.index(" Last")
    html = source_panel_html(_article(text), {"id": 2, "start": start, "end": end, "quote": text[start:end]})
    assert '<mark id="cite-hl" class="bb-hl">The cited part is here.</mark>' in html
    assert "Citation [2]" in html
    assert 'href="https://example.org/a"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_source_panel_escapes_everything() -> None:
    art = _article(
        f"Before {EVIL} after.",
        title=f"Title {EVIL}",
        source='Out"let <b>',
        author="<i>me</i>",
        url="javascript:alert(1)",
    )
    start = art.text.index("<script>")
    html = source_panel_html(art, {"id": 1, "start": start, "end": start + 8, "quote": "<script>"})
    assert "<script" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "onerror=&quot;window.__pwned=1&quot;" in html
    assert "href=" not in html  # a javascript: URL is shown as text, never linked
    assert '<mark id="cite-hl" class="bb-hl">&lt;script&gt;</mark>' in html


def test_source_panel_bad_offsets_and_missing_article() -> None:
    html = source_panel_html(_article("short"), {"id": 1, "start": 3, "end": 99, "quote": "x"})
    assert "cite-hl" not in html and "no longer match" in html
    html = source_panel_html(None, {"id": 1, "article_id": "<gone>", "quote": "q"})
    assert "&lt;gone&gt;" in html and "no longer in the index" in html


def test_badges() -> None:
    for status, label in [("answered", "Answered"), ("uncertain", "Uncertain"),
                          ("insufficient_evidence", "Insufficient evidence")]:
        html = badge_html(status, "note <b>")
        assert f'data-status="{status}"' in html and label in html and "note &lt;b&gt;" in html


def test_summary_html_escapes() -> None:
    cit = Citation(1, "a1", "Title <x>", "Wire", None, "2025-10-21", "a1::0", "q", 0, 1)
    summary = Summary(
        topic="Topic <script>",
        status="uncertain",
        text="",
        points=[SummaryPoint("Point <img src=x onerror=alert(1)>", [1])],
        citations=[cit],
        open_questions=["Why <b>?"],
        backend="extractive",
    )
    html = summary_html(summary)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "[1]" in html and "Uncertain" in html and "Title &lt;x&gt;" in html


def test_check_upload(tmp_path: Path) -> None:
    ok = tmp_path / "a.md"
    ok.write_text("hello")
    assert check_upload(ok, 1.0) is None
    bad = tmp_path / "a.exe"
    bad.write_text("MZ")
    assert "unsupported file type .exe" in check_upload(bad, 1.0)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    assert "over the 2 MB upload limit" in check_upload(big, 2.0)
    assert set(UPLOAD_SUFFIXES) == {".md", ".txt", ".html", ".json", ".jsonl", ".xml", ".rss", ".atom"}


def test_ingest_report_lists_failures_escaped() -> None:
    from briefbot.articles import LoadFailure
    from briefbot.ingest import IngestReport

    report = IngestReport(added=1, chunks=2, failed=[LoadFailure("/x/bad<1>.json", "not JSON <here>")])
    html = ingest_report_html(report, [("evil.exe", "unsupported file type .exe")], {"articles": 3})
    assert "added 1" in html and "2 input(s) skipped" in html
    assert "bad&lt;1&gt;.json" in html and "not JSON &lt;here&gt;" in html and "evil.exe" in html


# ---------------------------------------------------------------------- the mounted app
@pytest.fixture(scope="module")
def sbot(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> ServedBot:
    from briefbot.core import BriefBot

    index_dir = tmp_path_factory.mktemp("ui-index") / "idx"
    shutil.copytree(corpus_index, index_dir)
    return ServedBot(BriefBot(Settings(index_dir=index_dir)))


@pytest.fixture(scope="module")
def server(sbot: ServedBot) -> Any:
    from briefbot.server import BackgroundServer, create_app

    with BackgroundServer(create_app(sbot)) as srv:
        yield srv


def test_app_serves_ui_api_and_docs(server: Any) -> None:
    import httpx

    page = httpx.get(server.url + "/", timeout=30)
    assert page.status_code == 200 and "<html" in page.text.lower()
    config = httpx.get(server.url + "/config", timeout=30).json()
    ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
    for elem_id in ("chatbot", "question", "send-btn", "new-chat-btn", "answer-status", "citations",
                    "source-panel", "filter-sources", "filter-date-from", "filter-date-to", "backend",
                    "upload-files", "ingest-btn", "ingest-report", "articles-table", "delete-btn"):
        assert elem_id in ids, elem_id
    assert httpx.get(server.url + "/healthz").json()["status"] == "ok"
    assert httpx.get(server.url + "/docs").status_code == 200
    r = httpx.post(server.url + "/api/ask", json={"question": ""})
    assert r.status_code == 422 and "question" in r.json()["error"]


def test_gradio_client_chat(server: Any) -> None:
    from gradio_client import Client

    client = Client(server.url + "/", verbose=False)
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert "/chat" in endpoints
    out = client.predict(QUESTION, [], "", "", "extractive", api_name="/chat")
    _, messages, status, citations = out[0], out[1], out[2], out[3]
    assert 'data-status="uncertain"' in status
    assert messages[-1]["role"] == "assistant"
    text = messages[-1]["content"][0]["text"] if isinstance(messages[-1]["content"], list) else messages[-1]["content"]
    assert "Uncertain" in text and "[1]" in text
    assert citations  # the Radio's value/choices come back too


def test_gradio_client_ingest_rejects_bad_type(server: Any, tmp_path: Path) -> None:
    from gradio_client import Client, handle_file

    bad = tmp_path / "payload.exe"
    bad.write_text("MZ")
    client = Client(server.url + "/", verbose=False)
    with pytest.raises(Exception, match="Invalid file type"):
        client.predict([handle_file(str(bad))], "", api_name="/ingest")
    good = tmp_path / "ui-client-article.txt"
    good.write_text("Falcon show in Astana\nA falcon show drew crowds in Astana on Sunday, organisers said.\n")
    out = client.predict([handle_file(str(good))], "ftp://not-http\n", api_name="/ingest")
    assert "added 1" in out[0]
    assert "not an http(s) URL" in out[0]


def test_briefs_tab(server: Any, sbot: ServedBot) -> None:
    import httpx

    config = httpx.get(server.url + "/config", timeout=30).json()
    ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
    if not sbot.has_summaries:
        assert "briefs-unavailable" in ids
        pytest.skip("BriefBot.summarize / BriefBot.brief are not implemented yet: tab shows a notice")
    from gradio_client import Client

    assert {"brief-article", "summarize-btn", "brief-topic", "brief-btn", "brief-output"} <= ids
    client = Client(server.url + "/", verbose=False)
    out = client.predict("lavrov-rubio-meeting-postponed", "extractive", api_name="/summarize")
    assert "bb-summary" in out[0] and "data-status=" in out[0]
    out = client.predict("Lavrov Rubio meeting", [], "extractive", api_name="/brief")
    assert "bb-summary" in out[0]


def test_ui_auth(sbot: ServedBot) -> None:
    from briefbot.server import create_app

    bot = ServedBot(sbot.bot)
    bot.settings = sbot.settings.with_overrides(auth="ed:pw", api_token="tok")
    client = TestClient(create_app(bot, bot.settings))
    assert client.get("/config").status_code == 401
    assert client.post("/login", data={"username": "ed", "password": "nope"}).status_code == 400
    assert client.post("/login", data={"username": "ed", "password": "pw"}).status_code == 200
    assert client.get("/config").status_code == 200
    assert client.get("/api/articles").status_code == 401
    assert client.get("/api/articles", headers={"Authorization": "Bearer tok"}).status_code == 200


def test_gradio_client_chat_filters(server: Any) -> None:
    from gradio_client import Client

    client = Client(server.url + "/", verbose=False)
    with pytest.raises(Exception, match="is not a date"):
        client.predict(QUESTION, [], "last tuesday", "", "extractive", api_name="/chat")
    out = client.predict(QUESTION, ["No Such Outlet"], "", "", "extractive", api_name="/chat")
    assert 'data-status="insufficient_evidence"' in out[2]
    out = client.predict(QUESTION, ["Steppe Wire"], "2025-10-01", "2025-10-31", "extractive", api_name="/chat")
    assert 'data-status="uncertain"' in out[2] or 'data-status="answered"' in out[2]
