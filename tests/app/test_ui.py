"""Web UI (``briefbot.app.ui``) without a browser: rendering/escaping, handlers, the mounted app.

Handlers of :class:`briefbot.app.ui.BriefbotUi` are called directly as methods over a real
bot on a copy of the corpus index; fakes appear only where a test says so.  The browser
end-to-end tests live in ``test_ui_browser.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from fastapi.testclient import TestClient
from helpers.servers import BackgroundServer

from briefbot.app.service import ServedBot
from briefbot.app.ui.app import BriefbotUi
from briefbot.app.ui.brief_html import summary_html
from briefbot.app.ui.html import (
    UPLOAD_SUFFIXES,
    badge_html,
    chat_text,
    ingest_report_html,
    source_panel_html,
)
from briefbot.app.ui.inputs import check_upload
from briefbot.config import Settings
from briefbot.schema import Citation, Summary, SummaryPoint
from briefbot.sources.articles import Article
from briefbot.sources.intake import UPLOAD_REFUSED

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
    assert "Source [2]: the quoted sentence is highlighted below." in html and "characters" not in html
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
    assert "cite-hl" not in html and "has changed since the answer" in html
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
    from briefbot.sources.articles import LoadFailure
    from briefbot.store.ingest import IngestReport

    report = IngestReport(added=1, chunks=2, failed=[LoadFailure("/x/bad<1>.json", "not JSON <here>")])
    html = ingest_report_html(report, [("evil.exe", "unsupported file type .exe")], {"articles": 3})
    assert "Added 1 article; 2 could not be added." in html and "now holds 3 articles" in html
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
    from briefbot.app.server import create_app

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
                    "upload-files", "upload-status", "ingest-btn", "ingest-report", "articles-table", "delete-btn"):
        assert elem_id in ids, elem_id
    assert httpx.get(server.url + "/healthz").json()["status"] == "ok"
    assert httpx.get(server.url + "/docs").status_code == 200
    r = httpx.post(server.url + "/api/ask", json={"question": ""})
    assert r.status_code == 422 and "question" in r.json()["error"]["message"]


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
    assert "Added 1 article" in out[0]
    assert "not an http(s) URL" in out[0]


def test_briefs_tab(server: Any) -> None:
    import httpx
    from gradio_client import Client

    config = httpx.get(server.url + "/config", timeout=30).json()
    ids = {c.get("props", {}).get("elem_id") for c in config["components"]}

    assert {"brief-article", "summarize-btn", "brief-topic", "brief-btn", "brief-output"} <= ids
    client = Client(server.url + "/", verbose=False)
    out = client.predict("lavrov-rubio-meeting-postponed", "extractive", api_name="/summarize")
    assert "bb-summary" in out[0] and "data-status=" in out[0]
    out = client.predict("Lavrov Rubio meeting", [], "extractive", api_name="/brief")
    assert "bb-summary" in out[0]


def test_ui_auth(sbot: ServedBot) -> None:
    from briefbot.app.server import create_app

    bot = ServedBot(sbot.bot)
    bot.settings = sbot.settings.with_overrides(auth="ed:pw", api_token="tok")
    client = TestClient(create_app(bot, bot.settings), base_url="http://127.0.0.1")
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
    # Steppe Wire's report gives a source's possible reason and says it "remains unclear why":
    # hedged, so uncertain, with the hedge shown once: in the answer, not again in the status strip
    assert 'data-status="uncertain"' in out[2] and "remains unclear why" in str(out[1])
    assert "remains unclear why" not in out[2]
    labels = [label for label, _ in out[3]["choices"]]
    assert labels and all("Steppe Wire, 2025-10-" in label for label in labels), labels


# ---------------------------------------------------------------------- handlers, no browser
def _no_progress(*args: Any, **kwargs: Any) -> None:
    """Stands in for gr.Progress (only meaningful inside a Gradio event)."""


@pytest.fixture
def ui(sbot: ServedBot, tmp_path: Path) -> BriefbotUi:
    """The UI over the real bot; uploads must come from ``tmp_path/uploads`` (Gradio's folder in a server)."""
    (tmp_path / "uploads").mkdir()
    return BriefbotUi(sbot, upload_folder=tmp_path / "uploads")


def _last(gen: Any) -> tuple[Any, ...]:
    outs = list(gen)
    assert outs
    return outs[-1]


def test_chat_handler_streams_a_cited_answer(ui: BriefbotUi) -> None:
    outs = list(ui._chat(QUESTION, [], [], None, "", "", "extractive"))
    assert 'data-status="thinking"' in outs[0][4]
    question, display, shown, memory, status, citations, found = outs[-1]
    assert question == "" and display == shown
    assert 'data-status="uncertain"' in status
    assert display[-1]["role"] == "assistant" and "[1]" in display[-1]["content"]
    assert memory[-2] == {"role": "user", "content": QUESTION}
    assert found and citations["choices"][0][1] == str(found[0]["id"])
    panel = ui._show_citation(str(found[0]["id"]), found)
    assert '<mark id="cite-hl"' in panel and found[0]["article_id"] in panel


def test_chat_handler_filters_and_errors(ui: BriefbotUi) -> None:
    with pytest.raises(gr.Error, match="Type a question"):
        list(ui._chat("  ", [], [], None, "", "", "extractive"))
    with pytest.raises(gr.Error, match="is not a date"):
        list(ui._chat(QUESTION, [], [], None, "last tuesday", "", "extractive"))
    out = _last(ui._chat(QUESTION, [], [], ["No Such Outlet"], "", "", "extractive"))
    assert 'data-status="insufficient_evidence"' in out[4] and out[6] == []


def test_chat_handler_bounds_the_history(ui: BriefbotUi) -> None:
    """Issue 21 (N2): a message over the per-turn cap is refused with a clear message; a long
    conversation keeps only its latest turns (within the caps) and still answers."""
    huge = [{"role": "user", "content": "Why?"}, {"role": "assistant", "content": "the Xx Yy, " * 30_000}]
    with pytest.raises(gr.Error, match="history message 2 is 330,000 characters"):
        list(ui._chat("What did he say?", [], huge, None, "", "", "extractive"))
    long_chat = [{"role": r, "content": f"turn {i}"} for i in range(30) for r in ("user", "assistant")]
    memory = _last(ui._chat(QUESTION, [], long_chat, None, "", "", "extractive"))[3]
    assert len(memory) == ui.sbot.settings.max_history_turns + 2 and memory[-2]["content"] == QUESTION


def test_ingest_handler_refuses_paths_outside_uploads(ui: BriefbotUi, tmp_path: Path) -> None:
    """Finding 4: a "file" naming a server path outside the upload folder is refused."""
    secret = tmp_path / "secret.md"
    secret.write_text("---\nid: ui-secret\n---\nThe vault code is 4711.\n", encoding="utf-8")
    report = ui._ingest([str(secret), str(tmp_path / "nope.md")], "", progress=_no_progress)[0]
    assert report.count(UPLOAD_REFUSED) == 2 and "4711" not in report
    assert ui.sbot.article("ui-secret") is None


def test_upload_status_says_what_the_server_holds(ui: BriefbotUi, tmp_path: Path) -> None:
    """The picker's change handler lists each received file: ready, or why it will be skipped."""
    good = tmp_path / "uploads" / "status-<b>article.md"
    good.write_text("An article.", encoding="utf-8")
    bad = tmp_path / "uploads" / "tool.exe"
    bad.write_text("MZ")
    outside = tmp_path / "elsewhere.md"
    outside.write_text("Not uploaded.", encoding="utf-8")
    status = ui._upload_status([str(good), str(bad), str(outside)])
    assert 'data-files="3"' in status
    assert '<li data-file="status-&lt;b&gt;article.md" data-ready="true">' in status and "<b>" not in status
    assert '<li data-file="tool.exe" data-ready="false">tool.exe: unsupported file type .exe' in status
    assert f'<li data-file="elsewhere.md" data-ready="false">elsewhere.md: {UPLOAD_REFUSED}' in status
    assert ui._upload_status(None) == "" and ui._upload_status([]) == ""


def test_ingest_handler_partial_failures_stay_partial(ui: BriefbotUi, tmp_path: Path) -> None:
    """Finding 7: a malformed URL and a bad type are listed; the good upload is ingested."""
    good = tmp_path / "uploads" / "ui-handler-article.md"
    good.write_text("---\nid: ui-handler-article\ntitle: Kite festival\nsource: UI Wire\n---\n"
                    "A kite festival filled the beach in Aktau on Sunday, organisers said.\n", encoding="utf-8")
    bad = tmp_path / "uploads" / "tool.exe"
    bad.write_text("MZ")
    out = ui._ingest([str(good), str(bad)], "http://[::1\nftp://x\n", progress=_no_progress)
    report = out[0]
    assert "Added 1 article; 3 could not be added." in report
    assert "malformed URL" in report and "not an http(s) URL" in report and "unsupported file type" in report
    assert 'data-article="ui-handler-article"' in out[4]  # the refreshed articles table
    assert "ui-handler-article" in ui._view("ui-handler-article")
    deleted = ui._delete("ui-handler-article")
    assert "Deleted <b>ui-handler-article</b>" in deleted[0]
    assert ui.sbot.article("ui-handler-article") is None


def test_summarize_and_brief_handlers(ui: BriefbotUi) -> None:
    html, citations, found = _last(ui._summarize("lavrov-rubio-meeting-postponed", "extractive"))
    assert "bb-summary" in html and found and citations["choices"]
    with pytest.raises(gr.Error, match="No article"):
        _last(ui._summarize("no-such-article", "extractive"))
    html, _, found = _last(ui._brief("Lavrov Rubio meeting", ["Steppe Wire"], "extractive"))
    assert "bb-summary" in html and found


# ---------------------------------------------------------------------- chat never renders article Markdown
BEACON = "![pixel](http://127.0.0.1:9/beacon.png)"
LINK = "[read more](https://evil.example/phish)"


def test_chat_text_is_inert_markdown() -> None:
    """Finding 9 (chat rendering): images, links, autolinks and HTML from articles stay text."""
    import html as htmllib

    raw = f"Said {BEACON} and {LINK}, see www.evil.example or <img src=x> [1] a@b.example $x$ *b*"
    out = chat_text(raw)
    for live in ("![", "](", "http:", "https:", "www.", "<img", "@", "*b*", "$x$"):
        assert live not in out, live
    assert "[1]" in out
    assert htmllib.unescape(out) == raw  # what the reader sees is exactly the article's text


def test_chat_answer_quoting_markdown_is_inert(sbot: ServedBot, tmp_path: Path) -> None:
    """An answer quoting an article with Markdown shows it as text in the chat (real bot)."""
    path = tmp_path / "uploads" / "beacon-article.md"
    path.parent.mkdir()
    path.write_text(
        "---\nid: beacon-article\ntitle: Harbour reopens\nsource: Beacon Wire\npublished: 2025-11-03\n---\n"
        f"The Aktau harbour reopened on Monday {BEACON} after repairs, the port authority said {LINK}.\n",
        encoding="utf-8",
    )
    ui = BriefbotUi(sbot, upload_folder=path.parent)
    assert "Added 1 article" in ui._ingest([str(path)], "", progress=_no_progress)[0]
    try:
        out = _last(ui._chat("When did the Aktau harbour reopen?", [], [], ["Beacon Wire"], "", "", "extractive"))
        message = out[1][-1]["content"]
        assert "reopened on Monday" in message
        assert "![" not in message and "](" not in message and "http:" not in message
    finally:
        ui._delete("beacon-article")


# ---------------------------------------------------------------------- local model queue in the UI
class _LocalStreamBot:
    """A FAKE bot at the llama.cpp edge: streams two pieces and a final answer object."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def ask_stream(self, question: str, history: Any = None, filters: Any = None, backend: str | None = None):
        yield "Local "
        yield "answer."
        yield _FakeAnswer()

    def brief(self, topic: str, filters: Any = None, backend: str | None = None) -> Summary:
        return Summary(topic=topic, status="answered", text="Local brief.", points=[], citations=[],
                       open_questions=[], backend="local")


class _FakeAnswer:
    status = "answered"
    answer = "Local answer."
    uncertainty = None
    notes: list[str] = []
    citations: list[Any] = []


def test_chat_shows_waiting_for_the_local_model(tmp_path: Path) -> None:
    """Finding 1 (UI): while another request holds the local model, the chat says it is waiting."""
    ui = BriefbotUi(_LocalStreamBot(Settings(index_dir=tmp_path)))
    with ui.sbot.local_model.hold():  # another request is inside the model
        gen = ui._chat("q", [], [], None, "", "", "local")
        assert 'data-status="thinking"' in next(gen)[4]
        waiting = next(gen)
        assert "Waiting for the local model" in waiting[4] and "1 request(s) ahead" in waiting[4]
        assert "waiting for the local model" in waiting[1][-1]["content"].lower()
    rest = list(gen)  # the other request finished: ours runs
    assert 'data-status="answered"' in rest[-1][4] and "Local answer." in rest[-1][1][-1]["content"]
    assert ui.sbot.local_ahead() == 0


def test_brief_shows_waiting_for_the_local_model(tmp_path: Path) -> None:
    """Finding 1 (UI, briefs): a brief on the busy local model says it waits, then appears."""
    ui = BriefbotUi(_LocalStreamBot(Settings(index_dir=tmp_path)))
    with ui.sbot.local_model.hold():
        gen = ui._brief("harbour", None, "local")
        assert "Waiting for the local model" in next(gen)[0]
    html, _, found = next(gen)
    assert "Local brief." in html and found == []
    assert list(gen) == [] and ui.sbot.local_ahead() == 0
    assert [out[0] for out in ui._brief("harbour", None, "local")] == [html]  # model free: no notice


def test_non_utf8_upload_error_does_not_name_server_folders(ui: BriefbotUi, tmp_path: Path) -> None:
    """Issue 21 N13: the UI error for a non-UTF-8 upload names the file, not the server's upload folder."""
    bad = tmp_path / "uploads" / "latin1-notes.txt"
    bad.write_bytes("Caf\xe9 society\n\nA story in Latin-1.\n".encode("latin-1"))
    report = ui._ingest([str(bad)], "", progress=_no_progress)[0]
    assert "not valid UTF-8" in report and "latin1-notes.txt" in report
    for folder in (tmp_path, Path(ui.sbot.settings.index_dir).resolve(), Path(ui.sbot.settings.index_dir)):
        assert str(folder) not in report, folder
