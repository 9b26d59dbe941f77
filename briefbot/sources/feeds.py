"""Followed feeds: a persisted list of RSS/Atom URLs, polled with conditional GETs.

People follow a story through feeds, not files.  ``briefbot feeds add URL`` records a
feed in the index folder (``feeds-<collection>.json``); ``briefbot serve`` (unless
``--no-watch``) and ``briefbot watch`` poll each feed when it is due:

* a URL is checked when it is added, with the fetcher's own address checks
  (:func:`briefbot.sources.fetch.check_address`): a loopback or private address is refused
  then, with the words ingest uses, unless ``allow_private_urls`` is set;
* one poll at a time per index, across threads and processes (:meth:`FeedStore.polling`):
  a watcher whose turn comes while "poll now" runs skips that turn;

* through the one safe fetcher (:func:`briefbot.sources.fetch.fetch`), sending ``If-None-Match``
  / ``If-Modified-Since`` from the last response, so an unchanged feed costs a 304;
* entries are keyed by GUID (else link) and fingerprinted by their raw fields: only new or
  changed entries are turned into text and ingested, through the normal incremental write path
  (:meth:`BriefBot.write`), with a stable article id per key (a changed headline updates
  the article, it does not add a second one);
* a failure (HTTP error, timeout, unreadable XML) is recorded on that feed only, and
  the feed backs off: the wait doubles per consecutive failure, up to
  :data:`MAX_BACKOFF_S`; the next success resets it.

``feeds list`` shows per feed ``last_fetch, last_status, new_entries, next_fetch, error``;
people read intervals and times in words (:mod:`briefbot.sources.durations`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from briefbot.sources.articles import (
    Article,
    ArticleError,
    LoadedBatch,
    LoadFailure,
    _html_to_text,
    build_article,
    slugify,
)
from briefbot.sources.durations import ago_words, interval_words, wait_words
from briefbot.sources.fetch import FetchError, check_address, fetch, without_credentials

DEFAULT_EVERY_S = 15 * 60
MIN_EVERY_S = 1
MAX_BACKOFF_S = 6 * 3600
"""Longest wait after repeated failures (the interval doubles per failure up to this)."""
MAX_TITLES = 20
"""New titles one poll remembers per feed for its report."""
MAX_SEEN = 5000
"""Entry keys remembered per feed beyond those the feed carries now: keys that left the
feed are forgotten oldest first once there are more than this.  A key still in the feed
is never forgotten, or a feed longer than this would look half new on every poll
(issue 21, N15)."""
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.I)


class FeedError(ValueError):
    """A feed command cannot be carried out (the message says what to do)."""


def parse_every(text: str | int | float) -> int:
    """``"15m"`` -> 900 seconds; accepts s, m, h, d (a bare number is seconds)."""
    if isinstance(text, (int, float)):
        seconds = float(text)
    else:
        m = _DURATION.match(str(text))
        if not m:
            raise FeedError(f"--every {text!r}: use a number with s, m, h or d, e.g. 15m or 1h")
        unit = (m.group(2) or "s").lower()[0]
        seconds = float(m.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    if seconds < MIN_EVERY_S:
        raise FeedError(f"--every {text!r}: the interval must be at least {MIN_EVERY_S} second")
    return int(seconds)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(t: datetime | None) -> str | None:
    return t.isoformat(timespec="seconds") if t else None


@dataclass
class Feed:
    """One followed feed and what the last poll found."""

    url: str
    every_s: int = DEFAULT_EVERY_S
    added: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_fetch: str | None = None
    last_status: str | None = None
    """``200``, ``304`` or the failure code (``http_error``, ``timeout``, ``bad_feed``, ...)."""
    new_entries: int = 0
    """New or changed entries ingested by the last poll."""
    next_fetch: str | None = None
    error: str | None = None
    failures: int = 0
    """Consecutive failed polls (drives the backoff)."""
    seen: dict[str, list[str]] = field(default_factory=dict)
    """entry key (GUID or link) -> [article id, content fingerprint]."""
    body_digest: str | None = None
    """Hash of the last document parsed: a server without validators that sends the same
    bytes again costs no parse."""
    new_titles: list[str] = field(default_factory=list)
    """Titles of the entries the last poll added or changed (what "poll now" reports)."""

    def due(self, now: datetime) -> bool:
        return self.next_fetch is None or datetime.fromisoformat(self.next_fetch) <= now

    def to_dict(self) -> dict[str, Any]:
        """The ``feeds list --json`` row (the seen-entry table stays internal)."""
        return {
            "url": self.url,
            "every_s": self.every_s,
            "last_fetch": self.last_fetch,
            "last_status": self.last_status,
            "new_entries": self.new_entries,
            "next_fetch": self.next_fetch,
            "error": self.error,
            "failures": self.failures,
            "entries_seen": len(self.seen),
            "new_titles": list(self.new_titles),
        }


class FeedStore:
    """The followed feeds of one index, in ``<index_dir>/feeds-<collection>.json``.

    Every change is a read-modify-write under a file lock, so ``feeds add`` in a shell
    and a running watcher never lose each other's updates.  ``allow_private``: follow
    loopback and private addresses (the ``allow_private_urls`` setting; off by default).
    """

    def __init__(self, index_dir: Path, collection: str = "briefbot", *, allow_private: bool = False) -> None:
        self.path = Path(index_dir) / f"feeds-{collection}.json"
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self._poll_lock_path = self.path.with_name(self.path.name + ".poll.lock")
        self.allow_private = allow_private

    def _lock(self) -> Any:
        from filelock import FileLock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self._lock_path), timeout=30)

    def load(self) -> dict[str, Feed]:
        if not self.path.is_file():
            return {}
        try:
            rows = json.loads(self.path.read_text(encoding="utf-8"))
            return {r["url"]: Feed(**r) for r in rows}
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise FeedError(f"{self.path} is damaged ({exc}); fix or delete it and add the feeds again") from exc

    def _save(self, feeds: dict[str, Feed]) -> None:
        tmp = self.path.with_name(f"{self.path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        tmp.write_text(json.dumps([asdict(f) for f in feeds.values()], ensure_ascii=False, indent=1),
                       encoding="utf-8")
        tmp.replace(self.path)

    @contextmanager
    def polling(self) -> Iterator[bool]:
        """Hold this index's poll turn: yields True when taken, False when a poll (this
        process or another) is running now.  Never waits: a watcher skips its turn and
        "poll now" says a poll is already running."""
        from filelock import FileLock, Timeout

        self.path.parent.mkdir(parents=True, exist_ok=True)
        turn = FileLock(str(self._poll_lock_path), timeout=0)  # one object per call: threads exclude each other too
        try:
            turn.acquire()
        except Timeout:
            yield False
            return
        try:
            yield True
        finally:
            turn.release()

    def list(self) -> list[Feed]:
        with self._lock():
            return list(self.load().values())

    def add(self, url: str, every: str | int = DEFAULT_EVERY_S) -> Feed:
        url = without_credentials(url.strip())  # never sent by the fetcher; would be shown as the origin
        refused = address_problem(url, self.allow_private)
        if refused:
            raise FeedError(f"cannot follow {url!r}: {refused}")
        seconds = parse_every(every)
        with self._lock():
            feeds = self.load()
            feed = feeds.get(url) or Feed(url=url, added=_iso(_now()))
            feed.every_s = seconds
            feeds[url] = feed
            self._save(feeds)
            return feed

    def remove(self, url: str) -> bool:
        url = without_credentials(url)
        with self._lock():
            feeds = self.load()
            if url not in feeds:
                return False
            del feeds[url]
            self._save(feeds)
            return True

    def update(self, feed: Feed) -> None:
        """Store a polled feed's state (unless it was removed meanwhile)."""
        with self._lock():
            feeds = self.load()
            if feed.url in feeds:
                feed.every_s = feeds[feed.url].every_s  # `feeds add --every` during a poll wins
                feeds[feed.url] = feed
                self._save(feeds)


