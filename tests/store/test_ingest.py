"""Incremental ingest: idempotence, changes, prune, bad input, URLs/feeds, crash safety.

Real model, real embedded Chroma.  The crash tests kill a real ``briefbot ingest``
process with SIGKILL and then check that the next ingest leaves the index exactly
consistent.
"""

from __future__ import annotations

import json
import os
import queue
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from helpers.threads import in_thread

from briefbot.config import Settings
from briefbot.sources.articles import Article, load_sources
from briefbot.sources.chunking import split_sentences
from briefbot.store.index import Index
from briefbot.store.ingest import ingest
from briefbot.store.retrieve import HybridRetriever

SOME = [
    "lavrov-rubio-meeting-postponed.md",
    "kcell-information-security-certification.md",
    "uzbekistan-gas-production-2026.md",
    "ktz-workwear-79-million-tenge.md",
]
BIN = Path(sys.executable).parent


def copy_some(corpus_dir: Path, dest: Path, names: list[str] = SOME) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(corpus_dir / name, dest / name)
    return dest


def fresh_index(tmp_path: Path, **settings: Any) -> Index:
    return Index(Settings(index_dir=tmp_path / "idx", **settings))


def forbid_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedding model was called")

    monkeypatch.setattr("briefbot.store.index.encode", boom)
    monkeypatch.setattr("briefbot.store.embeddings.encode", boom)
    monkeypatch.setattr("briefbot.store.embeddings.get_model", boom)


