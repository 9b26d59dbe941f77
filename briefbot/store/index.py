"""The store: two Chroma collections plus a BM25 index kept in step with them.

``<prefix>_chunks``
    one record per chunk: the chunk text, its MiniLM embedding and flat metadata
    (article id, content hash, offsets, title, source, dates).
``<prefix>_articles``
    one record per article: the full text (what citation offsets point into), its
    metadata, the content hash and chunk count.  Its vector is the normalised mean of
    the article's chunk vectors, so article-level search costs no extra encoding.

Write order makes every crash recoverable: new chunks first, then the article
record, then the stale chunks are deleted.  :meth:`Index.repair` (run before every
ingest) removes chunks that no record vouches for, so after a SIGKILL the index is
exactly consistent again; until then readers hide the chunks of the unfinished write
(:mod:`briefbot.store.changes`), so an orphan chunk is never cited.  Every write,
delete and repair holds the writer lock: a lock file in the index folder
(:class:`IndexLock`) for an embedded index, a lease kept in the Chroma server
(:class:`LeaseLock`) when ``chroma_url`` is set.  A ``generation`` tag on the chunk
collection changes before and after every write, and each change leaves a step in
the change log naming the chunk ids it touched; the BM25 index remembers the
generation it is at and applies the steps since then (:mod:`briefbot.store.lexical`),
with a full build only when the log cannot bridge the gap.  The gazetteer and the
wire-copy groups are cached by the generation too (the copy groups also by a
``copies`` tag that :meth:`Index.set_copy_of` changes, since storing ``copy_of``
rewrites article records without touching chunks).  The tags are read from
the store on every check, so a write by another process invalidates them too.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
from langchain_core.documents import Document

from briefbot import _offline  # noqa: F401
from briefbot.config import Settings
from briefbot.language.gazetteer import Gazetteer
from briefbot.sources.articles import Article
from briefbot.sources.chunking import date_number
from briefbot.store.changes import BEGIN, END, EVERYTHING, ChangeLog
from briefbot.store.copies import CopyGroups
from briefbot.store.edits import EditStore
from briefbot.store.embeddings import MiniLMEmbeddingFunction, encode
from briefbot.store.lease import LeaseLock
from briefbot.store.lexical import LexicalIndex, lexical_text, tokenize
from briefbot.store.lock import IndexLock

__all__ = ["ArticleRecord", "Index", "LexicalIndex", "PreparedArticle", "StoreError", "make_client", "tokenize"]
_lexical_text = lexical_text  # the name benchmarks/scale.py imports

COPIES_TAG = "copies"
"""The collection-metadata key changed around every write of the records' ``copy_of``."""


class StoreError(RuntimeError):
    """The index cannot be opened or used (the message says what to do)."""


