"""The writer's steps: fusion, the lead, compression, the word budget and the note.

Evidence sentences are built by hand with real MiniLM vectors (no corpus index needed).
"""

from __future__ import annotations

import re

import pytest

from briefbot.language.question import analyse_question
from briefbot.schema import Citation
from briefbot.store.embeddings import encode
from briefbot.truth.conflicts import Disagreement
from briefbot.truth.evidence import Evidence
from briefbot.truth.status import Assessment
from briefbot.writing.writer import (
    compress,
    drop_appositives,
    drop_relative,
    drop_trailing,
    figures,
    fuse,
    lead_first,
    same_fact,
    uncertainty_note,
    within_budget,
    write,
)

_N = iter(range(10_000))


def ev(text: str, source: str = "Outlet", article: str | None = None, start: int = 0) -> Evidence:
    e = Evidence(article or f"a{next(_N)}", "c", "title", source, None, None, text, start, start + len(text))
    e.vector = encode([text])[0]
    e.hedges = list(e.features.hedges)
    return e


def cite(e: Evidence, cid: int) -> Citation:
    return Citation(cid, e.article_id, e.title, e.source, None, None, e.chunk_id, e.text, e.start, e.end)


def test_the_same_fact_from_two_outlets_is_one_sentence_with_both_markers() -> None:
    a = ev("One of CNN's sources said Lavrov and Rubio may speak again later this week.", "Caspian Ledger")
    b = ev("The same CNN source said Lavrov and Rubio may speak again later this week.", "Danube Dispatch")
    c = ev("Lavrov and Rubio spoke by phone on October 20.", "Steppe Wire")
    assert same_fact(a, b) and not same_fact(a, c)
    assert fuse([a, b, c]) == [[0, 1], [2]]
    text = "".join(write([a, b, c], "uncertain"))
    assert text.count("may speak again") == 1 and "[1][2]" in text and "[3]" in text


def test_different_dates_or_numbers_are_never_merged() -> None:
    a = ev("Lavrov and Rubio spoke by phone on October 20.", "Steppe Wire")
    b = ev("Lavrov and Rubio spoke by phone on October 19.", "Baltic Relay")
    c = ev("KTZ spent 79 million tenge on new workwear.", "A")
    d = ev("KTZ spent 97 million tenge on new workwear.", "B")
    assert float(a.vector @ b.vector) > 0.9 and not same_fact(a, b)
    assert not same_fact(c, d)
    assert figures("one of its sources said 85 senators, 1,200 people") == {"85", "1,200"}


def test_one_outlet_never_fuses_with_itself_nor_a_hedge_with_a_bare_claim() -> None:
    a = ev("The meeting was postponed.", "A", article="x")
    b = ev("The meeting was postponed.", "A", article="x", start=100)
    c = ev("The meeting was reportedly postponed.", "B")
    assert not same_fact(a, b) and not same_fact(a, c)


def test_the_sentence_giving_the_asked_kind_leads() -> None:
    frame = analyse_question("When did Lavrov and Rubio speak by phone?")
    other = ev("Lavrov and Rubio discussed the summit at length, officials said.")
    dated = ev("Lavrov and Rubio spoke by phone on October 20.")
    assert lead_first([[0], [1]], [other, dated], frame, "answered") == [[1], [0]]
    why = analyse_question("Why was the Lavrov–Rubio meeting postponed?")
    event = ev("The Lavrov–Rubio meeting was postponed, a White House official said.")
    unclear = ev("CNN said it remains unclear why the meeting was postponed.")
    assert lead_first([[0], [1]], [event, unclear], why, "uncertain") == [[1], [0]]


def test_a_yes_no_question_keeps_the_truth_layer_order_and_length() -> None:
    frame = analyse_question("Was the arrest timed to suit the government?")
    items = [ev("As the timing was his, I find it hard to justify an arrest now."),
             ev("Due to the absence of the third person, the court has delayed the trial " + "again " * 40 + "."),
             ev("Other political parties have rejected claims that the timing of the arrest was political.")]
    groups = [[0], [1], [2]]
    assert lead_first(groups, items, frame, "answered") == groups
    assert within_budget(groups, items, frame, "answered") == groups


