"""Wire copies: the same report republished by several outlets counts as one source.

News sites republish agency copy with light edits: a new headline, an added byline or
dateline, a trimmed or reworded sentence.  Counting each copy as a separate outlet
would let one text look like corroboration.  At ingest every article's body is
reduced to a MinHash signature over word shingles; a MinHash LSH index
(``datasketch``) finds candidate pairs, and a pair whose estimated Jaccard
similarity reaches :data:`COPY_THRESHOLD` is one text.  Groups are the connected
components; the earliest member (publication date, then id) is the original and
every other member records ``copy_of`` = the original's id.

Signatures are cached in the index folder (``copies-<collection>.json``) by content
hash, so an ingest only hashes new or changed articles.

Consumers read :class:`CopyGroups` (built from the stored records): citations gain
``also_in`` (the other outlets carrying the same text), answers and briefs count
``independent_outlets`` (one per distinct text).
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from briefbot.evidence import Evidence
    from briefbot.index import ArticleRecord, Index

SHINGLE_WORDS = 5
"""Words per shingle.  Five-word runs are rare across independently written reports of
one story (they share names and facts, not phrasing) but survive light edits: each
edited word changes at most five shingles."""
NUM_PERM = 128
"""MinHash permutations: the Jaccard estimate's standard error is about 0.04."""
SCHEME = "affine32"
"""datasketch's permutation scheme, named so cached signatures stay comparable."""
COPY_THRESHOLD = 0.4
"""Estimated Jaccard similarity of the shingle sets at or above which two articles are
one text.  Calibrated with ``scripts/make_syndication_set.py`` on 761 articles (292
generated copies with light edits, new headlines, added bylines/datelines, cut last
paragraphs; 269 pairs of different reports of one story from corpus/, Multi-News and
MultiHop-RAG): different reports of one story reach at most 0.21, 95% of copies are
above 0.58.  At 0.4 precision is 1.000 and recall 0.990; 0.5 loses recall (0.973) and
0.3 leaves only 0.09 of margin over the same-story maximum."""
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


# ---------------------------------------------------------------------- signatures
def shingles(text: str, size: int | None = None) -> set[str]:
    """Lower-cased word ``size``-grams (default :data:`SHINGLE_WORDS`) of ``text``."""
    size = size or SHINGLE_WORDS
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> Any:
    """The MinHash of ``text``'s shingles."""
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles(text)])
    return m


def _from_values(values: Sequence[int]) -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=np.array(values, dtype=np.uint32))


def similarity(a: Any, b: Any) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(a.jaccard(b))


def find_groups(
    signatures: Mapping[str, Any], order: Mapping[str, tuple], threshold: float = COPY_THRESHOLD
) -> dict[str, str]:
    """``{article id: original id}`` for every article that is a copy of an earlier one.

    ``order`` gives each id a sort key (earliest first); ids not in a group are absent.
    """
    from datasketch import MinHashLSH

    if len(signatures) < 2:
        return {}
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    for key, sig in signatures.items():
        lsh.insert(key, sig)
    parent = {k: k for k in signatures}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for key, sig in signatures.items():
        for other in lsh.query(sig):
            if other != key and similarity(sig, signatures[other]) >= threshold:
                ra, rb = root(key), root(other)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = {}
    for k in signatures:
        members.setdefault(root(k), []).append(k)
    out: dict[str, str] = {}
    for group in members.values():
        if len(group) < 2:
            continue
        first = min(group, key=lambda k: (order.get(k, ()), k))
        out.update({k: first for k in group if k != first})
    return out


