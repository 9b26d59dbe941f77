"""The store: Chroma collections + BM25, repair, generations, the writer lock, Chroma server mode."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from helpers.processes import chroma_server as running_chroma
from helpers.servers import free_port
from helpers.threads import in_thread

from briefbot.config import ConfigError, Settings
from briefbot.sources.articles import Article, load_sources
from briefbot.store.index import Index, LexicalIndex, StoreError
from briefbot.store.ingest import ingest
from briefbot.store.lock import IndexLock
from briefbot.store.retrieve import HybridRetriever

SOME = [
    "lavrov-rubio-meeting-postponed.md",
    "kcell-information-security-certification.md",
    "uzbekistan-gas-production-2026.md",
]


def copy_some(corpus_dir: Path, dest: Path, names: list[str] = SOME) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(corpus_dir / name, dest / name)
    return dest


# ---------------------------------------------------------------------- corpus index
def test_corpus_index_is_consistent(corpus_index: Path, corpus_dir: Path, check_index) -> None:
    index = Index(Settings(index_dir=corpus_index))
    counts = check_index(index)
    assert counts["articles"] == 19
    stats = index.stats()
    assert stats["articles"] == 19 and stats["chunks"] == counts["chunks"]
    assert sum(stats["sources"].values()) == 19
    assert stats["sources"]["Steppe Wire"] == 6
    assert index.repair(full=True) == {"orphan_chunks": 0, "broken_articles": 0}
    # stored articles are exactly what the loaders produced (offsets point into them)
    loaded = {a.id: a for a in load_sources([corpus_dir]) if isinstance(a, Article)}
    stored = index.get_articles(loaded)
    for art_id, art in loaded.items():
        got = stored[art_id]
        assert (got.text, got.title, got.source, got.published, got.url, got.author) == (
            art.text,
            art.title,
            art.source,
            art.published,
            art.url,
            art.author,
        )
        assert got.content_hash == art.content_hash
        assert Path(got.origin) == (corpus_dir / Path(art.origin).name).resolve()
    assert index.get_article("no-such-article") is None


def test_article_vector_is_mean_of_chunk_vectors(corpus_index: Path) -> None:
    index = Index(Settings(index_dir=corpus_index))
    art_id = "us-russia-diplomacy-sanctions-wrap"
    chunks = index.chunks.get(where={"article_id": art_id}, include=["embeddings"])
    assert len(chunks["ids"]) >= 2
    mean = np.mean(np.asarray(chunks["embeddings"]), axis=0)
    mean /= np.linalg.norm(mean)
    rec = index.articles.get(ids=[art_id], include=["embeddings"])
    assert np.allclose(rec["embeddings"][0], mean, atol=1e-5)
    for vec in chunks["embeddings"]:
        assert abs(np.linalg.norm(vec) - 1.0) < 1e-4


def test_lexical_index_persists_and_follows_generation(corpus_index: Path) -> None:
    index = Index(Settings(index_dir=corpus_index))
    lexical = index.lexical()
    assert lexical.generation == index.generation() != "none"
    assert len(lexical.ids) == index.chunk_count()
    hits = lexical.search("Kcell information security certificate", 3)
    assert hits and hits[0][0].startswith("kcell-information-security-certification::")
    # a second Index loads the saved BM25 state instead of rebuilding it
    again = Index(Settings(index_dir=corpus_index)).lexical()
    assert again.generation == lexical.generation and again.ids == lexical.ids


def test_hybrid_search(corpus_index: Path) -> None:
    index = Index(Settings(index_dir=corpus_index))
    docs = HybridRetriever(index=index).retrieve("Why was the Lavrov Rubio meeting postponed?", k=4)
    assert len(docs) == 4
    top = [d.metadata["article_id"] for d in docs[:2]]
    assert "lavrov-rubio-meeting-postponed" in top, top
    texts = {
        a.id: a.text for a in index.get_articles(d.metadata["article_id"] for d in docs).values()
    }
    for doc in docs:
        meta = doc.metadata
        assert doc.page_content == texts[meta["article_id"]][meta["start"] : meta["end"]]


# ---------------------------------------------------------------------- writes
def test_other_process_writes_are_seen(tmp_path: Path, corpus_dir: Path) -> None:
    """A long-running reader (UI/API) must see what ``briefbot ingest`` wrote since."""
    settings = Settings(index_dir=tmp_path / "idx")
    reader = Index(settings)
    writer = Index(settings)
    ingest(writer, [corpus_dir / SOME[0]])
    assert reader.generation() == writer.generation()
    before = reader.lexical()
    assert {i.split("::")[0] for i in before.ids} == {"lavrov-rubio-meeting-postponed"}
    ingest(writer, [corpus_dir / SOME[1]])
    assert reader.generation() == writer.generation() != before.generation
    with pytest.MonkeyPatch.context() as patch:  # the write arrives as a delta: no full build
        patch.setattr(LexicalIndex, "build", _refuse)
        after = reader.lexical()
    hits = after.search("Kcell certification", 3)
    assert hits and hits[0][0].startswith("kcell-information-security-certification::")
    assert after.size() == writer.chunk_count() and after.main_ids == before.main_ids
    writer.delete_articles(["lavrov-rubio-meeting-postponed"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LexicalIndex, "build", _refuse)
        gone = reader.lexical()
    assert gone.size() == writer.chunk_count()
    assert not [c for c, _ in gone.search("Lavrov Rubio meeting postponed", 10) if c.startswith("lavrov-rubio-m")]
    # a fresh process loads the saved full build and replays the same steps
    fresh = Index(settings)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LexicalIndex, "build", _refuse)
        replayed = fresh.lexical()
    assert set(replayed.search("Kcell certification", 3)) == set(gone.search("Kcell certification", 3))


def test_repair_fixes_orphans_stale_and_missing_chunks(
    tmp_path: Path, corpus_dir: Path, check_index
) -> None:
    src = copy_some(corpus_dir, tmp_path / "src")
    index = Index(Settings(index_dir=tmp_path / "idx"))
    first = ingest(index, [src])
    assert first.added == 3
    counts = check_index(index)
    some = index.chunks.get(limit=1, include=["embeddings", "metadatas", "documents"])
    meta = dict(some["metadatas"][0])
    vec = some["embeddings"][0]
    # an orphan chunk (no record), a stale chunk (old hash), and a missing chunk
    index.chunks.add(
        ids=["ghost::000000000000::0"],
        embeddings=[vec],
        documents=["ghost"],
        metadatas=[{**meta, "article_id": "ghost"}],
    )
    stale_id = f"{meta['article_id']}::deadbeef0000::0"
    index.chunks.add(
        ids=[stale_id],
        embeddings=[vec],
        documents=["old"],
        metadatas=[{**meta, "content_hash": "x"}],
    )
    victim = "uzbekistan-gas-production-2026"
    gone = index.chunks.get(where={"article_id": victim}, include=[])["ids"][0]
    index.chunks.delete(ids=[gone])
    with pytest.raises(AssertionError):
        check_index(index)

    # this damage bypassed the write path (no change-log step says a write is unfinished),
    # so the default repair trusts the log and skips the scan; ``full`` scans anyway
    assert index.repair() == {"orphan_chunks": 0, "broken_articles": 0}
    assert index.repair(full=True) == {"orphan_chunks": 2, "broken_articles": 1}
    assert victim not in index.records()
    assert not index.chunks.get(where={"article_id": victim}, include=[])["ids"]
    check_index(index)
    # the next ingest puts the broken article back, embedding only that one
    again = ingest(index, [src])
    assert (again.added, again.unchanged, again.added_ids) == (1, 2, [victim])
    assert check_index(index) == counts


def test_delete_articles(tmp_path: Path, corpus_dir: Path, check_index) -> None:
    src = copy_some(corpus_dir, tmp_path / "src")
    index = Index(Settings(index_dir=tmp_path / "idx"))
    ingest(index, [src])
    n = len(
        index.chunks.get(where={"article_id": "kcell-information-security-certification"})["ids"]
    )
    assert index.delete_articles(["kcell-information-security-certification", "unknown"]) == n
    assert set(index.records()) == {
        "lavrov-rubio-meeting-postponed",
        "uzbekistan-gas-production-2026",
    }
    assert not any(i.startswith("kcell") for i in index.lexical().ids)
    check_index(index)


# ---------------------------------------------------------------------- writer lock (finding 8)
def test_waiting_for_the_index_lock_is_announced(
    tmp_path: Path, lock_holder, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that has to wait for another process logs that, for whom, and for how long."""
    import briefbot.store.lock

    monkeypatch.setattr(briefbot.store.lock, "LOCK_NOTICE_S", 0.2)
    path = tmp_path / "idx" / "write-briefbot.store.lock"
    holder = lock_holder(path)
    lock = IndexLock(path)

    def take() -> float:
        with lock.hold("ingest") as waited:
            return waited

    caplog.set_level(logging.WARNING, logger="briefbot.store.lock")
    thread, box = in_thread(take)
    time.sleep(1.0)
    assert thread.is_alive()  # blocked behind the other process
    holder.release()
    thread.join(timeout=30)
    assert not thread.is_alive() and "error" not in box, box
    assert box["result"] >= 0.9
    text = caplog.text
    assert "waiting for the index lock" in text and f"pid {holder.pid}" in text
    assert "test holder" in text and "still waiting" in text
    assert "got the index lock" in text and "after waiting" in text
    with lock.hold("again") as waited:  # free now: no wait, and reentrant
        with lock.hold("nested") as inner:
            assert waited < 0.5 and inner == 0.0
    assert not lock.owner_file.exists()


