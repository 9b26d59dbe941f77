"""Writing metrics (issue 18 item 5): how an answer reads, and whether follow-ups hold.

Computed from the per-case rows every Q&A runner already makes (:func:`score_case`):

* **words_per_answer** — median words of the answer text (markers removed) over answers
  that are not abstentions; also per question group: ``words_short`` (who / when / how
  many: target ≤ 45) and ``words_long`` (every other kind: why, how, what …: target ≤ 90).
* **words_read** — median words a reader reads per answer: the summary line, the answer and
  its uncertainty note (what an answer says once in its lead instead of its note moves words
  from the note into ``words_per_answer``; this counts both);
* **repeated_sentence_rate** — share of those answers whose uncertainty note repeats an
  answer sentence (or the summary line): any :data:`REPEAT_NGRAM` consecutive words of one
  found again in the note (target 0).
* **summary_rate** — share of ``uncertain`` answers that open with a written summary line.
* **lead_value_rate** — over date / number / name questions (when, how many, who) that
  were answered or hedged and have labelled facts: share whose *lead* — the first quoted
  sentence, and an ``uncertain`` answer's summary line shown before it — holds an accepted
  phrasing of a labelled fact (target ≥ 0.9);
* **lead_value_when_present** — the same, over those answers where *some* sentence holds a
  labelled fact: the writer's share (it can only lead with a value the selected evidence
  holds; ``lead_value_rate`` also counts answers whose evidence lacks it).

And from the follow-up pairs (``evals/followup_pairs.yaml``, :func:`run_followup_pairs`):

* **followup_consistency** — share of pairs whose follow-up (asked after the earlier turns,
  answered for real) gets the same status and finds the same labelled facts as the same
  question asked in full (target ≥ 0.9);
* **followup_accuracy** — share of pairs with a labelled status whose follow-up gets that
  status and every labelled fact;
* the same two (and the count) over the pairs one round added, tagged ``newNN``
  (``followup_consistency.new12``): written before any run of them, they measure transfer.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefbot.evaluation.metrics import answer_sentences, any_phrase, normalize
from briefbot.language.question import Kind, question_kind
from briefbot.schema import STATUSES, Answer
from briefbot.writing.markers import strip_markers

FOLLOWUP_PAIRS = Path(__file__).resolve().parents[2] / "evals" / "followup_pairs.yaml"
REPEAT_NGRAM = 6
"""Consecutive words of an answer sentence that, found again in the note, make it a repeat
(six words: longer than any stock phrase the note and answer may share, e.g. "it remains
unclear why the")."""
SHORT_KINDS = frozenset({Kind.WHO, Kind.WHEN, Kind.HOW_MANY})
"""Question kinds whose answer is one value (a name, a date, a number)."""
_WORD = re.compile(r"[^\W_][\w'’%.-]*")


class PairError(ValueError):
    """A follow-up pair file that does not follow the schema (says where)."""


# ---------------------------------------------------------------------- per answer
def words(text: str) -> int:
    """Words of an answer text, citation markers not counted."""
    return len(_WORD.findall(strip_markers(text or "")))


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    toks = normalize(text).casefold().split()
    return {tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)}


def repeats_answer(answer: str, note: str | None, n: int = REPEAT_NGRAM, question: str = "") -> bool:
    """Does ``note`` say again what an answer sentence says (``n`` consecutive words of one)?

    Runs of words the question itself has do not count: a note that names what is missing
    restates the question ("none says when the Senate returns to the Act"), not the answer."""
    if not note:
        return False
    said = _ngrams(strip_markers(note), n) - _ngrams(question, n)
    return any(_ngrams(s.text, n) & said for s in answer_sentences(answer))


def lead_sentence(answer: str) -> str:
    """The first sentence of an answer (markers removed)."""
    sentences = answer_sentences(answer)
    return sentences[0].text if sentences else ""


