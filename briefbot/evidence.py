"""Evidence selection: the sentences inside retrieved chunks that bear on the question.

Every candidate sentence keeps exact offsets into its article.  Sentences are scored
by MiniLM similarity to the question and by coverage of the question's content
words, names and numbers; near-duplicates reported by several outlets are merged so
one evidence item can cite all of them.  Sentences that address an AI system with
instructions ("ignore previous instructions…") are never evidence.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from langchain_core.documents import Document

from briefbot.chunking import split_sentences
from briefbot.embeddings import encode
from briefbot.verify import (
    content_words,
    hedges,
    looks_like_injection,
    names,
    numbers,
    stem,
)

SPEECH_VERBS = (
    "said|says|say|told|tells|stated|states|declared|noted|added|announced|insisted|argued|"
    "claimed|warned|remarked|commented|wrote|tweeted|posted|asked|urged|called|denied|denies|"
    "rejected|rejects|dismissed|confirmed|confirms|replied|responded|explained|pledged|promised|"
    "speaking|put it"
)


SAY_QUESTION = re.compile(
    r"\b(?i:what|how)\s+(?:did|does|do|has|have|will|would)\s+(?:the\s+)?"
    r"([A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*|(?i:he|she|they))\s+"
    r"(?:say|tell|state|claim|announce|declare|write|reply|respond|think)\b"
)
"""'What did X say?': group 1 is X (a name, or a pronoun left to the conversation)."""


@dataclass(frozen=True)
class Focus:
    """What a question asks about."""

    text: str
    kind: str
    """why | when | who | where | how_many | say | yes_no | what"""
    words: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[str]
    speaker: str | None = None
    """For "what did X say" questions: the stem of X."""


def analyse_question(question: str) -> Focus:
    """Classify ``question`` and pull out the words, names and numbers it hinges on."""
    q = question.strip()
    low = q.lower()
    kind = "what"
    speaker = None
    say = SAY_QUESTION.search(q)
    if say:
        kind = "say"
        subject = say.group(1).split()[-1]
        # a pronoun ("what did he say?") leaves the speaker to the conversation
        speaker = None if subject.lower() in ("he", "she", "they") else stem(subject)
    elif re.match(r"\s*why\b", low) or "reason" in low:
        kind = "why"
    elif re.match(r"\s*when\b", low) or re.search(r"\bwhat (?:date|day|year|month|time)\b", low):
        kind = "when"
    elif re.match(r"\s*(?:who|whom|whose)\b", low):
        kind = "who"
    elif re.match(r"\s*where\b", low):
        kind = "where"
    elif re.match(r"\s*how\s+(?:many|much|long|big|large|high|far)\b", low):
        kind = "how_many"
    elif re.match(r"\s*(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b", low):
        kind = "yes_no"
    return Focus(
        text=q,
        kind=kind,
        words=frozenset(content_words(q)),
        names=frozenset(names(_drop_first_word(q))),
        numbers=frozenset(numbers(q)),
        speaker=speaker,
    )


def _drop_first_word(text: str) -> str:
    """Sentence-initial capitals are not names ("Why", "Tell"), so drop the first word."""
    parts = text.strip().split(None, 1)
    return parts[1] if len(parts) == 2 else ""


@dataclass(eq=False)
class Evidence:
    """One candidate evidence sentence with exact article offsets and scores."""

    article_id: str
    chunk_id: str
    title: str
    source: str
    url: str | None
    published: str | None
    text: str
    start: int
    end: int
    similarity: float = 0.0
    overlap: float = 0.0
    score: float = 0.0
    chunk_score: float = 0.0
    hedges: list[str] = field(default_factory=list)
    vector: np.ndarray | None = None
    duplicates: list[Evidence] = field(default_factory=list)
    """The same statement in other articles (cited together)."""

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.article_id, self.start, self.end)

    @property
    def outlets(self) -> list[str]:
        seen: list[str] = []
        for ev in [self, *self.duplicates]:
            if ev.source and ev.source not in seen:
                seen.append(ev.source)
        return seen


@dataclass
class EvidenceSet:
    """Ranked evidence for one question, with what was searched."""

    focus: Focus
    items: list[Evidence]
    question_vector: np.ndarray
    searched_articles: int
    searched_chunks: int
    rejected_injections: int = 0

    @property
    def top(self) -> Evidence | None:
        return self.items[0] if self.items else None


def collect(
    question: str,
    docs: Sequence[Document],
    focus: Focus | None = None,
    duplicate_similarity: float = 0.9,
) -> EvidenceSet:
    """Split retrieved chunks into sentences, score them, merge duplicates, rank."""
    focus = focus or analyse_question(question)
    seen: set[tuple[str, int, int]] = set()
    cands: list[Evidence] = []
    injections = 0
    for doc in docs:
        meta = doc.metadata
        base = int(meta["start"])
        for span in split_sentences(doc.page_content):
            start, end = base + span.start, base + span.end
            key = (meta["article_id"], start, end)
            if key in seen:
                continue  # overlapping chunks repeat sentences
            seen.add(key)
            text = doc.page_content[span.start:span.end]
            if len(text.split()) < 5:
                continue  # headings and fragments are not statements
            if looks_like_injection(text):
                injections += 1
                continue
            cands.append(
                Evidence(
                    article_id=meta["article_id"],
                    chunk_id=meta["chunk_id"],
                    title=meta.get("title", ""),
                    source=meta.get("source", ""),
                    url=meta.get("url") or None,
                    published=meta.get("published") or None,
                    text=text,
                    start=start,
                    end=end,
                    chunk_score=float(meta.get("dense_score") or 0.0),
                    hedges=hedges(text),
                )
            )
    qvec = encode([focus.text])[0]
    if cands:
        vectors = _sentence_vectors(cands)
        for cand, vec in zip(cands, vectors, strict=True):
            cand.vector = vec
            cand.similarity = float(vec @ qvec)
            cand.overlap = _overlap(focus, cand)
            cand.score = 0.55 * cand.similarity + 0.35 * cand.overlap + 0.10 * cand.chunk_score
    if focus.kind == "why":
        _boost_explanations(cands)
    else:  # "what is not yet known: ..." lists open questions; it is not an answer
        for cand in cands:
            if "unknown" in cand.hedges:
                cand.score -= 0.1
    cands.sort(key=lambda c: c.score, reverse=True)
    merged = _merge_duplicates(cands, duplicate_similarity)
    articles = {d.metadata["article_id"] for d in docs}
    return EvidenceSet(focus, merged, qvec, len(articles), len(docs), injections)


_VECTOR_CACHE: OrderedDict[tuple[str, int, int], np.ndarray] = OrderedDict()
_VECTOR_CACHE_SIZE = 50_000
_cache_lock = threading.Lock()


def _sentence_vectors(cands: list[Evidence]) -> list[np.ndarray]:
    """Sentence embeddings, cached by (chunk id, offsets): chunk ids carry the content
    hash, so a cached vector can never belong to changed text."""
    keys = [(c.chunk_id, c.start, c.end) for c in cands]
    with _cache_lock:
        missing = [i for i, k in enumerate(keys) if k not in _VECTOR_CACHE]
    if missing:
        fresh = encode([cands[i].text for i in missing])
        with _cache_lock:
            for i, vec in zip(missing, fresh, strict=True):
                _VECTOR_CACHE[keys[i]] = vec
            while len(_VECTOR_CACHE) > _VECTOR_CACHE_SIZE:
                _VECTOR_CACHE.popitem(last=False)
    with _cache_lock:
        return [_VECTOR_CACHE[k] for k in keys]


def _overlap(focus: Focus, ev: Evidence) -> float:
    """Share of the question's content words in the sentence (names count double).

    The article's title and outlet add a little: "what did Bloomberg report" matches
    sentences of a Bloomberg article that do not repeat the outlet's name.
    """
    if not focus.words:
        return 0.0
    total = sum(2.0 if w in focus.names else 1.0 for w in focus.words)

    def share(words: set[str]) -> float:
        return sum(2.0 if w in focus.names else 1.0 for w in focus.words if w in words) / total

    own = share(content_words(ev.text))
    context = share(content_words(ev.text) | content_words(f"{ev.title} {ev.source}"))
    return 0.8 * own + 0.2 * context


EXPLANATION = re.compile(
    r"\b(?:because|due to (?!meet|be|take|hold|start|begin|open)|expectations?|conclu\w+|came to the view|"
    r"judged|demands?|position|friction|disagree\w*|dispute\w*|objections?|concerns?)\b",
    re.I,
)


def _boost_explanations(cands: list[Evidence]) -> None:
    """For "why" questions: explanatory sentences in the most relevant articles rank higher.

    A reason is often stated a sentence or two away from the event it explains
    ("After the call, officials concluded ..."), sharing few words with the question.
    """
    best: dict[str, float] = {}
    for c in cands:
        best[c.article_id] = max(best.get(c.article_id, 0.0), c.score)
    if not best:
        return
    top = max(best.values())
    top_articles = {a for a, v in best.items() if v >= 0.85 * top}
    for c in cands:
        if c.article_id in top_articles and EXPLANATION.search(c.text):
            c.score = max(c.score, 0.5 * c.score + 0.5 * best[c.article_id])


def _merge_duplicates(cands: list[Evidence], threshold: float) -> list[Evidence]:
    kept: list[Evidence] = []
    for cand in cands:
        for k in kept:
            if (
                k.article_id != cand.article_id
                and cand.vector is not None
                and k.vector is not None
                and float(cand.vector @ k.vector) >= threshold
                and numbers(cand.text) == numbers(k.text)
            ):
                k.duplicates.append(cand)
                break
        else:
            kept.append(cand)
    return kept


def speaker_quoted(speaker: str, text: str) -> bool:
    """Does ``text`` attribute speech to ``speaker`` ("X said", "X told", "according to X")?"""
    pattern = (
        rf"\b{re.escape(speaker)}\w*(?:'s)?\b[^.;:]{{0,40}}?\b(?:{SPEECH_VERBS})\b"
        rf"|\baccording\s+to\s+(?:\w+\s+){{0,3}}{re.escape(speaker)}"
        rf"|\b(?:{SPEECH_VERBS})\s*,?\s+(?:\w+\s+){{0,2}}{re.escape(speaker)}\w*\s*[.,]?\s*$"
    )
    return bool(re.search(pattern, text, re.I))


def names_in(ev: Evidence) -> set[str]:
    """Names an evidence item vouches for: its text, title and outlet."""
    return names(ev.text) | content_words(ev.text) | names(ev.title) | content_words(ev.source)