def address_problem(url: str, allow_private: bool) -> str | None:
    """Why ``url`` cannot be followed, in the fetcher's words (bad URL, blocked address); None if it can.

    A host that does not resolve now is not refused: the fetcher checks it on every poll,
    and a feed whose name fails for a while (DNS down) is still worth following."""
    try:
        check_address(url, allow_private=allow_private)
    except FetchError as exc:
        return None if exc.code in ("unreachable", "timeout") else str(exc)
    return None


# ---------------------------------------------------------------------- polling
@dataclass
class Entry:
    key: str
    fingerprint: str
    """A hash of the entry's raw fields (title, HTML, link, date, author)."""
    title: str | None
    html: str
    """The entry's content (or summary) as the feed gives it; made text only when ingested."""
    link: str | None
    published: Any
    author: str | None

    @property
    def text(self) -> str:
        return _html_to_text(self.html)


def parse_entries(body: bytes) -> tuple[str, list[Entry]]:
    """(feed title, entries) of an RSS/Atom document; :class:`ArticleError` if unreadable."""
    import feedparser


    feed = feedparser.parse(body)
    if feed.bozo and not feed.entries:
        raise ArticleError(f"not a readable RSS/Atom feed: {feed.get('bozo_exception')}")
    if not feed.get("version") and not feed.entries:
        raise ArticleError("not an RSS/Atom feed (no feed element and no entries)")
    entries = []
    for index, e in enumerate(feed.entries):
        link = e.get("link")
        key = e.get("id") or link or f"#{index}:{e.get('title', '')}"
        html = (e.content[0].get("value", "") if e.get("content") else "") or e.get("summary", "")
        parsed = e.get("published_parsed") or e.get("updated_parsed")
        published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else e.get("published")
        raw = json.dumps([e.get("title"), html, link, str(published), e.get("author")], ensure_ascii=False)
        digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
        entries.append(Entry(key, digest[:16], e.get("title"), html, link, published, e.get("author")))
    return feed.feed.get("title") or "", entries


