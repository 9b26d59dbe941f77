"""Hybrid retrieval as a LangChain ``BaseRetriever``.

Dense (Chroma, MiniLM cosine) and lexical (BM25) candidates are fused by reciprocal
rank, then MMR picks ``k`` chunks that are relevant but not redundant.  Optional
filters restrict both sides by outlet, date range or article id.

A multi-part question (:func:`briefbot.language.question.question_parts`: "does outlet A report X,
while outlet B says Y?") is also searched part by part, and within each outlet it names
(:func:`named_outlets`); all ranked lists are fused, and each part's own best chunk is
returned beside the whole question's ``k`` best when it is not among them.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from briefbot.language.question import question_parts
from briefbot.language.text import normalize
from briefbot.sources.articles import normalize_date
from briefbot.sources.chunking import date_number
from briefbot.store.embeddings import encode_queries
from briefbot.store.index import Index, LexicalIndex

RRF_K = 60


@dataclass(frozen=True)
class Filters:
    """Metadata restrictions; empty fields mean "no restriction"."""

    sources: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    article_ids: tuple[str, ...] = ()

    @classmethod
    def parse(cls, value: Filters | dict[str, Any] | None) -> Filters:
        """Accept a Filters, a dict (``sources``, ``date_from``, ``date_to``, ``article_ids``) or None."""
        if value is None:
            return cls()
        if isinstance(value, Filters):
            return value
        unknown = set(value) - {"sources", "date_from", "date_to", "article_ids", "source"}
        if unknown:
            raise ValueError(
                f"unknown filter(s) {', '.join(sorted(unknown))}; "
                "use sources, date_from, date_to, article_ids"
            )
        sources = value.get("sources") or value.get("source") or ()
        if isinstance(sources, str):
            sources = (sources,)
        dates = {}
        for key in ("date_from", "date_to"):
            raw = value.get(key)
            if raw:
                parsed = normalize_date(raw)
                if parsed is None:
                    raise ValueError(f"filter {key}={raw!r} is not a date (use YYYY-MM-DD)")
                dates[key] = parsed
        ids = value.get("article_ids") or ()
        if isinstance(ids, str):
            ids = (ids,)
        return cls(tuple(sources), dates.get("date_from"), dates.get("date_to"), tuple(ids))

    @property
    def empty(self) -> bool:
        return not (self.sources or self.date_from or self.date_to or self.article_ids)

    def where(self) -> dict[str, Any] | None:
        """The Chroma ``where`` clause for these filters."""
        clauses: list[dict[str, Any]] = []
        if self.sources:
            clauses.append({"source": {"$in": list(self.sources)}})
        if self.article_ids:
            clauses.append({"article_id": {"$in": list(self.article_ids)}})
        if self.date_from:
            clauses.append({"published_ts": {"$gte": date_number(self.date_from)}})
        if self.date_to:
            clauses.append({"published_ts": {"$lte": date_number(self.date_to)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, meta: dict[str, Any]) -> bool:
        if self.sources and meta.get("source") not in self.sources:
            return False
        if self.article_ids and meta.get("article_id") not in self.article_ids:
            return False
        ts = int(meta.get("published_ts") or 0)
        if self.date_from and ts < date_number(self.date_from):
            return False
        if self.date_to and ts > date_number(self.date_to):
            return False
        return True

    def to_dict(self) -> dict[str, Any]:
        return {
            "sources": list(self.sources),
            "date_from": self.date_from,
            "date_to": self.date_to,
            "article_ids": list(self.article_ids),
        }


@dataclass
class Candidate:
    chunk_id: str
    rrf: float = 0.0
    dense: float | None = None
    bm25: float | None = None
    text: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    vector: np.ndarray | None = None


class HybridRetriever(BaseRetriever):
    """Dense + BM25 retrieval fused by reciprocal rank, diversified by MMR."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Index
    k: int = 6
    fetch_k: int = 30
    mmr_lambda: float = 0.7
    filters: Filters = Filters()

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        filters: Filters | dict[str, Any] | None = None,
    ) -> list[Document]:
        """``invoke(query, k=3, filters={...})`` overrides ``k`` and ``filters`` for one call."""
        return self.retrieve(query, Filters.parse(filters) if filters is not None else None, k)

    def retrieve(
        self, query: str, filters: Filters | None = None, k: int | None = None,
        vector: np.ndarray | None = None,
    ) -> list[Document]:
        """Top ``k`` chunks for ``query`` as Documents with scores in their metadata; for a
        multi-part question also each part's (and each named outlet's) best chunk when not
        among them — at most ``2 k`` in all, ranked by fused score.

        ``vector`` is ``query``'s embedding when the caller has it already (the answer
        chain's question frame carries it), so the query is not embedded twice."""
        filters = filters or self.filters
        k = k or self.k
        if not query.strip():
            return []
        # The BM25 index is checked against the collection's write generation anyway; its
        # size is the chunk count, so no separate count() round trip per query (~6 ms at 100k).
        lexical = self.index.lexical()
        total = lexical.size()
        if total == 0:
            return []
        # A multi-part question ("does X report A, while Y says B?") is also searched part by
        # part, all ranked lists fused by reciprocal rank: each part gets its own passages.
        parts = question_parts(query)
        queries = (query, *parts)
        if vector is None:
            qvecs = encode_queries(queries)
        else:
            qvecs = [vector, *(encode_queries(parts) if parts else [])]
        fetch = min(self.fetch_k, total)
        mask = None
        if not filters.empty:
            mask = np.array([filters.matches(m) for m in lexical.metadatas], dtype=np.float32)
        searches = [(text, qvec, filters, mask) for text, qvec in zip(queries, qvecs, strict=True)]
        searches += [(query, qvecs[0], Filters(sources=(outlet,)), _outlet_mask(lexical, outlet))
                     for outlet in named_outlets(query, lexical) if not filters.sources]
        candidates, seeds = self._fuse(searches, lexical, fetch)

        missing = [c.chunk_id for c in candidates.values() if c.vector is None]
        if missing:
            got = self.index.chunks.get(
                ids=missing, include=["documents", "metadatas", "embeddings"]
            )
            for cid, doc, meta, vec in zip(
                got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True
            ):
                cand = candidates[cid]
                cand.text, cand.metadata = doc, dict(meta)
                cand.vector = np.asarray(vec, dtype=np.float32)
                cand.dense = max(float(cand.vector @ v) for v in qvecs)
        pool = [c for c in candidates.values() if c.vector is not None]
        chosen = mmr(pool, k, self.mmr_lambda)
        extra = [candidates[cid] for cid in seeds if candidates[cid].vector is not None]
        extra = [c for c in extra if c not in chosen][:k]
        if extra:  # the whole question's k best, plus each part's (outlet's) own best beside them
            chosen = sorted(chosen + extra, key=lambda c: c.rrf, reverse=True)
        vectors = self.article_vectors({str(c.metadata.get("article_id") or "") for c in chosen} - {""})
        return [_to_document(c, vectors.get(str(c.metadata.get("article_id") or ""))) for c in chosen]

    def article_vectors(self, article_ids: set[str]) -> dict[str, np.ndarray]:
        """The stored article vectors (normalised mean of each article's chunk vectors) of
        ``article_ids``, one read; an article without a record (a write in progress) is left out.
        The answer's story test (:mod:`briefbot.truth.story`) groups the retrieved articles by them."""
        if not article_ids:
            return {}
        got = self.index.articles.get(ids=sorted(article_ids), include=["embeddings"])
        embeddings = got["embeddings"] if got["embeddings"] is not None else []
        return {aid: np.asarray(vec, dtype=np.float32) for aid, vec in zip(got["ids"], embeddings, strict=True)}

    def article_chunks(self, article_ids: set[str], vector: np.ndarray, filters: Filters | None = None,
                       limit: int = 400) -> list[Document]:
        """Every chunk of ``article_ids`` (at most ``limit``; an unfinished write's hidden chunks
        left out) as Documents like :meth:`retrieve`'s, within ``filters``; ``dense_score`` is each
        chunk's cosine with ``vector``.  The answer's slot search (:mod:`briefbot.truth.typed`)
        reads the question's story whole: the sentence that answers may lie in a chunk that did
        not rank."""
        filters = filters or self.filters
        ids = set(article_ids) & set(filters.article_ids) if filters.article_ids else set(article_ids)
        if not ids:
            return []
        where = Filters(filters.sources, filters.date_from, filters.date_to, tuple(sorted(ids))).where()
        got = self.index.chunks.get(where=where, limit=limit, include=["documents", "metadatas", "embeddings"])
        hidden = self.index.lexical().hidden
        vectors = self.article_vectors(ids)
        out: list[Document] = []
        for cid, doc, meta, vec in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True):
            if cid in hidden:
                continue
            cand = Candidate(cid, text=doc, metadata=dict(meta), vector=np.asarray(vec, dtype=np.float32))
            cand.dense = float(cand.vector @ vector)  # type: ignore[operator]
            out.append(_to_document(cand, vectors.get(str(meta.get("article_id") or ""))))
        return out

    def near_articles(self, article_ids: set[str], n: int = 4) -> dict[str, np.ndarray]:
        """The stored article vectors of ``article_ids`` and of each one's ``n`` nearest articles
        (by article vector), one query: the articles that may report the same story."""
        own = self.article_vectors(article_ids)
        if not own:
            return {}
        got = self.index.articles.query(query_embeddings=list(own.values()), n_results=n + 1, include=["embeddings"])
        out = dict(own)
        for ids, vecs in zip(got["ids"], got["embeddings"], strict=True):
            for aid, vec in zip(ids, vecs, strict=True):
                out.setdefault(aid, np.asarray(vec, dtype=np.float32))
        return out

    def _fuse(self, searches: list[tuple[str, np.ndarray, Filters, np.ndarray | None]], lexical: LexicalIndex,
              fetch: int) -> tuple[dict[str, Candidate], list[str]]:
        """Dense + BM25 rankings of each (text, vector, filters, BM25 mask) search fused by
        reciprocal rank; with the best chunk of each search after the first (a part, an outlet)."""
        candidates: dict[str, Candidate] = {}
        seeds: list[str] = []
        for n, (text, qvec, where, weights) in enumerate(searches):
            own: dict[str, float] = {}
            self._dense(candidates, own, qvec, fetch, where, lexical.hidden)
            for rank, (cid, score) in enumerate(lexical.search(text, fetch, weights)):
                cand = candidates.setdefault(cid, Candidate(cid))
                own[cid] = own.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
                cand.bm25 = score if cand.bm25 is None else max(cand.bm25, score)
            for cid, value in own.items():
                candidates[cid].rrf += value
            if n and own:
                best = max(own, key=own.__getitem__)
                if best not in seeds:
                    seeds.append(best)
        return candidates, seeds

    def _dense(self, candidates: dict[str, Candidate], own: dict[str, float], qvec: np.ndarray, fetch: int,
               filters: Filters, hidden: frozenset[str] = frozenset()) -> None:
        """One query's dense ranking: reciprocal ranks into ``own``, chunks into ``candidates``
        (the best cosine over the queries kept).  ``hidden`` chunks (an unfinished or killed
        write's, :mod:`briefbot.store.changes`) are skipped: no record vouches for them yet."""
        dense = self.index.chunks.query(
            query_embeddings=[qvec],
            n_results=fetch + len(hidden),
            where=filters.where(),
            include=["documents", "metadatas", "distances", "embeddings"],
        )
        ranked = [(n, cid) for n, cid in enumerate(dense["ids"][0]) if cid not in hidden][:fetch]
        for rank, (n, cid) in enumerate(ranked):
            cand = candidates.setdefault(cid, Candidate(cid))
            own[cid] = own.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
            score = 1.0 - float(dense["distances"][0][n])
            cand.dense = score if cand.dense is None else max(cand.dense, score)
            if cand.vector is None:
                cand.text = dense["documents"][0][n]
                cand.metadata = dict(dense["metadatas"][0][n])
                cand.vector = np.asarray(dense["embeddings"][0][n], dtype=np.float32)


