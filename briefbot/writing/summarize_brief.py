"""Topic briefs: a cited brief over every relevant article about a topic.

Split out of :mod:`briefbot.writing.summarize` because gathering a whole story is a different
job from summarising one article.  Every relevant article is gathered — not only a
top-k — from article-level search (the articles collection), dense chunk hits and
BM25 hits; an article counts when one of its sentences is relevant enough to the
topic.  *Map*: per article, the sentences that are both relevant to the topic and
central to the article.  *Reduce*: near-duplicate sentences across outlets become
one point citing every outlet that carries it (:mod:`briefbot.writing.summarize_merge`);
points are ordered as a short timeline by publication date.  Hedged sentences
("it remains unclear…") become open questions, disagreements found by
:func:`briefbot.truth.conflicts.find_conflicts` (same-event claims only) are stated
explicitly, and ``since`` adds what is new (:mod:`briefbot.writing.whatsnew`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from briefbot.schema import Citation, Disagreement, DisagreementSide, Summary
from briefbot.sources.articles import normalize_date
from briefbot.sources.chunking import date_number
from briefbot.store.copies import CopyGroups
from briefbot.store.embeddings import encode
from briefbot.store.index import Index
from briefbot.store.retrieve import Filters
from briefbot.truth.conflicts import find_conflicts as find_disagreements
from briefbot.truth.evidence import Evidence
from briefbot.truth.status import claim_of
from briefbot.truth.verify import content_words, names
from briefbot.writing.compose import Composer, ExtractiveComposer
from briefbot.writing.summarize_compose import OPEN_HEDGES, elapsed_ms, finish_summary, insufficient_summary
from briefbot.writing.summarize_merge import (
    attach_duplicates,
    distinct_by_meaning,
    merge_sentences,
    select_groups,
    weakest_claim,
)
from briefbot.writing.summarize_sentences import (
    Group,
    Sentence,
    article_sentences,
    dangling_penalty,
    embed_sentences,
    score_importance,
)
from briefbot.writing.whatsnew import CitationBook, answered_questions, is_new, new_points


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


def build_brief(
    index: Index,
    topic: str,
    filters: Filters | dict | None = None,
    composer: Composer | None = None,
    params: BriefParams | None = None,
    llm_timeout_s: float = 120.0,
    since: str | None = None,
) -> Summary:
    """A cited brief over every relevant article about ``topic``.

    ``since`` (YYYY-MM-DD) adds what is new after that date: ``new_points`` and
    ``answered_open_questions`` (:mod:`briefbot.writing.whatsnew`).

    With an ``article_ids`` filter the topic may be empty: the brief then covers
    those articles as a cluster (relevance = similarity to the cluster's centroid).
    """
    t0 = time.perf_counter()
    p = params or BriefParams()
    f = Filters.parse(filters)
    topic = (topic or "").strip()
    composer = composer or ExtractiveComposer()
    if not topic and not f.article_ids:
        raise ValueError("the topic is empty: name what the brief should be about")
    if len(topic) > 2000:
        raise ValueError("the topic is over 2,000 characters: please shorten it")

    qvec = encode([topic])[0] if topic else None
    ids = candidate_articles(index, topic, qvec, f, p)
    articles = index.get_articles(ids)
    by_article = article_sentences(index, [articles[i] for i in ids if i in articles])
    everything = [s for sents in by_article.values() for s in sents]
    embed_sentences(everything)
    t_retrieve = elapsed_ms(t0)
    if qvec is None and everything:
        qvec = np.stack([s.ev.vector for s in everything]).mean(axis=0)  # type: ignore[misc]
        qvec /= np.linalg.norm(qvec) or 1.0
    topic_words, topic_names = content_words(topic), names(topic)
    for sents in by_article.values():
        score_importance(sents)
        for s in sents:
            sim = float(s.ev.vector @ qvec)  # type: ignore[operator]
            s.relevance = 0.55 * sim + 0.45 * topic_overlap(topic_words, topic_names, s.ev) if topic else sim
            s.ev.similarity = sim
            s.ev.score = s.relevance

    # Which articles are relevant: their best sentence is (cluster mode: all of them).
    best = {a: max((s.relevance for s in sents), default=0.0) for a, sents in by_article.items()}
    floor = max(p.min_relevance, p.relative_relevance * max(best.values(), default=0.0))
    relevant = [a for a in ids if a in by_article and by_article[a] and (not topic or best[a] >= floor)]
    label = topic or f"{len(f.article_ids)} selected articles"
    if not relevant:
        top = max(best.values(), default=0.0)
        scope = "" if f.empty else " within the filters"
        note = (f"Searched {len(ids)} candidate articles{scope} for “{label}”; none was relevant enough "
                f"(best sentence score {top:.2f} < {p.min_relevance}).")
        return insufficient_summary(label, composer.name, note, [], t0)
    relevant.sort(key=lambda a: -best[a])
    # One article per text: a wire copy is not a second outlet reporting the fact.
    copies = CopyGroups.of_index(index)
    relevant = copies.one_per_text(relevant)
    pool_all = [s for a in relevant for s in by_article[a]]
    _score_in_cluster(relevant, by_article)

    # Map: per article, its best ``per_article`` sentences for the topic and the story.
    # Reduce: the same fact across outlets becomes one group citing all of them
    # (disjoint groups, best sentence as representative); only groups holding some
    # article's pick compete; facts several outlets carry rank higher; MMR keeps the
    # points distinct.
    picks: set[tuple[str, int, int]] = set()
    for a in relevant:
        picks |= {s.ev.key for s in sorted(by_article[a], key=lambda s: -s.combined)[: p.per_article]}
    ranked = sorted(pool_all, key=lambda s: -s.combined)
    groups = [g for g in merge_sentences(ranked, p.duplicate_similarity) if any(s.ev.key in picks for s in g.all)]
    spread = max(1, len(relevant) - 1)
    top_rel = max(s.relevance for s in pool_all) or 1.0
    for g in groups:
        support = len({s.ev.article_id for s in g.all}) - 1
        g.score = g.rep.combined + 0.35 * (support / spread) * min(1.0, 1.5 * g.rep.relevance / top_rel)
    chosen = select_groups(groups, p.max_points)
    for a in relevant:  # every relevant article is represented (when there is room)
        if len(chosen) >= p.max_points:
            break
        if not any(s.ev.article_id == a for g in chosen for s in g.all):
            own = [g for g in groups if g not in chosen and any(s.ev.article_id == a for s in g.all)]
            if own:
                chosen.append(max(own, key=lambda g: g.score))
    for g in chosen:
        weakest_claim(g)
    # A short timeline: by earliest publication date, then importance.
    chosen.sort(key=lambda g: (g.date, -g.score))

    # Open questions: hedged sentences ("it remains unclear…") relevant to the topic.
    rel_floor = p.min_relevance * 0.5 if topic else 0.0
    hedged = [s for s in pool_all if OPEN_HEDGES & set(s.ev.hedges) and s.relevance >= rel_floor]
    hedged.sort(key=lambda s: -s.combined)
    open_groups = distinct_by_meaning(merge_sentences(hedged, p.duplicate_similarity))[: p.max_open_questions]
    for g in open_groups:
        attach_duplicates(g, pool_all, p.duplicate_similarity)

    # Disagreements between outlets about the same event (briefbot.truth.conflicts).
    members = [s for g in chosen for s in g.all]
    members += _other_sides(members, pool_all)
    by_key = {s.ev.key: s for s in members}
    conflicts: list[tuple[Sentence, Sentence, str]] = []
    for d in find_disagreements([claim_of(s.ev) for s in members if s.ev.vector is not None]):
        a, b = (by_key[(side.article_id, side.start, side.end)] for side in d.sides[:2])
        conflicts.append((a, b, f"{d.kind}: {d.detail}"))
    t_select = elapsed_ms(t0) - t_retrieve
    instruction = (f"Write a brief about “{topic}”" if topic else "Write a brief of these articles") + (
        f" in at most {p.max_points} sentences, oldest facts first.")
    summary = finish_summary(label, chosen, open_groups, conflicts, composer, instruction, relevant, llm_timeout_s)
    summary.disagreements = brief_disagreements(conflicts, summary.citations)
    if since:
        _whats_new(summary, since, groups, hedged, pool_all, p)
    credit_copies(summary, copies)
    summary.timings_ms = {"retrieve": t_retrieve, "select": t_select, "total": elapsed_ms(t0)}
    return summary


OTHER_SIDE_SIMILARITY = 0.6
"""A sentence of another article this close (MiniLM cosine) to a chosen point may be the other
side of a disagreement; the point selection keeps only one of two near-identical sentences
("opened on March 3" / "opened on March 5"), so the other is looked up here."""


def _other_sides(members: list[Sentence], pool: list[Sentence]) -> list[Sentence]:
    """Sentences of the pool, not chosen, that are close to a chosen one from another article."""
    have = {s.ev.key for s in members}
    out = []
    for s in pool:
        if s.ev.key in have or s.ev.vector is None:
            continue
        if any(m.ev.article_id != s.ev.article_id and float(m.ev.vector @ s.ev.vector) >= OTHER_SIDE_SIMILARITY  # type: ignore[operator]
               for m in members):
            out.append(s)
    return out


def brief_disagreements(
    conflicts: list[tuple[Sentence, Sentence, str]], citations: list[Citation]
) -> list[Disagreement]:
    """The brief's conflicts in the shared disagreement shape (kind, sides with quote, citation, outlet)."""
    cite_of = {(c.article_id, c.start, c.end): c.id for c in citations}
    return [
        Disagreement(detail.split(":", 1)[0], tuple(
            DisagreementSide(s.ev.text, cite_of.get(s.ev.key), s.ev.source or s.ev.article_id) for s in (a, b)))
        for a, b, detail in conflicts
    ]


def _whats_new(summary: Summary, since: str, groups: list[Group], hedged: list[Sentence],
               pool: list[Sentence], p: BriefParams) -> None:
    """Fill ``new_points`` and ``answered_open_questions`` (citations numbered after the brief's)."""
    day = normalize_date(since)
    if day is None or day != since.strip():
        raise ValueError(f"since {since!r} is not a date: use YYYY-MM-DD")
    fresh = [g for g in groups if is_new(g, day)]
    for g in fresh:  # a fact is new only if no article up to ``since`` carries it
        attach_duplicates(g, pool, p.duplicate_similarity)
    book = CitationBook(summary.citations)
    summary.since = day
    summary.new_points = new_points(select_groups([g for g in fresh if is_new(g, day)], p.max_points), book)
    summary.answered_open_questions = answered_questions(hedged, pool, day, book, OPEN_HEDGES)
    summary.citations = book.items


def credit_copies(summary: Summary, copies: CopyGroups) -> None:
    """Name the outlets that carry each cited text (``also_in``) and count independent outlets."""
    for c in summary.citations:
        c.also_in = copies.also_in(c.article_id, c.source)
    summary.independent_outlets = copies.independent((c.article_id, c.source) for c in summary.citations)


def _score_in_cluster(relevant: list[str], by_article: dict[str, list[Sentence]]) -> None:
    """``combined`` = topic relevance + importance in its article + centrality in the story.

    The story's centroid weighs every relevant article equally, so a fact that many
    outlets report sits near it.
    """
    means = []
    for a in relevant:
        v = np.stack([s.ev.vector for s in by_article[a]]).mean(axis=0)  # type: ignore[misc]
        means.append(v / (np.linalg.norm(v) or 1.0))
    centroid = np.mean(means, axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    sents = [s for a in relevant for s in by_article[a]]
    cent = np.stack([s.ev.vector for s in sents]) @ centroid  # type: ignore[misc]
    low, high = float(cent.min()), float(cent.max())
    top_rel = max(s.relevance for s in sents) or 1.0
    for s, c in zip(sents, cent, strict=True):
        c_n = (float(c) - low) / ((high - low) or 1.0)
        s.combined = (0.4 * s.relevance / top_rel + 0.25 * s.importance + 0.35 * c_n) * dangling_penalty(s.ev.text)


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