@dataclass
class PollResult:
    feed: Feed
    articles: list[Article] = field(default_factory=list)
    failed: list[LoadFailure] = field(default_factory=list)


def poll(feed: Feed, settings: Any, now: datetime | None = None) -> PollResult:
    """Fetch ``feed`` once (conditional GET) and return its new or changed entries as articles.

    Updates ``feed`` in place (status, validators, seen entries, next_fetch, backoff);
    writes nothing to the index.
    """
    now = now or _now()
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    feed.last_fetch = _iso(now)
    result = PollResult(feed)
    try:
        got = fetch(feed.url, allow_private=settings.allow_private_urls, timeout_s=settings.fetch_timeout_s,
                    deadline_s=settings.fetch_deadline_s, max_bytes=int(settings.max_file_mb * 1e6),
                    headers=headers)
        digest = hashlib.sha256(got.body).hexdigest()[:32] if got.status != 304 else feed.body_digest
        if got.status == 304:
            feed.last_status, feed.new_entries = "304", 0
        elif digest == feed.body_digest and not feed.failures:  # the same bytes as last time: nothing to parse
            feed.last_status, feed.new_entries = str(got.status), 0
        else:
            title, entries = parse_entries(got.body)
            result.articles, result.failed = _fresh_articles(feed, title, entries)
            feed.last_status = str(got.status)
            feed.new_entries = len(result.articles)
            feed.body_digest = None if result.failed else digest  # a failed entry is retried next poll
        if got.status != 304:
            feed.etag = got.headers.get("etag") or None
            feed.last_modified = got.headers.get("last-modified") or None
    except (FetchError, ArticleError) as exc:
        return _failed(feed, getattr(exc, "code", "bad_feed"), str(exc), now, result)
    feed.failures, feed.error = 0, None
    feed.next_fetch = _iso(now + timedelta(seconds=feed.every_s))
    return result


def _failed(feed: Feed, code: str, message: str, now: datetime, result: PollResult) -> PollResult:
    feed.failures += 1
    feed.last_status, feed.error, feed.new_entries = code, message, 0
    wait = min(MAX_BACKOFF_S, feed.every_s * 2 ** feed.failures)
    feed.next_fetch = _iso(now + timedelta(seconds=max(wait, feed.every_s)))
    return result


def _fresh_articles(feed: Feed, source: str, entries: list[Entry]) -> tuple[list[Article], list[LoadFailure]]:
    """Articles for entries never seen or changed since; remembers them in ``feed.seen``."""
    articles: list[Article] = []
    failed: list[LoadFailure] = []
    for e in entries:
        known = feed.seen.get(e.key)
        if known and known[1] == e.fingerprint:
            continue
        article_id = known[0] if known else f"{slugify(e.title or 'entry', 40)}-{_short(feed.url + e.key)}"
        try:
            articles.append(build_article(id=article_id, title=e.title, text=e.text, origin=feed.url,
                                          fallback_id=article_id, source=source, published=e.published,
                                          url=e.link, author=e.author))
        except ArticleError as exc:
            failed.append(LoadFailure(f"{feed.url}#{e.link or e.key}", str(exc), feed.url))
            continue
        feed.seen[e.key] = [article_id, e.fingerprint]
    _forget_stale(feed.seen, {e.key for e in entries})
    return articles, failed


def _forget_stale(seen: dict[str, list[str]], current: set[str]) -> None:
    """Drop keys the feed no longer carries, oldest first, down to :data:`MAX_SEEN` (in place, one pass)."""
    excess = len(seen) - max(MAX_SEEN, len(current))
    if excess <= 0:
        return
    stale = [key for key in seen if key not in current][:excess]
    for key in stale:
        del seen[key]


def _short(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:10]


# ---------------------------------------------------------------------- watching
WriteFn = Callable[[Any], Any]
"""Writes a :class:`briefbot.sources.articles.LoadedBatch` (``BriefBot.write`` or the served bot's)."""


