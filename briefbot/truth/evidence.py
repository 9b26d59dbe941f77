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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from langchain_core.documents import Document

from briefbot.language.countries import country_stems
from briefbot.language.features import Features, features
from briefbot.language.lexicon import is_common_word
from briefbot.language.parse import parse
from briefbot.language.question import SAY_QUESTION, Focus, QuestionFrame, analyse_question, question_parts  # noqa: F401
from briefbot.language.text import MONTHS, WEEKDAYS, mask_names, question_form, stem
from briefbot.sources.chunking import split_sentences
from briefbot.store.embeddings import encode, encode_query
from briefbot.truth.story import STORY_POOL, Source, kept_articles
from briefbot.truth.verify import (
    content_words,
    names,
)

SPEECH_VERBS = (
    "said|says|say|told|tells|stated|states|declared|noted|added|announced|insisted|argued|"
    "claimed|warned|remarked|commented|wrote|tweeted|posted|asked|urged|called|denied|denies|"
    "rejected|rejects|dismissed|confirmed|confirms|replied|responded|explained|pledged|promised|"
    "speaking|put it|declined|refused"
)


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
    predicate: float | None = None
    """MiniLM cosine of the sentence and the question with the names of both masked: does
    it say what is asked, not merely name who is asked about?  None: not computed (then
    :attr:`predicate_similarity` is the plain similarity)."""
    vector: np.ndarray | None = None
    duplicates: list[Evidence] = field(default_factory=list)
    """The same statement in other articles (cited together)."""
    slot_found: bool = False
    """Found by the slot-directed search of the question's story (:mod:`briefbot.truth.typed`),
    not inside a retrieved chunk."""

    @cached_property
    def features(self) -> Features:
        """Words, names, numbers, dates, hedges, attribution: computed once per sentence."""
        return features(self.text)

    @property
    def predicate_similarity(self) -> float:
        return self.similarity if self.predicate is None else self.predicate

    @property
    def attribution(self) -> str | None:
        return self.features.attribution

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
    other_story: int = 0
    """Sentences set aside because their article reports another story than the one the
    question is about (:mod:`briefbot.truth.story`)."""
    canvass: list[Evidence] = field(default_factory=list)
    """Each independent text's own claims on the asked slot (:mod:`briefbot.truth.canvass`): set
    against the answer, never leading it."""
    article_vectors: dict[str, np.ndarray] = field(default_factory=dict)
    """Stored article vectors of the retrieved (and canvassed) articles: which of them report one story
    (:data:`briefbot.truth.story.STORY_LINK`)."""
    reports: list[Evidence] = field(default_factory=list)
    """Every canvassed sentence of every independent text (the shortlist :attr:`canvass` is chosen
    from, embedded and scored): where another report of the lead's claim is looked for
    (:func:`briefbot.truth.status.second_report.corroborate`)."""
    story: list[Evidence] = field(default_factory=list)
    """Every other statement of the story's texts the canvass read (unscored, no vector): where a
    second report of the lead's value is looked for when the shortlist holds none
    (:func:`briefbot.truth.status.shared_value.candidates`)."""

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
    cands, injections = sentences(docs)
    qvec = focus.vector if focus.vector is not None else encode_query(question_form(focus.text))
    score_sentences(focus, cands, qvec)
    cands.sort(key=lambda c: c.score, reverse=True)
    merged = _merge_duplicates(cands, duplicate_similarity)
    vectors = {d.metadata["article_id"]: d.metadata.get("article_vector") for d in docs}
    kept = keep_story(focus, merged, vectors)
    articles = {d.metadata["article_id"] for d in docs}
    es = EvidenceSet(focus, kept, qvec, len(articles), len(docs), injections, len(merged) - len(kept))
    es.article_vectors = {a: v for a, v in vectors.items() if v is not None}
    return es


MIN_WORDS = 5
"""Sentences shorter than this are headings, captions, credits or fragments ("Image copyright
AFP", "Read more here.") unless :func:`short_statement` says otherwise."""
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
SPEECH_LEMMAS = frozenset(stem(w) for w in SPEECH_VERBS.split("|") if " " not in w)
COMPLEMENTS = frozenset({"xcomp", "ccomp", "dobj", "obj"})