@dataclass(frozen=True)
class ArticleRecord:
    """What the index knows about one stored article (without its text)."""

    id: str
    title: str
    source: str
    published: str | None
    url: str | None
    author: str | None
    origin: str
    content_hash: str
    n_chunks: int
    ingested_at: str
    copy_of: str | None = None
    """The id of the earliest article carrying the same text (a wire copy), else None."""

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class PreparedArticle:
    """An article with its chunks, ready to be embedded and written."""

    article: Article
    chunks: list[Document]


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def make_client(settings: Settings) -> Any:
    """An embedded ``PersistentClient``, or an ``HttpClient`` when ``chroma_url`` is set."""
    import chromadb

    if settings.chroma_url:
        parsed = urlparse(settings.chroma_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise StoreError(
                f"BRIEFBOT_CHROMA_URL={settings.chroma_url!r} is not an http(s)://host:port URL"
            )
        try:
            client = chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=_chroma_settings(),
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises several types for "not reachable"
            raise StoreError(
                f"cannot reach the Chroma server at {settings.chroma_url}: {exc}. "
                "Start it with `chroma run --host 127.0.0.1 --port 8000 --path DIR` "
                "or unset BRIEFBOT_CHROMA_URL to use the embedded database."
            ) from exc
        return client
    path = Path(settings.index_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


class Index:
    """Chroma collections + BM25 for one briefbot index."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.load()
        self.client = make_client(self.settings)
        ef = MiniLMEmbeddingFunction(self.settings.embed_batch_size)
        self._ef = ef
        prefix = self.settings.collection
        self.chunks = self.client.get_or_create_collection(
            f"{prefix}_chunks", embedding_function=ef, configuration={"hnsw": {"space": "cosine"}}
        )
        self.articles = self.client.get_or_create_collection(
            f"{prefix}_articles",
            embedding_function=ef,
            configuration={"hnsw": {"space": "cosine"}},
        )
        self.changes = ChangeLog(self.client, f"{prefix}_changes")
        self.edits = EditStore(self.client, f"{prefix}_edits")
        """The reader's outlet/date edits, applied at every ingest (:mod:`briefbot.store.edits`)."""
        self._lexical: Any = None
        self._lexical_lock = threading.Lock()
        self.lock: IndexLock | LeaseLock = (
            LeaseLock(self.client, f"{prefix}_locks") if self.settings.chroma_url else IndexLock(self._lock_path())
        )
        self.guard: Callable[[], AbstractContextManager[Any]] = nullcontext
        """Held with the writer lock around each store step: a server sets its in-process
        write lock here (:mod:`briefbot.app.service`), so readers wait only for those steps."""
        self._steps = threading.local()
        self._gazetteer: tuple[str, Gazetteer] | None = None
        self._copies: tuple[tuple[str, str], CopyGroups] | None = None

    # ------------------------------------------------------------------ reading
    def records(self) -> dict[str, ArticleRecord]:
        """Every stored article's record, by id."""
        got = self._get_all(self.articles, ["metadatas"])
        return {i: _record(i, m) for i, m in zip(got["ids"], got["metadatas"], strict=True)}

    def record(self, article_id: str) -> ArticleRecord | None:
        """One stored article's record (no text), or None."""
        got = self.articles.get(ids=[article_id], include=["metadatas"])
        return _record(got["ids"][0], got["metadatas"][0]) if got["ids"] else None

    def get_article(self, article_id: str) -> Article | None:
        """The stored article (full text) or None."""
        got = self.articles.get(ids=[article_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        return _article(got["ids"][0], got["metadatas"][0], got["documents"][0])

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, Article]:
        ids = sorted(set(article_ids))
        if not ids:
            return {}
        got = self.articles.get(ids=ids, include=["metadatas", "documents"])
        return {
            i: _article(i, m, d)
            for i, m, d in zip(got["ids"], got["metadatas"], got["documents"], strict=True)
        }

    def chunk_count(self) -> int:
        return self.chunks.count()

    def stats(self) -> dict[str, Any]:
        records = self.records()
        sources: dict[str, int] = {}
        for rec in records.values():
            sources[rec.source or "(unknown)"] = sources.get(rec.source or "(unknown)", 0) + 1
        return {
            "articles": len(records),
            "chunks": self.chunk_count(),
            "sources": dict(sorted(sources.items())),
            "syndicated": sum(1 for r in records.values() if r.copy_of),
        }

    # ------------------------------------------------------------------ writing
    @contextmanager
    def store_step(self, what: str) -> Iterator[float]:
        """The writer lock (cross-process) and :attr:`guard` (in-process), for one store step.

        Reentrant within a thread (a repair deletes broken articles inside its own step)."""
        depth = getattr(self._steps, "depth", 0)
        self._steps.depth = depth + 1
        try:
            with self.lock.hold(what) as waited, (self.guard() if depth == 0 else nullcontext()):
                yield waited
        finally:
            self._steps.depth = depth

    def embed(self, prepared: Sequence[PreparedArticle]) -> np.ndarray:
        """The chunk vectors of ``prepared`` (no lock: embedding is the slow part of a write)."""
        docs = [d.page_content for p in prepared for d in p.chunks]
        return encode(docs, self.settings.embed_batch_size)

    def write(self, prepared: Sequence[PreparedArticle], vectors: np.ndarray | None = None) -> int:
        """Store articles (new or changed) under the writer lock; returns chunks written.

        ``vectors`` are the chunks' embeddings (:meth:`embed`, computed before taking the
        lock); without them they are computed here, outside the lock."""
        if not prepared:
            return 0
        if vectors is None:
            vectors = self.embed(prepared)
        with self.store_step("write"):
            return self._write(prepared, vectors)

    def _write(self, prepared: Sequence[PreparedArticle], vectors: np.ndarray) -> int:
        docs = [d for p in prepared for d in p.chunks]
        new_ids = [d.id for d in docs]
        self._step(BEGIN, new_ids)
        self._upsert_chunks(docs, vectors)
        # Article records: mean of chunk vectors (normalised).
        offset = 0
        rec_ids, rec_docs, rec_metas, rec_vecs = [], [], [], []
        for p in prepared:
            n = len(p.chunks)
            vec = vectors[offset:offset + n].mean(axis=0) if n else np.ones(vectors.shape[1])
            offset += n
            vec = vec / (np.linalg.norm(vec) or 1.0)
            rec_ids.append(p.article.id)
            rec_docs.append(p.article.text)
            rec_metas.append(_record_meta(p.article, n))
            rec_vecs.append(vec.astype(np.float32))
        for start in range(0, len(rec_ids), self._max_batch()):
            end = start + self._max_batch()
            self.articles.upsert(
                ids=rec_ids[start:end],
                documents=rec_docs[start:end],
                metadatas=rec_metas[start:end],
                embeddings=rec_vecs[start:end],
            )
        stale = self._delete_stale({p.article.id: p.article.content_hash for p in prepared})
        self._step(END, new_ids + stale)
        gaz = Gazetteer.load(self._gazetteer_path())
        for p in prepared:
            gaz.add(p.article.id, p.article.content_hash, p.article.text)
        gaz.save(self._gazetteer_path())
        return len(docs)

    def update_origins(self, origins: dict[str, str]) -> None:
        """Record a new origin for stored articles whose content is unchanged (no re-embedding)."""
        ids = sorted(origins)
        size = self._max_batch()
        with self.store_step("update origins"):
            for start in range(0, len(ids), size):
                batch = ids[start:start + size]
                self.articles.update(ids=batch, metadatas=[{"origin": origins[i]} for i in batch])

    def set_copy_of(self, copy_of: dict[str, str]) -> None:
        """Store each article's ``copy_of`` (``""`` = not a copy); see :mod:`briefbot.store.copies`."""
        ids = sorted(copy_of)
        size = self._max_batch()
        with self.store_step("copy groups"):
            self._bump_generation(COPIES_TAG)
            for start in range(0, len(ids), size):
                batch = ids[start:start + size]
                self.articles.update(ids=batch, metadatas=[{"copy_of": copy_of[i]} for i in batch])
            self._bump_generation(COPIES_TAG)

    def delete_articles(self, article_ids: Sequence[str]) -> int:
        """Remove articles and all their chunks (under the index lock); returns chunks removed."""
        if not article_ids:
            return 0
        with self.store_step("delete"):
            return self._delete_articles(article_ids)

    def _delete_articles(self, article_ids: Sequence[str]) -> int:
        chunk_ids: list[str] = []
        for start in range(0, len(article_ids), 500):
            batch = list(article_ids[start:start + 500])
            chunk_ids += self.chunks.get(where={"article_id": {"$in": batch}}, include=[])["ids"]
        self._step(BEGIN, chunk_ids)  # hidden from readers from now on
        self._delete_chunk_ids(chunk_ids)
        for start in range(0, len(article_ids), 500):
            self.articles.delete(ids=list(article_ids[start:start + 500]))
        self._step(END, chunk_ids)
        removed = len(chunk_ids)
        gaz = Gazetteer.load(self._gazetteer_path())
        gaz.remove(article_ids)
        gaz.save(self._gazetteer_path())
        return removed

    def repair(self, full: bool = False) -> dict[str, int]:
        """Make chunks and records agree again after an interrupted write.

        Deletes chunks with no record or a different content hash, and records whose
        chunk count does not match (those articles are ingested afresh next time).
        Runs under the index lock: chunks another process is writing right now are
        never taken for orphans, because that process holds the lock until their
        records are written.  The scan (every chunk's metadata: seconds at 100k chunks)
        is skipped when the change log shows the last write finished, unless ``full``.
        """
        with self.store_step("repair"):
            if not full and self.changes.finished(self.generation()):
                return {"orphan_chunks": 0, "broken_articles": 0}
            return self._repair()

    def _repair(self) -> dict[str, int]:
        records = self.records()
        got = self._get_all(self.chunks, ["metadatas"])
        orphans: list[str] = []
        counts: dict[str, int] = {}
        for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
            rec = records.get(str(meta.get("article_id")))
            if rec is None or rec.content_hash != meta.get("content_hash"):
                orphans.append(cid)
            else:
                counts[rec.id] = counts.get(rec.id, 0) + 1
        broken = [r.id for r in records.values() if counts.get(r.id, 0) != r.n_chunks]
        if orphans or broken:
            self._step(BEGIN, orphans)
            if orphans:
                self._delete_chunk_ids(orphans)
            if broken:
                self.delete_articles(broken)
            self._step(END, orphans)
        return {"orphan_chunks": len(orphans), "broken_articles": len(broken)}

    # ------------------------------------------------------------------ lexical
    def lexical(self) -> LexicalIndex:
        """The BM25 index at the current write generation: the one in memory (or the saved
        one) brought in step by the change log's deltas, else a full build from Chroma."""
        generation = self.generation()
        current = self._lexical
        if current is not None and current.generation == generation:
            return current
        with self._lexical_lock:  # one catch-up per process, not one per thread
            if self._lexical is not None and self._lexical.generation == generation:
                return self._lexical
            folder = self._lexical_dir()
            base = self._lexical or LexicalIndex.load(folder)
            lexical = self._catch_up(base, generation) if base is not None else None
            if lexical is None or lexical.needs_full_build():
                got = self._get_all(self.chunks, ["documents", "metadatas"])
                lexical = LexicalIndex.build(got["ids"], got["documents"], got["metadatas"], generation,
                                             hidden=self.changes.hidden(generation))
                lexical.save(folder)
            self._lexical = lexical
            return lexical

    def _catch_up(self, base: LexicalIndex, generation: str) -> LexicalIndex | None:
        """``base`` with the change log's steps since its generation applied (None: the log
        cannot bridge the gap)."""
        steps = self.changes.steps(base.generation, generation)
        if steps is None:
            return None
        touched: set[str] = set()
        for step in steps:
            if step.kind == END:
                touched.update(step.ids)
        hidden = steps[-1].ids if steps and steps[-1].kind == BEGIN else self.changes.hidden(generation)
        if EVERYTHING in touched or EVERYTHING in hidden:
            return None
        present: dict[str, tuple[str, dict]] = {}
        ids = sorted(touched)
        for start in range(0, len(ids), self._max_batch()):
            got = self.chunks.get(ids=ids[start:start + self._max_batch()], include=["documents", "metadatas"])
            for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                present[cid] = (doc, dict(meta))
        return base.apply(generation, present, [i for i in ids if i not in present], hidden)

    def gazetteer(self) -> Gazetteer:
        """The entity gazetteer, brought in step with the stored articles when the index changed."""
        generation = self.generation()
        cached = self._gazetteer
        if cached is not None and cached[0] == generation:
            return cached[1]
        path = self._gazetteer_path()
        gaz = Gazetteer.load(path)
        hashes = {r.id: r.content_hash for r in self.records().values()}
        todo, gone = gaz.stale(hashes)
        if todo or gone:  # a crash, an older index, or a write by an older version
            gaz.remove(gone)
            for start in range(0, len(todo), 200):
                for art in self.get_articles(todo[start:start + 200]).values():
                    gaz.add(art.id, hashes[art.id], art.text)
            gaz.save(path)
        self._gazetteer = (generation, gaz)
        return gaz

    def copy_groups(self) -> CopyGroups:
        """The wire-copy groups of the stored articles (:mod:`briefbot.store.copies`).

        Building them reads every article record (a paged read of the whole article
        collection), so they are kept until the write generation or the ``copies`` tag
        changes: an answer or brief on an unchanged index reads one metadata row.
        """
        meta = self._stored_metadata()
        tag = (str(meta.get("generation", "none")), str(meta.get(COPIES_TAG, "none")))
        cached = self._copies
        if cached is not None and cached[0] == tag:
            return cached[1]
        groups = CopyGroups.from_records(self.records().values())
        self._copies = (tag, groups)
        return groups

    def _gazetteer_path(self) -> Path:
        return self._lexical_dir().with_name(self._lexical_dir().name.replace("bm25-", "entities-", 1) + ".json")

    def generation(self) -> str:
        """The chunk collection's write tag as stored now (see :meth:`_stored_metadata`)."""
        return str(self._stored_metadata().get("generation", "none"))

    # ------------------------------------------------------------------ internals
    def _lock_path(self) -> Path:
        """One lock per stored index: the index folder, plus server and collection."""
        base = Path(self.settings.index_dir)
        if self.settings.chroma_url:
            tag = urlparse(self.settings.chroma_url).netloc.replace(":", "_")
            return base / f"write-{tag}-{self.settings.collection}.lock"
        return base / f"write-{self.settings.collection}.lock"

    def _lexical_dir(self) -> Path:
        base = Path(self.settings.index_dir)
        if self.settings.chroma_url:
            tag = urlparse(self.settings.chroma_url).netloc.replace(":", "_")
            return base / f"bm25-{tag}-{self.settings.collection}"
        return base / f"bm25-{self.settings.collection}"

    def _stored_metadata(self) -> dict[str, Any]:
        """The chunk collection's metadata read from the store, not this object's cache.

        ``self.chunks.metadata`` is a snapshot taken when the collection was opened; a
        long-running process (web UI, API) would otherwise never notice that another
        process (``briefbot ingest``) wrote, and would keep serving a stale BM25 index.
        """
        fresh = self.client.get_collection(self.chunks.name, embedding_function=self._ef)
        return dict(fresh.metadata or {})

    def _bump_generation(self, key: str = COPIES_TAG) -> None:
        """Give the write tag ``key`` a new value (:data:`COPIES_TAG`: only the records'
        ``copy_of`` changed; chunk writes go through :meth:`_step`)."""
        meta = self._stored_metadata()
        meta[key] = uuid.uuid4().hex
        self.chunks.modify(metadata=meta)

    def _step(self, kind: str, chunk_ids: list[str]) -> None:
        """Log a write step (the chunk ids it touches) and move the generation to it."""
        meta = self._stored_metadata()
        meta["generation"] = self.changes.record(str(meta.get("generation", "none")), kind, chunk_ids)
        self.chunks.modify(metadata=meta)
        if kind == END:
            self.changes.prune()

    def _get_all(self, collection: Any, include: list[str]) -> dict[str, list[Any]]:
        """Every row of ``collection``, read in pages.

        One unpaged ``get()`` of a 100k-chunk collection fails inside Chroma ("too many
        SQL variables"; found by benchmarks/scale.py), so whole-collection reads page.
        """
        out: dict[str, list[Any]] = {"ids": [], **{key: [] for key in include}}
        size = self._max_batch()
        while True:
            got = collection.get(include=include, limit=size, offset=len(out["ids"]))
            out["ids"] += got["ids"]
            for key in include:
                out[key] += got[key] or []
            if len(got["ids"]) < size:
                return out

    def _max_batch(self) -> int:
        try:
            return max(1, min(5000, int(self.client.get_max_batch_size())))
        except Exception:
            return 1000

    def _upsert_chunks(self, docs: list[Document], vectors: np.ndarray) -> None:
        size = self._max_batch()
        for start in range(0, len(docs), size):
            part = docs[start:start + size]
            self.chunks.upsert(
                ids=[d.id for d in part],
                documents=[d.page_content for d in part],
                metadatas=[d.metadata for d in part],
                embeddings=vectors[start:start + size],
            )

    def _delete_stale(self, hashes: dict[str, str]) -> list[str]:
        ids = list(hashes)
        stale: list[str] = []
        for start in range(0, len(ids), 500):
            batch = ids[start:start + 500]
            got = self.chunks.get(where={"article_id": {"$in": batch}}, include=["metadatas"])
            for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
                if meta.get("content_hash") != hashes.get(str(meta.get("article_id"))):
                    stale.append(cid)
        if stale:
            self._delete_chunk_ids(stale)
        return stale

    def _delete_chunk_ids(self, ids: list[str]) -> None:
        size = self._max_batch()
        for start in range(0, len(ids), size):
            self.chunks.delete(ids=ids[start:start + size])


def _record_meta(article: Article, n_chunks: int) -> dict[str, Any]:
    return {
        "title": article.title,
        "source": article.source,
        "published": article.published or "",
        "published_ts": date_number(article.published),
        "url": article.url or "",
        "author": article.author or "",
        "origin": article.origin,
        "content_hash": article.content_hash,
        "n_chunks": n_chunks,
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _record(article_id: str, meta: dict[str, Any]) -> ArticleRecord:
    return ArticleRecord(
        id=article_id,
        title=str(meta.get("title", "")),
        source=str(meta.get("source", "")),
        published=meta.get("published") or None,
        url=meta.get("url") or None,
        author=meta.get("author") or None,
        origin=str(meta.get("origin", "")),
        content_hash=str(meta.get("content_hash", "")),
        n_chunks=int(meta.get("n_chunks", 0)),
        ingested_at=str(meta.get("ingested_at", "")),
        copy_of=meta.get("copy_of") or None,
    )


def _article(article_id: str, meta: dict[str, Any], text: str) -> Article:
    return Article(
        id=article_id,
        title=str(meta.get("title", "")),
        text=text,
        source=str(meta.get("source", "")),
        published=meta.get("published") or None,
        url=meta.get("url") or None,
        author=meta.get("author") or None,
        origin=str(meta.get("origin", "")),
    )
