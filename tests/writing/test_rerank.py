"""Sample-and-rerank for the local model.  The chat models here are FAKES at the edge
(scripted replies, one per candidate) so the choice is deterministic; the verifier, the
embedder, the index and the chain are real."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.evidence import selected_evidence
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from briefbot.config import Settings
from briefbot.core import BriefBot
from briefbot.writing.answer import AnswerChain
from briefbot.writing.rerank import Candidate, LocalComposer, RerankStream, _Reply, best, marked_sentences, surviving

SEED_Q = "Why was the Lavrov–Rubio meeting postponed?"
CALL_Q = "When did Lavrov and Rubio last speak?"


class CandidateChat(BaseChatModel):
    """FAKE chat model for unit tests only: reply i of ``replies`` to the i-th call, and
    records the options each call was given (temperature, seed)."""

    replies: list[str]
    calls: list[dict[str, Any]] = []

    @property
    def _llm_type(self) -> str:
        return "scripted-candidates"

    def _reply(self, kw: dict[str, Any]) -> str:
        self.calls.append({k: kw.get(k) for k in ("temperature", "seed", "grammar")})
        return self.replies[min(len(self.calls) - 1, len(self.replies) - 1)]

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kw: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self._reply(kw)))])

    def _stream(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                **kw: Any) -> Iterator[ChatGenerationChunk]:
        for word in self._reply(kw).split(" "):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word + " "))


@pytest.fixture(scope="module")
def bot(corpus_index: Path) -> BriefBot:
    return BriefBot(Settings.load(index_dir=corpus_index))


def test_marked_sentences_reads_both_marker_positions() -> None:
    assert marked_sentences("They spoke on October 20 [1]. They may speak again, a source said. [2][3]") == [
        ("They spoke on October 20.", [1]), ("They may speak again, a source said.", [2, 3])]
    assert marked_sentences("No markers at all") == [("No markers at all", [])]


def test_best_prefers_all_surviving_then_share_then_earliest() -> None:
    a, b, c = Candidate("a", 1, 2, 1.0), Candidate("b", 1, 1, 1.0), Candidate("c", 2, 2, 1.0)
    assert best([a, b]) is b
    assert best([b, c]) is c  # both survive whole: the one with more surviving sentences
    b2 = Candidate("b2", 1, 1, 2.0)
    assert best([b, b2]) is b and best([b2, b]) is b2  # equals: the earlier one
    assert best([a]) is a


def test_a_candidate_missing_what_the_coverage_rule_restores_ranks_below_one_keeping_it() -> None:
    whole, short = Candidate("whole", 1, 1, 1.0), Candidate("short", 1, 1, 1.0, missing=1)
    assert whole.survives and not short.survives
    assert best([short, whole]) is whole
    assert best([Candidate("none", 0, 1, 1.0), short]) is short  # verified prose still beats none


def test_a_verified_candidate_that_drops_a_value_is_resampled() -> None:
    # before: a first candidate whose sentences all verified was kept at once, and the chain then
    # restored the source sentence it dropped a value of (the model's prose was lost)
    bare, full = "The ferry act passed [1].", "The ferry act passed on May 2, the council said [1]."
    model = CandidateChat(replies=[bare, full], calls=[])
    scores = {bare: (1, 1, 1), full: (1, 1, 0)}  # (surviving, sentences, sentences to add back)
    stream = RerankStream(lambda i: _Reply(model, [HumanMessage(content="q")], {"temperature": 0.0 if i == 0 else 0.7}),
                          lambda raw: scores[raw.strip()], candidates=3, budget_s=60)
    pieces = list(stream)
    assert "".join(pieces).strip() == bare  # the first candidate streamed as it was written
    assert stream.text is not None and stream.text.strip() == full
    assert [c["temperature"] for c in model.calls] == [0.0, 0.7]


def test_surviving_counts_sentences_as_the_verifier_does(bot: BriefBot) -> None:
    evidence = selected_evidence(bot, CALL_Q)
    n = next(i for i, e in enumerate(evidence, start=1) if "October 20" in e.text)
    good = f"Lavrov and Rubio spoke by phone on October 20 [{n}]."
    fragment = f"Lavrov and Rubio spoke by phone on October 20, according to [{n}]."
    assert surviving(good, CALL_Q, evidence) == (1, 1)
    assert surviving(f"{good} {fragment}", CALL_Q, evidence) == (1, 2)


def test_a_failing_first_candidate_is_replaced_by_a_surviving_sample(bot: BriefBot) -> None:
    evidence = selected_evidence(bot, CALL_Q)
    n = next(i for i, e in enumerate(evidence, start=1) if "October 20" in e.text)
    first = f"Lavrov and Rubio spoke by phone on October 20, according to [{n}]."
    second = f"Lavrov and Rubio spoke by phone on October 20 [{n}]."
    model = CandidateChat(replies=[first, second, "Never asked for [1]."], calls=[])
    composer = LocalComposer(model, "local", grammar=lambda shown: f"grammar-{list(shown)}", candidates=3,
                             budget_s=60)
    answer = AnswerChain(bot.retriever, composer).invoke(CALL_Q)
    assert "according to." not in answer.answer and "October 20" in answer.answer
    assert not any("extractively" in note for note in answer.notes)
    assert not any("not supported" in note for note in answer.notes)
    # greedy first, then one sampled candidate (it survived, so no third), grammar on both
    assert [c["temperature"] for c in model.calls] == [0.0, 0.7]
    assert model.calls[1]["seed"] == 1
    # both under the grammar of the quotes the prompt showed (the one the answer cites among them)
    assert len({c["grammar"] for c in model.calls}) == 1
    shown = [int(k) for k in model.calls[0]["grammar"][len("grammar-["):-1].split(",")]
    assert n in shown and set(shown) <= set(range(1, len(evidence) + 1))


def test_a_surviving_first_candidate_is_kept_without_sampling(bot: BriefBot) -> None:
    evidence = selected_evidence(bot, CALL_Q)
    n = next(i for i, e in enumerate(evidence, start=1) if "October 20" in e.text)
    model = CandidateChat(replies=[f"Lavrov and Rubio spoke by phone on October 20 [{n}]."], calls=[])
    composer = LocalComposer(model, "local", candidates=3, budget_s=60)
    answer = AnswerChain(bot.retriever, composer).invoke(CALL_Q)
    assert len(model.calls) == 1 and "first_token" in answer.timings_ms
    assert "October 20" in answer.answer


def test_one_candidate_means_no_sampling_and_the_verifier_still_drops(bot: BriefBot) -> None:
    evidence = selected_evidence(bot, SEED_Q)
    hedged = next(i for i, e in enumerate(evidence, start=1) if "expectations" in e.text)
    bare = f"The meeting was postponed due to different expectations [{hedged}]."
    model = CandidateChat(replies=[bare], calls=[])
    answer = AnswerChain(bot.retriever, LocalComposer(model, "local", candidates=1)).invoke(SEED_Q)
    assert len(model.calls) == 1
    assert "due to different expectations" not in answer.answer
    assert answer.status == "uncertain"
    assert any("extractively" in note for note in answer.notes)