def short_statement(text: str) -> bool:
    """Is a sentence of a few words still a statement of its own ("The panda escaped.", "Nobody
    was hurt.")?  Its root is a verb with a subject, in a finite form (or a participle after its
    auxiliary: "was hurt"), the sentence ends as statements do, and the verb is not a bare
    reporting verb without what was said ("Police said." says nothing by itself; "Acme declined to
    comment." does)."""
    if not text.rstrip().endswith((".", "!", ".\u201d", ".'", '."')):
        return False
    p = parse(text)
    for i, tok in enumerate(p.tokens):
        if tok.dep != "ROOT" or tok.pos != "VERB":
            continue
        deps = {o.dep for o in p.tokens if o.head == i and o is not tok}
        if stem(tok.lemma) in SPEECH_LEMMAS and not deps & COMPLEMENTS:
            return False
        finite = tok.tag in FINITE_TAGS or bool(deps & {"aux", "auxpass"})
        return finite and bool(deps & SUBJECTS)
    return False


def sentences(docs: Sequence[Document], skip: set[tuple[str, int, int]] | None = None) -> tuple[list[Evidence], int]:
    """(the statements inside ``docs``' chunks as unscored candidates with exact article offsets,
    the number of injected instructions left out).  Sentences whose key is in ``skip`` (already
    candidates) and fragments under :data:`MIN_WORDS` words are left out (short statements are kept:
    :func:`short_statement`); overlapping chunks give each
    sentence once."""
    seen: set[tuple[str, int, int]] = set(skip or ())
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
            if len(text.split()) < MIN_WORDS and not short_statement(text):
                continue  # headings and fragments are not statements
            if features(text).instruction:
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
                    hedges=list(features(text).hedges),
                )
            )
    return cands, injections


def score_sentences(focus: Focus, cands: list[Evidence], qvec: np.ndarray) -> None:
    """Score ``cands`` against the question: MiniLM similarity, coverage of its words, the
    chunk's own score, the masked predicate; explanations lifted for "why", open questions
    ("what is not yet known") lowered otherwise."""
    if cands:
        vectors = _sentence_vectors(cands)
        for cand, vec in zip(cands, vectors, strict=True):
            cand.vector = vec
            cand.similarity = float(vec @ qvec)
            cand.overlap = overlap(focus, cand)
            cand.score = 0.55 * cand.similarity + 0.35 * cand.overlap + 0.10 * cand.chunk_score
        _predicate_scores(focus, cands)
    if focus.kind == "why":
        _boost_explanations(cands)
    else:  # "what is not yet known: ..." lists open questions; it is not an answer
        for cand in cands:
            if "unknown" in cand.hedges:
                cand.score -= 0.1


CALENDAR_STEMS = frozenset(stem(w) for w in (*MONTHS, *WEEKDAYS))


def proper_names(ev: Evidence) -> frozenset[str]:
    """The sentence's names that English never writes in lower case ("Carrow", "McAlder"; not the
    "Funeral Home", a capitalised first word "Homes" or a day "Friday"): what ties two reports
    to one story."""
    return frozenset(n for n in ev.features.names if not is_common_word(n) and n not in CALENDAR_STEMS)


def names_given(ev: Evidence) -> frozenset[str]:
    """The names a sentence, its article's title and its outlet give (not every word, as
    :func:`names_in` vouches for)."""
    return ev.features.names | names(ev.title) | content_words(ev.source)


def keep_story(focus: Focus, items: list[Evidence], vectors: dict[str, np.ndarray | None]) -> list[Evidence]:
    """``items`` without the sentences of articles that report another story than the one the
    question is about (:func:`briefbot.truth.story.kept_articles`).  A multi-part question asks
    about several things at once and keeps everything; so does evidence without article vectors."""
    if not items or question_parts(focus.text) or all(v is None for v in vectors.values()):
        return items
    floor = STORY_POOL * items[0].score
    weight: dict[str, float] = {}
    names: dict[str, frozenset[str]] = {}
    named: dict[str, frozenset[str]] = {}
    for ev in items:
        if ev.score >= floor and ev.score > 0:
            weight[ev.article_id] = weight.get(ev.article_id, 0.0) + ev.score
        names[ev.article_id] = names.get(ev.article_id, frozenset()) | proper_names(ev)
        for e in [ev, *ev.duplicates]:
            named[e.article_id] = named.get(e.article_id, frozenset()) | names_given(e)
    sources = [Source(a, vectors.get(a), names.get(a, frozenset()), weight.get(a, 0.0)) for a in named]
    keep = kept_articles(sources, named, focus.names | focus.context_names)
    if keep is None:
        return items
    kept = [ev for ev in items if ev.article_id in keep]
    for ev in kept:
        ev.duplicates = [d for d in ev.duplicates if d.article_id in keep]
    return kept