# ---------------------------------------------------------------------- the index side
class SignatureCache:
    """MinHash values per article id and content hash, kept in one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, Any]] = {}
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if (data.get("shingle_words"), data.get("num_perm"), data.get("scheme")) == (
                    SHINGLE_WORDS, NUM_PERM, SCHEME):
                    self.entries = dict(data.get("articles", {}))
            except (OSError, ValueError, AttributeError):
                self.entries = {}  # a damaged cache is rebuilt from the stored texts

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        tmp.write_text(json.dumps({"shingle_words": SHINGLE_WORDS, "num_perm": NUM_PERM, "scheme": SCHEME,
                                   "articles": self.entries}), encoding="utf-8")
        tmp.replace(self.path)


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
    sigs = {i: _from_values(e["sig"]) for i, e in cache.entries.items()}
    copy_of = find_groups(sigs, {i: _order_key(r) for i, r in records.items()}, threshold)
    changed = {i: copy_of.get(i, "") for i, r in records.items() if (r.copy_of or "") != copy_of.get(i, "")}
    if changed:
        index.set_copy_of(changed)
    if dirty:
        cache.save()
    return len(copy_of)


def _order_key(rec: ArticleRecord) -> tuple:
    """Earliest first: publication date (undated last), then first ingest."""
    return (rec.published or "9999-99-99", rec.ingested_at)


# ---------------------------------------------------------------------- consumers
@dataclass
class CopyGroups:
    """Which stored articles carry the same text, read from the records' ``copy_of``."""

    original: dict[str, str] = field(default_factory=dict)
    """article id -> the id of its group's original (every grouped article, originals too)."""
    sources: dict[str, str] = field(default_factory=dict)
    """article id -> outlet, for every grouped article."""

    @classmethod
    def from_records(cls, records: Iterable[ArticleRecord]) -> CopyGroups:
        recs = list(records)
        groups = cls()
        for rec in recs:
            if rec.copy_of:
                groups.original[rec.id] = rec.copy_of
                groups.original[rec.copy_of] = rec.copy_of
        for rec in recs:
            if rec.id in groups.original:
                groups.sources[rec.id] = rec.source
        return groups

    @classmethod
    def of_index(cls, index: Any) -> CopyGroups:
        """The groups of ``index``: its cached :meth:`~briefbot.index.Index.copy_groups`,
        else built from its records, else empty (e.g. a test double)."""
        cached = getattr(index, "copy_groups", None)
        if callable(cached):
            return cached()
        records = getattr(index, "records", None)
        return cls.from_records(records().values()) if callable(records) else cls()

    def text_of(self, article_id: str) -> str:
        """The id standing for ``article_id``'s text: its original, or itself."""
        return self.original.get(article_id, article_id)

    def same_text(self, a: str, b: str) -> bool:
        return self.text_of(a) == self.text_of(b)

    def members(self, article_id: str) -> list[str]:
        root = self.text_of(article_id)
        return sorted(k for k, r in self.original.items() if r == root) or [article_id]

    def also_in(self, article_id: str, own_source: str = "") -> list[str]:
        """Other outlets that carry ``article_id``'s text (not its own outlet)."""
        out: list[str] = []
        for other in self.members(article_id):
            src = self.sources.get(other, "")
            if other != article_id and src and src != own_source and src not in out:
                out.append(src)
        return out

    def one_per_text(self, article_ids: Iterable[str]) -> list[str]:
        """``article_ids`` without later copies of a text already listed (order kept)."""
        seen: set[str] = set()
        out: list[str] = []
        for a in article_ids:
            if self.text_of(a) not in seen:
                seen.add(self.text_of(a))
                out.append(a)
        return out

    def independent(self, cited: Iterable[tuple[str, str]]) -> int:
        """Independent outlets among ``(article id, outlet)`` pairs.

        Copies collapse into their original first (one text, credited to the outlet
        that published it first); then each outlet counts once.
        """
        outlets: set[str] = set()
        for article_id, source in cited:
            root = self.text_of(article_id)
            outlets.add(self.sources.get(root) or source or root)
        return len(outlets)


# ---------------------------------------------------------------------- evidence
SAME_SENTENCE = 0.8
"""Two evidence sentences of one text (original and copy) at least this similar (MiniLM
cosine) are the same sentence, lightly edited: only the first is kept."""


def fold_copies(items: Sequence[Evidence], groups: CopyGroups) -> list[Evidence]:
    """Evidence in which a wire copy never stands beside its original as a second source.

    A duplicate from a copy of the item's own text is dropped (the citation's
    ``also_in`` names the copy's outlet instead), and an item that repeats an earlier
    item's sentence from a copy of the same text is dropped.
    """
    if not groups.original:
        return list(items)
    kept: list[Evidence] = []
    for ev in items:
        texts = {groups.text_of(ev.article_id)}
        dups = []
        for dup in ev.duplicates:
            if groups.text_of(dup.article_id) not in texts:
                texts.add(groups.text_of(dup.article_id))
                dups.append(dup)
        ev.duplicates = dups
        if not any(groups.same_text(k.article_id, ev.article_id) and _same_sentence(k, ev) for k in kept):
            kept.append(ev)
    return kept


def _same_sentence(a: Evidence, b: Evidence) -> bool:
    if a.vector is not None and b.vector is not None:
        return float(a.vector @ b.vector) >= SAME_SENTENCE
    return " ".join(a.text.split()).lower() == " ".join(b.text.split()).lower()


def one_text_note(groups: CopyGroups, cited: Sequence[tuple[str, str]]) -> str | None:
    """The uncertainty note when several outlets are cited but all carry one text."""
    if not cited:
        return None
    roots = {groups.text_of(a) for a, _ in cited}
    if len(roots) != 1:
        return None
    root = next(iter(roots))
    outlets = [groups.sources.get(m, "") for m in groups.members(root)]
    outlets = [o for o in dict.fromkeys(outlets) if o]
    if len(groups.members(root)) < 2:
        return None
    first = groups.sources.get(root) or "one outlet"
    others = [o for o in outlets if o != first]
    also = f", republished by {', '.join(others)}" if others else ", republished"
    return (f"All support comes from one text: {first}'s report{also}; copies of one report count "
            "as one source, not as corroboration")
