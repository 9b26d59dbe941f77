"""The question-answering chain: rewrite → retrieve → evidence → status → compose → verify.

Built from LangChain runnables so each step can be traced and streamed; the status
is decided from evidence before any LLM runs, and the verifier can only lower it.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.runnables import RunnableLambda

from briefbot.language.gazetteer import Gazetteer
from briefbot.language.question import QuestionFrame
from briefbot.language.text import question_form
from briefbot.schema import INSUFFICIENT_SENTENCE, Answer, Citation, Disagreement, DisagreementSide
from briefbot.sources.chunking import split_sentences
from briefbot.store.copies import CopyGroups
from briefbot.store.embeddings import encode, encode_query
from briefbot.store.retrieve import Filters, HybridRetriever
from briefbot.truth.canvass import canvass
from briefbot.truth.corroboration import fold_copies, one_text_note
from briefbot.truth.evidence import Evidence, EvidenceSet, collect
from briefbot.truth.status import Assessment, Thresholds, assess
from briefbot.truth.status.reader import plain_reason
from briefbot.truth.status.slot import covered_topic
from briefbot.truth.typed import story_store
from briefbot.truth.verify import check_support, supporting
from briefbot.writing.antecedent import with_antecedent
from briefbot.writing.compose import Composer, ExtractiveComposer, within_deadline
from briefbot.writing.conversation import Message, Resolution, normalize_history, resolve
from briefbot.writing.coverage import complete, repeats, subsumed
from briefbot.writing.lead import summary_line
from briefbot.writing.limits import HistoryLimits, check_history, text_too_long
from briefbot.writing.markers import marker_numbers, strip_markers
from briefbot.writing.model_prompt import shown_view
from briefbot.writing.plan import (  # the writer's inputs, one plan for every composer
    conflict_sides,
    pinned_lead,
    plan_of,
    protected_evidence,
    unfilled_slot,
)
from briefbot.writing.said_once import without_said
from briefbot.writing.same_quote import merged_quotes
from briefbot.writing.shown_lead import judged_on_shown_lead
from briefbot.writing.voice import standalone_voices
from briefbot.writing.writer import lead_item, opens_with_pointer, uncertainty_note, value_spans

log = logging.getLogger(__name__)


@dataclass
class Turn:
    """State handed between the chain's steps."""

    question: str
    history: list[Message]
    filters: Filters
    standalone: str = ""
    resolution: Resolution | None = None
    """The question resolved against the conversation (its full form, :mod:`.conversation`)."""
    frame: QuestionFrame | None = None
    """What is asked (a follow-up's resolved from the history), with its one vector."""
    gazetteer: Gazetteer | None = None
    evidence: EvidenceSet | None = None
    assessment: Assessment | None = None
    copies: CopyGroups = field(default_factory=CopyGroups)
    timings: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    chosen: str | None = None
    """The model reply to verify when the composer kept one of several candidates."""


