"""Summary material: the usable sentences of stored articles and how important each is.

Split out of :mod:`briefbot.writing.summarize` because article summaries, topic briefs and
timelines all read articles the same way: sentences of at least five words, without
injected instructions or page furniture, each tied to the chunk that holds it.  Here
they are scored by position (lead bias), centrality (MiniLM similarity to the
article's centroid) and informativeness (names and figures), and picked with MMR so
no two say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from briefbot.language.cues import hedges
from briefbot.language.injection import looks_like_injection
from briefbot.language.parse import is_question
from briefbot.sources.articles import Article
from briefbot.sources.chunking import split_sentences
from briefbot.store.embeddings import encode
from briefbot.store.index import Index
from briefbot.truth.evidence import Evidence
from briefbot.truth.verify import names, numbers
from briefbot.writing.summarize_clean import compress_start, dangling_start


@dataclass
class Sentence:
    """A sentence of a stored article, as summary material."""

    ev: Evidence
    position: int
    """Index among the article's (usable) sentences."""
    importance: float = 0.0
    """Lead position + centrality within its own article (0..1)."""
    relevance: float = 0.0
    """Relevance to the brief's topic (0..1)."""
    combined: float = 0.0


@dataclass
class Group:
    """One fact: a representative sentence and the same fact in other articles."""

    rep: Sentence
    members: list[Sentence] = field(default_factory=list)
    score: float = 0.0

    @property
    def all(self) -> list[Sentence]:
        return [self.rep, *self.members]

    @property
    def date(self) -> str:
        dates = [s.ev.published for s in self.all if s.ev.published]
        return min(dates) if dates else "9999-99-99"


def article_sentences(index: Index, articles: Sequence[Article], compress: bool = False) -> dict[str, list[Sentence]]:
    """Usable sentences of each article (≥ 5 words, no injected instructions, no page furniture), with chunk ids.

    ``compress``: a sentence opening with a pointer that can be cut off ("However, …", "The
    assessment comes after …") starts after it (:func:`briefbot.writing.summarize_clean.compress_start`);
    the span stays exact article text."""
    spans = _chunk_spans(index, [a.id for a in articles])
    out: dict[str, list[Sentence]] = {}
    for art in articles:
        chunks = spans.get(art.id, [])
        sents: list[Sentence] = []
        for span in split_sentences(art.text):
            start = span.start
            if compress:
                start += compress_start(art.text[span.start:span.end])
            text = art.text[start:span.end]
            if len(text.split()) < 5 or looks_like_injection(text) or looks_like_boilerplate(text):
                continue
            ev = Evidence(
                article_id=art.id,
                chunk_id=_chunk_for(chunks, start, span.end, art.id),
                title=art.title,
                source=art.source,
                url=art.url,
                published=art.published,
                text=text,
                start=start,
                end=span.end,
                hedges=hedges(text),
            )
            sents.append(Sentence(ev, len(sents)))
        out[art.id] = sents
    return out


_BOILERPLATE = re.compile(
    r"^\W*(?:related(?:\s+(?:video|stories|content|articles?|update))?\s*[:|]|advertisement\b|click here|"
    r"sign up\b|subscribe\b|read more\s*:|read or share this story|image (?:caption|copyright)\b|photos?\s*:|"
    r"\(photo\s*:|\(ap photo|this story was originally published|you may also like|follow us\b|share this\b|"
    r"hide caption\b|story highlights\b|(?:video|photo|image)s?\s+courtesy\s+of\b|just watched\b)"
    r"|https?://|\bwww\.\w|©|\bcopyright\s+(?:\(c\)\s*)?\d{4}|:\s*\.?\s*$",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
HEADLINE_CAPITALS = 0.8
"""A line of at least six words, this share of them capitalised and no full stop at its end is a
headline or a caption ("Officials: Woman Kills 3, Injures 3 Before Taking Her Own Life In …"), not
a sentence of the report.  On the shared dev sets (2026-12-07) the rule finds 15 lines of the
Multi-News clusters, all headlines, captions and credits, and none of the summary set's articles."""


def headline_line(text: str) -> bool:
    """Is ``text`` a headline or caption in title case rather than a sentence?"""
    words = _WORD.findall(text)
    if len(words) < 6 or text.rstrip(" \"'”’").endswith("."):
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= HEADLINE_CAPITALS


_EMBED = re.compile(r"\bpic\.twitter\.com/|\(@\w{1,30}\)\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\W*$|"
                    r"^\W*(?:FILE\s*[-–—]\s*)?In\s+this\s+(?:[\w.,]+\s+){0,8}?(?:file\s+)?(?:photo|image)(?:,|\s+(?:released|provided|taken|made|shot|from|by)\b)")
"""An embedded post or a photo caption: a picture link, a post's credit line ("— Ada Holm
(@adaholm) September 20, 2018"), "FILE - In this Dec. 31, 2013 file photo, …".  A video player's
caption after its control word ("CLOSE Acme Watch presents …") is not furniture: it often sums the
story up (on Multi-News dev, dropping it cost one brief 0.029 ROUGE-L)."""


def looks_like_boilerplate(text: str) -> bool:
    """Web-page furniture that is not reporting: "Related:", "Sign up", "Image caption", "Hide Caption",
    links, a label ending in a colon, a headline in title case, an embedded post or player caption,
    a question the article asks (a section heading such as "What happens next?")."""
    return bool(_BOILERPLATE.search(text)) or bool(_EMBED.search(text)) or headline_line(text) or asks(text)


_CLOSING = "\"'”’)] "


def asks(text: str) -> bool:
    """Is the sentence itself a question — the article asking, as a heading or a rhetorical turn
    ("Why does it matter?", "What happens next") — rather than a statement, or a statement that
    reports someone's question ("Holm pushed back: “says who?”", "“Which polls?” she asked")?
    A question is no point of a summary: it states nothing a reader can cite as reported."""
    body = text.strip()
    end = body.rstrip(_CLOSING)
    if end.endswith("?"):
        tail = body[len(end):]
        if any(q in tail for q in "\"”’'"):  # the question mark closes a quotation
            opening = max(body.rfind("“"), body.rfind('"', 0, len(end)), body.rfind("‘"))
            return opening <= 0  # a quotation opened inside the sentence is someone's question, reported
        return True
    if end[-1:] in ".!:;":
        return False
    return is_question(end)  # a heading without its question mark: "What happens next"


def _chunk_spans(index: Index, article_ids: list[str]) -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list[tuple[int, int, str]]] = {}
    for start in range(0, len(article_ids), 200):
        batch = article_ids[start:start + 200]
        if not batch:
            continue
        where = {"article_id": batch[0]} if len(batch) == 1 else {"article_id": {"$in": batch}}
        got = index.chunks.get(where=where, include=["metadatas"])
        for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
            out.setdefault(str(meta["article_id"]), []).append((int(meta["start"]), int(meta["end"]), cid))
    for spans in out.values():
        spans.sort()
    return out


