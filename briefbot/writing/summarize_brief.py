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

import numpy as np

from briefbot.schema import Citation, Disagreement, DisagreementSide, Summary
from briefbot.sources.articles import normalize_date
from briefbot.store.copies import CopyGroups
from briefbot.store.embeddings import encode
from briefbot.store.index import Index
from briefbot.store.retrieve import Filters
from briefbot.truth.conflicts import find_conflicts as find_disagreements
from briefbot.truth.status import claim_of
from briefbot.truth.verify import content_words, names
from briefbot.writing.brief_order import in_reading_order
from briefbot.writing.citation_book import CitationBook
from briefbot.writing.compose import Composer, ExtractiveComposer
from briefbot.writing.limits import text_too_long
from briefbot.writing.summarize_clean import broken_quote, dangling_start, drifted, off_story_articles, story_entities
from briefbot.writing.summarize_compose import OPEN_HEDGES, elapsed_ms, finish_summary, insufficient_summary
from briefbot.writing.summarize_gather import BriefParams, candidate_articles, topic_overlap
from briefbot.writing.summarize_merge import (
    attach_duplicates,
    credited_members,
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
from briefbot.writing.summarize_story import LEAD_SENTENCES, TOP_SENTENCES, adopt_timeline, tell_story
from briefbot.writing.timeline import build_timeline
from briefbot.writing.whatsnew import answered_questions, is_new, new_points

__all__ = ["BriefParams", "build_brief", "candidate_articles", "topic_overlap"]


def build_brief(
    index: Index,
    topic: str,
    filters: Filters | dict | None = None,
    composer: Composer | None = None,
    params: BriefParams | None = None,
    llm_timeout_s: float = 120.0,
    since: str | None = None,
    with_timeline: bool = True,
) -> Summary:
    """A cited brief over every relevant article about ``topic``, told as a story
    (:mod:`briefbot.writing.summarize_story`) with its timeline, one citation numbering for all.

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
    if too_long := text_too_long(topic, "topic"):
        raise ValueError(too_long)

    qvec = encode([topic])[0] if topic else None
    ids = candidate_articles(index, topic, qvec, f, p)
    articles = index.get_articles(ids)
    by_article = article_sentences(index, [articles[i] for i in ids if i in articles], compress=True)
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
    if not topic:  # a cluster: the odd article out is another story (with a topic, relevance decides)
        off = off_story_articles({a: _centroid(by_article[a]) for a in relevant})  # type: ignore[misc]
        relevant = [a for a in relevant if a not in off]
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
    merged = merge_sentences(ranked, p.duplicate_similarity)
    groups = [g for g in merged if any(s.ev.key in picks for s in g.all)]
    # Stand-alone points about this story: no dangling opening, no drift to another story.
    entities = story_entities(((s.ev.article_id, names(s.ev.text)) for s in pool_all), topic_names)
    centroid = _centroid(pool_all)
    groups = [g for g in (_standalone(g) for g in groups)
              if g is not None and not _drifts(g.rep, qvec, centroid, entities)]
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
    chosen = _ready(chosen)
    for g in chosen:  # every credited outlet states the point as worded, with its stance
        credited_members(g)
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
    book = CitationBook(summary.citations)
    if topic and with_timeline:  # the timeline cites from the brief's one source list
        summary.timeline = adopt_timeline(build_timeline(index, topic, filters), book)
    summary.story = tell_story(chosen, open_groups, summary.timeline, summary.disagreements, book, OPEN_HEDGES,
                               lead_vectors([articles[a].title for a in relevant], [by_article[a] for a in relevant]),
                               top_texts([articles[a].title for a in relevant], [by_article[a] for a in relevant]))
    summary.citations = book.items
    credit_copies(summary, copies)
    in_reading_order(summary)  # [1] is the first marker a reader meets, not the first quote assembled
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


def _ready(chosen: list[Group]) -> list[Group]:
    """The chosen groups with their weakest claim as representative, those that stand alone."""
    for g in chosen:
        weakest_claim(g)
    return [g for g in (_standalone(g) for g in chosen) if g is not None]


def _standalone(g: Group) -> Group | None:
    """The group with a representative that does not dangle ("It has been…") nor breaks off inside a
    quotation; None when every sentence of it does (the fact then waits for a sentence that states
    it on its own)."""
    if not _dangles(g.rep.ev.text):
        return g
    clean = [s for s in g.members if not _dangles(s.ev.text)]
    if not clean:
        return None
    rep = max(clean, key=lambda s: s.combined)
    return Group(rep, [s for s in g.all if s is not rep], g.score)


def _dangles(text: str) -> bool:
    return dangling_start(text) or broken_quote(text)


def _centroid(sents: list[Sentence]) -> np.ndarray | None:
    vecs = [s.ev.vector for s in sents if s.ev.vector is not None]
    if not vecs:
        return None
    c = np.mean(np.stack(vecs), axis=0)
    return c / (np.linalg.norm(c) or 1.0)


def _drifts(s: Sentence, qvec: np.ndarray | None, centroid: np.ndarray | None, entities: set[str]) -> bool:
    """Is the sentence about another story (far from the topic and the story, no shared entity)?"""
    sims = [float(s.ev.vector @ v) for v in (qvec, centroid) if v is not None]  # type: ignore[operator]
    return bool(sims) and drifted(max(sims), names(s.ev.text), entities)


def lead_vectors(titles: list[str], sentences: list[list[Sentence]]) -> list[np.ndarray]:
    """Per article, the vectors of its title and its first ``LEAD_SENTENCES`` usable sentences."""
    title_vecs = encode([t for t in titles if t.strip()]) if any(t.strip() for t in titles) else []
    it = iter(title_vecs)
    out = []
    for title, sents in zip(titles, sentences, strict=True):
        vecs = [next(it)] if title.strip() else []
        vecs += [s.ev.vector for s in sorted(sents, key=lambda s: s.position)[:LEAD_SENTENCES]
                 if s.ev.vector is not None]
        out.append(np.stack(vecs) if vecs else np.zeros((0, 1), dtype=np.float32))
    return out


def top_texts(titles: list[str], sentences: list[list[Sentence]]) -> list[str]:
    """Per article, its title and its first ``TOP_SENTENCES`` usable sentences as one text."""
    return [" ".join([title, *(s.ev.text for s in sorted(sents, key=lambda s: s.position)[:TOP_SENTENCES])])
            for title, sents in zip(titles, sentences, strict=True)]


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