def count_encoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every text the index embeds."""
    import briefbot.store.index

    seen: list[str] = []
    real = briefbot.store.index.encode

    def spy(texts: list[str], batch_size: int = 64) -> Any:
        seen.extend(texts)
        return real(texts, batch_size)

    monkeypatch.setattr("briefbot.store.index.encode", spy)
    return seen


def chunk_ids(index: Index, article_id: str | None = None) -> set[str]:
    where = {"article_id": article_id} if article_id else None
    return set(index.chunks.get(where=where, include=[])["ids"])


# ---------------------------------------------------------------------- incremental
def test_reingest_unchanged_never_calls_the_model(
    tmp_path: Path, corpus_dir: Path, check_index, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = fresh_index(tmp_path)
    progress: list[tuple[int, str]] = []
    first = ingest(index, [corpus_dir], progress=lambda n, o: progress.append((n, o)))
    assert (first.added, first.updated, first.unchanged, first.removed) == (19, 0, 0, 0)
    assert first.failed == [] and first.chunks > 19
    assert [n for n, _ in progress] == list(range(1, 20))
    counts = check_index(index)
    assert counts == {"articles": 19, "chunks": first.chunks}
    ids, generation = chunk_ids(index), index.generation()
    stamps = {r.id: r.ingested_at for r in index.records().values()}

    forbid_model(monkeypatch)
    for _ in range(2):
        again = ingest(Index(index.settings), [corpus_dir])
        assert again.to_dict() == {
            "added": 0,
            "updated": 0,
            "unchanged": 19,
            "removed": 0,
            "chunks": 0,
            "failed": [],
        }
    assert chunk_ids(index) == ids
    assert index.generation() == generation  # nothing was written at all
    assert {r.id: r.ingested_at for r in index.records().values()} == stamps
    assert check_index(index) == counts


def test_changed_article_replaces_its_chunks(
    tmp_path: Path, corpus_dir: Path, check_index, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = copy_some(corpus_dir, tmp_path / "src")
    index = fresh_index(tmp_path)
    ingest(index, [src])
    body_id, meta_id = "lavrov-rubio-meeting-postponed", "kcell-information-security-certification"
    old_body, old_meta = chunk_ids(index, body_id), chunk_ids(index, meta_id)
    others = {i: chunk_ids(index, i) for i in index.records() if i not in (body_id, meta_id)}

    path = src / f"{body_id}.md"
    path.write_text(path.read_text() + "\nA new closing sentence was added in an update.\n")
    path = src / f"{meta_id}.md"
    path.write_text(
        re.sub(r"(?m)^source: .*$", "source: Renamed Outlet", path.read_text(), count=1)
    )
    encoded = count_encoded(monkeypatch)
    report = ingest(index, [src])
    assert (report.added, report.updated, report.unchanged) == (0, 2, 2)
    assert sorted(report.updated_ids) == sorted([body_id, meta_id])

    new_body, new_meta = chunk_ids(index, body_id), chunk_ids(index, meta_id)
    assert new_body.isdisjoint(old_body) and new_meta.isdisjoint(old_meta)
    assert len(encoded) == report.chunks == len(new_body) + len(new_meta)
    assert {i: chunk_ids(index, i) for i in others} == others  # untouched
    stored = index.get_article(body_id)
    assert stored is not None and stored.text.endswith("was added in an update.")
    assert index.records()[meta_id].source == "Renamed Outlet"
    hits = index.lexical().search("closing sentence added in an update", 3)
    assert hits and hits[0][0] in new_body
    check_index(index)


def test_prune_removes_vanished_keeps_malformed(
    tmp_path: Path, corpus_dir: Path, check_index
) -> None:
    src = copy_some(corpus_dir, tmp_path / "src")
    other = copy_some(corpus_dir, tmp_path / "other", ["zelenskyy-nato-security-guarantees.md"])
    index = fresh_index(tmp_path)
    assert ingest(index, [src, other]).added == 5

    (src / "ktz-workwear-79-million-tenge.md").unlink()
    broken = src / "uzbekistan-gas-production-2026.md"
    broken.write_text("---\ntitle: [oops\n---\nBody\n")  # malformed front matter now
    shutil.copy(corpus_dir / "armenia-azerbaijan-border-calm.md", src)

    # without --prune nothing disappears
    report = ingest(index, [src])
    assert (report.added, report.removed) == (1, 0)
    assert "ktz-workwear-79-million-tenge" in index.records()

    report = ingest(index, [src], prune=True)
    assert report.removed_ids == ["ktz-workwear-79-million-tenge"] and report.removed == 1
    assert [(f.source, "YAML" in f.error) for f in report.failed] == [(str(broken), True)]
    records = index.records()
    assert "uzbekistan-gas-production-2026" in records  # malformed: reported, not removed
    assert chunk_ids(index, "uzbekistan-gas-production-2026")
    assert "zelenskyy-nato-security-guarantees" in records  # not under a pruned source
    assert "ktz-workwear-79-million-tenge" not in records
    assert not chunk_ids(index, "ktz-workwear-79-million-tenge")
    assert check_index(index)["articles"] == 5


def test_prune_works_from_another_cwd_and_path_spelling(
    tmp_path: Path, corpus_dir: Path, check_index, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_some(corpus_dir, tmp_path / "work" / "src")
    index = fresh_index(tmp_path)
    monkeypatch.chdir(tmp_path / "work")
    assert ingest(index, ["src"]).added == 4
    for rec in index.records().values():
        assert Path(rec.origin).is_absolute()
    (tmp_path / "work" / "src" / "kcell-information-security-certification.md").unlink()
    monkeypatch.chdir(tmp_path)
    report = ingest(index, [str(tmp_path / "work" / "." / "src")], prune=True)
    assert report.removed_ids == ["kcell-information-security-certification"]
    check_index(index)


def test_moved_file_is_not_reembedded_and_prune_follows_it(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch, check_index
) -> None:
    old_dir = copy_some(corpus_dir, tmp_path / "old", SOME[:2])
    index = fresh_index(tmp_path)
    ingest(index, [old_dir])
    new_dir = tmp_path / "new"
    old_dir.rename(new_dir)
    forbid_model(monkeypatch)
    report = ingest(index, [new_dir], prune=True)
    assert (report.unchanged, report.removed, report.chunks) == (2, 0, 0)
    for rec in index.records().values():
        assert Path(rec.origin).parent == new_dir.resolve()
    (new_dir / SOME[0]).unlink()
    report = ingest(index, [new_dir], prune=True)
    assert report.removed_ids == [SOME[0].removesuffix(".md")]
    check_index(index)


def test_no_duplicate_chunks_when_sources_overlap(
    tmp_path: Path, corpus_dir: Path, check_index
) -> None:
    src = copy_some(corpus_dir, tmp_path / "src")
    index = fresh_index(tmp_path)
    report = ingest(index, [src, src / SOME[0], src])
    assert report.added == 4
    assert all("duplicate article id" in f.error for f in report.failed) and report.failed
    assert check_index(index)["articles"] == 4


def test_small_write_steps_give_the_same_index(
    tmp_path: Path, corpus_dir: Path, check_index, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefbot.store.index

    calls: list[int] = []
    real = briefbot.store.index.encode

    def spy(texts: list[str], batch_size: int = 64) -> Any:
        calls.append(len(texts))
        return real(texts, batch_size)

    monkeypatch.setattr("briefbot.store.index.encode", spy)
    src = copy_some(corpus_dir, tmp_path / "src")
    small = Index(Settings(index_dir=tmp_path / "small", ingest_batch_chunks=2))
    report = ingest(small, [src])
    assert len(calls) >= 3 and all(n >= 2 for n in calls[:-1])
    assert sum(calls) == report.chunks
    calls.clear()
    big = Index(Settings(index_dir=tmp_path / "big"))
    assert ingest(big, [src]).chunks == report.chunks and len(calls) == 1
    assert check_index(small) == check_index(big)
    assert chunk_ids(small) == chunk_ids(big)


def test_article_without_sentences_has_no_chunks(tmp_path: Path, check_index) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "dashes.txt").write_text("— — —")
    (src / "real.txt").write_text("Title\n\nA real sentence about a port strike.")
    index = fresh_index(tmp_path)
    report = ingest(index, [src])
    assert report.added == 2
    assert index.records()["dashes"].n_chunks == 0
    assert index.repair() == {"orphan_chunks": 0, "broken_articles": 0}
    assert ingest(index, [src]).unchanged == 2
    check_index(index)


# ---------------------------------------------------------------------- bad input
def test_every_bad_input_is_reported_and_good_ones_ingested(
    tmp_path: Path, corpus_dir: Path, check_index, closed_port: int
) -> None:
    src = copy_some(corpus_dir, tmp_path / "src")
    bad = {
        "empty.md": (b"", "empty"),
        "binary.md": (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(200)), "binary"),
        "latin1.txt": ("Der Bürgermeister äußerte sich.".encode("latin-1"), "UTF-8"),
        "frontmatter.md": (b"---\ntitle: never closed\n\nbody", "front matter"),
        "huge.txt": (b"All work and no play. " * 3000, "limit"),
    }
    for name, (data, _) in bad.items():
        (src / name).write_bytes(data)
    dead = f"http://127.0.0.1:{closed_port}/feed.rss"
    index = fresh_index(tmp_path, max_file_mb=0.02, allow_private_urls=True)  # dead is on 127.0.0.1
    report = ingest(index, [src, dead])
    assert report.added == len(SOME)
    reasons = {f.source: f.error for f in report.failed}
    expected = {str(src / name): reason for name, (_, reason) in bad.items()}
    expected[dead] = "unreachable"
    assert set(reasons) == set(expected)
    for source, reason in expected.items():
        assert reason in reasons[source], (source, reasons[source])
    assert set(report.to_dict()["failed"][0]) == {"source", "error"}
    assert check_index(index)["articles"] == len(SOME)


# ---------------------------------------------------------------------- URLs and feeds
FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Times</title>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>https://example.org/ht/{slug}</link>
<pubDate>Mon, 0{day} Apr 2024 08:00:00 GMT</pubDate>
<description>{text}</description></item>"""
PAGE = """<!doctype html><html><head><title>Ferry strike ends</title>
<meta property="og:site_name" content="Island Post"></head><body><article>
<h1>Ferry strike ends after nine days</h1>
<p>Ferry crews returned to work on Friday after nine days of strikes, the operator said, and
the first sailing to the islands left the mainland harbour shortly after dawn.</p>
<p>The union said members had accepted a revised pay offer by a wide margin. Timetables will be
back to normal by Monday, according to the operator, which apologised to passengers.</p>
</article></body></html>"""