class AnswerChain:
    """Answers questions over an index; one instance serves many questions."""

    def __init__(
        self,
        retriever: HybridRetriever,
        composer: Composer | None = None,
        max_evidence: int = 4,
        keep_unsupported: bool = False,
        llm_timeout_s: float = 120.0,
        thresholds: Thresholds | None = None,
        history_limits: HistoryLimits | None = None,
    ) -> None:
        self.retriever = retriever
        self.history_limits = history_limits or HistoryLimits()
        self.composer = composer or ExtractiveComposer()
        self.extractive = ExtractiveComposer()
        self.max_evidence = max_evidence
        self.keep_unsupported = keep_unsupported
        self.llm_timeout_s = llm_timeout_s
        self.thresholds = thresholds or Thresholds()
        self.prepare = (
            RunnableLambda(self._rewrite, name="rewrite")
            | RunnableLambda(self._retrieve, name="retrieve")
            | RunnableLambda(self._assess, name="assess")
        )

    # ---------------------------------------------------------------- steps
    def _gazetteer(self) -> Gazetteer | None:
        """The corpus names of the retriever's index (None for retrievers without one)."""
        index = getattr(self.retriever, "index", None)
        return index.gazetteer() if index is not None and hasattr(index, "gazetteer") else None

    def _rewrite(self, turn: Turn) -> Turn:
        t0 = time.perf_counter()
        turn.gazetteer = self._gazetteer()
        turn.resolution = resolve(turn.question, turn.history, turn.gazetteer)
        turn.standalone = turn.resolution.text
        frame = turn.resolution.frame(turn.gazetteer)
        turn.frame = frame.with_vector(encode_query(question_form(frame.text)))  # the one question vector
        turn.timings["rewrite"] = _ms(t0)
        return turn

    def _retrieve(self, turn: Turn) -> Turn:
        t0 = time.perf_counter()
        frame = turn.frame
        assert frame is not None
        # searched in the question's one canonical form, the form its vector was made from
        # ("Do we know …", dashes and a closing "?" do not change what is found)
        docs = self.retriever.retrieve(question_form(frame.text), turn.filters, vector=frame.vector)
        turn.timings["retrieve"] = _ms(t0)
        t1 = time.perf_counter()
        # the story read once: slot fillers join the evidence, each text's own claim is canvassed
        turn.copies = CopyGroups.of_index(getattr(self.retriever, "index", None))
        turn.evidence = canvass(collect(frame.text, docs, frame), story_store(self.retriever), turn.filters,
                                groups=turn.copies)
        turn.timings["evidence"] = _ms(t1)
        return turn

    def _assess(self, turn: Turn) -> Turn:
        assert turn.evidence is not None
        # a wire copy never stands beside its original as a second source
        turn.copies = CopyGroups.of_index(getattr(self.retriever, "index", None))
        turn.assessment = assess(turn.evidence, self.max_evidence, self.thresholds, turn.copies)
        turn.assessment.selected = fold_copies(turn.assessment.selected, turn.copies)
        # the one-report judgement is about the sentence the reader sees first (shown_lead.py)
        turn.assessment = judged_on_shown_lead(turn.assessment, turn.evidence, turn.frame, turn.copies)
        return turn

    # ---------------------------------------------------------------- API
    def invoke(
        self,
        question: str,
        history: Sequence[Any] | None = None,
        filters: Filters | dict | None = None,
    ) -> Answer:
        answer: Answer | None = None
        for item in self.stream(question, history, filters):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def stream(
        self,
        question: str,
        history: Sequence[Any] | None = None,
        filters: Filters | dict | None = None,
    ) -> Iterator[str | Answer]:
        """Yield answer text pieces as they are written, then the verified :class:`Answer`."""
        question = (question or "").strip()
        if not question:
            raise ValueError("the question is empty: ask something about your articles")
        if too_long := text_too_long(question, "question"):
            raise ValueError(too_long)
        messages = normalize_history(history)
        check_history(messages, self.history_limits)
        turn = Turn(question, messages, Filters.parse(filters))
        turn = self.prepare.invoke(turn)
        assert turn.evidence is not None and turn.assessment is not None
        if turn.assessment.status == "insufficient_evidence":
            answer = self._insufficient(turn)
            yield answer.answer
            yield answer
            return
        yield from self._compose(turn)

    # ---------------------------------------------------------------- internals
    def _compose(self, turn: Turn) -> Iterator[str | Answer]:
        assert turn.assessment is not None and turn.evidence is not None
        # a statement several articles carry is shown in a copy that does not point back (voice.py),
        # and a lead that still does is shown with the sentence it points at (antecedent.py)
        evidence = self._resolved_lead(turn, standalone_voices(turn.assessment.selected))
        notes: list[str] = []
        t0 = time.perf_counter()
        raw = ""
        composer = self.composer
        protected = protected_evidence(turn.assessment)
        if isinstance(composer, ExtractiveComposer):
            for piece in composer.compose(turn.standalone, evidence, turn.assessment.status, turn.frame, protected,
                                          pinned_lead(turn.assessment), conflict_sides(turn.assessment),
                                          unfilled_slot(turn.assessment)):
                raw += piece
                yield piece
        else:
            try:
                for piece in self._with_timeout(composer, turn, evidence):
                    if piece and "first_token" not in turn.timings:
                        turn.timings["first_token"] = _ms(turn.started)
                    raw += piece
                    yield piece
                raw = turn.chosen if turn.chosen is not None else raw
            except Exception as exc:  # LLM down, timed out, or crashed: fall back
                notes.append(f"the {composer.name} model failed ({_short(exc)}); answered extractively")
                log.warning("the %s model failed (%s); answered extractively", composer.name, _short(exc))
                raw = "".join(self.extractive.compose(turn.standalone, evidence, "answered", turn.frame))
                yield "\n\n" + raw
        turn.timings["compose"] = _ms(t0)
        t1 = time.perf_counter()
        answer = self._verify(turn, raw, evidence, notes, composer.name)
        turn.timings["verify"] = _ms(t1)
        answer.timings_ms = {**turn.timings, "total": _ms(turn.started)}
        yield answer

    def _resolved_lead(self, turn: Turn, evidence: list[Evidence]) -> list[Evidence]:
        """``evidence`` with the item the answer opens with run back to the sentence before it in its
        article when it opens with a pointer (:func:`briefbot.writing.antecedent.with_antecedent`) —
        but not when it gives a date or figure of the asked kind (:func:`~briefbot.writing.writer.value_spans`):
        the sentence before it would put the value second (on realnews half 1, "He said the
        retraining will affect hundreds …" behind a 30-word sentence naming the spokesman, and the
        lead-gives-the-value rate fell from 0.73 to 0.65), nor when no report fills the asked slot:
        the answer's written line then leads ("The reports cover … but none says …") and the excerpts
        after it are held to a small budget (``writer.UNFILLED_BUDGET``)."""
        a = turn.assessment
        assert a is not None
        plan = (a.status, turn.frame, protected_evidence(a), pinned_lead(a), conflict_sides(a), unfilled_slot(a))
        n = lead_item(evidence, *plan)
        index = getattr(self.retriever, "index", None)
        if n is None or not opens_with_pointer(evidence[n].text) or not hasattr(index, "get_article") \
                or value_spans(evidence[n].text, turn.frame) or unfilled_slot(a):
            return evidence  # the asked date or figure stays first; after a "none says" line, excerpts stay short
        article = index.get_article(evidence[n].article_id)  # type: ignore[union-attr]
        resolved = with_antecedent(evidence[n], article.text) if article is not None else None
        if resolved is None:
            return evidence
        out = [*evidence[:n], resolved, *evidence[n + 1:]]
        return out if lead_item(out, *plan) == n else evidence  # it must still lead

    def _with_timeout(self, composer: Composer, turn: Turn, evidence: list[Evidence]) -> Iterator[str]:
        """Stream from the composer, giving up when the model works longer than the timeout.

        Time queued for a busy local model is not part of the timeout; it is reported
        as ``timings_ms["queue"]`` (within ``compose``).
        """
        assert turn.assessment is not None
        # the same writer inputs as the extractive answer: the model is shown the quotes it cites
        stream = composer.compose(turn.standalone, evidence, turn.assessment.status,
                                  plan=plan_of(turn.assessment, turn.frame))
        try:
            yield from within_deadline(stream, self.llm_timeout_s)
        finally:
            queued = getattr(stream, "queue_ms", None)
            if queued is not None:
                turn.timings["queue"] = queued
            turn.chosen = getattr(stream, "text", None)  # a reranking composer's kept candidate

    def _verify(
        self, turn: Turn, raw: str, evidence: list[Evidence], notes: list[str], backend: str
    ) -> Answer:
        """Check each answer sentence against the quotes it cites; build citations."""
        assert turn.assessment is not None
        status = turn.assessment.status
        sentences = _split_answer(raw)
        if not sentences:
            sentences = _split_answer("".join(self.extractive.compose("", evidence, status, turn.frame)))
            notes.append("the model wrote nothing usable; answered extractively")
        ev_vecs = np.stack([e.vector if e.vector is not None else encode([e.text])[0] for e in evidence])
        known = {e.text.strip(): e.vector for e in evidence if e.vector is not None}
        # extractive sentences are the evidence itself: only new wording is encoded
        todo = [s for s, _ in sentences if s.rstrip(".") not in {k.rstrip(".") for k in known}]
        fresh = dict(zip(todo, encode(todo), strict=True)) if todo else {}
        by_text = {k.rstrip("."): v for k, v in known.items()}
        sent_vecs = [fresh[s] if s in fresh else by_text[s.rstrip(".")] for s, _ in sentences]
        allowed = [turn.question] + [f"{e.title} {' '.join(e.outlets)}" for e in evidence]
        kept: list[tuple[str, list[int], bool]] = []
        dropped = 0
        for (text, marks), vec in zip(sentences, sent_vecs, strict=True):
            marks = [m for m in marks if 1 <= m <= len(evidence)]
            sims = ev_vecs @ vec
            if not marks:  # uncited sentence: find the evidence that supports it, if any
                marks = [int(sims.argmax()) + 1]
            quotes = [evidence[m - 1].text for m in marks]
            best = max(float(sims[m - 1]) for m in marks)
            check = check_support(text, quotes, best, allowed,
                                  cited_outlets=[o for m in marks for o in evidence[m - 1].outlets])
            if not check.supported:
                # maybe it cites the wrong quote: accept the best-matching one instead
                alt = int(sims.argmax()) + 1
                alt_check = check_support(text, [evidence[alt - 1].text], float(sims[alt - 1]), allowed,
                                          cited_outlets=evidence[alt - 1].outlets)
                if alt_check.supported:
                    marks, check = [alt], alt_check
            if check.supported and len(marks) > 1:  # per-citation support: drop citations that add nothing
                keep = supporting(text, quotes, [float(sims[m - 1]) for m in marks], allowed)
                marks = [marks[i] for i in keep] or marks
            if check.supported:
                kept.append((text, marks, True))
            else:
                dropped += 1
                if self.keep_unsupported:
                    kept.append((text, marks, False))
        if backend != "extractive" and any(ok for _, _, ok in kept):
            # one fact, one sentence: a model sentence that says nothing another kept one does not goes
            again = set(repeats([t for t, _, _ in kept], turn.standalone))
            kept = [k for i, k in enumerate(kept) if i not in again]
            # the model may reword, not drop: a date, figure or quoted words the extractive
            # answer gives and the model's kept sentences lack are added from it (coverage.py);
            # in an uncertain answer, also any side or hedge the model left out
            extractive = _split_answer("".join(self.extractive.compose(
                turn.standalone, evidence, turn.assessment.status, turn.frame,
                protected_evidence(turn.assessment), pinned_lead(turn.assessment), conflict_sides(turn.assessment),
                unfilled_slot(turn.assessment))))
            added = complete([(t, m) for t, m, ok in kept if ok], extractive, turn.standalone,
                             every=turn.assessment.status == "uncertain", view=shown_view(turn.frame))
            said_again = set(subsumed([t for t, _, _ in kept], [t for t, _ in added], turn.standalone))
            kept = [k for i, k in enumerate(kept) if i not in said_again]
            if not any(ok for _, _, ok in kept):  # the model's prose said nothing the evidence's own does not
                notes.append("every model sentence repeated an evidence sentence; answered extractively")
            kept += [(t, m, True) for t, m in added]
            if added:
                notes.append(f"{len(added)} evidence sentence(s) added: the model's answer left out their values")
        if dropped:
            notes.append(f"{dropped} answer sentence(s) not supported by the cited evidence were "
                         + ("marked" if self.keep_unsupported else "removed"))
            if status == "answered":
                status = "uncertain"
        if not any(ok for _, _, ok in kept) and backend != "extractive":
            # nothing the model wrote survived: the answer is the extractive one, with the
            # status the evidence had before the model wrote (as when the model fails)
            status = turn.assessment.status
            kept = [(t, m, True) for t, m in _split_answer("".join(self.extractive.compose(
                "", evidence, status, turn.frame, protected_evidence(turn.assessment), pinned_lead(turn.assessment),
                conflict_sides(turn.assessment), unfilled_slot(turn.assessment))))]
            notes.append("no model sentence survived verification; answered extractively")
        elif not any(ok for _, _, ok in kept):
            # extractive sentences that fail verification: the evidence itself is the answer
            kept = [(t, m, True) for t, m in _split_answer(
                "".join(self.extractive.compose("", evidence, status, turn.frame)))]
            if status == "answered":
                status = "uncertain"
        text, citations = _render(kept, evidence)
        a = turn.assessment
        lead = summary_line(turn.frame, _split_answer(text), a, citations) if status == "uncertain" else None
        text = without_said(text, lead, turn.frame)  # a reason the lead quotes is not quoted again
        text = merged_quotes(text)  # the same quoted words from two reports are shown once, cited [2][3]
        # only model sentences are the reader's news: an extractive span the verifier refused is
        # the writer's own slip (kept in the debug notes), and "the model" was never asked
        told = dropped if backend != "extractive" else 0
        uncertainty = uncertainty_note(a, status, told, citations, turn.frame, led=bool(lead), lead=lead or "")
        cited = [(c.article_id, c.source) for c in citations if c.supported]
        for c in citations:
            c.also_in = turn.copies.also_in(c.article_id, c.source)
        one_text = one_text_note(turn.copies, cited)
        if one_text:
            uncertainty = f"{uncertainty.rstrip('.')}; {one_text}." if uncertainty else f"{one_text}."
        confidence = a.confidence if status == a.status else min(a.confidence, 0.5)
        return Answer(
            independent_outlets=turn.copies.independent(cited),
            question=turn.question,
            status=status,
            answer=text,
            summary=lead,
            uncertainty=uncertainty,
            confidence=confidence,
            citations=citations,
            backend=backend,
            standalone_question=turn.standalone,
            notes=notes,
            disagreements=_disagreements(a, citations),
        )

    def _insufficient(self, turn: Turn) -> Answer:
        assert turn.assessment is not None and turn.evidence is not None
        es = turn.evidence
        reason = plain_reason(turn.assessment, turn.standalone)  # the rules' own words stay in ``reasons``
        topic = covered_topic(es, es.items[:4]) if es.items else ""
        closest = f" The closest passages are about {topic}." if topic and topic != "the story" else ""
        scope = "" if turn.filters.empty else f" (filters: {_describe_filters(turn.filters)})"
        note = (
            f"Searched {es.searched_chunks} passages from {es.searched_articles} articles"
            f"{scope} for “{turn.standalone}”; {reason}.{closest}"
        )
        return Answer(
            question=turn.question,
            status="insufficient_evidence",
            answer=INSUFFICIENT_SENTENCE,
            uncertainty=note,
            confidence=turn.assessment.confidence,
            citations=[],
            backend=self.composer.name,
            timings_ms={**turn.timings, "total": _ms(turn.started)},
            standalone_question=turn.standalone,
            reasons=list(turn.assessment.reasons),
        )


