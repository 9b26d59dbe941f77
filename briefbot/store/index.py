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
exactly consistent again.  Every write, delete and repair holds :class:`IndexLock`
(a lock file in the index folder), so writers in different processes take turns.
A ``generation`` tag on the chunk collection changes before and after every write;
the BM25 index remembers the generation it was built from and rebuilds itself when
they differ.  The gazetteer and the wire-copy groups are cached the same way (the copy
groups also by a ``copies`` tag that :meth:`Index.set_copy_of` changes, since storing
``copy_of`` rewrites article records without touching chunks).  The tags are read from
the store on every check, so a write by another process invalidates them too.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import uuid
from collections.abc import Iterable, Sequence
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
from briefbot.language.text import bm25_terms
from briefbot.sources.articles import Article
from briefbot.sources.chunking import date_number
from briefbot.store.copies import CopyGroups
from briefbot.store.embeddings import MiniLMEmbeddingFunction, encode
from briefbot.store.lock import IndexLock

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
        self._lexical: Any = None
        self._lexical_lock = threading.Lock()
        self.lock = IndexLock(self._lock_path())
        self._gazetteer: tuple[str, Gazetteer] | None = None
        self._copies: tuple[tuple[str, str], CopyGroups] | None = None

    # ------------------------------------------------------------------ reading
    def records(self) -> dict[str, ArticleRecord]:
        """Every stored article's record, by id."""
        got = self._get_all(self.articles, ["metadatas"])
        return {i: _record(i, m) for i, m in zip(got["ids"], got["metadatas"], strict=True)}

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
    def write(self, prepared: Sequence[PreparedArticle]) -> int:
        """Embed and store articles (new or changed) under the index lock; returns chunks written."""
        if not prepared:
            return 0
        with self.lock.hold("write"):
            return self._write(prepared)

    def _write(self, prepared: Sequence[PreparedArticle]) -> int:
        self._bump_generation()
        docs = [d for p in prepared for d in p.chunks]
        vectors = encode([d.page_content for d in docs], self.settings.embed_batch_size)
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
        self._delete_stale({p.article.id: p.article.content_hash for p in prepared})
        self._bump_generation()
        gaz = Gazetteer.load(self._gazetteer_path())
        for p in prepared:
            gaz.add(p.article.id, p.article.content_hash, p.article.text)
        gaz.save(self._gazetteer_path())
        return len(docs)

    def update_origins(self, origins: dict[str, str]) -> None:
        """Record a new origin for stored articles whose content is unchanged (no re-embedding)."""
        ids = sorted(origins)
        size = self._max_batch()
        with self.lock.hold("update origins"):
            for start in range(0, len(ids), size):
                batch = ids[start:start + size]
                self.articles.update(ids=batch, metadatas=[{"origin": origins[i]} for i in batch])

    def set_copy_of(self, copy_of: dict[str, str]) -> None:
        """Store each article's ``copy_of`` (``""`` = not a copy); see :mod:`briefbot.store.copies`."""
        ids = sorted(copy_of)
        size = self._max_batch()
        with self.lock.hold("copy groups"):
            self._bump_generation(COPIES_TAG)
            for start in range(0, len(ids), size):
                batch = ids[start:start + size]
                self.articles.update(ids=batch, metadatas=[{"copy_of": copy_of[i]} for i in batch])
            self._bump_generation(COPIES_TAG)

    def delete_articles(self, article_ids: Sequence[str]) -> int:
        """Remove articles and all their chunks (under the index lock); returns chunks removed."""
        if not article_ids:
            return 0
        with self.lock.hold("delete"):
            return self._delete_articles(article_ids)

    def _delete_articles(self, article_ids: Sequence[str]) -> int:
        self._bump_generation()
        removed = 0
        for start in range(0, len(article_ids), 500):
            batch = list(article_ids[start:start + 500])
            got = self.chunks.get(where={"article_id": {"$in": batch}}, include=[])
            if got["ids"]:
                self._delete_chunk_ids(got["ids"])
                removed += len(got["ids"])
            self.articles.delete(ids=batch)
        self._bump_generation()
        gaz = Gazetteer.load(self._gazetteer_path())
        gaz.remove(article_ids)
        gaz.save(self._gazetteer_path())
        return removed

    def repair(self) -> dict[str, int]:
        """Make chunks and records agree again after an interrupted write.

        Deletes chunks with no record or a different content hash, and records whose
        chunk count does not match (those articles are ingested afresh next time).
        Runs under the index lock: chunks another process is writing right now are
        never taken for orphans, because that process holds the lock until their
        records are written.
        """
        with self.lock.hold("repair"):
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
            self._bump_generation()
            if orphans:
                self._delete_chunk_ids(orphans)
            if broken:
                self.delete_articles(broken)
            self._bump_generation()
        return {"orphan_chunks": len(orphans), "broken_articles": len(broken)}

    # ------------------------------------------------------------------ lexical
    def lexical(self) -> LexicalIndex:
        """The BM25 index, rebuilt from Chroma if it is missing or out of step."""
        generation = self.generation()
        current = self._lexical
        if current is not None and current.generation == generation:
            return current
        with self._lexical_lock:  # one rebuild per process, not one per thread
            if self._lexical is not None and self._lexical.generation == generation:
                return self._lexical
            folder = self._lexical_dir()
            lexical = LexicalIndex.load(folder)
            if lexical is None or lexical.generation != generation:
                got = self._get_all(self.chunks, ["documents", "metadatas"])
                lexical = LexicalIndex.build(got["ids"], got["documents"], got["metadatas"], generation)
                lexical.save(folder)
            self._lexical = lexical
            return lexical

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

    def _bump_generation(self, key: str = "generation") -> None:
        """Give the write tag ``key`` a new value (``"generation"``: chunks or records
        changed; :data:`COPIES_TAG`: only the records' ``copy_of``)."""
        meta = self._stored_metadata()
        meta[key] = uuid.uuid4().hex
        self.chunks.modify(metadata=meta)
        if key == "generation":
            self._lexical = None

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

    def _delete_stale(self, hashes: dict[str, str]) -> None:
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