def _feed(entries: list[tuple[str, str, str]]) -> str:
    items = "\n".join(
        ITEM.format(title=t, slug=s, text=x, day=i + 1) for i, (t, s, x) in enumerate(entries)
    )
    return FEED.format(items=items)


def test_url_and_feed_ingest_update_and_prune(
    tmp_path: Path, http_server, check_index, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = [
        (
            "Crane collapse injures two",
            "crane",
            "A dockside crane collapsed on Monday, injuring two.",
        ),
        ("Port fees to rise", "fees", "The port authority said fees would rise by four percent."),
        ("New pilot boat", "pilot", "A new pilot boat entered service in the outer harbour."),
    ]
    feed_url = http_server.add("harbour.rss", _feed(entries))
    page_url = http_server.add("ferry.html", PAGE)
    index = fresh_index(tmp_path, allow_private_urls=True)  # the test server is on 127.0.0.1
    report = ingest(index, [feed_url, page_url])
    assert (report.added, report.failed) == (4, [])
    records = index.records()
    assert {r.origin for r in records.values()} == {feed_url, page_url}
    assert {r.source for r in records.values()} == {"Harbour Times", "Island Post"}
    assert any(
        r.url == "https://example.org/ht/fees" and r.published == "2024-04-02"
        for r in records.values()
    )
    check_index(index)

    with monkeypatch.context() as patch:
        forbid_model(patch)
        assert ingest(index, [feed_url, page_url]).unchanged == 4

    # the feed drops one entry and edits another
    entries = [entries[0], (entries[1][0], "fees", "Port fees will rise by five percent.")]
    http_server.add("harbour.rss", _feed(entries))
    report = ingest(index, [feed_url, page_url], prune=True)
    assert (report.unchanged, report.updated, report.removed) == (2, 1, 1)
    assert len(report.removed_ids) == 1 and report.removed_ids[0].startswith("new-pilot-boat")
    hits = index.lexical().search("five percent", 2)
    assert hits and "five percent" in index.chunks.get(ids=[hits[0][0]])["documents"][0]
    assert check_index(index)["articles"] == 3


def test_unreachable_feed_does_not_prune(tmp_path: Path, http_server, check_index) -> None:
    url = http_server.add("a.rss", _feed([("Only item", "only", "A single item in the feed.")]))
    index = fresh_index(tmp_path, allow_private_urls=True)
    assert ingest(index, [url]).added == 1
    (http_server.root / "a.rss").unlink()  # now 404
    report = ingest(index, [url], prune=True)
    assert report.removed == 0 and report.failed and "404" in report.failed[0].error
    assert check_index(index)["articles"] == 1


# ---------------------------------------------------------------------- issue 12: bad sources, lock
def test_bad_urls_in_a_batch_are_failed_entries_and_the_rest_is_ingested(
    tmp_path: Path, corpus_dir: Path, http_server, check_index, closed_port: int
) -> None:
    """Findings 2 and 7: a malformed, a blocked and an unknown-scheme URL never drop the batch."""
    src = copy_some(corpus_dir, tmp_path / "src")
    secret = http_server.add("secret.txt", "Admin notes\n\nThe router password is hunter2.")
    bad = ["http://[::1", secret, f"http://127.0.0.1:{closed_port}/x", "http://[::ffff:169.254.169.254]/"]
    index = fresh_index(tmp_path)  # allow_private_urls is off by default
    report = ingest(index, [bad[0], src, *bad[1:]])
    assert (report.added, report.unchanged) == (len(SOME), 0)
    reasons = {f.source: f.error for f in report.failed}
    assert set(reasons) == set(bad)
    assert "malformed URL" in reasons[bad[0]]
    for blocked in bad[1:]:
        assert "allow_private_urls" in reasons[blocked], reasons[blocked]
    assert check_index(index)["articles"] == len(SOME)
    assert not any("hunter2" in a.text for a in index.get_articles(index.records()).values())


def test_load_takes_no_lock_and_write_waits_for_it(
    tmp_path: Path, corpus_dir: Path, http_server, check_index, lock_holder
) -> None:
    """Finding 5: fetching happens outside the writer lock; only writing waits for it."""
    from briefbot.core import BriefBot

    src = copy_some(corpus_dir, tmp_path / "src", SOME[:2])
    page = http_server.add("ferry.html", PAGE)
    bot = BriefBot(Settings(index_dir=tmp_path / "idx", allow_private_urls=True))
    holder = lock_holder(bot.index.lock.path)
    loading, box = in_thread(lambda: bot.load([src, page, "http://[::1"]))
    loading.join(timeout=120)
    assert not loading.is_alive(), "load() waited for the writer lock"
    batch = box["result"]
    assert len(batch.articles) == 3 and [f.source for f in batch.failed] == ["http://[::1"]
    assert bot.stats()["articles"] == 0  # nothing written yet

    progress: list[tuple[int, str]] = []
    writing, box = in_thread(lambda: bot.write(batch, progress=lambda n, o: progress.append((n, o))))
    writing.join(timeout=1.0)
    assert writing.is_alive() and progress == []  # waits for the other process
    holder.release()
    writing.join(timeout=300)
    assert not writing.is_alive() and "error" not in box, box
    report = box["result"]
    assert report.added == 3 and [f.source for f in report.failed] == ["http://[::1"]
    assert [n for n, _ in progress] == [1, 2, 3]
    assert check_index(bot.index)["articles"] == 3


# ---------------------------------------------------------------------- crash safety
class Crash(Exception):
    pass


def _crash_after(
    obj: Any, name: str, monkeypatch: pytest.MonkeyPatch, before: bool = False
) -> None:
    real = getattr(obj, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not before:
            real(*args, **kwargs)
        raise Crash(name)

    monkeypatch.setattr(obj, name, wrapper)


@pytest.mark.parametrize(
    "window",
    [
        "chunks-written-no-record",
        "record-written-stale-chunks-left",
        "prune-chunks-gone-record-left",
    ],
)
def test_interrupted_write_is_repaired(
    window: str, tmp_path: Path, corpus_dir: Path, check_index
) -> None:
    src = copy_some(corpus_dir, tmp_path / "src")
    settings = Settings(index_dir=tmp_path / "idx")
    base = ingest(Index(settings), [src])
    expected = check_index(Index(settings))
    changed = src / SOME[0]
    changed.write_text(changed.read_text() + "\nOne more sentence for the update.\n")
    shutil.copy(corpus_dir / "zelenskyy-nato-security-guarantees.md", src)
    (src / SOME[1]).unlink()

    index = Index(settings)
    with pytest.MonkeyPatch.context() as patch:
        if window == "chunks-written-no-record":
            _crash_after(index, "_upsert_chunks", patch)
        elif window == "record-written-stale-chunks-left":
            _crash_after(index, "_delete_stale", patch, before=True)
        else:
            _crash_after(index.articles, "delete", patch, before=True)
        with pytest.raises(Crash):
            ingest(index, [src], prune=True)
    with pytest.raises(AssertionError):
        check_index(Index(settings))  # the crash really left the index inconsistent

    report = ingest(Index(settings), [src], prune=True)
    assert sum(report.repaired.values()) > 0
    final = check_index(Index(settings))
    assert final["articles"] == base.added == expected["articles"]
    assert set(Index(settings).records()) == {
        a.id for a in load_sources([src]) if isinstance(a, Article)
    }
    assert ingest(Index(settings), [src], prune=True).unchanged == 4


def write_generated_corpus(corpus_dir: Path, dest: Path, n: int, seed: int = 1) -> Path:
    """``n`` short front-matter articles recombined from the bundled corpus sentences."""
    rng = random.Random(seed)
    pool: list[str] = []
    for art in load_sources([corpus_dir]):
        assert isinstance(art, Article)
        pool += [art.text[s.start : s.end] for s in split_sentences(art.text)]
    pool = [s for s in pool if 8 <= len(s.split()) <= 30]
    dest.mkdir(parents=True)
    for i in range(n):
        body = " ".join(rng.sample(pool, 3))
        (dest / f"gen-{i:04d}.md").write_text(
            f"---\nid: gen-{i:04d}\ntitle: Generated article {i}\nsource: Wire {i % 5}\n"
            f"published: 2025-10-{1 + i % 28:02d}\n---\n{body}\n"
        )
    return dest


class Lines:
    """Read a subprocess pipe line by line in a thread, with timeouts."""

    def __init__(self, stream: Any) -> None:
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: Any) -> None:
        for line in iter(stream.readline, ""):
            self.queue.put(line)
        self.queue.put(None)

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"{pattern!r} not seen; output: {''.join(self.seen)[-3000:]}")


