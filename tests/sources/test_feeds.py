"""Followed feeds against a real feed server on 127.0.0.1 whose entries change between
polls and which can answer 304, 500 or garbage; real index and model for the writes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from briefbot.sources.feeds import FeedError, FeedStore, parse_every, poll_due

REPO = Path(__file__).resolve().parents[2]


@dataclass
class FeedState:
    entries: list[dict[str, str]] = field(default_factory=list)
    mode: str = "ok"
    """ok | 500 | garbage"""
    requests: list[dict[str, str]] = field(default_factory=list)

    def body(self) -> bytes:
        items = "".join(
            f"<item><title>{e['title']}</title><guid>{e['guid']}</guid><link>{e['link']}</link>"
            f"<pubDate>{e['date']}</pubDate><description>{e['text']}</description></item>"
            for e in self.entries
        )
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Wire</title>'
                f"<link>http://127.0.0.1/</link><description>test feed</description>{items}</channel></rss>").encode()


def _entry(n: int, text: str) -> dict[str, str]:
    return {"guid": f"urn:loopback:{n}", "title": f"Report number {n}", "link": f"http://127.0.0.1/a/{n}",
            "date": "Tue, 21 Oct 2025 08:00:00 GMT", "text": text}


TEXTS = [
    "The harbour board in Kellmouth approved a new ferry timetable on Monday after weeks of talks with crews.",
    "A mountain rescue team in Velmar brought three hikers down safely after a night of heavy snow on the pass.",
    "The town of Norvale will open a second footbridge over the river next spring, its council said on Tuesday.",
]


@pytest.fixture
def feed_server() -> Iterator[tuple[str, FeedState]]:
    state = FeedState(entries=[_entry(1, TEXTS[0]), _entry(2, TEXTS[1])])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            state.requests.append({k.lower(): v for k, v in self.headers.items()})
            if state.mode == "500":
                self.send_response(500)
                self.end_headers()
                return
            body = b"\x00\x01 this is not xml <<<" if state.mode == "garbage" else state.body()
            etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.rss", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def bot(tmp_path: Path, isolated_env: Path):
    from briefbot.config import Settings
    from briefbot.core import BriefBot

    return BriefBot(Settings(index_dir=tmp_path / "index", allow_private_urls=True))


def _store(bot: Any) -> FeedStore:
    """The bot's feeds; its settings allow loopback (the test's own feed server)."""
    return FeedStore(bot.settings.index_dir, bot.settings.collection, allow_private=bot.settings.allow_private_urls)


# ---------------------------------------------------------------------- unit
def test_parse_every() -> None:
    assert parse_every("15m") == 900 and parse_every("1h") == 3600 and parse_every("30s") == 30
    assert parse_every("2") == 2
    with pytest.raises(FeedError, match="every"):
        parse_every("soon")
    with pytest.raises(FeedError, match="at least"):
        parse_every("0s")


def test_store_persists_in_the_index_folder(tmp_path: Path) -> None:
    store = FeedStore(tmp_path, "briefbot")
    store.add("https://example.org/feed.xml", "1h")
    store.add("https://example.org/other.xml")
    again = FeedStore(tmp_path, "briefbot")
    assert [f.url for f in again.list()] == ["https://example.org/feed.xml", "https://example.org/other.xml"]
    assert (tmp_path / "feeds-briefbot.json").is_file()
    assert again.remove("https://example.org/feed.xml") and not again.remove("https://example.org/feed.xml")
    with pytest.raises(FeedError, match="cannot follow"):
        store.add("ftp://example.org/feed")


# ---------------------------------------------------------------------- polling (real server, real index)
def test_conditional_get_new_and_changed_entries(bot, feed_server) -> None:
    url, state = feed_server
    store = _store(bot)
    store.add(url, "1h")
    (feed,) = poll_due(store, bot.settings, bot.write)
    assert (feed.last_status, feed.new_entries, feed.error) == ("200", 2, None)
    assert bot.stats()["articles"] == 2
    assert feed.to_dict().keys() >= {"last_fetch", "last_status", "new_entries", "next_fetch", "error"}

    assert poll_due(store, bot.settings, bot.write) == []  # not due for an hour
    (feed,) = poll_due(store, bot.settings, bot.write, force=True)
    assert (feed.last_status, feed.new_entries) == ("304", 0)
    assert state.requests[-1].get("if-none-match")

    state.entries[1] = {**state.entries[1], "title": "Report number 2 (updated)",
                        "text": TEXTS[1] + " All three were unhurt."}
    state.entries.append(_entry(3, TEXTS[2]))
    (feed,) = poll_due(store, bot.settings, bot.write, force=True)
    assert (feed.last_status, feed.new_entries) == ("200", 2)
    assert bot.stats()["articles"] == 3  # the changed entry updated its article, it did not add one
    texts = [bot.article(r.id).text for r in bot.articles()]
    assert any("All three were unhurt." in t for t in texts)


def test_failures_back_off_per_feed(bot, feed_server, http_server) -> None:
    url, state = feed_server
    good = http_server.add("good.rss", FeedState(entries=[_entry(9, TEXTS[2])]).body().decode())
    store = _store(bot)
    store.add(url, "60s")
    store.add(good, "60s")
    state.mode = "500"
    now = datetime.now(UTC)
    polled = {f.url: f for f in poll_due(store, bot.settings, bot.write, force=True, now=now)}
    bad = polled[url]
    assert (bad.last_status, bad.failures, bad.new_entries) == ("http_error", 1, 0)
    assert "500" in bad.error
    assert datetime.fromisoformat(bad.next_fetch) == now.replace(microsecond=0) + timedelta(seconds=120)
    assert polled[good].last_status == "200" and polled[good].new_entries == 1  # the other feed is unaffected

    state.mode = "garbage"
    (bad,) = [f for f in poll_due(store, bot.settings, bot.write, force=True, now=now) if f.url == url]
    assert (bad.last_status, bad.failures) == ("bad_feed", 2)
    assert datetime.fromisoformat(bad.next_fetch) == now.replace(microsecond=0) + timedelta(seconds=240)

    state.mode = "ok"
    (bad,) = [f for f in poll_due(store, bot.settings, bot.write, force=True, now=now) if f.url == url]
    assert (bad.last_status, bad.failures, bad.error, bad.new_entries) == ("200", 0, None, 2)
    assert bot.stats()["articles"] == 3


# ---------------------------------------------------------------------- CLI
def test_cli_feeds_and_watch_once(bot, feed_server, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from briefbot.app.cli import main

    monkeypatch.setenv("BRIEFBOT_ALLOW_PRIVATE_URLS", "1")
    url, _ = feed_server
    index = str(bot.settings.index_dir)
    assert main(["feeds", "add", url, "--every", "5m", "--index", index]) == 0
    assert main(["feeds", "add", url, "--every", "never", "--index", index]) == 2
    capsys.readouterr()
    assert main(["watch", "--once", "--json", "--index", index]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["last_status"], row["new_entries"], row["every_s"]) == ("200", 2, 300)
    assert main(["feeds", "list", "--json", "--index", index]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert set(row) >= {"url", "last_fetch", "last_status", "new_entries", "next_fetch", "error"}
    assert main(["feeds", "remove", url, "--index", index]) == 0
    assert main(["feeds", "remove", url, "--index", index]) == 2


# ---------------------------------------------------------------------- serve --watch
def test_serve_polls_by_default_and_picks_up_a_new_entry_without_restart(tmp_path: Path, feed_server,
                                                                         isolated_env: Path) -> None:
    from helpers.processes import stop
    from helpers.servers import free_port

    url, state = feed_server
    index = tmp_path / "served-index"
    env = {**os.environ, "BRIEFBOT_ALLOW_PRIVATE_URLS": "1", "OMP_NUM_THREADS": "1",
           "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    FeedStore(index, "briefbot", allow_private=True).add(url, "1s")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "briefbot.app.cli", "serve", "--port", str(port),
                             "--index", str(index)], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=isolated_env)
    try:
        import httpx

        def titles() -> set[str]:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/articles", timeout=10)
                return {a["title"] for a in r.json()["articles"]} if r.status_code == 200 else set()
            except httpx.HTTPError:
                return set()

        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and "Report number 1" not in titles():
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(1)
        assert "Report number 1" in titles(), (tmp_path / "serve.log").read_text()
        state.entries.append(_entry(3, TEXTS[2]))  # a new entry while the server runs
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "Report number 3" not in titles():
            time.sleep(1)
        assert "Report number 3" in titles(), (tmp_path / "serve.log").read_text()
    finally:
        stop(proc, 20)
        log.close()


def test_a_feed_longer_than_the_seen_cap_costs_nothing_when_unchanged(feed_server, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 21 N15: a poll that finds nothing new rebuilds no entry and converts no HTML.

    MAX_SEEN is lowered to 40 for a 100-entry feed (the 10,000-entry case at a test's size);
    ``_html_to_text`` is wrapped (the real one still runs) to count conversions.
    """
    from briefbot.config import Settings
    from briefbot.sources import feeds

    url, state = feed_server
    state.entries = [_entry(n, f"<p>Story {n}. {TEXTS[n % 3]}</p>") for n in range(100)]
    monkeypatch.setattr(feeds, "MAX_SEEN", 40)
    calls = []
    real = feeds._html_to_text
    monkeypatch.setattr(feeds, "_html_to_text", lambda html: calls.append(html) or real(html))
    settings = Settings(index_dir=tmp_path / "index", allow_private_urls=True)
    feed = feeds.Feed(url=url)
    assert len(feeds.poll(feed, settings).articles) == 100 and len(calls) == 100
    for _ in range(2):
        feed.etag = feed.body_digest = None  # force a full 200 download and parse, the worst case
        calls.clear()
        result = feeds.poll(feed, settings)
        assert feed.last_status == "200" and result.articles == [] and calls == []
    assert len(feed.seen) == 100  # every key the feed still carries is remembered
    # the same bytes again without validators: not even parsed
    parsed = []
    real_parse = feeds.parse_entries
    monkeypatch.setattr(feeds, "parse_entries", lambda body: parsed.append(1) or real_parse(body))
    feed.etag = None
    assert feeds.poll(feed, settings).articles == [] and parsed == [] and feed.last_status == "200"

    # keys that left the feed are forgotten oldest first once past the cap; current ones never
    state.entries = state.entries[50:] + [_entry(n, f"<p>Story {n}. {TEXTS[0]}</p>") for n in range(100, 110)]
    feed.etag = None
    assert len(feeds.poll(feed, settings).articles) == 10
    assert set(feed.seen) == {e["guid"] for e in state.entries}


