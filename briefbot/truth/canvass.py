"""Ask every report: each independent text's own claim on the asked slot (issue 17, items 3 and 5).

A journalist checks a contested fact by asking every outlet what it says.  Retrieval returns the
sentences that share the question's words, and :mod:`briefbot.truth.typed` adds slot fillers for
some kinds, best first and capped: a rival outlet's number, date, reason or denial often never
reaches the rules that compare claims (on the realnews dev halves, 18 of 29 missing sides of
`competing` questions were in no candidate at all).  So after retrieval:

* **the story's texts** — the articles of the question's story (:func:`~briefbot.truth.typed.story_articles`,
  at most :data:`~briefbot.truth.typed.MAX_ARTICLES`), wire copies counted once
  (:func:`independent_texts`: one article per copy group, :mod:`briefbot.store.copies`);
* **each text's claim** (:func:`text_claims`) — of each text's sentences, those that can hold the
  asked kind of answer (:func:`~briefbot.truth.typed.can_fill`, the form test the slot search uses;
  every statement for yes/no and open questions), that say an asked word
  (:func:`~briefbot.truth.typed.relation`) and carry the asked predicate
  (:func:`~briefbot.truth.status.slot.carries_slot`), the best :data:`PER_TEXT` by score plus relation;
* they are kept apart from the evidence (``EvidenceSet.canvass``): they never lead an answer, they
  are only set against it (:func:`briefbot.truth.status.conflicting.canvass_rivals`);
* the story texts' other statements (:func:`story_rest`, ``EvidenceSet.story``, unscored) are kept
  for the second report's value-first pass (:mod:`briefbot.truth.status.shared_value`): a report
  that states the lead's value in other words is often outside the shortlist.

A quoted statement of a named speaker ("what did X say") is not canvassed: what X said is a fact
about the saying, and another outlet's different words are no rival.  Cost is bounded by
:data:`PREFILTER` sentences per text read by meaning, :data:`SHORTLIST` per text embedded,
:data:`PER_TEXT` kept, and the story's article cap.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefbot.language.question import QuestionFrame
from briefbot.store.copies import CopyGroups
from briefbot.truth.evidence import Evidence, EvidenceSet, overlap, score_sentences, sentences
from briefbot.truth.status.model import Thresholds
from briefbot.truth.status.polar import asked_predicate, stance
from briefbot.truth.status.select import is_heading
from briefbot.truth.status.slot import SAYS_IT, slot_heads, slot_kind
from briefbot.truth.typed import (
    MAX_ARTICLES,
    NEAR,
    SEARCHED_KINDS,
    StoryStore,
    can_fill,
    relations,
    relevant_articles,
    search_slot,
    story_articles,
)

PER_TEXT = 2
"""Sentences kept per independent text: its own best claims on the asked slot."""
SHORTLIST = 6
"""Candidates per text (by relation to the asked words, then overlap with the question) that are
embedded and scored: at most this many times the story's article cap sentences are embedded."""
PREFILTER = 8
"""Sentences per text whose words are compared by meaning with the asked words (:func:`prefiltered`)."""
RELATION_WEIGHT = 0.2
"""As the slot search ranks its candidates (:data:`briefbot.truth.typed.RELATION_WEIGHT`)."""
CANVASSED_KINDS = frozenset({"when", "how_many", "duration", "age", "where", "who", "class", "why",
                             "yes_no", "cause", "figure", "what"})
"""Questions whose answer is a comparable claim: a date, a number, a place, a name in a role, a
stance on the asked predicate, a reason, or an open claim.  Not "say" (a quote is a fact about what
was said), "happened" (a sequence of events, not one claim) or a question for a source."""


def canvassed(frame: QuestionFrame) -> bool:
    """Is the answer to ``frame`` a claim every report can be asked about?"""
    return (slot_kind(frame) or str(frame.kind)) in CANVASSED_KINDS


def independent_texts(article_ids: Sequence[str], groups: CopyGroups) -> dict[str, str]:
    """article id -> the text it carries (its copy group's original); wire copies of one report map
    to one text, so a text is asked once however many outlets republished it."""
    return {a: groups.text_of(a) for a in article_ids}


def claim_form(frame: QuestionFrame, e: Evidence) -> bool:
    """Can the sentence hold the asked kind of claim?  The slot search's form test where the kind
    has a form; any statement (not a heading or a question) otherwise."""
    if is_heading(e.text) or e.text.rstrip().endswith("?"):
        return False
    kind = slot_kind(frame) or str(frame.kind)
    return can_fill(frame, e) if kind in SEARCHED_KINDS | {"when"} else True


def prefiltered(frame: QuestionFrame, form: Sequence[Evidence], text_of: dict[str, str]) -> list[Evidence]:
    """Each text's :data:`PREFILTER` sentences sharing most of the question's words (stems; names count
    double), then of the best-ranked chunks: only their words are looked up by meaning, which bounds
    the word vectors a long story's canvass encodes."""
    per: dict[str, list[Evidence]] = {}
    for e in form:
        per.setdefault(text_of[e.article_id], []).append(e)
    out: list[Evidence] = []
    for found in per.values():
        found.sort(key=lambda e: (overlap(frame, e), e.chunk_score), reverse=True)
        out += found[:PREFILTER]
    return out


