"""Article summaries: the key points of one stored article, every point cited and verified.

The article's sentences are scored by position (lead bias), centrality (MiniLM
similarity to the article's centroid) and informativeness (names and figures), picked
with MMR so no two points say the same thing, and kept in article order
(:mod:`briefbot.writing.summarize_sentences`).  Each point cites the article's own sentence
with exact offsets; composing and verification are :mod:`briefbot.writing.summarize_compose`.

Topic briefs over many articles live in :mod:`briefbot.writing.summarize_brief`.
"""

from __future__ import annotations

import time

from briefbot.schema import Summary
from briefbot.store.index import Index
from briefbot.truth.verify import names
from briefbot.writing.compose import Composer, ExtractiveComposer
from briefbot.writing.summarize_brief import BriefParams
from briefbot.writing.summarize_compose import OPEN_HEDGES, elapsed_ms, finish_summary, insufficient_summary
from briefbot.writing.summarize_sentences import (
    Group,
    Sentence,
    article_sentences,
    dangling_penalty,
    default_points,
    embed_sentences,
    mmr_select,
    score_importance,
)

ENTITY_WEIGHT = 0.15
"""Weight of key-entity coverage in an article summary's sentence score (a summary says who
and what the story is about: the names of the title and the lead)."""


def key_entities(title: str, sents: list[Sentence]) -> set[str]:
    """The story's key entities: the names in the title and the first sentence."""
    return set(names(title)) | (set(names(sents[0].ev.text)) if sents else set())


def stand_alone(sents: list[Sentence], entities: set[str]) -> None:
    """Re-weigh importance for a stand-alone summary: key-entity coverage raises a sentence, a
    dangling opening ("It…", "The two…") lowers it (the writer pieces briefs use too)."""
    for s in sents:
        cover = len(set(names(s.ev.text)) & entities) / len(entities) if entities else 0.0
        s.importance = (s.importance + ENTITY_WEIGHT * cover) / (1 + ENTITY_WEIGHT) * dangling_penalty(s.ev.text)


def summarize_article(
    index: Index,
    article_id: str,
    composer: Composer | None = None,
    max_points: int | None = None,
    llm_timeout_s: float = 120.0,
) -> Summary:
    """Key points of one stored article, each citing its own sentence (article order)."""
    t0 = time.perf_counter()
    article = index.get_article(article_id)
    if article is None:
        raise KeyError(
            f"no article with id {article_id!r} in the index at {index.settings.index_dir}; "
            "ingest it first (BriefBot.articles() lists the stored ids)"
        )
    composer = composer or ExtractiveComposer()
    sents = article_sentences(index, [article], compress=True)[article.id]
    if not sents:
        return insufficient_summary(article.title, composer.name, f"article {article_id!r} has no usable sentences",
                             [article.id], t0)
    embed_sentences(sents)
    score_importance(sents)
    stand_alone(sents, key_entities(article.title, sents))
    k = max_points or default_points(len(sents))
    chosen = sorted(mmr_select(sents, k), key=lambda s: s.position)
    t_select = elapsed_ms(t0)
    groups = [Group(s, [], s.importance) for s in chosen]
    open_sents = [s for s in sents if OPEN_HEDGES & set(s.ev.hedges)][:BriefParams.max_open_questions]
    open_groups = [Group(s) for s in open_sents]
    summary = finish_summary(
        topic=article.title,
        groups=groups,
        open_groups=open_groups,
        conflicts=[],
        composer=composer,
        instruction=f"Summarise the article “{article.title}” in at most {k} sentences.",
        articles=[article.id],
        llm_timeout_s=llm_timeout_s,
    )
    summary.timings_ms = {"select": t_select, "total": elapsed_ms(t0)}
    return summary