# ---------------------------------------------------------------------- safety at add time, one poll at a time
def test_a_loopback_feed_is_refused_when_added_as_ingest_refuses_it(tmp_path: Path, feed_server,
                                                                    isolated_env: Path) -> None:
    from briefbot.config import Settings
    from briefbot.core import BriefBot
    from briefbot.sources.feeds import store_for

    url, state = feed_server
    settings = Settings(index_dir=tmp_path / "index")  # the default: loopback and private refused
    store = store_for(settings)
    with pytest.raises(FeedError) as refused:
        store.add(url)
    (ingest_failure,) = BriefBot(settings).load([url]).failed
    assert "127.0.0.1 is a loopback address" in str(refused.value)
    assert str(refused.value).endswith(ingest_failure.error.split(": ", 1)[-1][-120:])  # the same words
    with pytest.raises(FeedError, match="loopback"):
        store.add(url.replace("127.0.0.1", "localhost"))
    with pytest.raises(FeedError, match="private address"):
        store.add("http://10.1.2.3/feed.xml")
    assert store.list() == [] and state.requests == []  # refused before anything was stored or fetched
    allowed = FeedStore(settings.index_dir, settings.collection, allow_private=True)
    assert allowed.add(url).url == url  # the explicit setting (tests' own server) allows it


