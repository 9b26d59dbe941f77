"""Incremental ingest: load sources, skip unchanged articles, re-index changed ones, prune.

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

from briefbot.articles import Article, LoadFailure, is_url, load_sources
from briefbot.chunking import chunk_article
from briefbot.dedup import update_copies
from briefbot.index import Index, PreparedArticle

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


def ingest(
    index: Index,
    sources: Sequence[str | Path],
    *,
    prune: bool = False,
    progress: ProgressFn | None = None,
    batch_chunks: int | None = None,
) -> IngestReport:
    """Bring the index in line with ``sources``. See the module docstring.

    ``batch_chunks`` (default: ``settings.ingest_batch_chunks``) is how many chunks are
    embedded and written per step.
    """
    settings = index.settings
    batch_chunks = batch_chunks or settings.ingest_batch_chunks
    report = IngestReport(repaired=index.repair())
    records = index.records()
    seen_ids: set[str] = set()
    moved: dict[str, str] = {}
    pending: list[PreparedArticle] = []
    pending_chunks = 0

    def flush() -> None:
        nonlocal pending, pending_chunks
        report.chunks += index.write(pending)
        pending, pending_chunks = [], 0

    items = load_sources(
        sources, max_bytes=int(settings.max_file_mb * 1e6), timeout_s=settings.fetch_timeout_s
    )
    done = 0
    for item in items:
        if isinstance(item, LoadFailure):
            report.failed.append(item)
            continue
        done += 1
        if progress:
            progress(done, item.origin)
        if not is_url(item.origin):
            # Store absolute paths: prune must work whatever the cwd or path spelling.
            item = replace(item, origin=str(Path(item.origin).resolve()))
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
        doomed = _prunable(records.values(), sources, seen_ids, report.failed)
        if doomed:
            index.delete_articles(doomed)
            report.removed = len(doomed)
            report.removed_ids = doomed
    report.syndicated = update_copies(index)
    return report


def _prepare(article: Article, chunk_words: int, overlap: int) -> PreparedArticle:
    return PreparedArticle(article, chunk_article(article, chunk_words, overlap))


def _prunable(
    records: Iterable[Any],
    sources: Sequence[str | Path],
    seen_ids: set[str],
    failed: list[LoadFailure],
) -> list[str]:
    """Stored articles whose origin is under one of ``sources`` and was not seen now.

    An origin that failed to load this time is kept: bad input loses nothing.
    """
    roots = [str(s) if is_url(str(s)) else str(Path(s).resolve()) for s in sources]
    failed_origins = {f.file if is_url(f.file) else str(Path(f.file).resolve()) for f in failed}
    doomed: list[str] = []
    for rec in records:
        if rec.id in seen_ids:
            continue
        origin = rec.origin if is_url(rec.origin) else str(Path(rec.origin).resolve())
        if origin in failed_origins:
            continue
        if any(origin == r or origin.startswith(r.rstrip("/") + "/") for r in roots):
            doomed.append(rec.id)
    return sorted(doomed)