def lead_gives_value(answer: str, facts: Sequence[Sequence[str]], summary: str | None = None) -> bool:
    """Does the answer's lead hold an accepted phrasing of a labelled fact?  The lead is the
    first quoted sentence and, for an ``uncertain`` answer, the written ``summary`` line shown
    before it ("No confirmed figure: given as eight people [1], nine [2]; …"): a reader who
    reads that line has been given the value, whichever sentence follows it."""
    lead = f"{summary or ''} {lead_sentence(answer)}"
    return any(any_phrase(lead, fact) for fact in facts)


def value_anywhere(answer: str, facts: Sequence[Sequence[str]]) -> bool:
    """Does any sentence of the answer hold an accepted phrasing of a labelled fact?"""
    return any(any_phrase(s.text, fact) for s in answer_sentences(answer) for fact in facts)


def shown(row: dict[str, Any]) -> str:
    """What a reader sees as the answer: the summary line of an uncertain answer, then the answer."""
    return f"{row.get('summary') or ''} {row['answer']}".strip()


def writing_metrics(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The per-answer writing metrics over case rows (module docstring).  Lengths count the
    summary line too (:func:`shown`); the lead is the answer's first quoted sentence with the
    summary line before it (:func:`lead_gives_value`)."""
    spoken = [r for r in rows if r["status"] in ("answered", "uncertain")]
    kinds = {id(r): question_kind(r["question"]) for r in spoken}
    short = [words(shown(r)) for r in spoken if kinds[id(r)] in SHORT_KINDS]
    long = [words(shown(r)) for r in spoken if kinds[id(r)] not in SHORT_KINDS]
    valued = [r for r in spoken if kinds[id(r)] in SHORT_KINDS and r["expected"]["facts"]]
    uncertain = [r for r in spoken if r["status"] == "uncertain"]
    return {
        "words_per_answer": _median([words(shown(r)) for r in spoken]),
        "words_per_answer_max": max((words(shown(r)) for r in spoken), default=None),
        "words_short": _median(short),
        "words_long": _median(long),
        "words_note": _median([words(r["uncertainty"] or "") for r in spoken if r["uncertainty"]]),
        "words_read": _median([words(f"{shown(r)} {r['uncertainty'] or ''}") for r in spoken]),
        "repeated_sentence_rate": _mean([
            float(repeats_answer(shown(r), r["uncertainty"], question=r.get("question", ""))) for r in spoken]),
        "summary_rate": _mean([float(bool(r.get("summary"))) for r in uncertain]),
        "lead_value_rate": _mean([float(lead_gives_value(r["answer"], r["expected"]["facts"], r.get("summary")))
                                  for r in valued]),
        "n_lead_value": len(valued),
        "lead_value_when_present": _mean([float(lead_gives_value(r["answer"], r["expected"]["facts"], r.get("summary")))
                                          for r in valued if value_anywhere(shown(r), r["expected"]["facts"])]),
    }


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


# ---------------------------------------------------------------------- follow-up pairs
@dataclass(frozen=True)
class FollowUpPair:
    """A follow-up after ``history`` (earlier questions) and the same question asked in ``full``."""

    id: str
    history: tuple[str, ...]
    followup: str
    full: str
    status: str | None = None
    facts: tuple[tuple[str, ...], ...] = ()
    tags: tuple[str, ...] = ()


_PAIR_FIELDS = {"id", "history", "followup", "full", "status", "facts", "tags"}


def load_pairs(path: str | Path = FOLLOWUP_PAIRS) -> list[FollowUpPair]:
    """The pairs of a YAML list, validated (errors name the file, the pair and the field)."""
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise PairError(f"{path}: expected a YAML list of pairs")
    pairs: list[FollowUpPair] = []
    seen: set[str] = set()
    for n, rec in enumerate(data, start=1):
        where = f"{path}: pair {rec.get('id', n) if isinstance(rec, dict) else n}"
        if not isinstance(rec, dict):
            raise PairError(f"{where}: expected a mapping")
        unknown = set(rec) - _PAIR_FIELDS
        if unknown:
            raise PairError(f"{where}: unknown field(s) {sorted(unknown)}")
        for name in ("id", "followup", "full"):
            if not isinstance(rec.get(name), str) or not rec[name].strip():
                raise PairError(f"{where}: field {name!r} must be a non-empty string")
        history = rec.get("history")
        if not isinstance(history, list) or not history or not all(isinstance(q, str) for q in history):
            raise PairError(f"{where}: field 'history' must be a non-empty list of questions")
        status = rec.get("status")
        if status is not None and status not in STATUSES:
            raise PairError(f"{where}: field 'status' must be one of {list(STATUSES)}")
        facts = rec.get("facts") or []
        if not all(isinstance(f, list) and f and all(isinstance(p, str) for p in f) for f in facts):
            raise PairError(f"{where}: field 'facts' must be a list of lists of phrasings")
        if rec["id"] in seen:
            raise PairError(f"{where}: duplicate id")
        seen.add(rec["id"])
        pairs.append(FollowUpPair(rec["id"], tuple(history), rec["followup"], rec["full"], status,
                                  tuple(tuple(f) for f in facts), tuple(rec.get("tags") or ())))
    return pairs


AskFn = Callable[[str, "list[dict[str, str]] | None"], Answer]


def _seen(answer: Answer) -> str:
    return f"{answer.answer} {answer.uncertainty or ''}"


def score_pair(pair: FollowUpPair, follow: Answer, full: Answer) -> dict[str, Any]:
    """One pair's row: both statuses, facts found by each, consistency and accuracy."""
    found_follow = [any_phrase(_seen(follow), f) for f in pair.facts]
    found_full = [any_phrase(_seen(full), f) for f in pair.facts]
    consistent = follow.status == full.status and found_follow == found_full
    accurate = None
    if pair.status is not None:
        accurate = follow.status == pair.status and all(found_follow)
    return {
        "id": pair.id, "tags": list(pair.tags), "followup": pair.followup, "full": pair.full,
        "resolved": follow.standalone_question, "status_followup": follow.status, "status_full": full.status,
        "facts_followup": found_follow, "facts_full": found_full, "consistent": consistent, "accurate": accurate,
        "answer_followup": follow.answer, "answer_full": full.answer,
    }


def run_followup_pairs(ask: AskFn, pairs: Sequence[FollowUpPair]) -> list[dict[str, Any]]:
    """Ask every pair: the earlier turns for real (their answers build the history), then the
    follow-up with that history and the full question alone.  Shared turns are asked once."""
    memo: dict[tuple[str, tuple[tuple[str, str], ...]], Answer] = {}

    def asked(question: str, history: list[dict[str, str]]) -> Answer:
        key = (question, tuple((m["role"], m["content"]) for m in history))
        if key not in memo:
            memo[key] = ask(question, list(history) or None)
        return memo[key]

    rows = []
    for pair in pairs:
        history: list[dict[str, str]] = []
        for question in pair.history:
            earlier = asked(question, history)
            history += [{"role": "user", "content": question}, {"role": "assistant", "content": earlier.answer}]
        rows.append(score_pair(pair, asked(pair.followup, history), asked(pair.full, [])))
    return rows


COHORT_TAG = re.compile(r"^new\d+$")
"""Tag of the pairs one round added (``new12``): written before any run of them, they are also
scored alone — whether that round's resolution fixes transfer to pairs it was not shaped on."""


def followup_metrics(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Consistency and accuracy over all pairs, then over each round's cohort (:data:`COHORT_TAG`)
    as ``followup_consistency.new12`` …"""
    out = _pair_figures(rows)
    for tag in sorted({t for r in rows for t in r.get("tags", ()) if COHORT_TAG.match(t)}):
        cohort = _pair_figures([r for r in rows if tag in r.get("tags", ())])
        out.update({f"{k}.{tag}": v for k, v in cohort.items()})
    return out


def _pair_figures(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    labelled = [r for r in rows if r["accurate"] is not None]
    return {
        "n_followup_pairs": len(rows),
        "followup_consistency": _mean([float(r["consistent"]) for r in rows]),
        "followup_accuracy": _mean([float(r["accurate"]) for r in labelled]),
    }
