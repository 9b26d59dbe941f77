"""Adapters for the external benchmark files (schemas in ``../shared/evaldata/README.md``).

Any JSON Lines file of the same schema works, not only the dev split.  The data is
read where it lies at run time and never copied into the repository.

* MultiHop-RAG queries → :class:`MultiHopQuery`; its articles file (``doc_id`` …) is
  ingested by briefbot's own JSONL loader, so nothing here parses articles.
* RGB items → :class:`RGBItem`.  The passage ``label`` and the ``candidate_pool`` are
  kept for scoring only; :meth:`RGBItem.corpus_records` is all the system under test sees.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHARED_DEV = {
    "multihop_queries": "multihop_rag.dev.queries.jsonl",
    "multihop_articles": "multihop_rag.dev.articles.jsonl",
    "rgb": "rgb.dev.jsonl",
    "summaries": "sum_dev.jsonl",
    "multinews": "multinews_dev.jsonl",
}


class DatasetError(ValueError):
    """A benchmark file or record is unusable; the message names file, line and field."""


def default_evaldata_dir(start: Path | None = None) -> Path:
    """``<repo>/../shared/evaldata`` (the repository is the parent of the ``briefbot`` package)."""
    repo = (start or Path(__file__).resolve().parents[2])
    return repo.parent / "shared" / "evaldata"


def iter_jsonl(path: str | Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """``("file:line", object)`` for every non-empty line; bad JSON raises :class:`DatasetError`."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path}: no such file")
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{where}: invalid JSON at column {exc.colno}: {exc.msg}") from exc
            if not isinstance(obj, dict):
                raise DatasetError(f"{where}: expected a JSON object, got {type(obj).__name__}")
            yield where, obj


def _require(obj: dict[str, Any], where: str, name: str, kind: type | tuple[type, ...]) -> Any:
    if name not in obj:
        raise DatasetError(f"{where}: record {obj.get('id', '?')!r}: field {name!r} is missing")
    value = obj[name]
    if not isinstance(value, kind):
        raise DatasetError(
            f"{where}: record {obj.get('id', '?')!r}: field {name!r} has type {type(value).__name__}"
        )
    return value


# ---------------------------------------------------------------------- MultiHop-RAG
@dataclass(frozen=True)
class MultiHopQuery:
    id: str
    question_type: str
    query: str
    answer: str
    answer_format: str
    expected_behavior: str
    evidence_doc_ids: tuple[str, ...]
    where: str = ""

    @property
    def is_null(self) -> bool:
        return self.question_type == "null_query" or self.expected_behavior == "abstain"


def load_multihop_queries(path: str | Path, limit: int | None = None) -> list[MultiHopQuery]:
    out: list[MultiHopQuery] = []
    for where, obj in iter_jsonl(path):
        qid = str(obj.get("id") or where)
        evidence_ids = obj.get("evidence_doc_ids")
        if evidence_ids is None:
            evidence_ids = [e.get("doc_id") for e in obj.get("evidence") or [] if isinstance(e, dict)]
        if not isinstance(evidence_ids, list) or not all(isinstance(e, str) for e in evidence_ids):
            raise DatasetError(f"{where}: record {qid!r}: field 'evidence_doc_ids' must be a list of doc ids")
        qtype = _require(obj, where, "question_type", str)
        out.append(MultiHopQuery(
            id=qid,
            question_type=qtype,
            query=_require(obj, where, "query", str),
            answer=str(_require(obj, where, "answer", (str, int, float))),
            answer_format=str(obj.get("answer_format") or ""),
            expected_behavior=str(obj.get("expected_behavior") or ("abstain" if qtype == "null_query" else "answer")),
            evidence_doc_ids=tuple(dict.fromkeys(evidence_ids)),
            where=where,
        ))
        if limit is not None and len(out) >= limit:
            break
    return out


def check_multihop_articles(path: str | Path) -> int:
    """Count article records, checking each has ``doc_id`` (or ``id``) and ``text``."""
    n = 0
    for where, obj in iter_jsonl(path):
        if not (obj.get("doc_id") or obj.get("id")):
            raise DatasetError(f"{where}: field 'doc_id' is missing")
        if not isinstance(obj.get("text"), str):
            raise DatasetError(f"{where}: record {obj.get('doc_id')!r}: field 'text' is missing")
        n += 1
    return n


