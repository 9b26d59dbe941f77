"""The result types every front end returns: :class:`Answer`, :class:`Citation`, :class:`Summary`.

``to_dict`` produces exactly the JSON contracts of design.md; ``quote ==
article.text[start:end]`` holds for every citation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Precision = Literal["day", "month", "year", "approximate"]
"""How exact an event date is (``briefbot.language.eventdates`` resolves it)."""

Status = Literal["answered", "uncertain", "insufficient_evidence"]
STATUSES: tuple[str, ...] = ("answered", "uncertain", "insufficient_evidence")

INSUFFICIENT_SENTENCE = "The indexed articles do not contain enough evidence to answer this question."
"""The one fixed, recognisable sentence for insufficient evidence."""


@dataclass
class Citation:
    """One cited passage: an exact quote of an article with its character offsets."""

    id: int
    article_id: str
    title: str
    source: str
    url: str | None
    published: str | None
    chunk_id: str
    quote: str
    start: int
    end: int
    supported: bool = True
    also_in: list[str] = field(default_factory=list)
    """Other outlets carrying the same text (wire copies); they are not extra sources."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "chunk_id": self.chunk_id,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "supported": self.supported,
            "also_in": list(self.also_in),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        """The inverse of :meth:`to_dict` (keys beyond the contract are ignored)."""
        return cls(**{name: data[name] for name in _CITATION_FIELDS if name in data})


@dataclass
class ArticleSource:
    """One article of a source list, listed once with every citation id that quotes it (a brief
    may quote one article many times; each ``[n]`` still opens its own exact quote)."""

    article_id: str
    title: str
    source: str
    published: str | None
    url: str | None
    citations: list[int]
    also_in: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "title": self.title, "source": self.source,
                "published": self.published, "url": self.url, "citations": list(self.citations),
                "also_in": list(self.also_in)}


def sources_of(citations: Sequence[Citation]) -> list[ArticleSource]:
    """The articles behind ``citations``, each once, in order of first citation."""
    out: dict[str, ArticleSource] = {}
    for c in citations:
        entry = out.get(c.article_id)
        if entry is None:
            out[c.article_id] = ArticleSource(c.article_id, c.title, c.source, c.published, c.url, [c.id],
                                              list(c.also_in))
        else:
            entry.citations.append(c.id)
            entry.also_in += [o for o in c.also_in if o not in entry.also_in]
    return list(out.values())


@dataclass(frozen=True)
class DisagreementSide:
    """One side of a disagreement: the exact quote, its citation id (None if not cited), its outlet."""

    text: str
    citation: int | None
    outlet: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citation": self.citation, "outlet": self.outlet}


@dataclass(frozen=True)
class Disagreement:
    """Sources that disagree about the same event (kind: date, year, number, denial, recommendation, claim)."""

    kind: str
    sides: tuple[DisagreementSide, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "sides": [s.to_dict() for s in self.sides]}