_SPACE_BEFORE_PUNCT = re.compile(r"(?<!\s)\s+([.!?,;:])")


def _split_answer(raw: str) -> list[tuple[str, list[int]]]:
    """Answer sentences (markers removed) with the marker numbers each carried."""
    text = raw.strip()
    out: list[tuple[str, list[int]]] = []
    # a marker right after a sentence end belongs to that sentence: move it before the break
    text = re.sub(r"([.!?][\"'”’]?)\s*((?:\[\d+\]\s*)+)", lambda m: " " + m.group(2).strip() + m.group(1) + " ", text)
    for span in split_sentences(text):
        sentence = text[span.start:span.end]
        marks = marker_numbers(sentence)
        clean = strip_markers(sentence).strip()
        clean = _SPACE_BEFORE_PUNCT.sub(r"\1", clean)
        if len(clean) > 2 and any(ch.isalpha() for ch in clean):
            out.append((clean, marks))
    return out


def _render(
    kept: list[tuple[str, list[int], bool]], evidence: list[Evidence]
) -> tuple[str, list[Citation]]:
    """Renumber citations in order of first use; duplicates of a quote are cited too."""
    citations: list[Citation] = []
    by_key: dict[tuple[str, int, int], int] = {}
    parts: list[str] = []
    for text, marks, ok in kept:
        ids: list[int] = []
        for m in marks:
            ev = evidence[m - 1]
            for item in [ev, *ev.duplicates]:
                if item.key not in by_key:
                    by_key[item.key] = len(citations) + 1
                    citations.append(_citation(len(citations) + 1, item, ok))
                cid = by_key[item.key]
                if cid not in ids:
                    ids.append(cid)
        markers = "".join(f"[{i}]" for i in ids)
        flag = "" if ok else " (unsupported)"
        parts.append(f"{text}{flag} {markers}".strip())
    return " ".join(parts), citations