ARTICLE_FIELDS = ("title", "source", "published_at", "url", "author")
"""The fields of a MultiHop-RAG article record that briefbot ingests besides ``doc_id`` and ``text``."""


def multihop_article_records(path: str | Path) -> list[dict[str, Any]]:
    """Every article of a MultiHop-RAG articles file as a briefbot JSON record (``id`` = ``doc_id``,
    ``text`` and the :data:`ARTICLE_FIELDS` that are set); the labels (``role``, evidence) are left out."""
    out: list[dict[str, Any]] = []
    for where, obj in iter_jsonl(path):
        doc_id = obj.get("doc_id") or obj.get("id")
        if not isinstance(doc_id, str) or not doc_id:
            raise DatasetError(f"{where}: field 'doc_id' is missing")
        if not isinstance(obj.get("text"), str):
            raise DatasetError(f"{where}: record {doc_id!r}: field 'text' is missing")
        rec: dict[str, Any] = {"id": doc_id, "text": obj["text"]}
        rec.update({k: obj[k] for k in ARTICLE_FIELDS if isinstance(obj.get(k), str) and obj[k]})
        out.append(rec)
    return out


# ---------------------------------------------------------------------- RGB
@dataclass(frozen=True)
class RGBPassage:
    pid: str
    text: str
    label: str
    """Hidden from the system; scoring only."""


@dataclass(frozen=True)
class RGBItem:
    id: str
    query: str
    answer: str
    alias_groups: tuple[tuple[str, ...], ...]
    condition: str
    expected_behavior: str
    passages: tuple[RGBPassage, ...]
    fake_answer: str | None = None
    negatives_mention_answer_loose: bool = False
    where: str = ""

    def corpus_records(self, prefix: str) -> list[dict[str, str]]:
        """The passages as article records: id and text only (no label, no condition)."""
        return [{"id": f"{prefix}-{p.pid}", "text": p.text} for p in self.passages]


def _alias_groups(raw: Any, answer: Any, where: str, rid: str) -> tuple[tuple[str, ...], ...]:
    if raw is None:
        raw = answer
    if isinstance(raw, str):
        return ((raw,),)
    if not isinstance(raw, list) or not raw:
        raise DatasetError(f"{where}: record {rid!r}: field 'answer_alias_groups' must be a non-empty list")
    groups = []
    for group in raw:
        if isinstance(group, str):
            group = [group]
        if not isinstance(group, list) or not all(isinstance(a, (str, int, float)) for a in group):
            raise DatasetError(f"{where}: record {rid!r}: field 'answer_alias_groups' holds a bad group")
        groups.append(tuple(str(a) for a in group))
    return tuple(groups)


def load_rgb(path: str | Path, limit: int | None = None) -> list[RGBItem]:
    out: list[RGBItem] = []
    for where, obj in iter_jsonl(path):
        rid = str(_require(obj, where, "id", (str, int)))
        passages_raw = _require(obj, where, "passages", list)
        passages = []
        for i, p in enumerate(passages_raw):
            if not isinstance(p, dict) or not isinstance(p.get("text"), str):
                raise DatasetError(f"{where}: record {rid!r}: field 'passages[{i}].text' is missing")
            passages.append(RGBPassage(str(p.get("pid") or f"p{i + 1}"), p["text"], str(p.get("label") or "")))
        answer = obj.get("answer")
        out.append(RGBItem(
            id=rid,
            query=_require(obj, where, "query", str),
            answer=answer if isinstance(answer, str) else json.dumps(answer),
            alias_groups=_alias_groups(obj.get("answer_alias_groups"), answer, where, rid),
            condition=_require(obj, where, "condition", str),
            expected_behavior=str(obj.get("expected_behavior") or ""),
            passages=tuple(passages),
            fake_answer=obj.get("fake_answer") if isinstance(obj.get("fake_answer"), str) else None,
            negatives_mention_answer_loose=bool(obj.get("negatives_mention_answer_loose")),
            where=where,
        ))
        if limit is not None and len(out) >= limit:
            break
    return out


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