def text_claims(frame: QuestionFrame, cands: Sequence[Evidence],
                text_of: dict[str, str]) -> dict[str, list[tuple[float, Evidence]]]:
    """text -> (relation, sentence) shortlist: the text's sentences of the claim's form that say an
    asked word (:func:`~briefbot.truth.typed.relations`, as the slot search reads them), most
    related first, at most :data:`SHORTLIST` per text."""
    form = prefiltered(frame, [e for e in cands if e.article_id in text_of and claim_form(frame, e)], text_of)
    out: dict[str, list[tuple[float, Evidence]]] = {}
    for share, e in relations(frame, form):
        out.setdefault(text_of[e.article_id], []).append((share, e))
    for text, found in out.items():
        found.sort(key=lambda r: (r[0], overlap(frame, r[1]), r[1].chunk_score), reverse=True)
        out[text] = found[:SHORTLIST]
    return out


def carries_claim(frame: QuestionFrame, e: Evidence, heads: frozenset[str], t: Thresholds) -> bool:
    """Does the sentence make a claim on the asked predicate?  For yes/no, a stance on it (affirmed,
    denied, hedged or undecided: :func:`~briefbot.truth.status.polar.stance`, as the yes/no rivals read
    it); otherwise it carries the slot heads or says the asked thing in other words (the tests of
    :func:`~briefbot.truth.status.slot.carries_slot` but its lemma parse: this only orders a text's sentences)."""
    if frame.kind == "yes_no":
        return stance(e.text, asked_predicate(frame), frame.words) is not None
    if not heads or heads <= e.features.words:  # carries_slot without its lemma parse: a ranking preference only
        return True
    return (e.predicate is not None and e.predicate >= t.predicate_match) or e.similarity >= SAYS_IT


def best_claims(frame: QuestionFrame, shortlist: dict[str, list[tuple[float, Evidence]]],
                heads: frozenset[str], t: Thresholds) -> list[Evidence]:
    """Each text's :data:`PER_TEXT` best sentences: those that make a claim on the asked predicate
    (:func:`carries_claim`) first, then by score plus relation.  A text whose words differ from the
    question's ("kept tabs on" / "followed") still gives its best related sentences: the rival tests,
    not this choice, decide whether two claims are about one event."""
    out: list[Evidence] = []
    for found in shortlist.values():
        ranked = sorted(found, key=lambda r: (carries_claim(frame, r[1], heads, t),
                                              r[1].score + RELATION_WEIGHT * r[0]), reverse=True)
        out += [e for _, e in ranked[:PER_TEXT]]
    return out


def story_rest(pool: Sequence[Evidence], shortlisted: Sequence[Evidence], text_of: dict[str, str]) -> list[Evidence]:
    """The story texts' other statements (not a heading or a question; not shortlisted): kept as read,
    unscored, for the second report's value-first pass (:mod:`briefbot.truth.status.shared_value`)."""
    held = {e.key for e in shortlisted}
    return [e for e in pool if e.article_id in text_of and e.key not in held
            and not is_heading(e.text) and not e.text.rstrip().endswith("?")]


def canvass(es: EvidenceSet, store: StoryStore | None, filters: object = None, t: Thresholds | None = None,
            groups: CopyGroups | None = None) -> EvidenceSet:
    """``es`` with the slot search applied (:func:`briefbot.truth.typed.search_slot`) and, for a
    question whose answer is a comparable claim, every independent text's own claims in
    ``es.canvass`` (module docstring); the story is read once for both."""
    frame, t = es.focus, t or Thresholds()
    if store is None or not es.items:
        return es
    if not canvassed(frame):
        return search_slot(es, store, filters, t)
    relevant = relevant_articles(es)
    near = store.near_articles(set(relevant[:MAX_ARTICLES]), NEAR)
    articles = story_articles(relevant, near)
    docs = store.article_chunks(set(articles), es.question_vector, filters)
    held = {d.key for e in es.items for d in [e, *e.duplicates]}
    cands, _ = sentences(docs)
    fresh = [e for e in cands if e.key not in held]
    es = search_slot(es, store, filters, t, fresh)
    held = {d.key: d for e in es.items for d in [e, *e.duplicates]}
    pool = [held.get(e.key, e) for e in cands]  # a held sentence keeps its scores
    text_of = independent_texts(articles, groups or CopyGroups())
    shortlist = text_claims(frame, pool, text_of)
    unscored = [e for found in shortlist.values() for _, e in found if e.key not in held]
    score_sentences(frame, unscored, es.question_vector)
    es.canvass = best_claims(frame, shortlist, slot_heads(frame, es.items), t)
    es.reports = [e for found in shortlist.values() for _, e in found]
    es.story = story_rest(pool, es.reports, text_of)
    es.article_vectors = {**near, **es.article_vectors}
    return es