@dataclass
class Answer:
    """The answer to one question (design.md "Answer JSON")."""

    question: str
    status: Status
    answer: str
    uncertainty: str | None
    confidence: float
    citations: list[Citation]
    backend: str
    timings_ms: dict[str, float] = field(default_factory=dict)
    standalone_question: str | None = None
    """The question as searched, after follow-up rewriting (not part of the JSON contract)."""
    notes: list[str] = field(default_factory=list)
    """What a reader should know about how the answer was written, such as an LLM fallback (not
    part of the JSON contract; the web page and terminal show them)."""
    reasons: list[str] = field(default_factory=list)
    """The status rules' own words for an abstention ("the relevant passages never mention: announc"):
    stems, scores and rule labels for developers (``briefbot ask --verbose``), never shown to a reader,
    who reads the same facts in plain words in ``uncertainty`` (not part of the JSON contract)."""
    independent_outlets: int = 0
    """Outlets behind the supported citations, wire copies of one text counted once."""
    disagreements: list[Disagreement] = field(default_factory=list)
    """Same-event disagreements between sources, both quotes with outlets (empty when none)."""
    summary: str | None = None
    """For an ``uncertain`` answer: one written line of what is and is not known, shown before
    the answer ("No confirmed reason: called unclear [1]; …").  Built from the answer's own
    sentences and the assessment, never a fact of its own, so it is kept apart from ``answer``
    (whose every sentence is a cited, verified quote or model sentence)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "status": self.status,
            "summary": self.summary,
            "answer": self.answer,
            "uncertainty": self.uncertainty,
            "confidence": round(self.confidence, 3),
            "citations": [c.to_dict() for c in self.citations],
            "independent_outlets": self.independent_outlets,
            "disagreements": [d.to_dict() for d in self.disagreements],
            "backend": self.backend,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        """Rebuild an answer from its JSON (e.g. one a ``briefbot serve`` returned)."""
        return cls(
            question=data["question"],
            status=data["status"],
            answer=data["answer"],
            summary=data.get("summary"),
            uncertainty=data.get("uncertainty"),
            confidence=float(data.get("confidence", 0.0)),
            citations=[Citation.from_dict(c) for c in data.get("citations", [])],
            backend=data.get("backend", ""),
            timings_ms=dict(data.get("timings_ms", {})),
        )


_CITATION_FIELDS = (
    "id", "article_id", "title", "source", "url", "published", "chunk_id", "quote", "start", "end", "supported",
)


def search_row(doc: Any, rank: int) -> dict[str, Any]:
    """One ``briefbot search --json`` / ``POST /api/search`` row for a retrieved chunk."""
    meta = doc.metadata
    return {
        "rank": rank,
        "chunk_id": meta["chunk_id"],
        "article_id": meta["article_id"],
        "title": meta.get("title", ""),
        "source": meta.get("source", ""),
        "published": meta.get("published") or None,
        "score": meta["score"],
        "dense_score": meta["dense_score"],
        "bm25_score": meta["bm25_score"],
        "start": meta["start"],
        "end": meta["end"],
        "text": doc.page_content,
    }


@dataclass
class SummaryPoint:
    """One sentence of a summary and the citation ids that support it."""

    text: str
    citations: list[int]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": list(self.citations)}


@dataclass
class Summary:
    """An article summary or a multi-article topic brief."""

    topic: str
    status: Status
    text: str
    points: list[SummaryPoint]
    citations: list[Citation]
    open_questions: list[str]
    backend: str
    articles: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    independent_outlets: int = 0
    """Outlets behind the cited articles, wire copies of one text counted once."""
    timeline: Timeline | None = None
    """A topic brief's dated events (None for article summaries)."""
    disagreements: list[Disagreement] = field(default_factory=list)
    """Same-event disagreements between the brief's sources (both quotes, citation ids, outlets)."""
    since: str | None = None
    """``brief --since``: the date the reader last looked (None: no "what's new" sections)."""
    new_points: list[SummaryPoint] = field(default_factory=list)
    """Facts first reported after ``since``."""
    answered_open_questions: list[AnsweredQuestion] = field(default_factory=list)
    """Open questions up to ``since`` that later articles answer."""
    story: Story | None = None
    """A topic brief told as a story (bottom line, what happened, why, who says what, what
    next, questions); None for article summaries and insufficient briefs."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "topic": self.topic,
            "status": self.status,
            "text": self.text,
            "points": [p.to_dict() for p in self.points],
            "citations": [c.to_dict() for c in self.citations],
            "sources": [a.to_dict() for a in sources_of(self.citations)],
            "open_questions": list(self.open_questions),
            "articles": list(self.articles),
            "independent_outlets": self.independent_outlets,
            "backend": self.backend,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }
        out["disagreements"] = [d.to_dict() for d in self.disagreements]
        if self.timeline is not None:
            out["timeline"] = self.timeline.to_dict()
        if self.story is not None:
            out.update(self.story.to_dict())
        if self.since is not None:
            out["since"] = self.since
            out["new_points"] = [p.to_dict() for p in self.new_points]
            out["answered_open_questions"] = [q.to_dict() for q in self.answered_open_questions]
        return out


@dataclass
class StoryItem:
    """One line of a story section: exact article text (a sentence or an exact span of it)
    and the citation ids of the brief's one source list that support it."""

    text: str
    citations: list[int]
    date: str | None = None
    """YYYY-MM-DD (``what_happened``: when it happened; ``what_next``: when it is expected)."""
    date_precision: str | None = None
    """``day|month|year|approximate`` from the sentence's own date, or ``reported``: no date in
    the sentence, dated by the earliest report's publication day."""
    outlets: list[str] = field(default_factory=list)
    """Outlets whose articles carry it (wire copies count once)."""
    attribution: str | None = None
    """Who the sentence credits in its own words ("CNN, citing a White House official"), or None."""
    hedged: bool = False
    """The sentence hedges ("reportedly", "one source said", "may")."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "citations": list(self.citations), "outlets": list(self.outlets)}
        if self.date is not None:
            out["date"] = self.date
            out["date_precision"] = self.date_precision
        out["attribution"] = self.attribution
        out["hedged"] = self.hedged
        return out


@dataclass
class OutletView:
    """What one speaker says (``who_says_what``); disagreements are listed apart, once."""

    who: str
    """The speaker as the sentences credit it ("CNN, citing a White House official", "Russia's
    Foreign Ministry"); each item's ``outlets`` are the outlets that carry it."""
    says: list[StoryItem]

    def to_dict(self) -> dict[str, Any]:
        return {"who": self.who, "says": [s.to_dict() for s in self.says]}


@dataclass
class OpenQuestion:
    """Something the sources leave open, phrased as a question, with who raised it."""

    question: str
    raised_by: list[str]
    """Who says it is open: the in-text attribution ("CNN") when there is one, else the outlets."""
    citations: list[int]
    """The hedged sentences it was phrased from (ids in the brief's source list)."""

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "raised_by": list(self.raised_by), "citations": list(self.citations)}


