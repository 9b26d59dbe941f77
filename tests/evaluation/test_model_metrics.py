"""Model prose kept and time to first token, from Answer objects as the chain makes them."""

from __future__ import annotations

from briefbot.evaluation.model_metrics import model_fields, model_metrics
from briefbot.schema import Answer


def _answer(backend: str, status: str = "uncertain", notes: list[str] | None = None,
            first: float | None = 900.0) -> Answer:
    timings = {"total": 2000.0} | ({"first_token": first} if first is not None else {})
    return Answer(question="q", status=status, answer="a [1]", uncertainty=None, confidence=0.5,  # type: ignore[arg-type]
                  citations=[], backend=backend, notes=notes or [], timings_ms=timings)


def test_kept_whole_and_fallbacks() -> None:
    kept = model_fields(_answer("local"))
    assert kept == {"wrote": True, "kept": True, "whole": True, "completed": False, "ttft_ms": 900.0}
    added = "1 evidence sentence(s) added: the model's answer left out their values"
    assert model_fields(_answer("local", notes=[added]))["completed"]
    dropped = "1 answer sentence(s) not supported by the cited evidence were removed"
    part = model_fields(_answer("local", notes=[dropped]))
    assert part["kept"] and not part["whole"]
    for note in ("no model sentence survived verification; answered extractively",
                 "the local model failed (TimeoutError: no answer within 120 s); answered extractively"):
        assert not model_fields(_answer("local", notes=[note]))["kept"]
    assert not model_fields(_answer("local", status="insufficient_evidence"))["wrote"]
    assert not model_fields(_answer("extractive"))["wrote"]


def test_aggregate_over_rows() -> None:
    rows = [{"model": model_fields(a)} for a in (
        _answer("local", first=1000.0), _answer("local", first=3000.0),
        _answer("local", notes=["no model sentence survived verification; answered extractively"], first=5000.0),
        _answer("local", status="insufficient_evidence"))]
    got = model_metrics(rows)
    assert got["model_answers"] == 3
    assert got["model_prose_kept"] == round(2 / 3, 4)
    assert got["model_prose_completed"] == 0.0
    assert got["ttft_p50_ms"] == 3000.0
    assert model_metrics([{"model": model_fields(_answer("extractive"))}]) == {}
    assert model_metrics([{"id": "row without model fields"}]) == {}