# ---------------------------------------------------------------------- BM25
TOKENIZER = "briefbot.language.text/snowball-1"
"""Which tokenizer built a saved BM25 index; a saved index built by another is rebuilt."""


def tokenize(texts: list[str]) -> list[list[str]]:
    """BM25 terms: the stems and stop words of :mod:`briefbot.language.text`, as every rule uses."""
    return [bm25_terms(t) for t in texts]


class LexicalIndex:
    """bm25s over every chunk, with the chunk ids and metadata it was built from."""

    def __init__(
        self, ids: list[str], metadatas: list[dict], generation: str, bm25: Any
    ) -> None:
        self.ids = ids
        self.metadatas = metadatas
        self.generation = generation
        self.bm25 = bm25

    @classmethod
    def build(
        cls, ids: list[str], documents: list[str], metadatas: list[dict], generation: str
    ) -> LexicalIndex:
        import bm25s

        bm25 = None
        if ids:
            bm25 = bm25s.BM25()
            texts = [_lexical_text(d, m) for d, m in zip(documents, metadatas, strict=True)]
            bm25.index(tokenize(texts), show_progress=False)
        return cls(list(ids), list(metadatas), generation, bm25)

    def save(self, folder: Path) -> None:
        # a private temp folder, then a rename: concurrent savers (other processes
        # serving the same index) never write into each other's files
        tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.bm25 is not None:
            self.bm25.save(str(tmp / "bm25"))
        (tmp / "state.json").write_text(
            json.dumps({"generation": self.generation, "tokenizer": TOKENIZER, "ids": self.ids,
                        "metadatas": self.metadatas})
        )
        old = folder.with_name(f"{folder.name}.old-{uuid.uuid4().hex[:8]}")
        try:
            folder.rename(old)
        except OSError:
            old = None
        try:
            tmp.rename(folder)
        except OSError:  # another process saved the same generation first
            shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        state_file = folder / "state.json"
        if not state_file.is_file():
            return None
        try:
            import bm25s

            state = json.loads(state_file.read_text())
            if state.get("tokenizer") != TOKENIZER:
                return None  # built with other terms: rebuild
            bm25 = bm25s.BM25.load(str(folder / "bm25")) if state["ids"] else None
            return cls(state["ids"], state["metadatas"], state["generation"], bm25)
        except (OSError, ValueError, KeyError):
            return None

    def search(
        self, query: str, k: int, mask: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """Top ``k`` (chunk id, BM25 score) with score > 0, optionally within ``mask``."""
        if self.bm25 is None or not self.ids:
            return []
        tokens = tokenize([query])
        if not tokens or not tokens[0]:
            return []
        k = min(k, len(self.ids))
        docs, scores = self.bm25.retrieve(
            tokens, k=k, show_progress=False, weight_mask=mask, n_threads=0
        )
        return [
            (self.ids[int(d)], float(s))
            for d, s in zip(docs[0], scores[0], strict=True)
            if s > 0
        ]


def _lexical_text(document: str, meta: dict) -> str:
    """Index title and outlet with the chunk so "what did Bloomberg report" matches."""
    return f"{meta.get('title', '')} {meta.get('source', '')} {document}"
