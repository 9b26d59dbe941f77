"""Gathering a story: which stored articles a brief or a timeline reads, and how relevant a sentence is.

Split out of :mod:`briefbot.writing.summarize_brief` so that the timeline
(:mod:`briefbot.writing.timeline`) and the brief share it while the brief can build its
timeline with the same citation numbering.  Every relevant article is gathered — not only
a top-k — from article-level search (the articles collection), dense chunk hits and BM25
hits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from briefbot.sources.chunking import date_number
from briefbot.store.index import Index
from briefbot.store.retrieve import Filters
from briefbot.truth.evidence import Evidence
from briefbot.truth.verify import content_words


@dataclass(frozen=True)
class BriefParams:
    """Knobs of the topic brief (defaults calibrated on ``corpus/``)."""

    max_points: int = 8
    per_article: int = 6
    """Sentences each relevant article may contribute in the map step."""
    min_relevance: float = 0.45
    """An article is relevant when its best sentence scores at least this ..."""
    relative_relevance: float = 0.55
    """... and at least this share of the best article's score."""
    candidate_articles: int = 40
    """Articles considered from article-level search (plus all chunk-hit articles)."""
    candidate_chunks: int = 60
    min_article_similarity: float = 0.2
    """Article-level hits below this cosine are not read (chunk and BM25 hits always are)."""
    duplicate_similarity: float = 0.75
    """Sentences of different articles at least this similar are one fact."""
    max_open_questions: int = 4



def topic_overlap(words: set[str], topic_names: set[str], ev: Evidence) -> float:
    """Share of the topic's content words in the sentence (names count double; title helps a little)."""
    if not words:
        return 0.0
    total = sum(2.0 if w in topic_names else 1.0 for w in words)
    own_words = content_words(ev.text)
    ctx_words = own_words | content_words(ev.title)
    own = sum(2.0 if w in topic_names else 1.0 for w in words if w in own_words) / total
    ctx = sum(2.0 if w in topic_names else 1.0 for w in words if w in ctx_words) / total
    return 0.8 * own + 0.2 * ctx


def candidate_articles(
    index: Index, topic: str, qvec: np.ndarray | None, f: Filters, p: BriefParams
) -> list[str]:
    """Article ids worth reading: article-level search ∪ dense chunk hits ∪ BM25 hits."""
    records = index.records()
    if f.article_ids:
        ids = [i for i in dict.fromkeys(f.article_ids) if i in records]
        rest = Filters(f.sources, f.date_from, f.date_to)
        return [i for i in ids if rest.matches({**_record_meta(records[i]), "article_id": i})]
    if not records or qvec is None:
        return []
    found: dict[str, None] = {}
    where = f.where()
    got = index.articles.query(
        query_embeddings=[qvec], n_results=min(p.candidate_articles, len(records)), where=where,
        include=["distances"],
    )
    for aid, dist in zip(got["ids"][0], got["distances"][0], strict=True):
        if 1.0 - float(dist) >= p.min_article_similarity:
            found.setdefault(aid)
    n_chunks = index.chunk_count()
    if n_chunks:
        got = index.chunks.query(
            query_embeddings=[qvec], n_results=min(p.candidate_chunks, n_chunks), where=where,
            include=["metadatas", "distances"],
        )
        for meta, dist in zip(got["metadatas"][0], got["distances"][0], strict=True):
            if 1.0 - float(dist) >= 0.25:
                found.setdefault(str(meta["article_id"]))
        lexical = index.lexical()
        mask = None
        if not f.empty:
            mask = np.array([f.matches(m) for m in lexical.metadatas], dtype=np.float32)
        meta_of = dict(zip(lexical.ids, lexical.metadatas, strict=True))
        for cid, _score in lexical.search(topic, p.candidate_chunks, mask):
            meta = meta_of.get(cid)
            if meta is not None:
                found.setdefault(str(meta["article_id"]))
    return [a for a in found if a in records]


def _record_meta(rec: object) -> dict:
    return {"source": getattr(rec, "source", ""), "published_ts": date_number(getattr(rec, "published", None))}