def poll_due(store: FeedStore, settings: Any, write: WriteFn, *, force: bool = False,
             now: datetime | None = None) -> list[Feed]:
    """Poll every due feed (every feed with ``force``), ingest what is new; returns the polled feeds."""

    now = now or _now()
    polled = []
    for feed in store.list():
        if not (force or feed.due(now)):
            continue
        result = poll(feed, settings, now)
        feed.new_titles = []
        if result.articles or result.failed:
            report = write(LoadedBatch(articles=result.articles, failed=result.failed, sources=[feed.url]))
            feed.new_entries = report.added + report.updated
            feed.new_titles = [a.title for a in result.articles][:MAX_TITLES]
        store.update(feed)
        polled.append(feed)
    return polled


@dataclass
class PollRound:
    """What one "poll now" did: the feeds polled, or that another poll was running."""

    feeds: list[Feed] = field(default_factory=list)
    busy: bool = False

    @property
    def added(self) -> int:
        return sum(f.new_entries for f in self.feeds)

    def message(self) -> str:
        """The round in plain words ("1 new article from http://…: “Title”")."""
        if self.busy:
            return "A poll is already running; its new articles appear when it finishes."
        if not self.feeds:
            return "No followed feeds to poll: add a feed address first."
        lines = []
        for f in self.feeds:
            if f.error:
                lines.append(f"{f.url}: could not be read ({f.error}); it is tried again {wait_words(f.next_fetch)}.")
            elif f.new_entries:
                n = f.new_entries
                titles = ", ".join(f"“{t}”" for t in f.new_titles)
                lines.append(f"{f.url}: {n} new or updated article{'s' if n != 1 else ''}" +
                             (f": {titles}" if titles else "") + ".")
            else:
                lines.append(f"{f.url}: nothing new.")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"busy": self.busy, "added": self.added, "feeds": [f.to_dict() for f in self.feeds],
                "message": self.message()}


def poll_now(store: FeedStore, settings: Any, write: WriteFn) -> PollRound:
    """Poll every followed feed once now (the "Poll now" button, ``POST /api/feeds/poll``),
    unless a poll is running already (then ``busy``: never two at once)."""
    with store.polling() as mine:
        if not mine:
            return PollRound(busy=True)
        return PollRound(poll_due(store, settings, write, force=True))


def seconds_until_due(store: FeedStore, now: datetime | None = None, cap: float = 30.0) -> float:
    """How long a watcher may sleep before some feed is due (at most ``cap``)."""
    now = now or _now()
    waits = [(datetime.fromisoformat(f.next_fetch) - now).total_seconds() if f.next_fetch else 0.0
             for f in store.list()]
    return max(0.2, min([cap, *waits]))


def watch(store: FeedStore, settings: Any, write: WriteFn, *, once: bool = False,
          stop: threading.Event | None = None, on_poll: Callable[[Feed], None] | None = None) -> None:
    """Poll due feeds until ``stop`` is set (``once``: poll every feed now, then return)."""
    stop = stop or threading.Event()
    while not stop.is_set():
        polled: list[Feed] = []
        if store.path.is_file():  # no feed followed yet: nothing to lock or poll (no lock file in the index)
            with store.polling() as mine:  # another poll running now: its turn covers this one
                polled = poll_due(store, settings, write, force=once) if mine else []
        for feed in polled:
            if on_poll:
                on_poll(feed)
        if once:
            return
        stop.wait(seconds_until_due(store))


class Watcher:
    """``watch`` in a daemon thread (``briefbot serve`` unless ``--no-watch``).

    Polls run in this thread only (requests never wait for a feed); :meth:`stop` sets the
    event the watcher sleeps on and joins the thread, so it ends with the server."""

    def __init__(self, store: FeedStore, settings: Any, write: WriteFn,
                 on_poll: Callable[[Feed], None] | None = None) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(store, settings, write, on_poll), name="briefbot-feeds", daemon=True)

    def _run(self, store: FeedStore, settings: Any, write: WriteFn, on_poll: Any) -> None:
        while not self._stop.is_set():
            try:
                watch(store, settings, write, stop=self._stop, on_poll=on_poll)
            except Exception as exc:  # a broken feed file or index must not kill the server
                print(f"briefbot: feed watcher error: {type(exc).__name__}: {exc}; retrying in 30 seconds", flush=True)
                self._stop.wait(30)

    def start(self) -> Watcher:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)


def store_for(settings: Any) -> FeedStore:
    return FeedStore(Path(settings.index_dir), settings.collection, allow_private=settings.allow_private_urls)


def describe(feed: Feed, now: datetime | None = None) -> str:
    """One line for ``feeds list`` and the server log, times in words."""
    status = feed.last_status or "never fetched"
    err = f"  error: {feed.error}" if feed.error else ""
    last = ago_words(feed.last_fetch, now)
    return (f"{feed.url}  {interval_words(feed.every_s)}  last fetch {last} ({status}, "
            f"{feed.new_entries} new)  next fetch {wait_words(feed.next_fetch, now)}{err}")
