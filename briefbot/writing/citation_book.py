"""One citation numbering for a whole brief: each exact quote gets one id, and lists built
elsewhere (the timeline, disagreements, new facts) are renumbered into it."""

from __future__ import annotations

from collections.abc import Sequence

from briefbot.schema import Citation
from briefbot.writing.summarize_sentences import Sentence


class CitationBook:
    """Continues a summary's citation numbering (one id per exact quote)."""

    def __init__(self, existing: Sequence[Citation]) -> None:
        self.items = list(existing)
        self._ids = {(c.article_id, c.start, c.end): c.id for c in self.items}

    def add(self, s: Sentence) -> int:
        ev = s.ev
        if ev.key not in self._ids:
            cid = len(self.items) + 1
            self._ids[ev.key] = cid
            self.items.append(Citation(cid, ev.article_id, ev.title, ev.source, ev.url, ev.published,
                                       ev.chunk_id, ev.text, ev.start, ev.end, True))
        return self._ids[ev.key]

    def add_citation(self, c: Citation) -> int:
        """The id of ``c``'s exact quote in this book (added when new): another list's citation
        renumbered into this one."""
        key = (c.article_id, c.start, c.end)
        if key not in self._ids:
            cid = len(self.items) + 1
            self._ids[key] = cid
            self.items.append(Citation(cid, c.article_id, c.title, c.source, c.url, c.published, c.chunk_id,
                                       c.quote, c.start, c.end, c.supported, list(c.also_in)))
        return self._ids[key]
