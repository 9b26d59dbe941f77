"""Which evidence an answer rests on: strong sentences, those holding the asked kind of answer first."""

from __future__ import annotations

from briefbot.language.headings import is_heading
from briefbot.language.parse import is_question
from briefbot.language.text import content_words, stem
from briefbot.truth.evidence import Evidence, EvidenceSet, Focus, clause_predicates, clauses
from briefbot.truth.status.kinds import counts_in_other_words, explanations, fits, in_year, precision_bonus
from briefbot.truth.status.model import Thresholds
from briefbot.truth.status.slot import PARSED_KINDS, slot_kind

FIT_BONUS = 0.08
"""Ranking bonus for a sentence of the asked kind (a date for "when", ...); set on evals/."""


def statements(items: list[Evidence]) -> list[Evidence]:
    """``items`` without headings and question sentences ("Who is X, the interim head?"
    states nothing; all of them when nothing else is left)."""
    kept = [e for e in items if not is_heading(e.text) and not is_question(e.text)]
    return kept or items


def candidate_pool(es: EvidenceSet, t: Thresholds, max_evidence: int) -> list[Evidence]:
    """The relevant candidates: near the best score and above ``min_score`` (or the best)."""
    items = es.items
    floor = max(min(t.min_score, items[0].score), items[0].score * 0.6)
    return [e for e in items if e.score >= floor][: max(8, max_evidence * 2)]


def rank(es: EvidenceSet, pool: list[Evidence]) -> list[Evidence]:
    """The pool by score, sentences of the asked kind lifted by :data:`FIT_BONUS`."""
    return sorted(pool, key=lambda e: e.score + (FIT_BONUS if fits(es.focus, e.text) else 0.0), reverse=True)


def strongest(es: EvidenceSet, pool: list[Evidence], t: Thresholds, max_evidence: int) -> list[Evidence]:
    """Sentences within ``relative_keep`` of the best (at least two), plus explanations for "why"."""
    focus = es.focus
    ranked = statements(rank(es, pool))
    floor = max(t.min_score, ranked[0].score * t.relative_keep)
    selected = [e for e in ranked if e.score >= floor][:max_evidence]
    if len(selected) < 2:
        selected = ranked[: min(2, max_evidence)]
    if focus.kind == "why":  # a reason may be stated apart from the event
        extras = explanations(es.items, selected, t.min_score)[:2]
        if extras:
            keep = max(1, min(len(selected), max_evidence - len(extras)))
            selected = selected[:keep] + extras
    return selected


SUPPORT_BONUS = 0.05
"""Ranking bonus per other report (at most two) naming the same candidate answer.  Dev data:
0.03, 0.05 and 0.08 give the same results (RGB noise accuracy 0.88, MultiHop-RAG answer
accuracy 0.242); without it 0.84 and 0.217."""


def answer_candidates(focus: Focus, ev: Evidence) -> frozenset[str]:
    """What a fitting sentence offers as the answer: for "who" the names the question does
    not give, for "when" its calendar days and years other than the question's."""
    f = ev.features
    if focus.kind == "who":
        return f.names - focus.names - focus.words
    if focus.kind == "when":
        return (f.days | f.years) - focus.numbers - focus.days
    return frozenset()


def support(focus: Focus, ev: Evidence, items: list[Evidence]) -> int:
    """How many other reports name one of ``ev``'s candidate answers (answer redundancy)."""
    cands = answer_candidates(focus, ev)
    if not cands:
        return 0
    return len({o.article_id for o in items if o.article_id != ev.article_id
                and cands & (o.features.names | o.features.days | o.features.years)})


def slot_vouched(focus: Focus, e: Evidence) -> bool:
    """Did the story's slot search find ``e`` for a slot whose filler is read from the parse
    (:data:`~briefbot.truth.status.slot.PARSED_KINDS`: a count, a duration, a place …)?  Not for
    *who*: that search takes any new name, as loose as the literal form test, and kept in the
    fitting set a "Bloomberg reported …" sentence led "who is leading the pause" (corpus pair)."""
    return e.slot_found and slot_kind(focus) in PARSED_KINDS


def fitting(es: EvidenceSet, t: Thresholds) -> list[Evidence]:
    """Sentences holding the asked-for date, number, name, speech or place, most precise
    first, then those whose answer other reports repeat.  A sentence the story's slot search
    found (:mod:`briefbot.truth.typed`) is judged whatever its score and whatever its words: it was
    read for its form and its relation to the asked words (by stem or meaning), not for the words
    it shares with the question — :func:`fits` wants the question's own word next to the figure
    ("ten workers" for "how many staff"), which is what the slot search exists to get past.  The
    slot rules (:mod:`.slot`) still judge whether it fills the slot."""
    focus = es.focus
    if focus.kind not in ("when", "how_many", "who", "say", "where", "what"):
        return []
    allowed = in_year(focus, es.items)
    found = statements([e for e in es.items
                        if (e.score >= 0.8 * t.min_score or e.slot_found) and e.article_id in allowed
                        and (slot_vouched(focus, e) or fits(focus, e.text) or counts_in_other_words(focus, e, t))])
    return sorted(found, key=lambda e: e.score + precision_bonus(focus, e.text)
                  + SUPPORT_BONUS * min(2, support(focus, e, es.items)), reverse=True)