def test_the_budget_keeps_the_sentences_saying_most_of_the_question() -> None:
    frame = analyse_question("Why was the arrest timed for political reasons?")
    items = [ev("Due to the absence of the witness, the court has delayed the trial " + "again " * 50 + "."),
             ev("Lawmakers across the region spent " + "many " * 12 + "days debating the budget."),
             ev("Other political parties have rejected claims that the timing of the arrest was political.")]
    assert within_budget([[0], [1], [2]], items, frame, "answered") == [[0], [2]]


def test_compression_keeps_exact_spans_and_what_was_asked() -> None:
    frame = analyse_question("Why was the Lavrov–Rubio meeting postponed?")
    text = ("CNN, citing a White House official, reported that a planned meeting between Sergey Lavrov, "
            "Russia's foreign minister, and Secretary of State Marco Rubio, meant to come before the "
            "Trump–Putin summit, has been postponed; CNN said it remains unclear why.")
    short = compress(text, frame)
    assert short == ("CNN, citing a White House official, reported that a planned meeting between Sergey Lavrov "
                     "and Secretary of State Marco Rubio has been postponed; CNN said it remains unclear why.")
    # every kept piece is an exact span of the quote, in order
    pos = 0
    for piece in re.split(r"(?<=Lavrov)|(?<=Rubio)", short):
        found = text.find(piece.strip(), pos)
        assert found >= pos
        pos = found + len(piece.strip())


def test_compression_never_drops_a_hedge_an_attribution_or_an_asked_clause() -> None:
    frame = analyse_question("Why was the meeting postponed?")
    assert drop_appositives("Rubio, according to a source, said no.", frame) == "Rubio, according to a source, said no."
    assert drop_relative("The pause, which is expected to last, was unclear.", frame) == \
        "The pause was unclear."
    kept = "The talks were postponed, but it remains unclear why."
    assert drop_trailing(kept, frame) == kept
    assert drop_trailing("The meeting was postponed; the weather in Budapest was mild.", frame) == \
        "The meeting was postponed."
    assert drop_appositives("Leaders met in Astana, Almaty, Bishkek, and Tashkent.", frame) == \
        "Leaders met in Astana, Almaty, Bishkek, and Tashkent."
    assert compress("Short sentence, which stays whole.", frame) == "Short sentence, which stays whole."


def test_word_budget_leaves_out_extras_but_never_the_asked_or_a_disagreement() -> None:
    frame = analyse_question("When did Lavrov and Rubio speak by phone?")
    items = [ev("Lavrov and Rubio spoke by phone on October 20."),
             ev("The two ministers " + "discussed many matters of state at great length " * 3 + "officials said."),
             ev("Lavrov and Rubio spoke by phone on October 19, a diplomatic source told the Baltic Relay.")]
    groups = [[0], [1], [2]]
    assert within_budget(groups, items, frame, "uncertain") == [[0], [2]]
    assert within_budget(groups, items, frame, "uncertain", frozenset({1})) == groups


@pytest.mark.parametrize("kind_question, asked", [("Why was the meeting postponed?", "the reason"),
                                                  ("How much damage did the attack cause?", "the figure")])
def test_the_note_names_what_is_open_without_re_quoting(kind_question: str, asked: str) -> None:
    frame = analyse_question(kind_question)
    hedged = ev("CNN said it remains unclear why the meeting was postponed, and the damage is still being "
                "assessed, according to one of its sources.", "Capitol Desk")
    note = uncertainty_note(Assessment("uncertain", [hedged], 0.5, ["the sources hedge"], [], [hedged], []),
                            "uncertain", 0, [cite(hedged, 1)], frame)
    assert note is not None and note.startswith(f"Not settled: {asked} — ") and "[1]" in note
    assert "remains unclear why" not in note and "still being assessed" not in note  # no re-quote
    assert uncertainty_note(Assessment("answered", [], 0.9), "answered", 0, [], frame) is None


def test_the_note_names_both_sides_of_a_disagreement() -> None:
    a = ev("Lavrov and Rubio spoke by phone on October 20.", "Steppe Wire")
    b = ev("Lavrov and Rubio spoke by phone on October 19.", "Baltic Relay")
    conflict = Disagreement("date", (), "oct 20 vs oct 19")
    note = uncertainty_note(Assessment("uncertain", [a, b], 0.5, ["the sources disagree"], [], [], [(a, b, conflict)]),
                            "uncertain", 0, [cite(a, 1), cite(b, 2)], analyse_question("When did they speak?"))
    assert note == "Sources disagree on the date (oct 20 vs oct 19): Steppe Wire [1] against Baltic Relay [2]."
