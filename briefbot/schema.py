"""The result types every front end returns: :class:`Answer`, :class:`Citation`, :class:`Summary`.

``to_dict`` produces exactly the JSON contracts of design.md; ``quote ==
article.text[start:end]`` holds for every citation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

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
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        """The inverse of :meth:`to_dict` (keys beyond the contract are ignored)."""
        return cls(**{name: data[name] for name in _CITATION_FIELDS if name in data})


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
    """Diagnostics such as an LLM fallback (not part of the JSON contract)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "status": self.status,
            "answer": self.answer,
            "uncertainty": self.uncertainty,
            "confidence": round(self.confidence, 3),
            "citations": [c.to_dict() for c in self.citations],
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "status": self.status,
            "text": self.text,
            "points": [p.to_dict() for p in self.points],
            "citations": [c.to_dict() for c in self.citations],
            "open_questions": list(self.open_questions),
            "articles": list(self.articles),
            "backend": self.backend,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }
