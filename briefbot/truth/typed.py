"""Slot-directed sentence search in the question's story (issue 17).

Retrieval ranks *chunks* by the question's words; the sentence that answers often shares few
of them ("fired 10 people" for "how many staff did Acme sack", "had only been gone for 15
minutes" for "how long had the family been away") and sits in a chunk that never ranks, or
in a report of the story that no chunk of reached the top.  So after retrieval and the story
test (:func:`briefbot.truth.evidence.collect`), the question's story is read whole:

* **the story's articles** — the articles of the relevant evidence (sentences within
  :data:`~briefbot.truth.story.STORY_POOL` of the best), and the stored articles whose vector
  links them to one of those (:data:`~briefbot.truth.story.STORY_LINK`, as the story test
  groups reports), at most :data:`MAX_ARTICLES`;
* **the slot's form** — every sentence of their chunks that can hold the asked kind of answer
  (:func:`can_fill`: a figure for how many/much/long and ages, a date for when, a name the
  question does not give for who and which X, a place for where, an explanation for why, the
  speaker for what did X say); for when, a date only in the clause of an asked thing
  (:func:`dated_clause`: a story's sentences are full of dates of its other events);
* **relation to what is asked** (:func:`relation`) — the share of the question's asked words
  (:func:`briefbot.truth.status.slot.asked_words`) the sentence says, by stem or by meaning
  (MiniLM word cosine ≥ :data:`briefbot.truth.status.fill.WORD_CLOSE`, as
  :func:`~briefbot.truth.status.fill.close` judges: "custody" for "held"); a sentence that
  says none of them is about something else and is not added, nor is one that does not carry
  the asked predicate (:func:`~briefbot.truth.status.slot.carries_slot`: the slot heads, or the
  asked thing said in other words) — retrieval did not vouch for it, so it must say what is asked;
* **the candidates** — scored as retrieved sentences are and ranked by that score plus
  :data:`RELATION_WEIGHT` times their relation; the best of each article (several reports may fill the slot, with
  different values: the conflict rules need each), at most :data:`MAX_ADDED`, join the
  evidence with their exact article offsets (citations still verify).

They only make the answering sentence *available*: the status rules judge it like any other
(a candidate that does not fill the slot answers nothing).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from langchain_core.documents import Document

from briefbot.language.parse import Parsed, children, parse
from briefbot.language.question import QuestionFrame
from briefbot.language.text import STOPWORDS, fold, names, stem, tokens
from briefbot.store.embeddings import encode
from briefbot.truth.evidence import Evidence, EvidenceSet, explains, overlap, score_sentences, sentences, speaker_quoted
from briefbot.truth.status.fill import DATE_TYPES, SHARE_WORDS, STREET, WORD_CLOSE, says
from briefbot.truth.status.kinds import COUNT_WORDS, PLACE, YEAR, has_date
from briefbot.truth.status.model import Thresholds
from briefbot.truth.status.slot import asked_words, carries_slot, money_amount, slot_heads, slot_kind, typed
from briefbot.truth.story import STORY_LINK, STORY_POOL

MAX_ARTICLES = 6
"""The story is read in at most this many articles (its most relevant first)."""
MAX_ADDED = 4
"""At most this many sentences join the evidence."""
PER_ARTICLE = 2
"""Sentences added per article: several reports may each fill the slot (with different values)."""
MAX_FORM = 120
"""At most this many sentences of the slot's form are related to the question (its words
encoded once per story, cached): bounds the cost of a long story."""
MAX_SCORED = 16
"""At most this many related sentences are embedded and scored as retrieved ones are."""
RELATION_WEIGHT = 0.2
"""How much a slot candidate's relation to the asked words counts when the candidates are
ranked (never in the score the status rules read): the words it shares with the question are
fewer than a topical sentence's.  Set on realnews half 1 (dev)."""
NEAR = 4
"""Nearest articles (by article vector) looked up per relevant article."""


class StoryStore(Protocol):
    """What the search reads from the store (:class:`briefbot.store.retrieve.HybridRetriever`)."""

    def article_chunks(self, article_ids: set[str], vector: np.ndarray, filters: object = None,
                       limit: int = 400) -> list[Document]: ...

    def near_articles(self, article_ids: set[str], n: int = 4) -> dict[str, np.ndarray]: ...


def story_store(retriever: object) -> StoryStore | None:
    """``retriever`` when it can read a story's articles whole, else None (a retriever without
    a store, as some tests and evaluations use)."""
    ok = callable(getattr(retriever, "article_chunks", None)) and callable(getattr(retriever, "near_articles", None))
    return retriever if ok else None  # type: ignore[return-value]