PREDICATE_TOP = 12
"""Masked-predicate similarity is computed for this many best candidates (bounds the encoding cost)."""
PREDICATE_WEIGHT = 0.3
"""How far the score moves toward the masked-predicate similarity: a sentence that matched
the question through its names only loses, one that says the asked thing in other
words gains.  Calibrated on evals/ and the MultiHop-RAG dev split."""


def _predicate_scores(focus: Focus, cands: list[Evidence]) -> None:
    """Fill :attr:`Evidence.predicate` for the best candidates and fold it into their score."""
    masked_q = mask_names(question_form(focus.text), focus.names | focus.context_names)
    if not (focus.names | focus.context_names) or len(focus.predicate) < 2 or len(masked_q.split()) < 2:
        return  # nothing to mask, or (almost) nothing but names asked: plain similarity is the measure
    top = sorted(cands, key=lambda c: c.score, reverse=True)[:PREDICATE_TOP]
    qv = encode_query(masked_q)
    for cand, vec in zip(top, _masked_vectors(top, focus), strict=True):
        cand.predicate = float(vec @ qv)
        cand.score += PREDICATE_WEIGHT * (cand.predicate - cand.similarity)


CLAUSE_BREAK = re.compile(r"\s*(?:[;\u2014]|,\s+(?:and|but|while|whereas|which|who)\b)\s*")
"""Where a sentence joins two statements ("2,000 athletes will compete, and 213,000 visitors are
expected …"; "…; the rest …"; "… — …")."""
MIN_CLAUSE_WORDS = 4


def clauses(text: str) -> list[str]:
    """The statements of a compound sentence (at least :data:`MIN_CLAUSE_WORDS` words each), or
    [] when it states one thing."""
    parts = [p.strip(" ,") for p in CLAUSE_BREAK.split(text)]
    parts = [p for p in parts if len(p.split()) >= MIN_CLAUSE_WORDS]
    return parts if len(parts) >= 2 else []


def clause_predicates(focus: Focus, parts: Sequence[str]) -> list[float]:
    """Masked-predicate similarity (as :attr:`Evidence.predicate`) of each of ``parts`` — the
    clauses of one sentence — to the question: a sentence that joins the asked statement to
    another one reads, whole, as less about what is asked than each of its clauses."""
    hidden = focus.names | focus.context_names
    if not parts or not hidden:
        return []
    qv = encode_query(mask_names(question_form(focus.text), hidden))
    asked = focus.predicate - hidden  # a clause's own name that carries the predicate stays (as _masked_vectors)
    texts = [mask_names(p, hidden | (names(p) - asked)) or p for p in parts]
    return [float(v @ qv) for v in encode(texts)]


_MASKED_CACHE: OrderedDict[tuple, np.ndarray] = OrderedDict()
_VECTOR_CACHE: OrderedDict[tuple, np.ndarray] = OrderedDict()
_VECTOR_CACHE_SIZE = 50_000
_cache_lock = threading.Lock()


def _cached_encode(cache: OrderedDict[tuple, np.ndarray], keys: list[tuple],
                   text_of: Callable[[int], str]) -> list[np.ndarray]:
    """Embeddings for ``keys``, encoding only the ones ``cache`` lacks (``text_of(i)``);
    the cache keeps the newest :data:`_VECTOR_CACHE_SIZE` entries."""
    with _cache_lock:
        missing = [i for i, k in enumerate(keys) if k not in cache]
    if missing:
        fresh = encode([text_of(i) for i in missing])
        with _cache_lock:
            for i, vec in zip(missing, fresh, strict=True):
                cache[keys[i]] = vec
            while len(cache) > _VECTOR_CACHE_SIZE:
                cache.popitem(last=False)
    with _cache_lock:
        return [cache[k] for k in keys]


