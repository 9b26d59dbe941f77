"""Incremental ingest: load sources, skip unchanged articles, re-index changed ones, prune.

Two steps: :func:`load_batch` reads files and fetches URLs with no lock and no index
writes (a slow download never blocks readers or other writers); :func:`write_batch`
chunks and embeds with no lock either, and holds the index's writer lock only for
each batch's short store step.  :func:`ingest` does both.

Unchanged articles (same content hash) are skipped before any chunking or
embedding, so re-ingesting an unchanged corpus never loads the model.  Articles are
written in batches so that encoding runs at full batch size.  A source that fails
to load never removes the article it produced before: only ``prune`` removes
articles, and only those whose origin lies under a source given in this run and
was not seen (nor failed) this time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from briefbot.config import Settings
from briefbot.sources.articles import Article, FieldCaps, LoadedBatch, LoadFailure, cap_fields, is_url, load_sources
from briefbot.sources.chunking import chunk_article
from briefbot.store.copies import COPY_THRESHOLD, SignatureCache, find_groups, from_values, order_key, signature
from briefbot.store.embeddings import encode
from briefbot.store.index import Index, PreparedArticle

ProgressFn = Callable[[int, str], None]
"""Called with (articles done so far, current origin)."""


@dataclass
class IngestReport:
    """What one ingest run did; ``to_dict`` is the ``briefbot ingest --json`` contract."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks: int = 0
    failed: list[LoadFailure] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)
    updated_ids: list[str] = field(default_factory=list)
    removed_ids: list[str] = field(default_factory=list)
    repaired: dict[str, int] = field(default_factory=dict)
    syndicated: int = 0
    """Stored articles that are wire copies of another stored article (after this run)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "chunks": self.chunks,
            "failed": [f.to_dict() for f in self.failed],
        }


def load_batch(
    sources: Sequence[str | Path],
    settings: Settings,
    *,
    progress: ProgressFn | None = None,
) -> LoadedBatch:
    """Read files and fetch URLs into a :class:`LoadedBatch`; never touches the index.

    A bad source (missing file, malformed or blocked URL, unreachable host) becomes an
    entry in ``failed``; the others are still loaded.
    """
    batch = LoadedBatch(sources=[str(s) for s in sources])
    items = load_sources(
        batch.sources,
        max_bytes=int(settings.max_file_mb * 1e6),
        timeout_s=settings.fetch_timeout_s,
        allow_private=settings.allow_private_urls,
        deadline_s=settings.fetch_deadline_s,
    )
    for item in items:
        if isinstance(item, LoadFailure):
            batch.failed.append(item)
            continue
        if not is_url(item.origin):
            # Store absolute paths: prune must work whatever the cwd or path spelling.
            item = replace(item, origin=_origin_key(item.origin))
        batch.articles.append(item)
        if progress:
            progress(len(batch.articles), item.origin)
    return batch


def write_batch(
    index: Index,
    batch: LoadedBatch,
    *,
    prune: bool = False,
    progress: ProgressFn | None = None,
    batch_chunks: int | None = None,
) -> IngestReport:
    """Bring the index in line with a loaded batch.

    Chunking and embedding -- nearly all of the time -- run *outside* the writer lock;
    the lock (:meth:`Index.store_step`: the cross-process lock plus a server's
    in-process write lock) is held only for the repair check, then for each batch's
    store step, the origin updates and the prune, so readers and other writers wait
    for short steps only (issue 21 N5).  Another process's repair can still never
    delete chunks written here before their records: chunks and their records land in
    one store step.  ``batch_chunks`` (default: ``settings.ingest_batch_chunks``) is
    how many chunks are embedded and written per step.
    """
    settings = index.settings
    batch_chunks = batch_chunks or settings.ingest_batch_chunks
    caps = FieldCaps.of(settings)  # untrusted titles/authors/outlets bounded before storing (issue 21)
    edits = index.edits.all() if batch.articles else {}  # the reader's outlet/date win over the parsed ones
    articles = [_edited(cap_fields(a, caps), edits) for a in batch.articles]
    report = IngestReport(failed=list(batch.failed), repaired=index.repair())
    records = index.records()
    seen_ids: set[str] = set()
    moved: dict[str, str] = {}
    pending: list[PreparedArticle] = []
    pending_chunks = 0

    def flush() -> None:
        nonlocal pending, pending_chunks
        if pending:
            vectors = index.embed(pending)  # the slow part, at full batch size, no lock
            done = 0
            for step in _store_steps(pending, STORE_STEP_CHUNKS):  # the lock, a short step at a time
                n = sum(len(p.chunks) for p in step)
                report.chunks += index.write(step, vectors[done:done + n])
                done += n
        pending, pending_chunks = [], 0

    for done, item in enumerate(articles, start=1):
        if progress:
            progress(done, item.origin)
        seen_ids.add(item.id)
        old = records.get(item.id)
        if old is not None and old.content_hash == item.content_hash:
            report.unchanged += 1
            if old.origin != item.origin:
                moved[item.id] = item.origin
            continue
        prepared = _prepare(item, settings.chunk_words, settings.chunk_overlap_sentences)
        if old is None:
            report.added += 1
            report.added_ids.append(item.id)
        else:
            report.updated += 1
            report.updated_ids.append(item.id)
        pending.append(prepared)
        pending_chunks += len(prepared.chunks)
        if pending_chunks >= batch_chunks:
            flush()
    flush()
    if moved:  # same content from a new place: update the record, embed nothing
        index.update_origins(moved)

    if prune:
        doomed = _prunable(records.values(), batch.sources, seen_ids, report.failed)
        if doomed:
            index.delete_articles(doomed)
            report.removed = len(doomed)
            report.removed_ids = doomed
    report.syndicated = update_copies(index)
    return report


STORE_STEP_CHUNKS = 128
"""Chunks stored per hold of the writer lock (whole articles; embedding batches are larger)."""


def _store_steps(prepared: list[PreparedArticle], size: int) -> list[list[PreparedArticle]]:
    """``prepared`` cut into runs of whole articles of about ``size`` chunks each."""
    steps: list[list[PreparedArticle]] = [[]]
    count = 0
    for p in prepared:
        if steps[-1] and count + len(p.chunks) > size:
            steps.append([])
            count = 0
        steps[-1].append(p)
        count += len(p.chunks)
    return [s for s in steps if s]


def ingest(
    index: Index,
    sources: Sequence[str | Path],
    *,
    prune: bool = False,
    progress: ProgressFn | None = None,
    batch_chunks: int | None = None,
) -> IngestReport:
    """Load ``sources`` (no lock), then write them (under the index lock). See the module docstring.

    ``progress`` follows the write step: (articles processed, origin).
    """
    batch = load_batch(sources, index.settings)
    return write_batch(index, batch, prune=prune, progress=progress, batch_chunks=batch_chunks)


def _prepare(article: Article, chunk_words: int, overlap: int) -> PreparedArticle:
    return PreparedArticle(article, chunk_article(article, chunk_words, overlap))


def _edited(article: Article, edits: dict[str, Any]) -> Article:
    edit = edits.get(article.id)
    return edit.apply(article) if edit is not None else article


def relabel(index: Index, article: Article) -> int:
    """Store ``article`` -- a stored article with a new outlet or date, same text -- reusing the
    vectors of its stored chunks (the chunk texts are unchanged, so nothing is embedded again).

    It goes through the ordinary write (new content hash, new chunk ids, change-log steps), so
    the BM25 index, the gazetteer and every reader see the new metadata like any other write.
    A chunk whose text has no stored vector (chunk settings changed) is embedded.
    """
    settings = index.settings
    prepared = _prepare(article, settings.chunk_words, settings.chunk_overlap_sentences)
    old = index.chunks.get(where={"article_id": article.id}, include=["documents", "embeddings"])
    stored = {doc: vec for doc, vec in zip(old["documents"] or [], old["embeddings"] if old["embeddings"] is not None
                                                else [], strict=False)}
    texts = [d.page_content for d in prepared.chunks]
    missing = sorted({t for t in texts if t not in stored})
    if missing:
        stored.update(zip(missing, encode(missing, settings.embed_batch_size), strict=True))
    vectors = np.asarray([stored[t] for t in texts], dtype=np.float32)
    return index.write([prepared], vectors)


def _prunable(
    records: Iterable[Any],
    sources: Sequence[str | Path],
    seen_ids: set[str],
    failed: list[LoadFailure],
) -> list[str]:
    """Stored articles whose origin is under one of ``sources`` and was not seen now.

    An origin that failed to load this time is kept: bad input loses nothing.
    """
    roots = [_origin_key(str(s)) for s in sources]
    failed_origins = {_origin_key(f.file) for f in failed}
    doomed: list[str] = []
    for rec in records:
        if rec.id in seen_ids:
            continue
        origin = _origin_key(rec.origin)
        if origin in failed_origins:
            continue
        if any(origin == r or origin.startswith(r.rstrip("/") + "/") for r in roots):
            doomed.append(rec.id)
    return sorted(doomed)


def _origin_key(origin: str) -> str:
    """URLs as they are; paths absolute and resolved (as given when they cannot be)."""
    if is_url(origin):
        return origin
    try:
        return str(Path(origin).resolve())
    except (OSError, ValueError, RuntimeError):
        return origin


# ---------------------------------------------------------------------- wire copies
def cache_path(index: Index) -> Path:
    return Path(index.settings.index_dir) / f"copies-{index.settings.collection}.json"


def update_copies(index: Index, threshold: float = COPY_THRESHOLD) -> int:
    """Recompute the copy groups of every stored article and store ``copy_of``.

    Returns how many articles are copies.  Only new or changed articles are hashed;
    only records whose ``copy_of`` changes are written.
    """
    records = index.records()
    cache = SignatureCache(cache_path(index))
    stale = [i for i, r in records.items()
             if cache.entries.get(i, {}).get("hash") != r.content_hash]
    for start in range(0, len(stale), 200):
        for aid, art in index.get_articles(stale[start:start + 200]).items():
            values = signature(art.text).hashvalues
            cache.entries[aid] = {"hash": records[aid].content_hash, "sig": [int(v) for v in values]}
    dirty = bool(stale) or any(i not in records for i in cache.entries)
    cache.entries = {i: e for i, e in cache.entries.items() if i in records}
    sigs = {i: from_values(e["sig"]) for i, e in cache.entries.items()}
    copy_of = find_groups(sigs, {i: order_key(r) for i, r in records.items()}, threshold)
    changed = {i: copy_of.get(i, "") for i, r in records.items() if (r.copy_of or "") != copy_of.get(i, "")}
    if changed:
        index.set_copy_of(changed)
    if dirty:
        cache.save()
    return len(copy_of)