def relevant_articles(es: EvidenceSet) -> list[str]:
    """The articles of the relevant evidence (within :data:`STORY_POOL` of the best score),
    most relevant first."""
    if not es.items:
        return []
    floor = STORY_POOL * es.items[0].score
    best: dict[str, float] = {}
    for e in es.items:
        if e.score >= floor:
            best[e.article_id] = max(best.get(e.article_id, 0.0), e.score)
    return sorted(best, key=best.__getitem__, reverse=True)


def story_articles(relevant: Sequence[str], vectors: dict[str, np.ndarray]) -> list[str]:
    """``relevant`` and the articles whose vector reaches :data:`STORY_LINK` with one of
    them (closest first), at most :data:`MAX_ARTICLES`."""
    out = list(relevant)[:MAX_ARTICLES]
    own = [vectors[a] for a in out if a in vectors]
    if not own:
        return out
    linked = []
    for aid, vec in vectors.items():
        if aid in out:
            continue
        cosine = max(float(vec @ v) for v in own)
        if cosine >= STORY_LINK:
            linked.append((cosine, aid))
    out += [aid for _, aid in sorted(linked, reverse=True)]
    return out[:MAX_ARTICLES]


FIGURE = re.compile(r"(?<![\w.])\d[\d,.]*")


def has_figure(text: str) -> bool:
    """A number other than a year, in digits or in words ("ten workers", "hundreds", "mother of 10")."""
    if any(not re.fullmatch(YEAR, m.group(0).rstrip(".,")) for m in FIGURE.finditer(text)):
        return True
    return any(w in COUNT_WORDS for w in tokens(text))


DURATION = re.compile(
    r"(?:(?<![\w.])\d[\d,.]*|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|several|few|many|hundreds|dozens)\b)"
    r"[\s-]+(?:\w+[\s-]+)?(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?)\b",
    re.I,
)
"""A span of time ("four days", "15 minutes", "a 10-year sentence"): the form of a "how long" answer.
The time units are the closed class English measures time in."""
HOW = re.compile(r"^\s*how\s+(many|much|long|old)\b")


def counts_form(frame: QuestionFrame, text: str) -> bool:
    """The form of a how many / much / long answer: a duration for "how long", an amount of money
    for "how much" (a share only when a share is asked), a figure otherwise (not a percentage
    unless a share is asked)."""
    how = HOW.search(frame.form)
    word = how.group(1) if how else ""
    share = bool(frame.words & SHARE_WORDS)
    if word == "long":
        return bool(DURATION.search(text))
    if word == "much" and not share and money_amount(text):
        return True
    if not share and PERCENT.search(text):
        text = PERCENT.sub(" ", text)
    return has_figure(text)


PERCENT = re.compile(r"\d[\d,.]*\s*(?:%|percent\b|per cent\b)", re.I)


def new_names(frame: QuestionFrame, text: str) -> bool:
    """A name the question does not give."""
    return bool(names(text) - frame.names - frame.words)


def can_fill(frame: QuestionFrame, e: Evidence) -> bool:
    """Can the sentence hold the kind of answer the question asks for (its form only)?  None
    of the kinds without a form (what happened, yes/no): those are not searched."""
    kind = slot_kind(frame) or str(frame.kind)
    text = e.text
    if kind == "duration":  # "how long": a span of time ("four days", "15 minutes")
        return bool(DURATION.search(text))
    if kind == "how_many":
        return counts_form(frame, text)
    if kind == "age":
        return has_figure(text)
    if kind == "when":
        return has_date(text)
    if kind in ("who", "class"):
        return new_names(frame, text) or (kind == "class" and has_figure(text))
    if kind == "where":
        return bool(STREET.search(text)) or any(
            stem(m.group(1)) not in frame.names | frame.words for m in PLACE.finditer(text))
    if kind == "why":
        return explains(text)
    if kind == "say":
        return bool(frame.speaker) and speaker_quoted(frame.speaker or "", text)
    return False


SEARCHED_KINDS = frozenset({"how_many", "duration", "age", "who", "class", "where", "why", "say", "when"})
"""The slots searched ("duration" is how :func:`~briefbot.truth.status.slot.slot_kind` names "how
long").  A "when" candidate must also date a clause of the asked thing (:func:`dated_clause`):
searched without that tie (realnews half 1), "when" questions took other events' days (a protest's
"Thursday" for when the shut-offs end; a video's release day for when an investigation ended)."""


