"""The local model's answer path: compact prompt, grammar, and sample-and-rerank.

ALCE (Gao et al., 2023) found that sampling a few answers and keeping the one whose
citations hold best raises citation recall by ~11 points.  Here:

1. The first candidate is greedy and streams to the reader as it is written (the time
   to first token is the first candidate's).
2. When all its sentences survive the verifier's checks and it leaves out nothing the coverage
   rule would restore (:mod:`briefbot.writing.coverage`: a value, the hedge, who says it, as the
   prompt showed them), it is the answer.  Otherwise,
   while the time budget allows, further candidates are sampled (temperature > 0, a
   seed each) without streaming, and the candidate whose sentences survive best is
   kept (all surviving with nothing missing first, then the share surviving, then the fewest
   extractive sentences the coverage rule would add, then the count).  A candidate that needs a
   source sentence added back is one whose prose the answer loses: on the corpus that was most
   of the model answers not kept.  The answer chain
   verifies the kept candidate again, exactly as it verifies any model reply.
3. A sentence that opens by pointing at the prompt ("Based on the quotes, …", "The quote indicates
   that …") is read without that opening (:func:`briefbot.truth.verify.without_prompt_opener`):
   the reader has no quotes in front of them, and the rest is verified as any sentence is.  On
   the corpus, two of the model's answers were refused for such an opening; without it one is kept,
   the other is then refused for what it says (one source made several).
4. Every candidate is a separate call through the model's :class:`ModelGate`, so two
   threads never share a llama.cpp context; between candidates other requests may run.

The scoring mirrors the chain's verifier (``check_support`` on the cited quotes, then
on the best-matching quote), so "survives" here means what it means there.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage

from briefbot.language.question import analyse_question
from briefbot.store.embeddings import encode
from briefbot.truth.evidence import Evidence
from briefbot.truth.verify import check_support, without_prompt_opener
from briefbot.writing.compose import ChatComposer, ModelStream
from briefbot.writing.coverage import complete
from briefbot.writing.markers import MARK
from briefbot.writing.model_prompt import answer_quotes, compact_messages, extractive_answer, shown_view, warm_messages
from briefbot.writing.plan import WritePlan

_MARKED = re.compile(rf"(.+?)\s*((?:{MARK}\s*)+)(?:[.!?]\s*)?(?=\S|$)", re.S)


def marked_sentences(raw: str) -> list[tuple[str, list[int]]]:
    """Sentences of a model reply with the marker numbers each ends in ("text [1][2]." or
    "text. [1]"); trailing text without markers is one more (uncited) sentence."""
    out: list[tuple[str, list[int]]] = []
    rest = raw.strip()
    pos = 0
    for m in _MARKED.finditer(rest):
        text = m.group(1).strip().rstrip(".!?").strip()
        if text:
            out.append((text + ".", [int(n) for n in re.findall(r"\d+", m.group(2))]))
        pos = m.end()
    tail = rest[pos:].strip()
    if len(tail) > 2 and any(ch.isalpha() for ch in tail):
        out.append((tail, []))
    return out


@dataclass(frozen=True)
class Candidate:
    """One model reply, how many of its sentences survive verification, and how many extractive
    sentences the coverage rule would add back to it (``missing``)."""

    text: str
    kept: int
    total: int
    seconds: float
    missing: int = 0

    @property
    def survives(self) -> bool:
        return self.total > 0 and self.kept == self.total and self.missing == 0

    def rank(self) -> tuple[bool, float, int, int]:
        return (self.survives, self.kept / self.total if self.total else 0.0, -self.missing, self.kept)


def surviving(raw: str, question: str, evidence: Sequence[Evidence]) -> tuple[int, int]:
    """``(sentences that survive, sentences)`` of ``raw``, checked as the chain's verifier does."""
    kept, total = survivors(raw, question, evidence)
    return len(kept), total


def survivors(raw: str, question: str, evidence: Sequence[Evidence]) -> tuple[list[tuple[str, list[int]]], int]:
    """The sentences of ``raw`` that survive (text and markers), and how many it has."""
    sentences = marked_sentences(raw)
    if not sentences or not evidence:
        return [], len(sentences)
    ev_vecs = np.stack([e.vector if e.vector is not None else encode([e.text])[0] for e in evidence])
    vecs = encode([s for s, _ in sentences])
    allowed = [question] + [f"{e.title} {' '.join(e.outlets)}" for e in evidence]
    kept: list[tuple[str, list[int]]] = []
    for (text, marks), vec in zip(sentences, vecs, strict=True):
        sims = ev_vecs @ vec
        marks = [m for m in marks if 1 <= m <= len(evidence)] or [int(sims.argmax()) + 1]
        quotes = [evidence[m - 1].text for m in marks]
        if check_support(text, quotes, max(float(sims[m - 1]) for m in marks), allowed,
                         cited_outlets=[o for m in marks for o in evidence[m - 1].outlets]).supported:
            kept.append((text, marks))
            continue
        alt = int(sims.argmax())
        if check_support(text, [evidence[alt].text], float(sims[alt]), allowed,
                         cited_outlets=evidence[alt].outlets).supported:
            kept.append((text, [alt + 1]))
    return kept, len(sentences)


def scorer(question: str, evidence: Sequence[Evidence], extractive: Sequence[tuple[str, list[int]]],
           every: bool = False, view: Callable[[str], str] | None = None) -> Callable[[str], tuple[int, int, int]]:
    """``score(raw) -> (surviving, sentences, missing)``: the verifier's count (:func:`survivors`)
    and how many of the ``extractive`` answer's sentences the chain's coverage rule would add
    back to the surviving ones (:func:`briefbot.writing.coverage.complete`, with the same
    ``every`` and ``view``)."""
    def score(raw: str) -> tuple[int, int, int]:
        kept, total = survivors(raw, question, evidence)
        missing = len(complete(kept, extractive, question, every=every, view=view)) if kept else 0
        return len(kept), total, missing
    return score