def _citation(cid: int, ev: Evidence, supported: bool) -> Citation:
    return Citation(
        id=cid,
        article_id=ev.article_id,
        title=ev.title,
        source=ev.source,
        url=ev.url,
        published=ev.published,
        chunk_id=ev.chunk_id,
        quote=ev.text,
        start=ev.start,
        end=ev.end,
        supported=supported,
    )


def _disagreements(a: Assessment, citations: list[Citation]) -> list[Disagreement]:
    """The assessment's conflicts as Answer JSON sides: quote, citation id, outlet."""
    cite_of = {(c.article_id, c.start, c.end): c.id for c in citations}
    out: list[Disagreement] = []
    for first, second, conflict in a.conflicts:
        sides = tuple(DisagreementSide(e.text, cite_of.get(e.key), e.source or e.article_id) for e in (first, second))
        out.append(Disagreement(conflict.kind, sides))
    return out


def _describe_filters(f: Filters) -> str:
    bits = []
    if f.sources:
        bits.append("sources " + ", ".join(f.sources))
    if f.date_from or f.date_to:
        bits.append(f"dates {f.date_from or '…'} to {f.date_to or '…'}")
    if f.article_ids:
        bits.append("articles " + ", ".join(f.article_ids))
    return "; ".join(bits)


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000.0


def _short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) < 160 else text[:157] + "…"
