"""Hybrid retrieval as a LangChain ``BaseRetriever``.

Dense (Chroma, MiniLM cosine) and lexical (BM25) candidates are fused by reciprocal
rank, then MMR picks ``k`` chunks that are relevant but not redundant.  Optional
filters restrict both sides by outlet, date range or article id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from briefbot.articles import normalize_date
from briefbot.chunking import date_number
from briefbot.embeddings import encode_query
from briefbot.index import Index

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
        """Top ``k`` chunks for ``query`` as Documents with scores in their metadata.

        ``vector`` is ``query``'s embedding when the caller has it already (the answer
        chain's question frame carries it), so the query is not embedded twice."""
        filters = filters or self.filters
        k = k or self.k
        if not query.strip():
            return []
        # The BM25 index is checked against the collection's write generation anyway; its
        # size is the chunk count, so no separate count() round trip per query (~6 ms at 100k).
        lexical = self.index.lexical()
        total = len(lexical.ids)
        if total == 0:
            return []
        qvec = encode_query(query) if vector is None else vector
        fetch = min(self.fetch_k, total)
        candidates: dict[str, Candidate] = {}

        dense = self.index.chunks.query(
            query_embeddings=[qvec],
            n_results=fetch,
            where=filters.where(),
            include=["documents", "metadatas", "distances", "embeddings"],
        )
        for rank, cid in enumerate(dense["ids"][0]):
            cand = candidates.setdefault(cid, Candidate(cid))
            cand.rrf += 1.0 / (RRF_K + rank + 1)
            cand.dense = 1.0 - float(dense["distances"][0][rank])
            cand.text = dense["documents"][0][rank]
            cand.metadata = dict(dense["metadatas"][0][rank])
            cand.vector = np.asarray(dense["embeddings"][0][rank], dtype=np.float32)

        mask = None
        if not filters.empty:
            mask = np.array([filters.matches(m) for m in lexical.metadatas], dtype=np.float32)
        for rank, (cid, score) in enumerate(lexical.search(query, fetch, mask)):
            cand = candidates.setdefault(cid, Candidate(cid))
            cand.rrf += 1.0 / (RRF_K + rank + 1)
            cand.bm25 = score

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
                cand.dense = float(cand.vector @ qvec)
        pool = [c for c in candidates.values() if c.vector is not None]
        chosen = mmr(pool, k, self.mmr_lambda)
        return [_to_document(c) for c in chosen]


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


def _to_document(c: Candidate) -> Document:
    meta = dict(c.metadata)
    meta.update(
        chunk_id=c.chunk_id,
        score=round(c.rrf, 6),
        dense_score=None if c.dense is None else round(c.dense, 4),
        bm25_score=None if c.bm25 is None else round(c.bm25, 4),
    )
    return Document(id=c.chunk_id, page_content=c.text, metadata=meta)
