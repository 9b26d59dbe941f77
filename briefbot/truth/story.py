"""Story coherence: which story a question is about, decided from the retrieved evidence.

A collection holds many stories at once, and a question typed in a reader's words
("how much was bail for the arrested activists") shares words with several of them: a
bail figure from another story's trial can outscore the protest story's own sentences.
The answer must rest on the story the question is about, so the evidence decides it:

* **stories** — the retrieved articles are grouped by their stored article vectors (the
  normalised mean of their chunk embeddings, :mod:`briefbot.store.index`): two articles
  are one story when their cosine reaches :data:`STORY_LINK`, or :data:`NAME_LINK` while
  their retrieved sentences share a proper name that the question does not give (a story's
  articles name its participants; two stories that only share a theme do not);
* **the question's story** — the story whose relevant sentences (those within
  :data:`STORY_POOL` of the best score) weigh most, summed; it is decided only when it
  outweighs every other story :data:`DECISIVE` times (otherwise the evidence does not say
  which story is asked and nothing is set aside);
* **kept** — evidence of that story, and of any other story with an article that names one of
  the question's names (the question ties it to what is asked: "did Orsen's role change
  between the two reports" may span two events).

Pure functions over plain values (article ids, vectors, names, scores), so the rules are
tested without a model; :func:`briefbot.truth.evidence.collect` applies them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

STORY_LINK = 0.58
"""Article-vector cosine at which two articles report one story.  On the realnews articles
(40 Multi-News articles of 15 stories, one index) reports of one story score 0.61-0.92 (one
pair 0.47, linked through a third report), two different stories at most 0.55 (two trials
abroad; two sexual-assault cases at 0.52)."""
NAME_LINK = 0.4
"""Lower cosine at which two articles still report one story when their relevant sentences
share a name the question does not give (two reports of one sentencing that read differently)."""
STORY_POOL = 0.6
"""Sentences scoring at least this share of the best one weigh in the story decision (the
same share as the answer's candidate pool)."""
DECISIVE = 1.5
"""The question's story must outweigh every other story this many times; two stories of
similar weight leave the question's story undecided."""


@dataclass(frozen=True)
class Source:
    """One retrieved article as the story test sees it."""

    article_id: str
    vector: np.ndarray | None
    """Its stored article vector (None: unknown, e.g. a write in progress — never set aside)."""
    names: frozenset[str]
    """Proper-name stems its retrieved sentences carry."""
    weight: float
    """Sum of its relevant sentences' scores."""


def linked(a: Source, b: Source, asked: frozenset[str]) -> bool:
    """Do ``a`` and ``b`` report one story (see the module docstring)?"""
    if a.vector is None or b.vector is None:
        return True  # unknown: never split
    cosine = float(a.vector @ b.vector)
    return cosine >= STORY_LINK or (cosine >= NAME_LINK and bool((a.names & b.names) - asked))


def stories(sources: Sequence[Source], asked: frozenset[str] = frozenset()) -> list[frozenset[str]]:
    """The sources grouped into stories (single link over :func:`linked`), as article-id sets."""
    parent = list(range(len(sources)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(sources)):
        for j in range(i + 1, len(sources)):
            if root(i) != root(j) and linked(sources[i], sources[j], asked):
                parent[root(j)] = root(i)
    groups: dict[int, set[str]] = {}
    for i, s in enumerate(sources):
        groups.setdefault(root(i), set()).add(s.article_id)
    return [frozenset(g) for g in groups.values()]


def question_story(groups: Sequence[frozenset[str]], sources: Sequence[Source]) -> frozenset[str] | None:
    """The story (of ``groups``) the question is about, or None when the evidence does not
    decide it (one story only, or no story outweighs the next :data:`DECISIVE` times)."""
    if len(groups) < 2:
        return None
    weight = {s.article_id: s.weight for s in sources}
    ranked = sorted(groups, key=lambda g: sum(weight.get(a, 0.0) for a in g), reverse=True)
    first, second = (sum(weight.get(a, 0.0) for a in g) for g in ranked[:2])
    return ranked[0] if first > 0 and first >= DECISIVE * second else None


def named_elsewhere(story: frozenset[str], named: Mapping[str, frozenset[str]],
                    asked: frozenset[str]) -> frozenset[str]:
    """Articles outside ``story`` that name one of the question's names (``asked``): the
    question ties them to what it asks, whatever their story ("has Orsen's career changed
    between the two reports" asks about two reports of different events)."""
    if not asked:
        return frozenset()
    return frozenset(a for a, n in named.items() if a not in story and n & asked)


def kept_articles(sources: Sequence[Source], named: Mapping[str, frozenset[str]],
                  asked: frozenset[str]) -> frozenset[str] | None:
    """The articles whose evidence may answer: the question's story and every story with an
    article :func:`named_elsewhere`; None when the story is undecided (keep everything).

    ``named``: article id -> the names its retrieved sentences, title and outlet give;
    ``asked``: the question's names."""
    groups = stories(sources, asked)
    story = question_story(groups, sources)
    if story is None:
        return None
    named_by_question = named_elsewhere(story, named, asked)
    keep = set(story)
    for g in groups:
        if g & named_by_question:
            keep |= g
    return frozenset(keep)