def test_repair_and_delete_wait_for_another_writer(
    tmp_path: Path, corpus_dir: Path, check_index, lock_holder
) -> None:
    """Repair must not run while another process holds the lock (it may be mid-write)."""
    src = copy_some(corpus_dir, tmp_path / "src")
    index = Index(Settings(index_dir=tmp_path / "idx"))
    ingest(index, [src])
    assert index.lock.path.parent == tmp_path / "idx"
    for action in (index.repair, lambda: index.delete_articles([SOME[0].removesuffix(".md")])):
        holder = lock_holder(index.lock.path)
        thread, box = in_thread(action)
        thread.join(timeout=1.0)
        assert thread.is_alive(), "wrote while another process held the index lock"
        holder.release()
        thread.join(timeout=60)
        assert not thread.is_alive() and "error" not in box, box
    assert len(index.records()) == 2
    check_index(index)


# ---------------------------------------------------------------------- server mode
@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``chroma run`` on a free localhost port; yields its URL."""
    with running_chroma(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url


def test_server_mode(
    chroma_server: str,
    tmp_path: Path,
    corpus_dir: Path,
    check_index,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index_dir = tmp_path / "idx"
    settings = Settings(index_dir=index_dir, chroma_url=chroma_server, collection="srv")
    index = Index(settings)
    first = ingest(index, [corpus_dir])
    assert (first.added, first.failed) == (19, [])
    counts = check_index(index)
    assert counts["articles"] == 19
    assert not (index_dir / "chroma").exists()  # the embedded database was not used

    docs = HybridRetriever(index=index).retrieve("Kazakhstan oil export routes", k=3)
    assert docs and docs[0].metadata["article_id"] == "kazakhstan-alternative-oil-export-routes"
    assert docs[0].metadata["bm25_score"] and docs[0].metadata["dense_score"]

    # a second client (another process, in effect) sees the same data
    other = Index(Settings(index_dir=tmp_path / "idx2", chroma_url=chroma_server, collection="srv"))
    assert other.stats() == index.stats()

    monkeypatch.setattr("briefbot.store.index.encode", _refuse)
    monkeypatch.setattr("briefbot.store.embeddings.get_model", _refuse)
    again = ingest(index, [corpus_dir])
    assert (again.added, again.updated, again.unchanged, again.chunks) == (0, 0, 19, 0)
    assert check_index(index) == counts


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("the embedding model was called")


def test_server_unreachable_or_bad_url(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match="cannot reach the Chroma server"):
        Index(Settings(index_dir=tmp_path, chroma_url=dead))
    # A malformed URL is refused when the settings are built (pydantic-settings validates
    # every construction), before an Index ever sees it.
    with pytest.raises(ConfigError, match="chroma_url.*not an http"):
        Settings(index_dir=tmp_path, chroma_url="localhost:8000")


def test_whole_collection_reads_come_in_pages(corpus_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One unpaged get() of a 100k-chunk collection fails inside Chroma, so records(),
    repair() and the BM25 rebuild read in pages; small pages here must see every row."""
    index = Index(Settings(index_dir=corpus_index))
    unpaged = index.chunks.get(include=["metadatas"])
    records = index.records()
    monkeypatch.setattr(Index, "_max_batch", lambda self: 7)
    paged = index._get_all(index.chunks, ["metadatas"])
    assert len(unpaged["ids"]) > 7 * 2  # several pages
    assert sorted(paged["ids"]) == sorted(unpaged["ids"])
    assert dict(zip(paged["ids"], paged["metadatas"], strict=True)) == dict(
        zip(unpaged["ids"], unpaged["metadatas"], strict=True)
    )
    assert index.records() == records
