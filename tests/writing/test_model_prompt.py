"""The local model's compact prompt, over the real corpus index (real evidence, real
writer compression); no model runs here."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.evidence import selected_evidence

from briefbot.config import Settings
from briefbot.core import BriefBot
from briefbot.language.features import features
from briefbot.language.question import analyse_question
from briefbot.language.text import content_words
from briefbot.store.embeddings import encode
from briefbot.truth.evidence import Evidence
from briefbot.writing.answer import AnswerChain, Turn
from briefbot.writing.compose import answer_messages
from briefbot.writing.model_prompt import (
    COMPACT_SYSTEM,
    answer_quotes,
    compact_messages,
    quote_lines,
    warm_messages,
)
from briefbot.writing.plan import WritePlan, plan_of
from briefbot.writing.writer import write

SEED_Q = "Why was the Lavrov–Rubio meeting postponed?"
CALL_Q = "When did Lavrov and Rubio last speak?"


@pytest.fixture(scope="module")
def bot(corpus_index: Path) -> BriefBot:
    return BriefBot(Settings.load(index_dir=corpus_index))


def _quotes(user: str) -> list[str]:
    """The quote of each ``[n] (Outlet) quote`` line."""
    return [line.split(") ", 1)[1] for line in user.splitlines() if line.startswith("[")]


def test_system_prompt_is_fixed_and_status_is_one_line(bot: BriefBot) -> None:
    evidence = selected_evidence(bot, SEED_Q)
    system, user = compact_messages(SEED_Q, evidence, "uncertain")
    assert system.content == COMPACT_SYSTEM  # the same bytes every time: llama.cpp reuses the cached prefix
    assert warm_messages()[0].content == COMPACT_SYSTEM and user.content.startswith(warm_messages()[1].content)
    assert "hedge or disagree" in user.content and user.content.endswith(f"Question: {SEED_Q}")
    assert "hedge" not in compact_messages(SEED_Q, evidence, "answered")[1].content
    # nothing of the status in the system prompt: an answered question would read it and write it back
    assert "uncertain" not in COMPACT_SYSTEM.lower() and "status" not in COMPACT_SYSTEM.lower()


def test_quotes_are_compressed_spans_that_keep_hedges_and_attributions(bot: BriefBot) -> None:
    evidence = selected_evidence(bot, SEED_Q)
    quotes = _quotes(compact_messages(SEED_Q, evidence, "uncertain")[1].content)
    assert len(quotes) == len(evidence)
    shorter = 0
    for ev, quote in zip(evidence, quotes, strict=True):
        full = " ".join(ev.text.split())
        assert content_words(quote) <= content_words(full)  # words only taken away, never added
        if features(full).hedges:
            assert features(quote).hedges, (full, quote)  # a hedged quote stays hedged
        for cue in ("said", "reported", "according to", "citing", "reportedly"):
            if cue in full:
                assert cue in quote, (cue, quote)
        shorter += len(quote) < len(full)
    assert shorter >= 1  # the seed's long quotes lose an appositive ("Russia's foreign minister")
    # without a question frame the quotes are whole
    assert quote_lines(evidence).splitlines()[0].endswith(" ".join(evidence[0].text.split()))


def test_compact_prompt_is_much_shorter_than_the_full_answer_prompt(bot: BriefBot) -> None:
    evidence = selected_evidence(bot, SEED_Q)
    new = compact_messages(SEED_Q, evidence, "uncertain")
    old = answer_messages(SEED_Q, evidence, "uncertain")
    per_question = len(new[1].content)  # the system prompt is cached; the question pays for this
    assert per_question < 0.6 * sum(len(m.content) for m in old)
    whole = [f"[{n}] ({', '.join(e.outlets)}) {' '.join(e.text.split())}" for n, e in enumerate(evidence, 1)]
    assert per_question < len("\n".join(whole)) + len(SEED_Q) + 40  # shorter than whole quotes + question


def test_a_short_quote_is_given_whole(bot: BriefBot) -> None:
    evidence = selected_evidence(bot, CALL_Q)
    quotes = _quotes(compact_messages(CALL_Q, evidence, "answered")[1].content)
    for ev, quote in zip(evidence, quotes, strict=True):
        if len(ev.text.split()) < 12:
            assert quote == " ".join(ev.text.split())


def test_the_model_sees_the_quotes_the_extractive_answer_cites(bot: BriefBot) -> None:
    evidence = selected_evidence(bot, SEED_Q)
    frame = analyse_question(SEED_Q)
    shown = answer_quotes(evidence, "uncertain", frame)
    extractive = "".join(write(evidence, "uncertain", frame))
    assert shown and all(f"[{n}]" in extractive for n in shown)
    assert not [n for n in range(1, len(evidence) + 1) if f"[{n}]" in extractive and n not in shown]
    user = compact_messages(SEED_Q, evidence, "uncertain", frame, shown)[1].content
    numbers = [int(line[1:line.index("]")]) for line in user.splitlines() if line.startswith("[")]
    assert numbers == shown  # under their own numbers, so the markers need no mapping
    # on the seed the writer leaves out a quote (the same reason again, or past its budget)
    assert len(shown) < len(evidence)
    assert len(user) < len(compact_messages(SEED_Q, evidence, "uncertain", frame)[1].content)


def test_the_system_prompt_has_no_sentence_the_model_could_write_back() -> None:
    # over one short quote Qwen wrote the prompt's example ("The ministry said the talks will
    # resume in May [1].") as its answer; the grammar gives the shape, so no example is needed
    sentences = [s for s in COMPACT_SYSTEM.split(". ") if "[" in s]
    assert sentences and all(not any(ch.isupper() for ch in s.split("[")[0][1:]) for s in sentences)
    assert "May" not in COMPACT_SYSTEM and "ministry" not in COMPACT_SYSTEM


def test_the_model_is_shown_the_quotes_the_extractive_answer_cites_under_the_same_plan() -> None:
    # before: answer_quotes wrote the extractive answer without the truth layer's inputs (the sides
    # of a disagreement kept, a pending value leading, an unfilled slot's budget), so on realnews
    # half 1 13 of 71 spoken answers showed the model other quotes than the answer cites ("how
    # many protesters got arrested": [3] alone, one side of the 8-vs-9 dispute left out)
    def ev(text: str) -> Evidence:
        e = Evidence(f"p{len(text)}", "c", "title", "Outlet", None, None, text, 0, len(text))
        e.vector = encode([text])[0]
        return e

    frame = analyse_question("How many passengers did the ferry carry on Monday?")
    items = [ev("The ferry carried 120 passengers on Monday, the port office said."),
             ev("Harbour staff counted the ferry's passengers as they came ashore in the evening after a long "
                "delay caused by wind and a broken ramp at the main pier, which had been closed for repairs "
                "since the spring storms."),
             ev("The ferry carried 140 passengers on Monday according to a count by the harbour union, which "
                "has disputed the port office's figures for years, says the ferry was overloaded again and wants "
                "the regional transport board to open an inquiry into the operator.")]
    plan = WritePlan(frame, protected=frozenset({2}))  # the 120-vs-140 dispute: both sides kept
    with_plan = answer_quotes(items, "answered", frame, plan)
    written = "".join(write(items, "answered", frame, plan.protected))
    assert with_plan == [n for n in (1, 2, 3) if f"[{n}]" in written] == [1, 3]
    assert answer_quotes(items, "answered", frame) == [1]  # without it, one side of the dispute is gone


def test_the_answer_chain_hands_the_model_composer_the_extractive_plan(bot: BriefBot) -> None:
    # the composer is a FAKE at the edge (records what it is given); retrieval, the assessment and
    # the chain are real
    class Recording:
        name = "local"

        def __init__(self) -> None:
            self.plans: list = []

        def compose(self, question, evidence, status, plan=None):  # type: ignore[no-untyped-def]
            self.plans.append(plan)
            return iter([f"{evidence[0].text} [1]"])

    composer = Recording()
    chain = AnswerChain(bot.retriever, composer)
    chain.invoke(SEED_Q)
    turn = chain.prepare.invoke(Turn(SEED_Q, [], bot.retriever.filters))
    assert composer.plans == [plan_of(turn.assessment, turn.frame)]