@dataclass
class Story:
    """A topic brief's sections, in reading order (design.md "Story briefs")."""

    bottom_line: list[StoryItem] = field(default_factory=list)
    """At most two sentences: the story's main facts."""
    what_happened: list[StoryItem] = field(default_factory=list)
    """Events that took place, oldest first, each dated (forecasts are never here)."""
    why: list[StoryItem] = field(default_factory=list)
    """Explanations, each with its attribution and whether it is hedged."""
    who_says_what: list[OutletView] = field(default_factory=list)
    """Attributed claims grouped by who makes them (each item lists the outlets carrying it)."""
    what_next: list[StoryItem] = field(default_factory=list)
    """What is expected (forecasts, plans, schedules), dated when the sentence dates it."""
    questions: list[OpenQuestion] = field(default_factory=list)
    """Open questions phrased as questions."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "bottom_line": [i.to_dict() for i in self.bottom_line],
            "what_happened": [i.to_dict() for i in self.what_happened],
            "why": [i.to_dict() for i in self.why],
            "who_says_what": [v.to_dict() for v in self.who_says_what],
            "what_next": [i.to_dict() for i in self.what_next],
            "questions": [q.to_dict() for q in self.questions],
        }


@dataclass
class Event:
    """One dated event with the citations that report it (design.md "Timeline JSON")."""

    date: str
    date_precision: Precision
    text: str
    citations: list[Any]
    outlets: list[str]
    other_dates: list[str] = field(default_factory=list)
    """Dates other sources give for the same event (a disagreement shown side by side)."""
    expected: bool = False
    """A forecast or plan (dated after its report, or its main clause speaks of the future): what
    is expected on that date, not what happened (additive JSON field, present only when true)."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.date,
            "date_precision": self.date_precision,
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "outlets": list(self.outlets),
        }
        if self.other_dates:
            out["other_dates"] = list(self.other_dates)
        if self.expected:
            out["expected"] = True
        return out


@dataclass
class Timeline:
    """Events about a topic, sorted by event date (design.md "Timeline JSON")."""

    topic: str
    events: list[Event]
    articles: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "events": [e.to_dict() for e in self.events],
            "articles": list(self.articles),
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }

    def per_day(self) -> dict[str, int]:
        """Events per date (for the small chart)."""
        counts: dict[str, int] = {}
        for e in self.events:
            counts[e.date] = counts.get(e.date, 0) + 1
        return counts


@dataclass
class AnsweredQuestion:
    """An open question from before the date and the later sentence that answers it."""

    question: str
    question_citation: int
    answer: str
    answer_citation: int
    asked_by: str
    answered_by: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "asked_by": self.asked_by,
            "answer": self.answer,
            "answered_by": self.answered_by,
            "citations": [self.question_citation, self.answer_citation],
        }