KILL_SCRIPT = r"""
import sys, time
from briefbot.config import Settings
from briefbot.store.index import Index
from briefbot.store.ingest import ingest
from briefbot.store.retrieve import HybridRetriever

index_dir, source, stop_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
real = Index._upsert_chunks
calls = 0

def upsert_then_wait(self, docs, vectors):
    global calls
    real(self, docs, vectors)
    calls += 1
    print(f"UPSERTED {calls} {len(docs)}", flush=True)
    if calls == stop_at:
        time.sleep(600)  # chunks are written, their article records are not: SIGKILL here

Index._upsert_chunks = upsert_then_wait
ingest(Index(Settings(index_dir=index_dir)), [source], batch_chunks=64)
print("FINISHED", flush=True)
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def _kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


def _kill_between_chunks_and_records(tmp_path: Path, corpus_dir: Path, n: int) -> tuple[Path, Path, int]:
    """Ingest ``n`` generated articles in a child killed after its 2nd chunk write, before
    that batch's records: (index dir, source dir, orphan chunks left)."""
    src = write_generated_corpus(corpus_dir, tmp_path / "gen", n)
    index_dir = tmp_path / "idx"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(index_dir), str(src), "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=_env(),
    )
    try:
        lines = Lines(proc.stdout)
        lines.wait_for(r"UPSERTED 1 \d+", timeout=180)
        orphaned = int(lines.wait_for(r"UPSERTED 2 (\d+)", timeout=120).group(1))
        _kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert orphaned > 0
    return index_dir, src, orphaned