NESTED = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "conj"})
"""Dependents that open a clause of their own ("a company contracted to carry out shut-offs", "as
the group released its footage"): their words say another event than the verb they hang from."""


def own_words(p: Parsed, verb: int) -> list[int]:
    """The tokens of ``verb``'s own clause: it and its dependents, down to (not into) the clauses
    nested in it (:data:`NESTED`)."""
    out, todo = [verb], [verb]
    while todo:
        i = todo.pop()
        for j in children(p, i):
            if p.tokens[j].dep not in NESTED:
                out.append(j)
                todo.append(j)
    return sorted(out)


def clause_of(p: Parsed, i: int) -> list[int]:
    """The tokens of the clause a word sits in: the own words (:func:`own_words`) of the nearest
    verb above it, or the whole sentence when no verb governs it.  "released Thursday" in "In the
    video released Thursday, a worker is caught on tape" is its own clause: the video is what it
    modifies, not part of it."""
    j = i
    for _ in range(12):
        head = p.tokens[j].head
        if head == j:
            break
        if p.tokens[head].pos in ("VERB", "AUX"):
            return own_words(p, head)
        j = head
    return list(range(len(p.tokens)))


MODIFIERS = frozenset({"compound", "amod"})
"""A word that only modifies a noun ("animal" in "the animal rights group") names a kind of it, not
the thing the clause is about."""


def dated_clause(frame: QuestionFrame, text: str) -> bool:
    """Does a date of ``text`` (a DATE/TIME entity) sit in the clause of an asked thing: a clause
    (:func:`clause_of`) with a common word (noun, verb or adjective, not a name) that says one of
    the question's asked words other than its names (:func:`~briefbot.truth.status.fill.says`: by
    stem, lemma or meaning, "video" for "footage")?  A name alone does not tie a date: every
    sentence of the story names its people.
    "the video was taken in May and June" dates the footage; "A postmortem examination will take
    place on Tuesday" dates no call to the hospital."""
    asked = [w for w in typed(frame, asked_words(frame)) if stem(w) not in frame.names]
    if not asked:
        return False
    p = parse(text)
    for i, tok in enumerate(p.tokens):
        if tok.ent not in DATE_TYPES or not has_date(tok.text):
            continue  # "at least two months past due" is a stretch of time, not a day
        if any(p.tokens[j].ent not in DATE_TYPES and p.tokens[j].pos in ("NOUN", "VERB", "ADJ")
               and p.tokens[j].dep not in MODIFIERS and says(p.tokens[j], asked) for j in clause_of(p, i)):
            return True
    return False


def tied(frame: QuestionFrame, e: Evidence) -> bool:
    """A slot candidate found outside retrieval whose value belongs to the asked thing: for
    "when", a date in its clause (:func:`dated_clause`); the other kinds' forms are tied by
    :func:`~briefbot.truth.status.slot.carries_slot` alone."""
    kind = slot_kind(frame) or str(frame.kind)
    return dated_clause(frame, e.text) if kind == "when" else True


def searched(frame: QuestionFrame) -> bool:
    """Does the question ask a slot whose form :func:`can_fill` checks?"""
    return (slot_kind(frame) or str(frame.kind)) in SEARCHED_KINDS


_WORDS: OrderedDict[str, np.ndarray] = OrderedDict()
_WORDS_SIZE = 20_000
_lock = threading.Lock()


def word_vectors(words: Sequence[str]) -> dict[str, np.ndarray]:
    """MiniLM vectors of single words, the missing ones encoded in one batch (cached)."""
    with _lock:
        missing = [w for w in dict.fromkeys(words) if w not in _WORDS]
    if missing:
        fresh = encode(missing)
        with _lock:
            for w, v in zip(missing, fresh, strict=True):
                _WORDS[w] = v
            while len(_WORDS) > _WORDS_SIZE:
                _WORDS.popitem(last=False)
    with _lock:
        return {w: _WORDS[w] for w in words if w in _WORDS}


def sentence_words(text: str) -> list[str]:
    """The sentence's words that can say an asked word (folded, alphabetic, not stopwords)."""
    return [w for w in (fold(t) for t in tokens(text)) if w.isalpha() and w not in STOPWORDS]


