"""A reader's own outlet and date for an article, kept in the store so re-ingest keeps them.

Why: a ``.txt`` or a page may carry no outlet or date (or a wrong one), and only the reader
knows better.  An edit is one row of ``<prefix>_edits`` -- a small Chroma collection, like
the change log, so it lives wherever the chunks live (embedded or a Chroma server), is seen
by every process on the index and survives restarts.  The ingest path applies the edit to
the article it loads *before* comparing content hashes (:func:`briefbot.store.ingest.write_batch`),
so re-ingesting the same file or URL keeps the reader's outlet and date, and an unchanged
file is still "unchanged".

Edits are checked here, once, for every front end (API, CLI, UI): an outlet is a short
line of plain text, a date a real calendar date ``YYYY-MM-DD`` that is not in the future.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from briefbot.sources.articles import Article

MAX_OUTLET_CHARS = 80
"""The longest outlet name an edit may set (real ones are a few words)."""
_OUTLET_CHARS = re.compile(r"[\w .,&'’\-()/:!?+@#]+")
"""Letters (any script), digits, spaces and the punctuation outlet names use."""
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST = date(1800, 1, 1)


class EditError(ValueError):
    """An outlet or date a reader may not set (the message says what is wrong)."""


def check_outlet(value: str) -> str:
    """``value`` stripped, when it is a short line of plain text naming an outlet; else :class:`EditError`."""
    text = " ".join(str(value).split())
    if not text:
        raise EditError("the outlet is empty: give the outlet's name, e.g. Lakeside Courier")
    if len(text) > MAX_OUTLET_CHARS:
        raise EditError(f"the outlet is {len(text)} characters long; at most {MAX_OUTLET_CHARS} are allowed")
    if any(unicodedata.category(ch).startswith("C") for ch in str(value) if ch not in " \t"):
        raise EditError("the outlet contains control characters or line breaks; give one line of plain text")
    if not _OUTLET_CHARS.fullmatch(text) or not any(ch.isalnum() for ch in text):
        raise EditError("the outlet may hold letters, digits, spaces and . , & ' - ( ) / : ! ? + @ # only")
    return text


def check_date(value: str, today: date | None = None) -> str:
    """``value`` when it is a real calendar date ``YYYY-MM-DD`` from 1800 up to tomorrow; else :class:`EditError`."""
    text = str(value).strip()
    if not _ISO_DATE.fullmatch(text):
        raise EditError(f"the date {text[:40]!r} is not written YYYY-MM-DD (e.g. 2025-10-24)")
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise EditError(f"{text} is not a real date") from exc
    latest = (today or datetime.now(UTC).date()) + timedelta(days=1)  # a day of slack for time zones
    if day < EARLIEST or day > latest:
        raise EditError(f"{text} is outside the dates an article can have (1800-01-01 to {latest.isoformat()})")
    return text


@dataclass(frozen=True)
class MetaEdit:
    """What the reader set for one article; None = keep what the article itself says."""

    source: str | None = None
    published: str | None = None

    @classmethod
    def checked(cls, source: str | None = None, published: str | None = None) -> MetaEdit:
        """An edit from untrusted input (raises :class:`EditError`; at least one field is needed)."""
        if source is None and published is None:
            raise EditError("nothing to change: give an outlet, a date or both")
        return cls(None if source is None else check_outlet(source),
                   None if published is None else check_date(published))

    def merged(self, newer: MetaEdit) -> MetaEdit:
        """This edit with the fields ``newer`` sets replaced."""
        return MetaEdit(newer.source if newer.source is not None else self.source,
                        newer.published if newer.published is not None else self.published)

    def apply(self, article: Article) -> Article:
        """``article`` with the edited fields."""
        changes: dict[str, Any] = {}
        if self.source is not None:
            changes["source"] = self.source
        if self.published is not None:
            changes["published"] = self.published
        return replace(article, **changes) if changes else article

    def to_dict(self) -> dict[str, str | None]:
        return {"source": self.source, "published": self.published}


class EditStore:
    """The ``<prefix>_edits`` collection: one row per edited article (no embedding: a 1-d placeholder)."""

    def __init__(self, client: Any, name: str) -> None:
        self.collection = client.get_or_create_collection(name, embedding_function=None)

    def get(self, article_id: str) -> MetaEdit | None:
        got = self.collection.get(ids=[article_id], include=["metadatas"])
        return _edit(got["metadatas"][0]) if got["ids"] else None

    def all(self) -> dict[str, MetaEdit]:
        """Every edit by article id (edits are few: one paged read)."""
        out: dict[str, MetaEdit] = {}
        while True:
            got = self.collection.get(include=["metadatas"], limit=1000, offset=len(out))
            out.update({i: _edit(m) for i, m in zip(got["ids"], got["metadatas"], strict=True)})
            if len(got["ids"]) < 1000:
                return out

    def put(self, article_id: str, edit: MetaEdit) -> None:
        self.collection.upsert(
            ids=[article_id], documents=[article_id], embeddings=[[1.0]],
            metadatas=[{"source": edit.source or "", "published": edit.published or "", "at": time.time()}],
        )

    def drop(self, article_ids: Iterable[str]) -> None:
        ids = list(article_ids)
        for start in range(0, len(ids), 500):
            self.collection.delete(ids=ids[start:start + 500])


def _edit(meta: dict[str, Any] | None) -> MetaEdit:
    meta = meta or {}
    return MetaEdit(str(meta.get("source") or "") or None, str(meta.get("published") or "") or None)