MIN_OUTLETS = 2
"""A question naming this many of the index's outlets ("as reported by Fortune, The Verge and
TechCrunch") is also searched within each of them, so every outlet it names is heard."""
_OUTLETS: weakref.WeakKeyDictionary[LexicalIndex, tuple[dict[str, re.Pattern[str]], dict[str, np.ndarray]]] = (
    weakref.WeakKeyDictionary()
)


def _outlet_table(lexical: LexicalIndex) -> tuple[dict[str, re.Pattern[str]], dict[str, np.ndarray]]:
    """(outlet -> pattern finding its name in a question, outlet -> BM25 mask), built once per
    BM25 index (a new index generation builds a new one)."""
    table = _OUTLETS.get(lexical)
    if table is None:
        sources = sorted({str(m.get("source") or "") for m in lexical.metadatas} - {""})
        patterns = {src: re.compile(rf"(?<!\w){re.escape(normalize(src))}(?!\w)") for src in sources}
        table = _OUTLETS[lexical] = (patterns, {})
    return table


def named_outlets(question: str, lexical: LexicalIndex) -> list[str]:
    """The index's outlets that ``question`` names by their stored name (case kept: "The Age"
    is an outlet, "the age of 16" is not), when it names at least :data:`MIN_OUTLETS`."""
    text = normalize(question)
    found = [src for src, pattern in _outlet_table(lexical)[0].items() if pattern.search(text)]
    found = [s for s in found if not any(s != o and s in o for o in found)]  # "FOX News" inside "FOX News - Lifestyle"
    return found if len(found) >= MIN_OUTLETS else []


