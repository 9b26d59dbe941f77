"""What's new without a browser: the since choice kept by the browser, feed safety at add time
in the UI and the HTTP API, poll now over HTTP, and ``serve``'s watcher (real index, real
model, a feed server on 127.0.0.1 started here)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from briefbot.app.ui.stories import browser_day, day_before, record_visit, since_of

RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Courier</title><link>http://127.0.0.1/</link>'
       b"<description>test</description><item><title>Norvale council approves a second ferry pier</title>"
       b"<guid>urn:test:pier</guid><pubDate>Fri, 24 Oct 2025 08:00:00 GMT</pubDate><description>The Norvale town "
       b"council approved a second ferry pier on Thursday, its mayor said; building starts in March.</description>"
       b"</item></channel></rss>")


@pytest.fixture
def feed_url() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(RSS)))
            self.end_headers()
            self.wfile.write(RSS)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/feed.xml"
    httpd.shutdown()
    httpd.server_close()


# ---------------------------------------------------------------------- the since choice (pure)
def test_record_visit_keeps_the_previous_day_as_the_last_visit() -> None:
    first = record_visit(None, "2025-10-22")
    assert first["today"] == "2025-10-22" and first["last_visit"] == ""
    again = record_visit(first, "2025-10-22")  # a second load the same day changes nothing
    assert again == first
    later = record_visit(again | {"mode": "last-visit"}, "2025-10-24")
    assert (later["today"], later["last_visit"], later["mode"]) == ("2025-10-24", "2025-10-22", "last-visit")
    assert record_visit({"today": "2025-10-24", "junk": "x"}, "")["today"] == "2025-10-24"  # unknown keys dropped


def test_since_of_a_kept_choice() -> None:
    assert since_of(None) == (None, None)
    assert since_of({"mode": "date", "since": "2025-10-21"}) == ("2025-10-21", None)
    # the last visit's own day counts as new (a morning visit did not see the afternoon)
    assert since_of({"mode": "last-visit", "last_visit": "2025-10-22"}) == ("2025-10-21", "2025-10-22")
    assert since_of({"mode": "last-visit", "last_visit": ""}) == (None, None)
    assert since_of({"mode": "last-visit", "last_visit": "<b>"}) == (None, None)
    assert day_before("2025-03-01") == "2025-02-28"
    assert browser_day("2025-10-24") == "2025-10-24" and len(browser_day("garbage")) == 10


# ---------------------------------------------------------------------- serve flags
def test_serve_polls_by_default_and_no_watch_turns_it_off() -> None:
    import inspect

    from briefbot.app.cli import build_parser
    from briefbot.app.server import serve

    parser = build_parser()
    assert parser.parse_args(["serve"]).no_watch is False
    assert parser.parse_args(["serve", "--no-watch"]).no_watch is True
    assert parser.parse_args(["serve", "--watch"]).no_watch is False  # still accepted (old scripts)
    assert inspect.signature(serve).parameters["watch"].default is True


def test_the_watcher_stops_cleanly_and_polls_in_its_own_thread(tmp_path: Path, feed_url: str) -> None:
    from briefbot.config import Settings
    from briefbot.sources.articles import LoadedBatch
    from briefbot.sources.feeds import Watcher, store_for

    settings = Settings(index_dir=tmp_path / "index", allow_private_urls=True)
    store = store_for(settings)
    store.add(feed_url, "1s")
    writes: list[tuple[str, int]] = []

    def write(batch: LoadedBatch) -> Any:  # records the batch (the edge: no index in this test)
        writes.append((threading.current_thread().name, len(batch.articles)))
        return type("Report", (), {"added": len(batch.articles), "updated": 0})()

    watcher = Watcher(store, settings, write).start()
    deadline = time.monotonic() + 30
    while not writes and time.monotonic() < deadline:
        time.sleep(0.1)
    watcher.stop(timeout=10)
    assert writes == [("briefbot-feeds", 1)]  # polled in the watcher's thread, never a request's
    assert not watcher._thread.is_alive()


# ---------------------------------------------------------------------- UI and HTTP: the same refusal as ingest
@pytest.fixture(scope="module")
def default_bot(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from briefbot.config import Settings
    from briefbot.core import BriefBot

    return BriefBot(Settings(index_dir=tmp_path_factory.mktemp("whatsnew-ui") / "index"))


def _client(bot: Any) -> Any:
    from fastapi.testclient import TestClient

    from briefbot.app.api import create_api

    return TestClient(create_api(bot, api_token=None), base_url="http://127.0.0.1")


def test_a_loopback_feed_is_refused_in_the_ui_and_the_api_as_ingest_refuses_it(default_bot: Any,
                                                                                feed_url: str) -> None:
    import gradio as gr

    from briefbot.app.ui.app import BriefbotUi

    assert default_bot.settings.allow_private_urls is False  # the default
    client = _client(default_bot)
    ingest = client.post("/api/ingest", json={"sources": [feed_url]}).json()
    said = ingest["failed"][0]["error"]
    assert "127.0.0.1 is a loopback address" in said
    r = client.post("/api/feeds", json={"url": feed_url})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_request"
    assert "127.0.0.1 is a loopback address" in r.json()["error"]["message"]
    with pytest.raises(gr.Error) as refused:
        BriefbotUi(default_bot)._follow_feed(feed_url)
    assert "127.0.0.1 is a loopback address" in str(refused.value.message)
    assert client.get("/api/feeds").json() == {"feeds": []}  # nothing was followed
    bad = client.post("/api/feeds", json={"url": "https://example.org/f.xml", "every": "soon"})
    assert bad.status_code == 400 and "15m" in bad.json()["error"]["message"]


def test_api_follow_poll_now_and_unfollow(tmp_path: Path, feed_url: str) -> None:
    from briefbot.config import Settings
    from briefbot.core import BriefBot

    # loopback allowed explicitly: the feed is this test's own server
    client = _client(BriefBot(Settings(index_dir=tmp_path / "index", allow_private_urls=True)))
    row = client.post("/api/feeds", json={"url": feed_url, "every": "1h"}).json()
    assert row["url"] == feed_url and row["every_s"] == 3600
    done = client.post("/api/feeds/poll").json()
    assert (done["busy"], done["added"]) == (False, 1)
    assert "“Norvale council approves a second ferry pier”" in done["message"]
    titles = [a["title"] for a in client.get("/api/articles").json()["articles"]]
    assert titles == ["Norvale council approves a second ferry pier"]
    assert client.post("/api/feeds/poll").json()["message"] == f"{feed_url}: nothing new."
    assert client.delete("/api/feeds", params={"url": feed_url}).json() == {"removed": feed_url}
    assert client.delete("/api/feeds", params={"url": feed_url}).status_code == 404


# ---------------------------------------------------------------------- the page's what's-new HTML
def test_news_html_escapes_what_comes_from_articles() -> None:
    from types import SimpleNamespace

    from briefbot.app.ui.news_html import poll_report_html, since_note_html, story_news_html
    from briefbot.sources.feeds import Feed, PollRound
    from briefbot.writing.stories import StoryArticle
    from briefbot.writing.whatsnew import NewFact

    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    news = SimpleNamespace(since="2025-10-21", has_news=True,
                           new_articles=[StoryArticle("a1", evil, evil, "2025-10-22")],
                           new_facts=[NewFact(evil, "a1", evil, "2025-10-22", 0, len(evil))])
    html = story_news_html(news)
    assert "<script>" not in html and "<img" not in html
    assert "1 new article since 21 October 2025" in html and 'href="#bbcite/1/0/' in html
    assert "since your last visit" in story_news_html(news, last_visit="2025-10-22")
    quiet = SimpleNamespace(since="2025-10-21", has_news=False, new_articles=[], new_facts=[])
    assert "Nothing new since 21 October 2025" in story_news_html(quiet)
    assert "<script>" not in since_note_html(None, problem=evil)
    feed = Feed(url="https://example.org/f.xml", new_entries=1, new_titles=[evil])
    report = poll_report_html(PollRound([feed]))
    assert "<script>" not in report and 'data-added="1"' in report
    assert "already running" in poll_report_html(PollRound(busy=True))
