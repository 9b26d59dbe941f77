"""The BM25 side of hybrid retrieval, kept in step with the store by deltas.

Why: every write used to make every process rebuild BM25 from the whole chunk
collection (16-30 s at 100k chunks).  Now a full build happens once (or when the
change log cannot bridge the gap, see :mod:`briefbot.store.changes`); after that a
write's chunks are applied as a *delta*:

* the **main** index is a bm25s index built over every chunk at the last full build;
  chunks removed or replaced since then are switched off by a weight mask;
* the **side** index holds the chunks added since, scored here with the same Lucene
  BM25 formula, using document frequencies and mean length of main + side,
  and merged with main's results by score.  Main's own scores keep the document
  frequencies of the full build: slightly stale after many writes, which is why the
  side is folded in by a full build once it grows past :data:`SIDE_LIMIT_FRACTION`.

Every object is immutable once built: :meth:`LexicalIndex.apply` returns a new one,
so a request that holds an index while a write lands keeps a consistent view.
``hidden`` chunk ids (written by a write that has not finished, or was killed) are
never returned by a search, and :mod:`briefbot.store.retrieve` drops them from the
dense side too.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from briefbot.language.text import bm25_terms

TOKENIZER = "briefbot.language.text/snowball-1"
"""Which tokenizer built a saved BM25 index; a saved index built by another is rebuilt."""
K1, B = 1.5, 0.75
"""bm25s's defaults (method "lucene"), used for the side index too."""
SIDE_LIMIT_FRACTION = 0.05
SIDE_LIMIT_MIN = 2000
"""The side index is folded into a full build when it holds more than this many chunks
and more than this fraction of main."""


def tokenize(texts: list[str]) -> list[list[str]]:
    """BM25 terms: the stems and stop words of :mod:`briefbot.language.text`, as every rule uses."""
    return [bm25_terms(t) for t in texts]


def lexical_text(document: str, meta: dict) -> str:
    """Index title and outlet with the chunk so "what did Bloomberg report" matches."""
    return f"{meta.get('title', '')} {meta.get('source', '')} {document}"


@dataclass(frozen=True)
class Side:
    """Chunks added since the last full build: their terms, lengths and postings."""

    ids: tuple[str, ...] = ()
    metadatas: tuple[dict, ...] = ()
    lengths: tuple[int, ...] = ()
    postings: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    """term -> ((side position, term frequency), ...)"""
    dead: frozenset[int] = frozenset()

    def with_docs(self, ids: list[str], metas: list[dict], texts: list[str]) -> Side:
        postings = {t: list(p) for t, p in self.postings.items()}
        base = len(self.ids)
        lengths = list(self.lengths)
        for n, terms in enumerate(tokenize(texts)):
            lengths.append(len(terms))
            for term, tf in Counter(terms).items():
                postings.setdefault(term, []).append((base + n, tf))
        return Side(self.ids + tuple(ids), self.metadatas + tuple(metas), tuple(lengths),
                    {t: tuple(p) for t, p in postings.items()}, self.dead)

    def alive(self) -> int:
        return len(self.ids) - len(self.dead)


