"""Rules that stop an answer before any evidence is selected: each returns an
:class:`Assessment` of ``insufficient_evidence`` (or a partial ``uncertain``), or None to go on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from briefbot.language.lexicon import (
    abbreviates,
    abbreviates_a_word,
    clips,
    is_common_word,
    joined_compounds,
    phrasal_base,
)
from briefbot.language.question import cased, typed_as_verb
from briefbot.language.text import STOPWORDS, fold, stem, tokens
from briefbot.store.embeddings import encode
from briefbot.truth.evidence import Evidence, EvidenceSet, Focus, names_in
from briefbot.truth.status.kinds import YEAR, date_numbers, partial_answers, requirement, topical
from briefbot.truth.status.model import Assessment, Thresholds
from briefbot.truth.verify import content_words, numbers


def parts_covered(items: list[Evidence], part_vectors: Sequence[np.ndarray], t: Thresholds) -> bool:
    """Does every part of a multi-part question have a passage ``min_similarity`` close in
    meaning to it?  "Does outlet A say X, and does outlet B confirm Y?" is answered by two
    sentences, one per part; neither is close to the whole question."""
    vectors = [e.vector for e in items if e.vector is not None]
    if not part_vectors or not vectors:
        return False
    closest = (np.stack(vectors) @ np.stack(part_vectors).T).max(axis=0)
    return bool((closest >= t.min_similarity).all())


def nothing_relevant(es: EvidenceSet, t: Thresholds, part_vectors: Sequence[np.ndarray] = ()) -> Assessment | None:
    """No sentence scores ``min_score``, none is ``min_similarity`` close in meaning, and the
    question's parts (``part_vectors``, for a multi-part question) are not each covered."""
    items = es.items
    closest = max((e.similarity for e in items), default=0.0)
    if items and (items[0].score >= t.min_score or closest >= t.min_similarity
                  or parts_covered(items, part_vectors, t)):
        return None
    best = f"{items[0].score:.2f}" if items else "none"
    return Assessment("insufficient_evidence", [], 0.0, reasons=[
        f"no passage is relevant enough (best score {best} < {t.min_score}, "
        f"closest meaning {closest:.2f} < {t.min_similarity})"])


CLOCK_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
"""A time of day ("published at 13:41:30"): in a question it says when a report came out,
and the index keeps publication days, not times, so its digits are no anchor to look for."""


def asked_numbers(focus: Focus) -> frozenset[str]:
    """The question's numbers that evidence must mention: those outside times of day."""
    if not CLOCK_TIME.search(focus.text):
        return focus.numbers
    return focus.numbers & numbers(CLOCK_TIME.sub(" ", focus.text))


WORD_MEANING = 0.7
"""MiniLM cosine at which a word of an uncased question counts as said by an evidence word
("ppl" / "people", "coworkers" / "co-workers").  Measured pairs: lawyer/attorney 0.89,
cost/price 0.74; staff/workers 0.61 and send/receive 0.67 stay below."""
MEANING_SENTENCES = 12


def met_by_meaning(words: Sequence[str], focus: Focus, items: Sequence[Evidence]) -> frozenset[str]:
    """The stems in ``words`` that a word of the strongest evidence says in other words: MiniLM
    cosine ≥ :data:`WORD_MEANING` between the question's word as typed and an evidence word, the
    typed word is that word with its vowels dropped ("ppl" for "people",
    :func:`briefbot.language.lexicon.abbreviates`), or it is a noun of a phrasal verb whose verb
    an evidence word is ("payout" for "pay", :func:`said_by_its_verb`) — or the evidence writes it
    with hyphens ("yoyo" for "yo-yo", :func:`briefbot.language.lexicon.joined_compounds`: the
    tokens "yo", "yo" say nothing of it alone)."""
    typed = {stem(w): w for w in tokens(focus.text)}
    asked = [(s, typed[s]) for s in words if s in typed and not s.isdigit()]
    if not asked:
        return frozenset()
    compounds = frozenset().union(*(joined_compounds(e.text) for e in items))  # "yoyo" is "yo-yo"
    spelled = frozenset(s for s, w in asked if fold(w) in compounds)
    asked = [(s, w) for s, w in asked if s not in spelled]
    if not asked:
        return spelled
    vocab = sorted({w for e in items[:MEANING_SENTENCES] for w in tokens(e.text)
                    if w.isalpha() and w not in STOPWORDS and len(w) > 2})
    if not vocab:
        return spelled
    ev = np.stack(encode(vocab))
    qv = np.stack(encode([w for _, w in asked]))
    best = (qv @ ev.T).max(axis=1)
    stems = {w for e in items for w in e.features.words}  # a word test, cheap: every sentence
    return spelled | frozenset(s for (s, w), b in zip(asked, best, strict=True)
                               if b >= WORD_MEANING or any(abbreviates(w, v) for v in vocab)
                               or said_by_its_verb(w, stems))


def said_by_its_verb(word: str, stems: set[str]) -> bool:
    """Is ``word`` a noun made from a phrasal verb whose verb the evidence uses ("payout" where
    the officials "agreed to pay", :func:`briefbot.language.lexicon.phrasal_base`)?"""
    base = phrasal_base(word)
    return base is not None and stem(base) in stems


def common_as_typed(name: str, focus: Focus) -> bool:
    """Is the question's word behind the name stem ``name`` one English writes in lower case?
    (In a question without capitals only the corpus's casing made it a name: "money", "fire".)"""
    return any(stem(w) == name and is_common_word(w) for w in tokens(focus.text))


