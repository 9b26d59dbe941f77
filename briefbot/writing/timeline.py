"""Timelines: dated events from the articles' sentences, ordered by when things happened.

A brief ordered by publication date tells you when outlets wrote, not when things
happened.  Here each sentence that reports something happening or scheduled — it
carries a date expression and is not page furniture — becomes an event dated from
the sentence itself by :mod:`briefbot.language.eventdates` (explicit, month, year and relative
dates resolved against the article's publication date).

The same event reported by several outlets with the same date is one event citing all
of them; with different dates both events are kept, each with its own citation and
the other date in ``other_dates``: the reader sees the disagreement.  Wire copies of
one text count once.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np

from briefbot.language.eventdates import DATE_PATTERNS, EventDate, Precision, resolve_date
from briefbot.language.forecast import is_forecast
from briefbot.language.injection import looks_like_injection
from briefbot.schema import Event, Timeline
from briefbot.sources.articles import Article
from briefbot.sources.chunking import split_sentences
from briefbot.store.copies import CopyGroups
from briefbot.store.embeddings import encode
from briefbot.store.retrieve import Filters
from briefbot.truth.verify import content_words, names
from briefbot.writing.limits import text_too_long
from briefbot.writing.summarize_clean import compress_start, dangling_start
from briefbot.writing.summarize_compose import Citations
from briefbot.writing.summarize_gather import BriefParams, candidate_articles, topic_overlap
from briefbot.writing.summarize_sentences import article_sentences, embed_sentences, looks_like_boilerplate

DUPLICATE_EVENT = 0.72
"""Sentences of different articles at least this similar (MiniLM cosine) report the same event."""


# ---------------------------------------------------------------------- events
@dataclass
class RawEvent:
    """A dated sentence of one article (before merging across outlets)."""

    article: Article
    start: int
    end: int
    when: EventDate

    @property
    def text(self) -> str:
        return self.article.text[self.start:self.end]


def events_in(article: Article) -> list[RawEvent]:
    """Every sentence of ``article`` that reports a dated happening or plan."""
    out: list[RawEvent] = []
    for span in split_sentences(article.text):
        text = article.text[span.start:span.end]
        if len(text.split()) < 5 or looks_like_boilerplate(text) or looks_like_injection(text):
            continue
        if not _reports_event(text):
            continue
        for c_start, c_end in clauses(text):
            clause = text[c_start:c_end]
            when = resolve_date(clause, article.published)
            if when is None:
                continue
            if c_start == 0 and c_end == len(text):
                out.append(RawEvent(article, span.start, span.end, when))
            else:  # a sentence reporting two dated happenings: one event per clause
                out.append(RawEvent(article, span.start + c_start, span.start + c_end, when))
    return out


CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")
"""Where a sentence joins two statements ("approved the budget on Friday, and a preview
took place last week"): each part with its own date is its own event."""


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Offsets of the statements joined in ``sentence``; the whole sentence when it holds one
    date expression (or none)."""
    dated = [p for _, _, p in DATE_PATTERNS]
    n_dates = sum(len(p.findall(sentence)) for p in dated)
    if n_dates < 2:
        return [(0, len(sentence))]
    out: list[tuple[int, int]] = []
    start = 0
    for m in CLAUSE_BREAK.finditer(sentence):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(sentence)))
    return [(a, b) for a, b in out if b - a > 0]


_VERB = re.compile(
    r"\b\w+(?:ed|en)\b|\b(?:will|would|is|are|was|were|has|have|had|met|meet|meets|spoke|speak|said|says|"
    r"told|took|take|held|hold|holds|began|begin|begins|ran|run|runs|won|win|lost|cut|set|made|make|"
    r"left|leave|came|come|went|go|goes|sent|send|paid|pay|rose|fell|hit|saw|signed|sign|opens?|close[sd]?|"
    r"start(?:s|ed)?|visit(?:s|ed)?|plan(?:s|ned)?|due)\b",
    re.I,
)


def _reports_event(text: str) -> bool:
    """A statement with a verb (not a heading, a caption or a date line)."""
    return bool(_VERB.search(text)) and not text.rstrip().endswith("?")


def merge_events(raw: Sequence[RawEvent], vectors: np.ndarray | None, make_citation: Any,
                 also_in: Any = None) -> list[Event]:
    """One event per (story event, date); same event with other dates kept side by side.

    ``vectors``: the sentences' unit embeddings (None: only identical sentences merge).
    ``make_citation(raw_event) -> Citation``; ``also_in(citation)`` names copy outlets.
    """
    groups: list[list[int]] = []
    for i, ev in enumerate(raw):
        fits = [g for g in groups if ev.article.id not in {raw[j].article.id for j in g}
                and _compatible(raw[g[0]].when, ev.when) and _similar(i, g[0], raw, vectors)]
        if fits:  # the closest report of the same event
            max(fits, key=lambda g: _closeness(i, g[0], vectors)).append(i)
        else:
            groups.append([i])
    events: list[Event] = []
    for g in groups:
        members = [raw[j] for j in g]
        cites = [make_citation(m) for m in members]
        if also_in is not None:
            for c in cites:
                c.also_in = also_in(c)
        outlets = list(dict.fromkeys(m.article.source or m.article.id for m in members))
        rep = members[0]
        text = " ".join(standalone_text([m.text for m in members]).split())
        events.append(Event(rep.when.date, _best_precision(members), text, cites, outlets,
                            expected=expected_event(rep.when.date, text, [m.article.published for m in members])))
    # the same event with a different date elsewhere: show both, each knows the other's date
    for a in range(len(groups)):
        for b in range(a + 1, len(groups)):
            ea, eb = events[a], events[b]
            if ea.date_precision == eb.date_precision == "day" and ea.date != eb.date and \
                    _similar(groups[a][0], groups[b][0], raw, vectors) and \
                    {raw[j].article.id for j in groups[a]}.isdisjoint({raw[j].article.id for j in groups[b]}):
                ea.other_dates = sorted(set(ea.other_dates) | {eb.date})
                eb.other_dates = sorted(set(eb.other_dates) | {ea.date})
    events.sort(key=lambda e: (e.date, {"day": 0, "month": 1, "approximate": 2, "year": 3}[e.date_precision]))
    return events


def standalone_text(texts: Sequence[str]) -> str:
    """An event's words: of the reports of it (``texts``, in order), the first that, once an opening
    that points back and can be cut is cut (:func:`~briefbot.writing.summarize_clean.compress_start`:
    "However, "), does not point at a sentence the timeline does not show ("The same source said they
    may speak again …": :func:`~briefbot.writing.summarize_clean.dangling_start`); else the first,
    cut the same way.  What is kept is an exact span of its report."""
    cut = [t[compress_start(t):] for t in texts]
    return next((t for t in cut if not dangling_start(t)), cut[0])


def expected_event(day: str, text: str, published: Sequence[Any]) -> bool:
    """Is a dated sentence a forecast or plan rather than a happening?  Its date lies after its
    earliest report, or its main clause speaks of the future
    (:func:`briefbot.language.forecast.is_forecast`: "may speak again later this week",
    "is expected to", "will be sentenced next month")."""
    reported = min((str(p)[:10] for p in published if p), default=None)
    return bool(reported) and day > str(reported) or is_forecast(text)


APPROXIMATE_DAYS = 7
"""An approximate date ("later this week") matches any date this many days either side."""


def _compatible(a: EventDate, b: EventDate) -> bool:
    """Can two dates be the same event's?  Equal; or one is approximate and close; or
    one is coarser (month, year) and contains the other."""
    if a.date == b.date:
        return True
    if "approximate" in (a.precision, b.precision):
        return abs((date.fromisoformat(a.date) - date.fromisoformat(b.date)).days) <= APPROXIMATE_DAYS
    coarse = {"month": 7, "year": 4}
    for x, y in ((a, b), (b, a)):
        if x.precision in coarse and y.date.startswith(x.date[: coarse[x.precision]]):
            return True
    return False


def _similar(i: int, j: int, raw: Sequence[RawEvent], vectors: np.ndarray | None) -> bool:
    if vectors is None:
        return " ".join(raw[i].text.split()).lower() == " ".join(raw[j].text.split()).lower()
    return float(vectors[i] @ vectors[j]) >= DUPLICATE_EVENT


def _closeness(i: int, j: int, vectors: np.ndarray | None) -> float:
    return 1.0 if vectors is None else float(vectors[i] @ vectors[j])


def _best_precision(members: Sequence[RawEvent]) -> Precision:
    order: list[Precision] = ["day", "month", "approximate", "year"]
    return min((m.when.precision for m in members), key=order.index)


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000.0


# ---------------------------------------------------------------------- topic timelines
@dataclass(frozen=True)
class TimelineParams:
    """Knobs of :func:`build_timeline` (defaults calibrated on ``corpus/``)."""

    min_relevance: float = 0.45
    """An article counts when its best sentence scores at least this (as for briefs) ..."""
    relative_relevance: float = 0.55
    """... and at least this share of the best article's score."""
    event_relevance: float = 0.5
    """An event sentence is kept when it (or a sentence just before it, see
    :data:`CONTEXT_SENTENCES`) scores at least this share of its article's best sentence:
    a wrap-up article's other stories stay out of the topic's timeline."""


CONTEXT_SENTENCES = 2
"""Sentences before an event sentence that lend it their relevance ("The Fishing Quotas
Act ..." then "The bill was introduced on April 1"): news sentences point back."""
CONTEXT_DECAY = 0.9
"""Relevance lent by the sentence k places before is multiplied by this to the power k."""


def build_timeline(index: Any, topic: str, filters: Any = None, params: TimelineParams | None = None) -> Timeline:
    """The dated events about ``topic`` in the indexed articles, sorted by event date."""
    t0 = time.perf_counter()
    p = params or TimelineParams()
    topic = (topic or "").strip()
    if not topic:
        raise ValueError("the topic is empty: name what the timeline should be about")
    if too_long := text_too_long(topic, "topic"):
        raise ValueError(too_long)
    f = Filters.parse(filters)
    qvec = encode([topic])[0]
    ids = candidate_articles(index, topic, qvec, f, BriefParams())
    stored = index.get_articles(ids)
    by_article = article_sentences(index, [stored[i] for i in ids if i in stored])
    embed_sentences([s for sents in by_article.values() for s in sents])
    words, topic_names = content_words(topic), names(topic)
    relevance: dict[tuple[str, int], float] = {}
    best: dict[str, float] = {}
    for aid, sents in by_article.items():
        for s in sents:
            score = 0.55 * float(s.ev.vector @ qvec) + 0.45 * topic_overlap(words, topic_names, s.ev)  # type: ignore[operator]
            relevance[(aid, s.ev.start)] = score
            best[aid] = max(best.get(aid, 0.0), score)
    floor = max(p.min_relevance, p.relative_relevance * max(best.values(), default=0.0))
    copies = CopyGroups.of_index(index)
    relevant = copies.one_per_text(sorted((a for a in best if best[a] >= floor), key=lambda a: -best[a]))
    raw: list[RawEvent] = []
    home: dict[int, Any] = {}  # id(raw event) -> the article sentence holding it
    for aid in relevant:
        sents = sorted(by_article[aid], key=lambda s: s.ev.start)
        for ev in events_in(stored[aid]):
            at = next((i for i, s in enumerate(sents) if s.ev.start <= ev.start < s.ev.end), None)
            if at is None:
                continue
            context = [relevance[(aid, sents[j].ev.start)] * (CONTEXT_DECAY ** (at - j))
                       for j in range(max(0, at - CONTEXT_SENTENCES), at + 1)]
            if max(context) >= p.event_relevance * best[aid]:
                raw.append(ev)
                home[id(ev)] = sents[at].ev
    vectors = np.stack([home[id(e)].vector for e in raw]) if raw else None
    cites = Citations()

    def citation(e: RawEvent) -> Any:
        ev = home[id(e)]
        if (ev.start, ev.end) != (e.start, e.end):  # one clause of the sentence: quote exactly that
            ev = replace(ev, start=e.start, end=e.end, text=e.text)
        cid = cites.add(ev)
        return cites.items[cid - 1]

    events = merge_events(raw, vectors, citation, lambda c: copies.also_in(c.article_id, c.source))
    return Timeline(topic, events, relevant, {"total": _ms(t0)})