@pytest.mark.slow
def test_sigkill_between_chunks_and_records(tmp_path: Path, corpus_dir: Path, check_index) -> None:
    index_dir, src, orphaned = _kill_between_chunks_and_records(tmp_path, corpus_dir, 150)
    index = Index(Settings(index_dir=index_dir))
    recorded = len(index.records())
    assert index.chunk_count() == sum(r.n_chunks for r in index.records().values()) + orphaned
    report = ingest(index, [src])
    assert report.repaired == {"orphan_chunks": orphaned, "broken_articles": 0}
    assert report.added == 150 - recorded and report.unchanged == recorded
    assert check_index(index)["articles"] == 150
    assert index.stats()["articles"] == 150
    assert ingest(index, [src]).unchanged == 150


@pytest.mark.slow
def test_orphan_chunks_of_a_killed_write_are_never_retrieved(tmp_path: Path, corpus_dir: Path) -> None:
    """Issue 21 N10: after a kill -9 between chunk and record writes, a reader that opens
    the index and asks *without ingesting* (no repair yet) never gets an orphan chunk,
    whose article_id would 404 -- not even when the question is the orphan's own text."""
    index_dir, _src, orphaned = _kill_between_chunks_and_records(tmp_path, corpus_dir, 100)
    index = Index(Settings(index_dir=index_dir))
    records = index.records()
    got = index.chunks.get(include=["documents", "metadatas"])
    orphans = [(d, m) for d, m in zip(got["documents"], got["metadatas"], strict=True)
               if m["article_id"] not in records]
    assert len(orphans) == orphaned > 0  # the kill really left orphans in the store
    retriever = HybridRetriever(index=index, k=6)
    for text, meta in orphans[:4]:
        docs = retriever.retrieve(text)
        assert docs, "the recorded articles are still searchable"
        assert all(d.metadata["article_id"] in records for d in docs), (meta["article_id"], docs)
    assert {cid for cid, _ in index.lexical().search(orphans[0][0], 50)} <= {
        cid for cid, m in zip(got["ids"], got["metadatas"], strict=True) if m["article_id"] in records}