def _outlet_mask(lexical: LexicalIndex, outlet: str) -> np.ndarray:
    masks = _outlet_table(lexical)[1]
    if outlet not in masks:
        masks[outlet] = np.array([m.get("source") == outlet for m in lexical.metadatas], dtype=np.float32)
    return masks[outlet]


def mmr(pool: list[Candidate], k: int, lam: float) -> list[Candidate]:
    """Maximal marginal relevance over fused scores (scaled to 0..1)."""
    if not pool:
        return []
    pool = sorted(pool, key=lambda c: c.rrf, reverse=True)
    top = pool[0].rrf
    low = pool[-1].rrf
    span = (top - low) or 1.0
    # Reciprocal-rank scores are compressed (rank 2 and rank 10 differ little), so the
    # dense similarity joins them; otherwise MMR drops a second outlet's report of the
    # same event, which is exactly what conflict detection and multi-outlet citing need.
    relevance = {c.chunk_id: 0.5 * (c.rrf - low) / span + 0.5 * max(c.dense or 0.0, 0.0) for c in pool}
    chosen: list[Candidate] = []
    rest = list(pool)
    while rest and len(chosen) < k:
        def gain(c: Candidate) -> float:
            if not chosen:
                return relevance[c.chunk_id]
            sim = max(float(c.vector @ s.vector) for s in chosen)  # type: ignore[operator]
            return lam * relevance[c.chunk_id] - (1 - lam) * sim

        best = max(rest, key=gain)
        chosen.append(best)
        rest.remove(best)
    return chosen


def _to_document(c: Candidate, article_vector: np.ndarray | None = None) -> Document:
    """The chunk as a Document; its metadata carries the scores and its article's stored
    vector (``article_vector``, None when the article has no record yet)."""
    meta = dict(c.metadata)
    meta.update(
        chunk_id=c.chunk_id,
        score=round(c.rrf, 6),
        dense_score=None if c.dense is None else round(c.dense, 4),
        bm25_score=None if c.bm25 is None else round(c.bm25, 4),
        article_vector=article_vector,
    )
    return Document(id=c.chunk_id, page_content=c.text, metadata=meta)
