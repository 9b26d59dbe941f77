"""Metrics: fact recall, ALCE-style citation support/precision, abstention, retrieval, RGB.

Definitions (all shares are in 0..1; ``None`` when no item qualifies):

* **fact_recall** — per answerable case, the share of its facts of which at least one
  accepted phrasing appears (normalised, whole words) in the answer text or its
  uncertainty note; averaged over cases with facts.  An abstention finds no fact.
* **citation_recall** — share of answerable cases listing ``citations`` whose answer
  cites at least one of the listed articles (the list holds the articles that
  *support* the answer; in a news corpus a fact is often carried by several, any of
  them is a correct citation).
* **citation_support** (ALCE "citation recall") — per answer, the share of answer
  sentences whose cited quotes support them, judged by :func:`briefbot.truth.verify.check_support`
  with the best MiniLM cosine between the sentence and its quotes (1.0 for a verbatim
  quote, which needs no encoding); an uncited sentence
  is unsupported.  Averaged over answers that have sentences (abstentions excluded).
* **citation_precision** (ALCE, approximated) — per answer, the share of citations that
  are needed.  A citation of a sentence is needed when the sentence's cited set supports
  it jointly and either the citation alone supports it or the rest without it does not.
  Citations of unsupported sentences are not needed.  Averaged like citation_support.
* **abstention_accuracy** — share of cases whose abstain/answer decision is right
  (``answerable: false`` ⇔ status ``insufficient_evidence``).
* **false_abstention_rate** — share of answerable cases answered with ``insufficient_evidence``.
* **uncertainty_accuracy** — share of answerable cases whose status is ``uncertain``
  exactly when the case says ``uncertain: true`` (an abstention is wrong either way).
* **forbidden_rate** — share of cases with ``forbidden`` phrases in which one appears in
  the answer text or its uncertainty note (lower is better).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from briefbot.schema import Answer, Citation
from briefbot.sources.chunking import split_sentences
from briefbot.store.embeddings import DIMENSIONS, encode
from briefbot.truth.verify import check_support
from briefbot.writing.markers import marker_numbers, split_at_runs


# ---------------------------------------------------------------------- text matching
def normalize(text: str) -> str:
    """Lower-case, fold accents ("Chloé" = "Chloe"), unify quotes and dashes, drop punctuation
    except ``%``, collapse spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"'s\b", "s", text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 1,000 -> 1000
    text = re.sub(r"[^\w%]+", " ", text)
    return " ".join(text.split())