def _stored_rows(index_dir: Path) -> int:
    db = index_dir / "chroma" / "chroma.sqlite3"
    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)) as conn:
            # chunk rows only (the change log and the article records are rows too)
            return int(conn.execute(
                "SELECT count(*) FROM embeddings e JOIN segments s ON e.segment_id = s.id "
                "JOIN collections c ON s.collection = c.id WHERE c.name LIKE '%\\_chunks' ESCAPE '\\'"
            ).fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_sigkill_cli_ingest_then_reingest_is_exact(
    tmp_path: Path, corpus_dir: Path, check_index
) -> None:
    n_articles = 240
    src = write_generated_corpus(corpus_dir, tmp_path / "gen", n_articles, seed=2)
    index_dir = tmp_path / "idx"
    proc = subprocess.Popen(
        [str(BIN / "briefbot"), "ingest", str(src), "--index", str(index_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=_env(BRIEFBOT_INGEST_BATCH_CHUNKS="64"),  # several write steps to land in
    )
    try:
        stderr = Lines(proc.stderr)
        stderr.wait_for(r"ingest", timeout=180)  # the progress bar is up
        deadline = time.monotonic() + 180
        while _stored_rows(index_dir) == 0:  # poll until chunks start appearing
            assert proc.poll() is None, f"ingest ended early: {''.join(stderr.seen)[-2000:]}"
            assert time.monotonic() < deadline, "no chunks appeared"
            time.sleep(0.02)
        _kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    index = Index(Settings(index_dir=index_dir))
    before = len(index.records())
    assert before < n_articles  # it really was interrupted
    report = ingest(index, [src])
    assert report.failed == []
    assert report.added + report.unchanged == n_articles
    assert check_index(index)["articles"] == n_articles
    assert index.stats()["articles"] == n_articles
    assert index.repair() == {"orphan_chunks": 0, "broken_articles": 0}


TURNS_SCRIPT = r"""
import sys, time
from pathlib import Path
from briefbot.config import Settings
from briefbot.store.index import Index
from briefbot.store.ingest import ingest
from briefbot.store.retrieve import HybridRetriever

index_dir, source, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
real = Index._upsert_chunks

def upsert_then_pause(self, docs, vectors):
    real(self, docs, vectors)
    print(f"UPSERTED {len(docs)}", flush=True)
    deadline = time.monotonic() + 300
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # chunks written, records not yet: another repair would eat them

Index._upsert_chunks = upsert_then_pause
report = ingest(Index(Settings(index_dir=index_dir)), [source])
print(f"FINISHED {report.added} {report.repaired['orphan_chunks']}", flush=True)
"""


@pytest.mark.slow
def test_two_processes_ingesting_one_index_take_turns(
    tmp_path: Path, corpus_dir: Path, check_index
) -> None:
    """Finding 8: while one process is between writing chunks and records, a second
    ``briefbot ingest`` on the same index waits (and says so) instead of repairing
    those chunks away; afterwards both sets of articles are there, exactly once."""
    src_a = copy_some(corpus_dir, tmp_path / "a", SOME[:2])
    src_b = copy_some(corpus_dir, tmp_path / "b", SOME[2:])
    index_dir, go = tmp_path / "idx", tmp_path / "go"
    first = subprocess.Popen(
        [sys.executable, "-c", TURNS_SCRIPT, str(index_dir), str(src_a), str(go)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        text=True, env=_env(),
    )
    second = None
    try:
        out_a = Lines(first.stdout)
        in_flight = int(out_a.wait_for(r"UPSERTED (\d+)", timeout=240).group(1))
        assert _stored_rows(index_dir) == in_flight > 0
        json_b = (tmp_path / "b.json").open("w")
        second = subprocess.Popen(
            [str(BIN / "briefbot"), "ingest", str(src_b), "--index", str(index_dir), "--json"],
            stdout=json_b, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=_env(),
        )
        json_b.close()
        err_b = Lines(second.stderr)
        err_b.wait_for(rf"waiting for the index lock .* held by pid {first.pid}\b", timeout=240)
        time.sleep(1.0)
        assert second.poll() is None  # still waiting
        assert _stored_rows(index_dir) == in_flight  # the first process's chunks are intact
        go.touch()
        assert out_a.wait_for(r"FINISHED (\d+) (\d+)", timeout=240).groups() == ("2", "0")
        assert second.wait(timeout=240) == 0, "".join(err_b.seen)
        report_b = json.loads((tmp_path / "b.json").read_text())
        assert (report_b["added"], report_b["failed"]) == (2, [])
        assert first.wait(timeout=60) == 0
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    index = Index(Settings(index_dir=index_dir))
    assert check_index(index)["articles"] == 4
    again = ingest(index, [src_a, src_b])
    assert (again.unchanged, again.added, again.repaired) == (4, 0, {"orphan_chunks": 0, "broken_articles": 0})


def test_store_steps_are_whole_articles_of_about_the_step_size() -> None:
    """Issue 21 N5: the writer lock is held per short store step of whole articles."""
    from briefbot.store.index import PreparedArticle
    from briefbot.store.ingest import _store_steps

    def prepared(n_chunks: int) -> PreparedArticle:
        return PreparedArticle(article=None, chunks=[None] * n_chunks)  # type: ignore[arg-type, list-item]

    sizes = [60, 60, 60, 200, 5, 5]
    steps = _store_steps([prepared(n) for n in sizes], 128)
    assert [[len(p.chunks) for p in step] for step in steps] == [[60, 60], [60], [200], [5, 5]]
    assert _store_steps([], 128) == []