def test_cli_refuses_a_loopback_feed_without_the_setting(tmp_path: Path, feed_server, isolated_env: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from briefbot.app.cli import main

    url, _ = feed_server
    assert main(["feeds", "add", url, "--index", str(tmp_path / "index")]) == 2
    err = capsys.readouterr().err
    assert "loopback address" in err and "BRIEFBOT_ALLOW_PRIVATE_URLS" in err


def test_never_two_polls_at_once(bot, feed_server) -> None:
    from briefbot.sources.feeds import poll_now, watch

    url, state = feed_server
    store = _store(bot)
    store.add(url, "1s")
    with store.polling() as mine:  # a poll is running (this test holds its turn)
        assert mine
        other = poll_now(store, bot.settings, bot.write)
        assert other.busy and other.feeds == [] and "already running" in other.message()
        watch(store, bot.settings, bot.write, once=True)  # the watcher skips its turn
        assert state.requests == []
    done = poll_now(store, bot.settings, bot.write)
    assert not done.busy and done.added == 2 and len(state.requests) == 1
    assert "2 new or updated articles" in done.message() and "“Report number 1”" in done.message()
    assert poll_now(store, bot.settings, bot.write).message() == f"{url}: nothing new."

    # two threads pressing "poll now" together: one polls, the other is told a poll runs
    state.entries.append(_entry(3, TEXTS[2]))
    barrier = threading.Barrier(2)
    rounds: list[Any] = []

    def press() -> None:
        barrier.wait()
        rounds.append(poll_now(store, bot.settings, bot.write))

    threads = [threading.Thread(target=press) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sum(r.added for r in rounds) == 1 and bot.stats()["articles"] == 3
    assert len(state.requests) in (3, 4)  # each round that got the turn fetched once; never more


def test_describe_reads_in_words() -> None:
    from briefbot.sources.feeds import Feed, describe

    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    feed = Feed(url="https://example.org/feed.xml", every_s=900, last_fetch=(now - timedelta(minutes=12)).isoformat(),
                last_status="200", new_entries=1, next_fetch=(now + timedelta(minutes=3)).isoformat())
    line = describe(feed, now)
    assert "every 15 minutes" in line and "last fetch 12 minutes ago" in line and "next fetch in 3 minutes" in line
    assert "900" not in line and "T" not in line.split("feed.xml", 1)[1]
