"""The write log kept in the store: which chunk ids each write generation touched.

Why: several processes (replicas on one Chroma server, or a server next to
``briefbot ingest``) keep their own BM25 index.  Each used to rebuild it from every
chunk after any write.  Now each write leaves two steps in ``<prefix>_changes`` (a
small Chroma collection, so every process that can read the chunks can read it):

``begin``
    the chunk ids the write is about to add or remove.  Until the write's ``end``
    step, readers *hide* them (dense and lexical side): chunks written but not yet
    vouched for by an article record are never cited.  A write killed after ``begin``
    leaves its ids hidden -- the next ``begin`` carries them forward, and the next
    ingest's repair removes the orphans (:meth:`briefbot.store.index.Index.repair`).
``end``
    the ids to bring in step: a reader fetches exactly these chunks and adds,
    replaces or drops them (:meth:`briefbot.store.lexical.LexicalIndex.apply`).

A step's id is the new write generation and it names the previous one, so a reader
at generation ``g`` walks back from the current generation to ``g``.  Steps are
written before the generation changes; a step nobody points to is harmless.  When
the chain is broken (pruned after :data:`KEEP_S`, or an index from an older version)
the reader falls back to a full build.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

BEGIN, END = "begin", "end"
KEEP_S = 24 * 3600.0
"""Steps older than this are pruned; a reader that far behind does a full build."""
MAX_STEPS = 5000
"""A reader further behind than this many steps does a full build instead."""
MAX_IDS = 20000
EVERYTHING = "*"
"""A step touching more than :data:`MAX_IDS` chunks (a huge prune) lists just this: readers
do a full build rather than fetch that many chunks one delta at a time."""


@dataclass(frozen=True)
class Step:
    generation: str
    prev: str
    kind: str
    ids: tuple[str, ...]
    at: float


class ChangeLog:
    """The ``<prefix>_changes`` collection (no embedding model: a 1-d placeholder vector)."""

    def __init__(self, client: Any, name: str) -> None:
        self.collection = client.get_or_create_collection(name, embedding_function=None)

    def get(self, generation: str) -> Step | None:
        got = self.collection.get(ids=[generation], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        meta = got["metadatas"][0] or {}
        return Step(generation, str(meta.get("prev", "")), str(meta.get("kind", "")),
                    tuple(json.loads(got["documents"][0] or "[]")), float(meta.get("at", 0.0)))

    def record(self, prev: str, kind: str, ids: list[str]) -> str:
        """Write the step that follows generation ``prev``; returns the new generation.

        An unfinished write's ``begin`` ids are carried into the next step, so they stay
        hidden (another ``begin``) or get brought in step (an ``end``)."""
        before = self.get(prev) if prev != "none" else None
        carried = list(before.ids) if before is not None and before.kind == BEGIN else []
        generation = uuid.uuid4().hex
        touched = sorted({*ids, *carried})
        if len(touched) > MAX_IDS:
            touched = [EVERYTHING]
        self.collection.upsert(
            ids=[generation],
            documents=[json.dumps(touched)],
            metadatas=[{"prev": prev, "kind": kind, "at": time.time()}],
            embeddings=[[1.0]],
        )
        return generation

    def steps(self, since: str, current: str) -> list[Step] | None:
        """The steps from generation ``since`` (exclusive) to ``current``, oldest first;
        None when the chain cannot be followed back that far."""
        out: list[Step] = []
        at = current
        while at != since:
            if len(out) >= MAX_STEPS:
                return None
            step = self.get(at)
            if step is None:
                return None
            out.append(step)
            at = step.prev
        out.reverse()
        return out

    def hidden(self, generation: str) -> tuple[str, ...]:
        """Chunk ids that readers must not return at ``generation`` (an unfinished write's)."""
        step = self.get(generation) if generation != "none" else None
        return step.ids if step is not None and step.kind == BEGIN else ()

    def finished(self, generation: str) -> bool:
        """The last write (or delete, or repair) that changed ``generation`` completed."""
        step = self.get(generation) if generation != "none" else None
        return step is not None and step.kind == END

    def prune(self, keep_s: float = KEEP_S) -> None:
        self.collection.delete(where={"at": {"$lt": time.time() - keep_s}})