def _masked_vectors(cands: list[Evidence], focus: Focus) -> list[np.ndarray]:
    """Embeddings of the sentences with their names and the question's masked (cached).

    A sentence's own name that shares a stem with a word the question asks about is kept:
    it carries the predicate ("the Fishing Quotas Act" for "the fishing bill")."""
    hidden = focus.names | focus.context_names
    asked = focus.predicate - hidden
    keys = [(c.chunk_id, c.start, c.end, hidden, asked) for c in cands]
    return _cached_encode(
        _MASKED_CACHE, keys,
        lambda i: mask_names(cands[i].text, hidden | (cands[i].features.names - asked)) or cands[i].text,
    )


def _sentence_vectors(cands: list[Evidence]) -> list[np.ndarray]:
    """Sentence embeddings, cached by (chunk id, offsets): chunk ids carry the content
    hash, so a cached vector can never belong to changed text."""
    keys = [(c.chunk_id, c.start, c.end) for c in cands]
    return _cached_encode(_VECTOR_CACHE, keys, lambda i: cands[i].text)


def overlap(focus: Focus, ev: Evidence) -> float:
    """Share of the question's content words in the sentence (names count double).

    The article's title and outlet add a little: "what did Bloomberg report" matches
    sentences of a Bloomberg article that do not repeat the outlet's name.
    """
    if not focus.words:
        return 0.0
    total = sum(2.0 if w in focus.names else 1.0 for w in focus.words)

    def share(words: set[str]) -> float:
        return sum(2.0 if w in focus.names else 1.0 for w in focus.words if w in words) / total

    own = share(ev.features.words)
    context = share(ev.features.words | content_words(f"{ev.title} {ev.source}"))
    return 0.8 * own + 0.2 * context


EXPLANATION = re.compile(
    r"\b(?:because|due to (?!meet|be|take|hold|start|begin|open)|expectations?|conclu\w+|came to the view|"
    r"judged|demands?|position|friction|disagree\w*|dispute\w*|objections?|concerns?)\b",
    re.I,
)


REASON_UNKNOWN = re.compile(r"\b(?:unclear|not\s+clear|unknown|not\s+known)\s+why\b", re.I)
"""'It remains unclear why': the answer to a "why" question when the reason is not known."""


def explains(text: str) -> bool:
    """Does ``text`` give a reason, or say that the reason is not known (an answer to "why")?"""
    return bool(EXPLANATION.search(text) or REASON_UNKNOWN.search(text))


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
        if c.article_id in top_articles and explains(c.text):
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
                and cand.features.numbers == k.features.numbers
            ):
                k.duplicates.append(cand)
                break
        else:
            kept.append(cand)
    return kept


def speaker_quoted(speaker: str, text: str) -> bool:
    """Does ``text`` attribute speech to ``speaker`` ("X said", "X told", "according to X",
    "X declined to comment")?  A several-word speaker ("acme steel") matches by any word."""
    words = speaker.split()
    if len(words) > 1:
        return any(_speaker_word_quoted(w, text) for w in words) and not _someone_elses(words, text)
    return _speaker_word_quoted(speaker, text)


def _someone_elses(words: list[str], text: str) -> bool:
    """Is the speaker's phrase in ``text`` owned by another name, with a word of the speaker's
    own missing ("Russia's Foreign Ministry" for "chinese foreign ministry")?  Matching by
    any word is for "Acme declined to comment" (for "acme steel")."""
    owner = re.search(rf"\b([^\W\d_]+)['’]s\s+(?:{'|'.join(map(re.escape, words))})\b", text, re.I)
    if owner is None or owner.group(1).lower() in words:
        return False
    return not all(re.search(rf"\b{re.escape(w)}", text, re.I) for w in words)


def _speaker_word_quoted(speaker: str, text: str) -> bool:
    pattern = (
        rf"\b{re.escape(speaker)}\w*(?:'s)?\b[^.;:]{{0,40}}?\b(?:{SPEECH_VERBS})\b"
        rf"|\baccording\s+to\s+(?:\w+\s+){{0,3}}{re.escape(speaker)}"
        rf"|\b(?:{SPEECH_VERBS})\s*,?\s+(?:\w+\s+){{0,2}}{re.escape(speaker)}\w*\s*[.,]?\s*$"
    )
    return bool(re.search(pattern, text, re.I))


def names_in(ev: Evidence) -> set[str]:
    """Names an evidence item vouches for: its text, title and outlet — and every form of
    a country its text names ("U.S. officials" vouches for "American", :mod:`briefbot.language.countries`)."""
    return (ev.features.names | ev.features.words | names(ev.title) | content_words(ev.source)
            | country_stems(ev.text))
