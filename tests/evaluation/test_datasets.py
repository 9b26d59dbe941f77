"""Benchmark adapters: any file of the documented schema loads; errors name file, line, field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefbot.evaluation.datasets import DatasetError, load_multihop_queries, load_rgb

EVALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "evaldata"


def jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_multihop_minimal_schema(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "q.jsonl", [
        {"id": "q1", "question_type": "comparison_query", "query": "Q?", "answer": "Yes",
         "answer_format": "yes_no", "evidence": [{"doc_id": "d1"}, {"doc_id": "d2"}, {"doc_id": "d1"}]},
        {"id": "q2", "question_type": "null_query", "query": "R?", "answer": "Insufficient information.",
         "evidence_doc_ids": []},
    ])
    got = load_multihop_queries(path)
    assert got[0].evidence_doc_ids == ("d1", "d2") and not got[0].is_null
    assert got[1].is_null and got[1].expected_behavior == "abstain"


def test_rgb_minimal_schema_hides_labels_from_corpus(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "r.jsonl", [
        {"id": "r1", "query": "Q", "answer": "Tampa", "condition": "noise_robustness",
         "passages": [{"pid": "p1", "text": "A", "label": "positive"}, {"text": "B", "label": "negative"}],
         "candidate_pool": {"positive": ["A"]}},
    ])
    (item,) = load_rgb(path)
    assert item.alias_groups == (("Tampa",),)
    records = item.corpus_records("rgb0000")
    assert records == [{"id": "rgb0000-p1", "text": "A"}, {"id": "rgb0000-p2", "text": "B"}]


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ({"id": "q1", "query": "Q?", "answer": "x"}, "question_type"),
        ({"id": "q1", "question_type": "inference_query", "answer": "x"}, "query"),
    ],
)
def test_multihop_errors(tmp_path: Path, row: dict, needle: str) -> None:
    path = jsonl(tmp_path / "q.jsonl", [row])
    with pytest.raises(DatasetError, match=rf"q\.jsonl:1: record 'q1': field '{needle}'"):
        load_multihop_queries(path)


def test_rgb_errors(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "r1", "query": "Q", "condition": "x", "passages": [{"pid": "p1"}]}\n')
    with pytest.raises(DatasetError, match=r"r\.jsonl:1: record 'r1': field 'passages\[0\]\.text'"):
        load_rgb(path)
    path.write_text("not json\n")
    with pytest.raises(DatasetError, match=r"r\.jsonl:1: invalid JSON"):
        load_rgb(path)


def test_shared_dev_files_load() -> None:
    if not EVALDATA.is_dir():
        pytest.skip("../shared/evaldata not available")
    queries = load_multihop_queries(EVALDATA / "multihop_rag.dev.queries.jsonl")
    assert len(queries) == 150 and sum(q.is_null for q in queries) == 30
    items = load_rgb(EVALDATA / "rgb.dev.jsonl")
    assert len(items) == 150
    assert sum(i.negatives_mention_answer_loose for i in items if i.condition == "negative_rejection") == 5