class LexicalIndex:
    """bm25s over every chunk of one write generation (see the module docstring)."""

    def __init__(
        self, ids: list[str], metadatas: list[dict], generation: str, bm25: Any,
        avgdl: float = 1.0, *, alive: np.ndarray | None = None, side: Side | None = None,
        hidden: frozenset[str] = frozenset(), positions: dict[str, int] | None = None,
    ) -> None:
        self.main_ids = ids
        self.main_metadatas = metadatas
        self.generation = generation
        self.bm25 = bm25
        self.avgdl = avgdl or 1.0
        self.alive = alive if alive is not None else np.ones(len(ids), dtype=np.float32)
        self.side = side or Side()
        self.hidden = hidden
        self._positions = positions if positions is not None else {i: n for n, i in enumerate(ids)}
        # What callers see: every position (main, then side); masks they pass align with these.
        self.ids = ids + list(self.side.ids) if self.side.ids else ids
        self.metadatas = metadatas + list(self.side.metadatas) if self.side.ids else metadatas

    # ---------------------------------------------------------------- building
    @classmethod
    def build(
        cls, ids: list[str], documents: list[str], metadatas: list[dict], generation: str,
        hidden: Iterable[str] = (),
    ) -> LexicalIndex:
        import bm25s

        bm25 = None
        avgdl = 1.0
        if ids:
            bm25 = bm25s.BM25(k1=K1, b=B)
            tokens = tokenize([lexical_text(d, m) for d, m in zip(documents, metadatas, strict=True)])
            avgdl = float(np.mean([len(t) for t in tokens])) if tokens else 1.0
            bm25.index(tokens, show_progress=False)
        return cls(list(ids), list(metadatas), generation, bm25, avgdl).with_hidden(hidden)

    def size(self) -> int:
        """Chunks searchable now (removed and hidden ones not counted)."""
        hidden_here = sum(1 for h in self.hidden if h in self._positions or h in self.side.ids)
        return int(self.alive.sum()) + self.side.alive() - hidden_here

    def needs_full_build(self) -> bool:
        """The side index has grown large enough that a full build pays for itself."""
        return self.side.alive() > max(SIDE_LIMIT_MIN, SIDE_LIMIT_FRACTION * len(self.main_ids))

    def with_hidden(self, hidden: Iterable[str]) -> LexicalIndex:
        return self._copy(self.generation, self.alive, self.side, frozenset(hidden))

    def apply(
        self, generation: str, present: dict[str, tuple[str, dict]], absent: Iterable[str],
        hidden: Iterable[str],
    ) -> LexicalIndex:
        """A new index for ``generation``: chunks in ``present`` (id -> (text, metadata))
        added or replaced, ``absent`` ones removed, ``hidden`` ones not returned."""
        alive = self.alive
        dead = set(self.side.dead)
        side_pos = {cid: n for n, cid in enumerate(self.side.ids)}
        gone = [*present, *absent]
        main_gone = [self._positions[c] for c in gone if c in self._positions]
        if main_gone:
            alive = alive.copy()
            alive[main_gone] = 0.0
        dead.update(side_pos[c] for c in gone if c in side_pos)
        side = Side(self.side.ids, self.side.metadatas, self.side.lengths, self.side.postings, frozenset(dead))
        if present:
            ids = list(present)
            side = side.with_docs(ids, [present[i][1] for i in ids],
                                  [lexical_text(*present[i]) for i in ids])
        return self._copy(generation, alive, side, frozenset(hidden))

    def _copy(self, generation: str, alive: np.ndarray, side: Side, hidden: frozenset[str]) -> LexicalIndex:
        return LexicalIndex(self.main_ids, self.main_metadatas, generation, self.bm25, self.avgdl,
                            alive=alive, side=side, hidden=hidden, positions=self._positions)

    # ---------------------------------------------------------------- saving
    def save(self, folder: Path) -> None:
        """Save the main index (only a full build is saved; deltas are replayed on load)."""
        # a private temp folder, then a rename: concurrent savers (other processes
        # serving the same index) never write into each other's files
        tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.bm25 is not None:
            self.bm25.save(str(tmp / "bm25"))
        (tmp / "state.json").write_text(
            json.dumps({"generation": self.generation, "tokenizer": TOKENIZER, "ids": self.main_ids,
                        "metadatas": self.main_metadatas, "avgdl": self.avgdl})
        )
        old = folder.with_name(f"{folder.name}.old-{uuid.uuid4().hex[:8]}")
        try:
            folder.rename(old)
        except OSError:
            old = None
        try:
            tmp.rename(folder)
        except OSError:  # another process saved the same generation first
            shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        state_file = folder / "state.json"
        if not state_file.is_file():
            return None
        try:
            import bm25s

            state = json.loads(state_file.read_text())
            if state.get("tokenizer") != TOKENIZER:
                return None  # built with other terms: rebuild
            bm25 = bm25s.BM25.load(str(folder / "bm25")) if state["ids"] else None
            return cls(state["ids"], state["metadatas"], state["generation"], bm25, float(state.get("avgdl", 1.0)))
        except (OSError, ValueError, KeyError):
            return None

    # ---------------------------------------------------------------- searching
    def search(
        self, query: str, k: int, mask: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """Top ``k`` (chunk id, BM25 score) with score > 0, optionally within ``mask``
        (aligned with :attr:`ids`); removed and hidden chunks never."""
        tokens = tokenize([query])
        if not tokens or not tokens[0] or k <= 0:
            return []
        n_main = len(self.main_ids)
        found = self._search_main(tokens, k, None if mask is None else mask[:n_main])
        if self.side.ids:
            found += self._search_side(tokens[0], k, None if mask is None else mask[n_main:])
            found.sort(key=lambda pair: pair[1], reverse=True)
        if self.hidden:
            found = [pair for pair in found if pair[0] not in self.hidden]
        return found[:k]

    def _search_main(self, tokens: list[list[str]], k: int, mask: np.ndarray | None) -> list[tuple[str, float]]:
        if self.bm25 is None or not self.main_ids:
            return []
        weights = mask
        if len(self.alive) and self.alive.min() < 1.0:
            weights = self.alive if mask is None else mask * self.alive
        extra = len(self.hidden)  # hidden ones are dropped after: ask for that many more
        docs, scores = self.bm25.retrieve(
            tokens, k=min(k + extra, len(self.main_ids)), show_progress=False,
            weight_mask=weights, n_threads=0,
        )
        return [(self.main_ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def _search_side(self, terms: list[str], k: int, mask: np.ndarray | None) -> list[tuple[str, float]]:
        side = self.side
        n_docs = int(self.alive.sum()) + side.alive()
        # the mean length over main and side, as a full build would have it
        avgdl = (self.avgdl * len(self.main_ids) + sum(side.lengths)) / (len(self.main_ids) + len(side.ids))
        scores: dict[int, float] = {}
        for term in terms:
            postings = side.postings.get(term)
            if not postings:
                continue
            df = self._main_df(term) + sum(1 for pos, _ in postings if pos not in side.dead)
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            for pos, tf in postings:
                if pos in side.dead or (mask is not None and not mask[pos]):
                    continue
                norm = K1 * ((1 - B) + B * side.lengths[pos] / avgdl)
                scores[pos] = scores.get(pos, 0.0) + idf * tf / (norm + tf)
        best = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[: k + len(self.hidden)]
        return [(side.ids[pos], float(s)) for pos, s in best if s > 0]

    def _main_df(self, term: str) -> int:
        if self.bm25 is None:
            return 0
        tid = self.bm25.vocab_dict.get(term)
        if tid is None:
            return 0
        indptr = self.bm25.scores["indptr"]
        return int(indptr[tid + 1] - indptr[tid])