OTHER_EVENT_MARGIN = 0.1
"""A fitting sentence whose masked-predicate similarity trails the best fitting one by more
than this speaks of another event (the party's comment on a rail contract, not its response
to the job-cut report).  Set on the robustness fixtures (dev): 0.12 apart there."""


def names_any(e: Evidence, names: frozenset[str]) -> bool:
    """Does the sentence name any of ``names`` (stems)?  A sentence naming nobody is judged by
    its article's title ("The two ministers spoke on June 3" under "Ames and Brook talk")."""
    words = e.features.words if e.features.names else e.features.words | content_words(e.title)
    return bool(names & words)


def clause_says_asked(e: Evidence, focus: Focus | None, top: float) -> bool:
    """Does one clause of the compound sentence ``e`` hold the asked kind of answer and say the asked
    thing within :data:`OTHER_EVENT_MARGIN` of ``top``?  "Some 2,000 athletes will compete in the
    Games, and 213,000 visitors are expected in the city" answers "how many athletes are taking
    part" in its first clause; whole, its masked-predicate similarity trails a one-clause report of
    2,500 athletes by 0.12, and the second report's figure was set aside as another event."""
    if focus is None:
        return False
    parts = [p for p in clauses(e.text) if fits(focus, p)]
    return any(p >= top - OTHER_EVENT_MARGIN for p in clause_predicates(focus, parts))


def same_event_as_asked(fit: list[Evidence], names: frozenset[str] = frozenset(),
                        vouched: frozenset[int] = frozenset(), focus: Focus | None = None) -> list[Evidence]:
    """Drop fitting sentences about another event than the one asked.

    First by participants: when some fitting sentences name the question's ``names``, those
    naming none of them are about other people (a call between two other politicians on
    another day).  Then by masked predicate among the rest — except a sentence the story's slot
    search found for a parsed slot (``vouched``: ids, :func:`slot_vouched`): it was kept for saying
    the asked words, by stem or word meaning, and carrying
    the slot's heads (:mod:`briefbot.truth.typed`), a word-level test of the asked predicate that
    a synonym does not defeat as it defeats the whole sentence's similarity ("fired ten workers"
    for "how many staff did Acme sack": masked-predicate 0.39 against a topical sentence's 0.65)."""
    if names and any(names_any(e, names) for e in fit):
        fit = [e for e in fit if names_any(e, names)]
    scored = [e.predicate for e in fit if e.predicate is not None]
    if len(scored) < 2:
        return fit
    top = max(scored)
    return [e for e in fit if e.predicate is None or id(e) in vouched or e.predicate >= top - OTHER_EVENT_MARGIN
            or clause_says_asked(e, focus, top)]


RESPONSE_WORDS = frozenset(stem(w) for w in (
    "say said tell told respond responded response react reacted reaction reply replied answer comment "
    "statement think"
).split())
"""The words of a response question about the responding itself ("what was X's reaction to
…"), not about the event responded to."""


def article_words(e: Evidence, items: list[Evidence]) -> set[str]:
    """The words of ``e``, its title and the other retrieved sentences of its article."""
    words = set(e.features.words) | content_words(e.title)
    for o in items:
        if o.article_id == e.article_id:
            words |= o.features.words
    return words


def responds_to_asked(fit: list[Evidence], focus: Focus, items: list[Evidence]) -> list[Evidence]:
    """For "how did X respond to Y": drop X's statements whose article says nothing of Y.

    The speaker test finds X's statements; what a statement responds to is told by its
    article ("Acme declined to comment on the report" follows the report of job cuts).
    A statement from an article that shares none of the asked event's words (the question's
    predicate without the response words) answers another event — when another statement's
    article does share them."""
    asked = focus.predicate - RESPONSE_WORDS
    if focus.kind != "say" or not asked or len(fit) < 2:
        return fit
    hits = [e for e in fit if asked & article_words(e, items)]
    return hits or fit


VALUE_KINDS = ("when", "how_many")
"""Questions asking a value (a date, a number) of an event its participants name: a dated or
counted sentence naming none of them gives the value of another event."""


def select(
    es: EvidenceSet, pool: list[Evidence], t: Thresholds, max_evidence: int
) -> tuple[list[Evidence], list[Evidence]]:
    """(selected evidence, fitting evidence): the fitting sentences replace the strongest when any;
    for "which X" questions the best fitting sentence joins the strongest instead (a name next
    to X may be one of a list, so it does not stand alone)."""
    focus = es.focus
    fit = fitting(es, t)
    fit = same_event_as_asked(responds_to_asked(fit, focus, es.items),
                              focus.names if focus.kind in VALUE_KINDS else frozenset(),
                              frozenset(id(e) for e in fit if slot_vouched(focus, e)), focus)
    if fit and focus.kind == "what":
        best = strongest(es, pool, t, max_evidence)
        return (best if fit[0] in best else best[: max_evidence - 1] + fit[:1]), fit
    if fit:
        floor = max(e.score for e in fit) * t.relative_keep
        lead = fit[0]
        return [e for e in fit if e is lead or e.score + SUPPORT_BONUS * min(2, support(es.focus, e, es.items))
                >= floor][:max_evidence], fit
    return strongest(es, pool, t, max_evidence), fit