def best(candidates: Sequence[Candidate]) -> Candidate:
    """The candidate whose sentences survive best (the earliest among equals)."""
    return max(candidates, key=Candidate.rank)  # max keeps the first of equals


class _Reply(ModelStream):
    """A :class:`ModelStream` whose model call carries options (grammar, temperature, seed)."""

    def __init__(self, model: BaseChatModel, messages: list[BaseMessage], options: dict[str, Any]) -> None:
        self._chunks = model.stream(messages, **options)
        self.gated = getattr(model, "gate", None) is not None
        self.started = None if self.gated else time.monotonic()
        self.queue_ms = None


class RerankStream:
    """The pieces of the first candidate, then (unseen) further candidates; ``text`` is the
    kept one once the stream is exhausted.

    Works with :func:`briefbot.writing.compose.within_deadline`: ``started`` is when the
    model began the first candidate, each step is short (a piece, or "" while a hidden
    candidate is being written), and :meth:`close` ends the running candidate.
    """

    def __init__(
        self,
        start: Callable[[int], ModelStream],
        score: Callable[[str], tuple[int, ...]],
        candidates: int,
        budget_s: float,
    ) -> None:
        self._start = start
        self._score = score
        self._max = max(1, candidates)
        self._budget_s = budget_s
        self._current: ModelStream = start(0)
        self._first = self._current
        self._raw = ""
        self._t0 = 0.0
        self.candidates: list[Candidate] = []
        self.text: str | None = None
        self.queue_ms: float | None = None

    @property
    def started(self) -> float | None:
        return self._first.started

    def __iter__(self) -> RerankStream:
        return self

    def __next__(self) -> str:
        if self.text is not None:
            raise StopIteration
        streaming = not self.candidates
        try:
            piece = next(self._current)
        except StopIteration:
            return self._finish_candidate()
        except Exception:
            if streaming:
                raise  # the first candidate failing is the model failing: the chain falls back
            return self._end()  # a later one failing leaves the best so far
        finally:
            if self._current.queue_ms is not None and self.queue_ms is None:
                self.queue_ms = self._current.queue_ms
        if not self._t0:
            self._t0 = self._current.started or time.monotonic()
        self._raw += piece
        return piece if streaming else ""

    def _finish_candidate(self) -> str:
        self._current.close()
        begun = self._t0 or self._current.started or time.monotonic()
        raw = without_prompt_opener(self._raw)  # "Based on the quotes, X [1]." is X, told of the prompt
        kept, total, *missing = self._score(raw)
        self.candidates.append(Candidate(raw, kept, total, time.monotonic() - begun, sum(missing)))
        if self.candidates[-1].survives or not self._time_for_another():
            return self._end()
        self._raw, self._t0 = "", 0.0
        self._current = self._start(len(self.candidates))
        return ""

    def _time_for_another(self) -> bool:
        """Another candidate only if the count allows and it would end within the budget
        (judged by the slowest candidate so far)."""
        if len(self.candidates) >= self._max or self._first.started is None:
            return False
        spent = time.monotonic() - self._first.started
        slowest = max(c.seconds for c in self.candidates)
        return spent + 1.2 * slowest <= self._budget_s

    def _end(self) -> str:
        self._current.close()
        self.text = best(self.candidates).text if self.candidates else ""
        raise StopIteration

    def close(self) -> None:
        self._current.close()


class LocalComposer(ChatComposer):
    """The local model's composer: compact prompt, answer grammar, sample-and-rerank.

    ``grammar`` builds the llama.cpp grammar for the quote numbers the prompt shows (None:
    no grammar, for models that cannot take one).  ``reply`` (summaries, briefs) is unchanged.
    """

    def __init__(
        self,
        model: BaseChatModel,
        name: str,
        grammar: Callable[[Sequence[int]], Any] | None = None,
        candidates: int = 3,
        budget_s: float = 40.0,
        temperature: float = 0.7,
    ) -> None:
        super().__init__(model, name)
        self.grammar = grammar
        self.candidates = candidates
        self.budget_s = budget_s
        self.temperature = temperature

    def warm(self) -> float | None:
        """Load the model and cache the compact prompt's fixed start (seconds; None when the
        model cannot be warmed, e.g. a remote one)."""
        warm = getattr(self.model, "warm", None)
        return warm(warm_messages()) if callable(warm) else None

    def compose(self, question: str, evidence: Sequence[Evidence], status: str,  # type: ignore[override]
                plan: WritePlan | None = None) -> RerankStream:
        """``plan``: the extractive answer's writer inputs, so the prompt shows the quotes it cites."""
        frame = plan.frame if plan is not None and plan.frame is not None else analyse_question(question)
        written = extractive_answer(evidence, status, frame, plan) if evidence else ""
        shown = answer_quotes(evidence, status, frame, plan, written) if evidence else []
        extractive = marked_sentences(written)
        messages = compact_messages(question, evidence, status, frame, shown)
        grammar = self.grammar(shown) if self.grammar is not None and shown else None

        def start(i: int) -> ModelStream:
            options: dict[str, Any] = {"temperature": 0.0 if i == 0 else self.temperature}
            if i:
                options["seed"] = i
            if grammar is not None:
                options["grammar"] = grammar
            return _Reply(self.model, messages, options)

        score = scorer(question, evidence, extractive, every=status == "uncertain", view=shown_view(frame))
        return RerankStream(start, score, self.candidates, self.budget_s)
