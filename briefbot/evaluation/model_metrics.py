"""How a chat-model backend earns its place: model prose kept and time to first token.

* **model_prose_kept** — over answers a model wrote (backend not extractive, status not
  ``insufficient_evidence``): the share whose model sentences survived verification, i.e.
  that did not fall back to the extractive answer (the model failing, timing out, or
  having no sentence survive).  ``model_prose_whole``: the share where every model
  sentence survived (no sentence dropped).  ``model_prose_completed``: the share where
  evidence sentences were added because the model's kept prose left out a value.
* **ttft_p50_ms / ttft_p95_ms** — milliseconds from the question to the first answer
  text (``timings_ms["first_token"]``, set by the answer chain), over the same answers.

Extractive runs get none of these keys (there is no model to judge).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from briefbot.evaluation.metrics import mean, percentile
from briefbot.schema import Answer

NOT_MODEL = frozenset({"extractive", "naive", "error"})
FELL_BACK = "answered extractively"
"""The chain's notes say this whenever no model prose reached the answer."""
DROPPED = "not supported by the cited evidence"
COMPLETED = "the model's answer left out their values"
"""The chain's note when evidence sentences were added to a kept model answer (writing/coverage.py)."""


def model_fields(answer: Answer) -> dict[str, Any]:
    """What one answer says about its model: whether one wrote it, kept, whole, first token."""
    wrote = answer.backend not in NOT_MODEL and answer.status != "insufficient_evidence"
    kept = wrote and not any(FELL_BACK in note for note in answer.notes)
    return {
        "wrote": wrote,
        "kept": kept,
        "whole": kept and not any(DROPPED in note for note in answer.notes),
        "completed": kept and any(COMPLETED in note for note in answer.notes),
        "ttft_ms": (answer.timings_ms or {}).get("first_token") if wrote else None,
    }


def with_model_fields(score: Callable[[Any, Answer, float], dict[str, Any]]
                      ) -> Callable[[Any, Answer, float], dict[str, Any]]:
    """``score`` whose rows also carry ``row["model"]`` (see :func:`model_fields`)."""
    def scored(case: Any, answer: Answer, ms: float) -> dict[str, Any]:
        row = score(case, answer, ms)
        row["model"] = model_fields(answer)
        return row
    return scored


def model_metrics(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The model metrics over scored rows (empty when no row was written by a model)."""
    wrote = [r["model"] for r in rows if r.get("model", {}).get("wrote")]
    if not wrote:
        return {}
    ttft = [float(m["ttft_ms"]) for m in wrote if m["ttft_ms"] is not None]
    return {
        "model_answers": len(wrote),
        "model_prose_kept": mean(float(m["kept"]) for m in wrote),
        "model_prose_whole": mean(float(m["whole"]) for m in wrote),
        "model_prose_completed": mean(float(m.get("completed", False)) for m in wrote),
        "ttft_p50_ms": percentile(ttft, 50),
        "ttft_p95_ms": percentile(ttft, 95),
    }
