"""What is new since a date: a brief's ``new_points`` and ``answered_open_questions``.

A reader who last looked on day D wants two things from ``briefbot brief TOPIC --since
D``:

* **new points** — facts first reported after D.  A fact is one group of near-duplicate
  sentences across outlets (the brief's reduce step); it is new when its *earliest*
  report is after D, so a fact merely repeated by a later article is not new;
* **answered open questions** — something an article up to D left open ("it remains
  unclear when the bridge reopens") that a later article states without that hedge and
  about the same thing (MiniLM cosine ≥ :data:`ANSWER_SIMILARITY`, sharing a content word
  beyond the question's names).

Both cite exact quotes, numbered after the brief's own citations.

The story list asks the same question per story (:func:`story_news`): its **new
articles** (published after D) and its **new facts** — the most important sentences of
those articles that no article of the story up to D carries (the same near-duplicate
test as the brief's reduce step, :func:`briefbot.writing.summarize_merge.same_fact`).
A fact states something (:func:`states_a_fact`): it names someone or something or gives
a figure, and it is not an open question ("it remains unclear…").

A "since" date comes from people and URLs: :func:`parse_day` accepts only a real
YYYY-MM-DD day and says so in words otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from briefbot.language.eventdates import resolve_date
from briefbot.schema import AnsweredQuestion, SummaryPoint
from briefbot.store.index import Index
from briefbot.truth.evidence import EXPLANATION
from briefbot.truth.verify import content_words, names, numbers, stem
from briefbot.writing.citation_book import CitationBook
from briefbot.writing.stories import Story, StoryArticle
from briefbot.writing.summarize_compose import OPEN_HEDGES
from briefbot.writing.summarize_merge import attach_duplicates, merge_sentences, select_groups
from briefbot.writing.summarize_sentences import (
    Group,
    Sentence,
    article_sentences,
    embed_sentences,
    score_importance,
)

ANSWER_SIMILARITY = 0.55
"""A later unhedged sentence at least this similar to an open question addresses it.
Calibrated on corpus/ (the CNN "remains unclear why" sentences vs. later restatements
reach 0.5 only when they repeat the hedge, which disqualifies them) and the tests'
fixtures (question/answer pairs at 0.6-0.8)."""

STORY_NEW_FACTS = 3
"""New facts shown per story (its most important ones; the brief has the rest)."""
SAME_FACT = 0.75
"""Near-duplicate threshold for "an older article already carries this fact" (the brief's
``BriefParams.duplicate_similarity``)."""


def parse_day(text: str | None, what: str = "since") -> str | None:
    """``"2025-10-24"`` -> ``"2025-10-24"``; empty -> None; anything else a ValueError that
    says what to send (a real calendar day, YYYY-MM-DD)."""
    if text is None or not str(text).strip():
        return None
    value = str(text).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{what} {value[:40]!r} is not a date: use YYYY-MM-DD, e.g. 2025-10-24")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise ValueError(f"{what} {value!r} is not a day of the calendar: use YYYY-MM-DD, e.g. 2025-10-24") from exc


@dataclass(frozen=True)
class NewFact:
    """A fact of a story first reported after the "since" day, as one exact quote."""

    text: str
    article_id: str
    source: str
    published: str | None
    start: int
    end: int
    also_in: list[str] = field(default_factory=list)
    """Other outlets that reported it after the day too."""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "article_id": self.article_id, "source": self.source,
                "published": self.published, "start": self.start, "end": self.end, "also_in": list(self.also_in)}


@dataclass
class StoryNews:
    """One story with what is new in it after ``since``."""

    story: Story
    since: str
    new_articles: list[StoryArticle] = field(default_factory=list)
    new_facts: list[NewFact] = field(default_factory=list)

    @property
    def has_news(self) -> bool:
        return bool(self.new_articles)

    def to_dict(self) -> dict[str, Any]:
        return {**self.story.to_dict(), "new": {"since": self.since,
                                                "articles": [a.to_dict() for a in self.new_articles],
                                                "facts": [f.to_dict() for f in self.new_facts]}}


def states_a_fact(s: Sentence, open_hedges: frozenset[str]) -> bool:
    """Is ``s`` a fact worth listing as news: not an open question, and naming someone or
    something or giving a figure ("No further details were given." names nothing)?"""
    return not (open_hedges & set(s.ev.hedges)) and bool(names(s.ev.text) or numbers(s.ev.text))


def story_news(index: Index, story: Story, since: str, k: int = STORY_NEW_FACTS) -> StoryNews:
    """The story's articles published after ``since`` and its ``k`` most important facts that
    no article up to ``since`` carries (undated articles are never new)."""
    fresh = [a for a in story.articles if is_after(a.published, since)]
    if not fresh:
        return StoryNews(story, since)
    old = [a.id for a in story.articles if not is_after(a.published, since)]
    stored = index.get_articles([a.id for a in fresh] + old)
    by_article = article_sentences(index, [stored[i] for i in [a.id for a in fresh] + old if i in stored])
    everything = [s for sents in by_article.values() for s in sents]
    embed_sentences(everything)
    new_sents: list[Sentence] = []
    for a in fresh:
        score_importance(by_article.get(a.id, []))
        new_sents += [s for s in by_article.get(a.id, []) if states_a_fact(s, OPEN_HEDGES)]
    earlier = [s for a in old for s in by_article.get(a, [])]
    groups = merge_sentences(sorted(new_sents, key=lambda s: -s.importance), SAME_FACT)
    for g in groups:
        attach_duplicates(g, earlier, SAME_FACT)
        g.score = g.rep.importance
    chosen = select_groups([g for g in groups if is_new(g, since)], k)
    return StoryNews(story, since, fresh, [_fact(g) for g in chosen])


def _fact(g: Group) -> NewFact:
    ev = g.rep.ev
    others = sorted({m.ev.source for m in g.members if m.ev.source and m.ev.source != ev.source})
    return NewFact(" ".join(ev.text.split()), ev.article_id, ev.source, ev.published, ev.start, ev.end, others)


def is_after(published: str | None, since: str) -> bool:
    return bool(published) and str(published) > since


def new_points(chosen: Sequence[Group], book: CitationBook) -> list[SummaryPoint]:
    """The chosen new facts as points, each citing every report of it."""
    return [SummaryPoint(" ".join(g.rep.ev.text.split()), [book.add(s) for s in g.all]) for g in chosen]


def is_new(g: Group, since: str) -> bool:
    """Is the fact first reported after ``since`` (no report of it on or before that day)?"""
    return all(is_after(s.ev.published, since) for s in g.all)


WANTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(r"\b(?:when|date|day|timing|timetable|schedule[sd]?)\b", re.I)),
    ("reason", re.compile(r"\b(?:why|reasons?|cause[sd]?)\b", re.I)),
    ("amount", re.compile(r"\bhow (?:many|much|big|large|long)\b|\b(?:figures?|amount|number|cost|extent|toll)\b",
                          re.I)),
)
"""What an open question lacks, from its wording (one labelled row each): the answer must supply it."""
REPORTING_WORDS = frozenset("report reports reported reporting said say says source sources according told "
                            "statement news outlet".split())
"""Words every news sentence shares; they do not make two sentences about the same thing."""


def supplies(want: str, sentence: Sentence) -> bool:
    """Does ``sentence`` give the kind of fact an open question lacks?"""
    text = sentence.ev.text
    if want == "date":
        return resolve_date(text, sentence.ev.published) is not None
    if want == "reason":
        return bool(EXPLANATION.search(text))
    return bool(numbers(text))


def answered_questions(open_sentences: Sequence[Sentence], later: Sequence[Sentence], since: str,
                       book: CitationBook, open_hedges: frozenset[str]) -> list[AnsweredQuestion]:
    """Open questions reported up to ``since`` that a later, unhedged sentence addresses.

    The answer must be about the same thing (similar in meaning, sharing a content word
    beyond names and reporting words) and, when the question says what it lacks (a date,
    a reason, an amount), supply exactly that.
    """
    reporting = {stem(w) for w in REPORTING_WORDS}
    asked = [s for s in open_sentences if not is_after(s.ev.published, since)]
    answers = [s for s in later if is_after(s.ev.published, since) and not (open_hedges & set(s.ev.hedges))
               and s.ev.vector is not None]
    out: list[AnsweredQuestion] = []
    for q in asked:
        if q.ev.vector is None:
            continue
        q_words = content_words(q.ev.text) - names(q.ev.text) - reporting
        wants = [w for w, cue in WANTS if cue.search(q.ev.text)]
        best = None
        for a in answers:
            sim = float(a.ev.vector @ q.ev.vector)  # type: ignore[operator]
            if sim < ANSWER_SIMILARITY or not (q_words & (content_words(a.ev.text) - names(a.ev.text))):
                continue
            if wants and not all(supplies(w, a) for w in wants):
                continue
            if best is None or sim > best[0]:
                best = (sim, a)
        if best is not None:
            a = best[1]
            out.append(AnsweredQuestion(" ".join(q.ev.text.split()), book.add(q), " ".join(a.ev.text.split()),
                                        book.add(a), q.ev.source or q.ev.article_id, a.ev.source or a.ev.article_id))
    return out