def _chunk_for(chunks: list[tuple[int, int, str]], start: int, end: int, article_id: str) -> str:
    for c_start, c_end, cid in chunks:
        if c_start <= start and end <= c_end:
            return cid
    for c_start, _c_end, cid in reversed(chunks):
        if c_start <= start:
            return cid
    return chunks[0][2] if chunks else f"{article_id}::0"


def score_importance(sents: list[Sentence], lead_weight: float = 0.6, info_weight: float = 0.25) -> None:
    """Importance (0..1) = lead bias + centrality + informativeness.

    Lead bias ``1/sqrt(1+position)``; centrality = similarity to the article's centroid
    (min-max scaled); informativeness = names and figures per sqrt(words), relative to
    the article's richest sentence (news summaries are dense in who/what/how many;
    the square root keeps long sentences from winning by length alone).
    """
    if not sents:
        return
    vecs = np.stack([s.ev.vector for s in sents])  # type: ignore[misc]
    centroid = vecs.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    central = vecs @ centroid
    low, high = float(central.min()), float(central.max())
    central = (central - low) / ((high - low) or 1.0)
    info = np.array(
        [(len(names(s.ev.text)) + len(numbers(s.ev.text))) / np.sqrt(max(1, len(s.ev.text.split()))) for s in sents],
        dtype=np.float32,
    )
    info = info / (info.max() or 1.0)
    for s, c, i in zip(sents, central, info, strict=True):
        lead = 1.0 / np.sqrt(1.0 + s.position)
        base = lead_weight * lead + (1 - lead_weight) * float(c)
        s.importance = float((base + info_weight * float(i)) / (1 + info_weight))


def embed_sentences(sents: list[Sentence]) -> None:
    todo = [s for s in sents if s.ev.vector is None]
    if todo:
        for s, v in zip(todo, encode([s.ev.text for s in todo]), strict=True):
            s.ev.vector = v


def mmr_select(
    cands: list[Sentence], k: int, key: str = "importance", redundancy: float = 0.35,
    max_similarity: float = 0.85,
) -> list[Sentence]:
    """Up to ``k`` sentences by score minus redundancy with those already chosen."""
    chosen: list[Sentence] = []
    rest = list(cands)
    while rest and len(chosen) < k:
        def gain(s: Sentence) -> float:
            base = float(getattr(s, key))
            if not chosen:
                return base
            sim = max(float(s.ev.vector @ c.ev.vector) for c in chosen)  # type: ignore[operator]
            return base - redundancy * max(0.0, sim)

        best = max(rest, key=gain)
        rest.remove(best)
        if chosen and max(float(best.ev.vector @ c.ev.vector) for c in chosen) >= max_similarity:  # type: ignore[operator]
            continue
        chosen.append(best)
    return chosen


def default_points(n_sentences: int) -> int:
    """~3–5 points: about the square root of the article's sentence count."""
    return int(min(5, max(3, round(np.sqrt(max(n_sentences, 1))))))


DANGLING_PENALTY = 0.85
"""Importance kept by a sentence that opens by pointing back ("It…", "The two…"): it can still be
chosen where nothing better says the same (article summaries keep article order), but loses to
a stand-alone sentence of similar weight."""


def dangling_penalty(text: str) -> float:
    """Sentences that open by pointing back ("This…", "The assessment…") make poor stand-alone points."""
    return DANGLING_PENALTY if dangling_start(text) else 1.0