def plain_word_typed(name: str, focus: Focus, items: Sequence[Evidence]) -> bool:
    """Is the question's word behind the name stem ``name`` a plain word in a reader's spelling,
    not a name?  In a question without capitals a word the corpus never uses is only guessed to be
    a name (:attr:`~briefbot.language.question.QuestionFrame.guessed`; a name the corpus writes, such
    as an outlet's "cnn", is never demoted); it is none when it is a vowel-dropped abbreviation of
    an English word ("ppl", :func:`~briefbot.language.lexicon.abbreviates_a_word`), an inflected
    verb the word list lacks ("bankrolled", :func:`~briefbot.language.question.typed_as_verb`), or
    a clipping of a word the strongest evidence uses ("intel" where it says "intelligence",
    :func:`~briefbot.language.lexicon.clips`).  Such a word is then no hard anchor: the question's
    other words and names are still required (:func:`missing_predicate`)."""
    if name not in focus.guessed:
        return False
    typed = [w for w in tokens(focus.text) if stem(w) == name]
    if any(abbreviates_a_word(w) or typed_as_verb(w, focus.text) for w in typed):
        return True
    vocab = {fold(w) for e in items[:MEANING_SENTENCES] for w in tokens(e.text) if w.isalpha()}
    return any(clips(w, v) for w in typed for v in vocab)


def missing_anchors(es: EvidenceSet, t: Thresholds) -> list[str]:
    """The question's names and numbers that no retrieved evidence vouches for.

    Years are strict ("the 2013 final" is not the 2012 one); with three anchors or fewer
    every one is needed; long multi-hop questions need ``min_name_coverage`` of them.  In a
    question typed without capitals a "name" is a guess (an unseen word, or a word the corpus
    capitalises such as "money"), so one an evidence word says in other words is met
    (:func:`met_by_meaning`).
    """
    focus = es.focus
    vouched: set[str] = set()
    nums: set[str] = set()
    for ev in es.items:
        for e in [ev, *ev.duplicates]:
            vouched |= names_in(e)
            nums |= e.features.numbers | numbers(e.title) | date_numbers(e.published)
    vouched |= nums
    asked = asked_numbers(focus)
    missing = sorted(n for n in asked if YEAR.fullmatch(n) and n not in nums)
    anchors = sorted((focus.names | asked) - set(missing))
    absent = [a for a in anchors if a not in vouched]
    if absent and not cased(focus.text):  # typed in lower case: a "name" may be a plain word
        absent = [a for a in absent if not common_as_typed(a, focus)]  # "money": English writes it in lower case
        absent = [a for a in absent if not plain_word_typed(a, focus, es.items)]  # "ppl", "bankrolled", "intel"
        met = met_by_meaning(absent, focus, es.items)  # "coworkers" / "co-workers": matched by meaning
        absent = [a for a in absent if a not in met]
    if anchors and absent:
        coverage = 1 - len(absent) / len(anchors)
        if len(anchors) <= 3 or coverage < t.min_name_coverage:
            missing += absent
    return missing


def says_it_otherwise(items: list[Evidence], t: Thresholds) -> bool:
    """Does a strong candidate say what is asked in other words (masked-predicate similarity)?"""
    return any(e.predicate is not None and e.predicate >= t.predicate_match for e in items[:12])


MEASURE = re.compile(r"\bhow\s+([^\W\d_]+)", re.I)


def measure_words(focus: Focus) -> frozenset[str]:
    """The word a "how ADJ" question measures by ("how old", "how long", "how far"): part of the
    question's frame, answered by a value ("Ivor Bell, 77"), not a word the answer repeats."""
    return frozenset(stem(m.group(1)) for m in MEASURE.finditer(focus.text)
                     if m.group(1).casefold() not in STOPWORDS)


def missing_predicate(es: EvidenceSet, t: Thresholds) -> list[str]:
    """The question's own words ("population", "agreed") when no passage uses any of them, none
    says the asked thing in other words, and no evidence word means one of them: the passages
    are about something else.  The word a "how ADJ" question measures by is not asked
    (:func:`measure_words`)."""
    asked = sorted(topical(es.focus) - measure_words(es.focus))
    if not asked:
        return []
    seen: set[str] = set()
    for ev in es.items:
        seen |= ev.features.words | content_words(ev.title)
    if seen & set(asked) or says_it_otherwise(es.items, t) or met_by_meaning(asked, es.focus, es.items):
        return []
    return asked


def unanchored(es: EvidenceSet, t: Thresholds) -> Assessment | None:
    """Abstain when names/numbers or the predicate are missing from the evidence."""
    missing = missing_anchors(es, t) or missing_predicate(es, t)
    if not missing:
        return None
    return Assessment("insufficient_evidence", [], 0.05,
                      reasons=["the relevant passages never mention: " + ", ".join(missing)], missing=missing)


def answer_kind_absent(es: EvidenceSet, pool: list[Evidence], t: Thresholds, max_evidence: int) -> Assessment | None:
    """Abstain when the kind of answer needed (date, number, speaker, name) is absent —
    unless strong evidence says the asked fact is pending or conditional (then ``uncertain``)."""
    need = requirement(es, pool, t)
    if need is None:
        return None
    partial = partial_answers(es.focus, pool, t)
    if not partial:
        return Assessment("insufficient_evidence", [], 0.1, reasons=[need])
    return Assessment("uncertain", partial[:max_evidence], 0.3,
                      reasons=[need + "; the sources say only what is not yet known or what it depends on"],
                      hedged=[e for e in partial if e.hedges])