def relation(asked: Sequence[str], words: Sequence[str], vectors: dict[str, np.ndarray]) -> float:
    """Share of the ``asked`` words (as typed) that one of ``words`` says: the same stem, or a
    MiniLM cosine ≥ :data:`WORD_CLOSE` (as :func:`briefbot.truth.status.fill.close` judges)."""
    if not asked:
        return 0.0
    stems = {stem(w) for w in words}
    said = 0
    for a in asked:
        if stem(a) in stems:
            said += 1
            continue
        va = vectors.get(a)
        if va is not None and any(w in vectors and float(vectors[w] @ va) >= WORD_CLOSE for w in words):
            said += 1
    return said / len(asked)


def related(frame: QuestionFrame, form: list[Evidence]) -> list[tuple[float, Evidence]]:
    """(relation, sentence) for the sentences of ``form`` that say an asked word
    (:func:`relation` > 0; all of them when the question has no asked word), the
    :data:`MAX_SCORED` most related first (then by overlap and their chunk's score): only
    those are embedded whole."""
    out = relations(frame, form[:MAX_FORM])
    out.sort(key=lambda r: (r[0], overlap(frame, r[1]) + r[1].chunk_score), reverse=True)
    return out[:MAX_SCORED]


def relations(frame: QuestionFrame, form: Sequence[Evidence]) -> list[tuple[float, Evidence]]:
    """(relation, sentence) for the sentences of ``form`` that say an asked word (:func:`relation`
    > 0; all of them, at 1.0, when the question has no asked word), in ``form``'s order; the
    words of all of them are embedded in one batch."""
    asked = typed(frame, asked_words(frame))
    words = [sentence_words(e.text) for e in form]
    vectors = word_vectors([*asked, *(w for ws in words for w in ws)]) if asked else {}
    out = []
    for e, ws in zip(form, words, strict=True):
        share = relation(asked, ws, vectors) if asked else 1.0
        if share > 0:
            out.append((share, e))
    return out


def slot_candidates(frame: QuestionFrame, found: list[tuple[float, Evidence]]) -> list[Evidence]:
    """Of ``found`` ((relation, scored sentence) pairs), the best by score plus
    :data:`RELATION_WEIGHT` × relation: the best :data:`PER_ARTICLE` of each article, at most
    :data:`MAX_ADDED`, best first.  Their own score stays as retrieval's scoring gives it (the
    status rules read it as the strength of the evidence); they are marked ``slot_found``."""
    ranked = sorted(found, key=lambda r: r[1].score + RELATION_WEIGHT * r[0], reverse=True)
    per: dict[str, int] = {}
    out: list[Evidence] = []
    for _, e in ranked:
        if per.get(e.article_id, 0) < PER_ARTICLE:
            per[e.article_id] = per.get(e.article_id, 0) + 1
            e.slot_found = True
            out.append(e)
    return out[:MAX_ADDED]


def known_keys(es: EvidenceSet) -> set[tuple[str, int, int]]:
    """The keys of every evidence sentence already held (duplicates included)."""
    return {d.key for e in es.items for d in [e, *e.duplicates]}


def search_story(es: EvidenceSet, store: StoryStore | None, filters: object = None,
                 t: Thresholds | None = None) -> EvidenceSet:
    """``es`` with the slot candidates of the question's story added (see the module docstring);
    ``es`` itself when the question asks no slot with a form, or there is no store to read."""
    return search_slot(es, store, filters, t)


def search_slot(es: EvidenceSet, store: StoryStore | None, filters: object = None,
                t: Thresholds | None = None, cands: list[Evidence] | None = None) -> EvidenceSet:
    """:func:`search_story` over ``cands`` when the caller has read the story's sentences already
    (those not yet in ``es``: :mod:`briefbot.truth.canvass` reads the story once for both)."""
    frame, t = es.focus, t or Thresholds()
    if store is None or not es.items or not searched(frame):
        return es
    if cands is None:
        relevant = relevant_articles(es)
        articles = story_articles(relevant, store.near_articles(set(relevant[:MAX_ARTICLES]), NEAR))
        docs = store.article_chunks(set(articles), es.question_vector, filters)
        cands, _ = sentences(docs, skip=known_keys(es))
    found = related(frame, [e for e in cands if can_fill(frame, e) and tied(frame, e)])
    if not found:
        return es
    score_sentences(frame, [e for _, e in found], es.question_vector)
    heads = slot_heads(frame, es.items)
    added = slot_candidates(frame, [(r, e) for r, e in found if carries_slot(heads, e, t)])
    if not added:
        return es
    es.items = sorted([*es.items, *added], key=lambda e: e.score, reverse=True)
    return es