def contains_phrase(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` as whole words, after :func:`normalize` of both."""
    needle = normalize(phrase)
    if not needle:
        return False
    return f" {needle} " in f" {normalize(text)} "


def any_phrase(text: str, phrasings: Iterable[str]) -> bool:
    return any(contains_phrase(text, p) for p in phrasings)


def percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    return round(float(np.percentile(np.asarray(values, dtype=float), q)), 1)


def mean(values: Iterable[float | None]) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


# ---------------------------------------------------------------------- answer sentences
@dataclass
class AnswerSentence:
    text: str
    marks: list[int]


def answer_sentences(answer_text: str) -> list[AnswerSentence]:
    """Sentences of an answer with the ``[n]`` markers that follow (or end) each.

    Markers placed after the final punctuation ("… postponed. [1][2]") belong to the
    sentence before them; a run of text with several sentences and one marker group
    gives the markers to its last sentence (the others are uncited).
    """
    text = (answer_text or "").replace(" (unsupported)", "")
    parts = split_at_runs(text)
    out: list[AnswerSentence] = []
    for i in range(0, len(parts), 2):
        segment = parts[i]
        if out and re.match(r"\s*[.!?]", segment):  # "claim [1]. Next" : the period closes the claim
            out[-1].text += segment.strip()[0]
            segment = segment.strip()[1:]
        marks = marker_numbers(parts[i + 1]) if i + 1 < len(parts) else []
        spans = split_sentences(segment) if segment.strip() else []
        sentences = [segment[s.start:s.end].strip() for s in spans]
        sentences = [s for s in sentences if len(s) > 2 and any(ch.isalpha() for ch in s)]
        if not sentences:
            if marks and out:  # a marker group after another group: same sentence
                out[-1].marks.extend(m for m in marks if m not in out[-1].marks)
            continue
        for j, sentence in enumerate(sentences):
            out.append(AnswerSentence(sentence, marks if j == len(sentences) - 1 else []))
    return out


# ---------------------------------------------------------------------- citation quality
@dataclass
class CitationScore:
    """ALCE-style citation support and precision of one answer."""

    sentences: int = 0
    supported: int = 0
    citations: int = 0
    needed: int = 0
    details: list[dict[str, Any]] = field(default_factory=list)

    @property
    def support(self) -> float | None:
        return self.supported / self.sentences if self.sentences else None

    @property
    def precision(self) -> float | None:
        return self.needed / self.citations if self.citations else None


_VECTORS: dict[str, np.ndarray] = {}


def encode_cached(texts: Sequence[str]) -> np.ndarray:
    """MiniLM vectors via :func:`briefbot.store.embeddings.encode`, memoised per text (quotes repeat a lot)."""
    missing = list(dict.fromkeys(t for t in texts if t not in _VECTORS))
    if missing:
        if len(_VECTORS) > 50_000:
            _VECTORS.clear()
        _VECTORS.update(zip(missing, encode(missing), strict=True))
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.stack([_VECTORS[t] for t in texts])


def score_citations(answer: Answer, question: str | None = None) -> CitationScore:
    """Check every answer sentence against the quotes it cites (see module docstring)."""
    score = CitationScore()
    if answer.status == "insufficient_evidence":
        return score
    sentences = answer_sentences(answer.answer)
    if not sentences:
        return score
    by_id: dict[int, Citation] = {c.id: c for c in answer.citations}
    base_allowed = [question or answer.question]
    norm_quote = {c.id: normalize(c.quote) for c in answer.citations}

    def verbatim(text: str, cid: int) -> bool:
        return normalize(text) == norm_quote[cid]

    # Encode only what is not a verbatim quote (an extractive answer needs no encoding at all).
    todo = [t for s in sentences for m in s.marks if m in by_id and not verbatim(s.text, m)
            for t in (s.text, by_id[m].quote)]
    if todo:
        encode_cached(todo)

    def similarity(text: str, cid: int) -> float:
        if verbatim(text, cid):
            return 1.0
        return float(_VECTORS[text] @ _VECTORS[by_id[cid].quote])

    def supports(text: str, ids: Sequence[int]) -> bool:
        ids = [i for i in ids if i in by_id]
        if not ids:
            return False
        best = max(similarity(text, i) for i in ids)
        allowed = base_allowed + [f"{by_id[i].title} {by_id[i].source}" for i in ids]
        return check_support(text, [by_id[i].quote for i in ids], best, allowed).supported

    for sentence in sentences:
        marks = [m for m in dict.fromkeys(sentence.marks) if m in by_id]
        ok = supports(sentence.text, marks)
        needed: list[int] = []
        if ok:
            if len(marks) == 1:
                needed = list(marks)
            else:
                for m in marks:
                    rest = [x for x in marks if x != m]
                    if supports(sentence.text, [m]) or not supports(sentence.text, rest):
                        needed.append(m)
        score.sentences += 1
        score.supported += int(ok)
        score.citations += len(marks)
        score.needed += len(needed)
        score.details.append({"sentence": sentence.text, "cites": marks, "supported": ok, "needed": needed})
    return score


# ---------------------------------------------------------------------- answer matching
def normalize_answer(text: str) -> str:
    """SQuAD-style normalisation: :func:`normalize`, articles dropped."""
    return " ".join(w for w in normalize(text).split() if w not in ("a", "an", "the"))


def yes_no_of(text: str) -> str | None:
    """``"yes"``/``"no"`` when the answer opens with it, else None (extractive answers never do)."""
    words = normalize(text).split()
    if words and words[0] in ("yes", "no"):
        return words[0]
    return None


def matches_expected(answer_text: str, expected: str, answer_format: str = "") -> bool:
    """Does the answer give the expected short answer? Yes/no must open the answer."""
    exp = normalize_answer(expected)
    if answer_format == "yes_no" or exp in ("yes", "no"):
        return yes_no_of(answer_text) == exp
    if not exp:
        return False
    return f" {exp} " in f" {normalize_answer(answer_text)} "


def alias_groups_match(text: str, groups: Sequence[Sequence[str]]) -> bool:
    """RGB: every group must be matched by at least one of its aliases."""
    if not groups:
        return False
    norm = f" {normalize_answer(text)} "
    return all(any(f" {normalize_answer(a)} " in norm for a in group if normalize_answer(a)) for group in groups)


# ---------------------------------------------------------------------- retrieval
def ranked_articles(article_ids: Iterable[str], k: int) -> list[str]:
    """Article ids in rank order, duplicates (several chunks of one article) removed."""
    out: list[str] = []
    for aid in article_ids:
        if aid not in out:
            out.append(aid)
        if len(out) >= k:
            break
    return out


def hits_at(ranked: Sequence[str], gold: Iterable[str], k: int) -> float | None:
    """Share of the gold evidence articles found in the top ``k`` (MultiHop-RAG Hits@K)."""
    gold = set(gold)
    if not gold:
        return None
    return len(gold & set(ranked[:k])) / len(gold)


def mrr_at(ranked: Sequence[str], gold: Iterable[str], k: int) -> float | None:
    gold = set(gold)
    if not gold:
        return None
    for rank, aid in enumerate(ranked[:k], start=1):
        if aid in gold:
            return 1.0 / rank
    return 0.0


def map_at(ranked: Sequence[str], gold: Iterable[str], k: int) -> float | None:
    gold = set(gold)
    if not gold:
        return None
    found, total = 0, 0.0
    for rank, aid in enumerate(ranked[:k], start=1):
        if aid in gold:
            found += 1
            total += found / rank
    return total / min(len(gold), k)


# ---------------------------------------------------------------------- cases
def answer_text(answer: Answer) -> str:
    """What a reader sees: the summary line of an ``uncertain`` answer (shown first: a reason it
    quotes is not quoted again below it), the answer and its uncertainty note."""
    return f"{answer.summary or ''} {answer.answer} {answer.uncertainty or ''}".strip()


def score_case(case: Any, answer: Answer, latency_ms: float) -> dict[str, Any]:
    """Per-case result for the corpus suite (see the module docstring)."""
    seen = answer_text(answer)
    abstained = answer.status == "insufficient_evidence"
    cited = list(dict.fromkeys(c.article_id for c in answer.citations))
    facts_found = [any_phrase(seen, f) if not abstained else False for f in case.facts]
    fact_recall = sum(facts_found) / len(facts_found) if facts_found else None
    citation_hit = None
    if case.answerable and case.citations:
        citation_hit = bool(set(cited) & set(case.citations))
    cs = score_citations(answer)
    forbidden_hits = [p for p in case.forbidden if contains_phrase(seen, p)]
    abstention_ok = abstained == (not case.answerable)
    uncertainty_ok = None
    if case.answerable:
        uncertainty_ok = (answer.status == "uncertain") == case.uncertain and not abstained
    failures: list[str] = []
    if not abstention_ok:
        failures.append("abstained on an answerable question" if abstained else "answered an unanswerable question")
    for fact, ok in zip(case.facts, facts_found, strict=True):
        if not ok:
            failures.append(f"missing fact {list(fact)!r}")
    if citation_hit is False:
        failures.append(f"cites none of {list(case.citations)}")
    if forbidden_hits:
        failures.append(f"forbidden phrase(s) {forbidden_hits}")
    if uncertainty_ok is False and not abstained:
        failures.append(f"status {answer.status}, expected {'uncertain' if case.uncertain else 'answered'}")
    if cs.support is not None and cs.support < 1.0:
        failures.append(f"{cs.sentences - cs.supported} of {cs.sentences} sentence(s) not supported by their citations")
    return {
        "id": case.id,
        "question": case.question,
        "file": case.file,
        "tags": list(case.tags),
        "expected": {"answerable": case.answerable, "uncertain": case.uncertain,
                     "facts": [list(f) for f in case.facts], "citations": list(case.citations),
                     "forbidden": list(case.forbidden)},
        "status": answer.status,
        "answer": answer.answer,
        "uncertainty": answer.uncertainty,
        "summary": answer.summary,
        "cited_articles": cited,
        "facts_found": facts_found,
        "fact_recall": fact_recall,
        "citation_hit": citation_hit,
        "citation_support": cs.support,
        "citation_precision": cs.precision,
        "citation_details": cs.details,
        "forbidden_hits": forbidden_hits,
        "abstention_ok": abstention_ok,
        "uncertainty_ok": uncertainty_ok,
        "latency_ms": round(latency_ms, 1),
        "timings_ms": {k: round(v, 1) for k, v in (answer.timings_ms or {}).items()},
        "passed": not failures,
        "failures": failures,
    }


def aggregate_cases(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in results if r["expected"]["answerable"]]
    with_forbidden = [r for r in results if r["expected"]["forbidden"]]
    latencies = [r["latency_ms"] for r in results]
    return {
        "n_cases": len(results),
        "fact_recall": mean(r["fact_recall"] for r in results),
        "citation_recall": mean(
            float(r["citation_hit"]) for r in results if r["citation_hit"] is not None
        ),
        "citation_support": mean(r["citation_support"] for r in results),
        "citation_precision": mean(r["citation_precision"] for r in results),
        "abstention_accuracy": mean(float(r["abstention_ok"]) for r in results),
        "false_abstention_rate": mean(
            float(r["status"] == "insufficient_evidence") for r in answerable
        ),
        "uncertainty_accuracy": mean(float(bool(r["uncertainty_ok"])) for r in answerable),
        "forbidden_rate": mean(float(bool(r["forbidden_hits"])) for r in with_forbidden),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        "pass_rate": mean(float(r["passed"]) for r in results),
    }


# ---------------------------------------------------------------------- robustness
# Definitions for ``briefbot eval --dataset robustness`` (evals/README.md):
#
# * **paraphrase_consistency** — share of case groups (an original case, its generated
#   variants and its hand-written paraphrases; groups of one are not counted) whose
#   members ALL get the expected status and every expected fact.
# * **conflict_precision** / **conflict_recall** — over cases labelled ``conflict: true|false``:
#   a predicted conflict is a non-empty ``disagreements`` list on the answer; when the
#   answer has no such field (before the truth layer adds it), status ``uncertain`` with
#   an uncertainty note that says the sources disagree.
# * **attribution_accuracy** — share of cases with ``attribution`` or ``outlets`` labels
#   whose answer keeps one phrasing of every attribution item and credits every outlet
#   (names it in the answer or its note, or cites an article from it).
_DISAGREE = re.compile(r"\b(disagree\w*|conflict\w*|contradict\w*|dispute[sd]?|differ(?:s|ing)? on)\b",
                       re.IGNORECASE)


def expected_status(case: Any) -> str:
    """The status a case expects: abstain, hedge, or answer."""
    if not case.answerable:
        return "insufficient_evidence"
    return "uncertain" if case.uncertain else "answered"


def disagreements_of(answer: Answer) -> list[dict[str, Any]] | None:
    """The answer's ``disagreements`` as JSON dicts; None when the answer has no such field."""
    items = getattr(answer, "disagreements", None)
    if items is None:
        return None
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
        elif hasattr(item, "to_dict"):
            out.append(item.to_dict())
        else:
            sides = [{"text": getattr(s, "text", str(s)), "outlet": getattr(s, "outlet", "")}
                     for s in getattr(item, "sides", ())]
            out.append({"kind": getattr(item, "kind", ""), "sides": sides})
    return out


def predicts_conflict(status: str, uncertainty: str | None, disagreements: list[Any] | None) -> bool:
    """Does the answer report that its sources disagree? (see the definitions above)"""
    if disagreements is not None:
        return bool(disagreements)
    return status == "uncertain" and bool(_DISAGREE.search(uncertainty or ""))


def credits_outlet(outlet: str, seen_text: str, cited_sources: Iterable[str]) -> bool:
    """The outlet is named in what the reader sees, or an article of it is cited.

    Sources match on their name without a parenthesised label ("Valley Post (fictional
    fixture)" credits "Valley Post").
    """
    if contains_phrase(seen_text, outlet):
        return True
    wanted = normalize(outlet)
    return any(normalize(re.sub(r"\([^)]*\)", "", src)) == wanted for src in cited_sources)


def score_robust_case(case: Any, answer: Answer, latency_ms: float) -> dict[str, Any]:
    """:func:`score_case` plus group, variant kind, status/fact agreement, conflict and attribution."""
    row = score_case(case, answer, latency_ms)
    seen = answer_text(answer)
    disagreements = disagreements_of(answer)
    predicted = predicts_conflict(answer.status, answer.uncertainty, disagreements)
    status_ok = answer.status == expected_status(case)
    facts_ok = all(row["facts_found"])
    attribution_ok = None
    missing: list[str] = []
    if case.attribution or case.outlets:
        sources = [c.source for c in answer.citations]
        missing = [f"attribution {list(a)!r}" for a in case.attribution if not any_phrase(seen, a)]
        missing += [f"outlet {o!r} not credited" for o in case.outlets if not credits_outlet(o, seen, sources)]
        attribution_ok = not missing and answer.status != "insufficient_evidence"
    failures = list(row["failures"])
    if case.conflict is not None and predicted != case.conflict:
        failures.append("no disagreement reported" if case.conflict else "invented a disagreement")
    failures += missing
    row.update({
        "group": case.group_id,
        "variant": case.variant,
        "expected": {**row["expected"], "status": expected_status(case), "conflict": case.conflict,
                     "attribution": [list(a) for a in case.attribution], "outlets": list(case.outlets)},
        "status_ok": status_ok,
        "facts_ok": facts_ok,
        "consistent": status_ok and facts_ok,
        "disagreements": disagreements,
        "predicted_conflict": predicted,
        "attribution_ok": attribution_ok,
        "failures": failures,
        "passed": not failures,
    })
    return row


def paraphrase_consistency(results: Sequence[dict[str, Any]]) -> float | None:
    """Share of groups with two or more members whose members are all ``consistent``."""
    groups: dict[str, list[bool]] = {}
    for r in results:
        groups.setdefault(r["group"], []).append(bool(r["consistent"]))
    scored = [all(v) for v in groups.values() if len(v) > 1]
    return round(sum(scored) / len(scored), 4) if scored else None


def conflict_scores(results: Sequence[dict[str, Any]]) -> dict[str, float | int | None]:
    """Precision and recall of reported disagreements over cases labelled ``conflict``."""
    labelled = [r for r in results if r["expected"].get("conflict") is not None]
    tp = sum(1 for r in labelled if r["predicted_conflict"] and r["expected"]["conflict"])
    fp = sum(1 for r in labelled if r["predicted_conflict"] and not r["expected"]["conflict"])
    fn = sum(1 for r in labelled if not r["predicted_conflict"] and r["expected"]["conflict"])
    return {
        "conflict_precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "conflict_recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "n_conflict_labelled": len(labelled),
    }


def robustness_metrics(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Every robustness metric (definitions above) plus the case-suite aggregates."""
    base = aggregate_cases(results)
    with_attr = [r for r in results if r["attribution_ok"] is not None]
    groups = {r["group"] for r in results}
    return {
        "n_cases": base["n_cases"],
        "n_groups": len(groups),
        "paraphrase_consistency": paraphrase_consistency(results),
        **conflict_scores(results),
        "attribution_accuracy": mean(float(r["attribution_ok"]) for r in with_attr),
        "n_attribution_labelled": len(with_attr),
        "status_accuracy": mean(float(r["status_ok"]) for r in results),
        **{k: base[k] for k in ("fact_recall", "citation_support", "abstention_accuracy",
                                "false_abstention_rate", "forbidden_rate", "pass_rate",
                                "latency_p50_ms", "latency_p95_ms")},
    }


def variant_breakdown(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per variant kind: status accuracy, fact recall, share consistent, and how often a
    variant fails although the original of its group is consistent (``broke_original``)."""
    original_ok = {r["group"]: bool(r["consistent"]) for r in results if r["variant"] == "original"}
    kinds: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        kinds.setdefault(r["variant"], []).append(r)
    out: dict[str, dict[str, Any]] = {}
    for kind, rows in kinds.items():
        judged = [r for r in rows if original_ok.get(r["group"])] if kind != "original" else []
        out[kind] = {
            "n": len(rows),
            "status_accuracy": mean(float(r["status_ok"]) for r in rows),
            "fact_recall": mean(r["fact_recall"] for r in rows),
            "consistent": mean(float(r["consistent"]) for r in rows),
            "broke_original": mean(float(not r["consistent"]) for r in judged),
            "forbidden_rate": mean(float(bool(r["forbidden_hits"])) for r in rows if r["expected"]["forbidden"]),
        }
    return out
