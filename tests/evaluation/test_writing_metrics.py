"""Writing metrics and the follow-up pair file (unit: no model, no index)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbot.evaluation.metrics import contains_phrase
from briefbot.evaluation.writing_metrics import (
    FOLLOWUP_PAIRS,
    FollowUpPair,
    PairError,
    followup_metrics,
    lead_gives_value,
    load_pairs,
    repeats_answer,
    score_pair,
    words,
    writing_metrics,
)
from briefbot.schema import Answer

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def answer(status: str, text: str, note: str | None = None) -> Answer:
    return Answer("q", status, text, note, 0.5, [], "extractive")  # type: ignore[arg-type]


def row(question: str, status: str, text: str, note: str | None = None, facts: list | None = None) -> dict:
    return {"question": question, "status": status, "answer": text, "uncertainty": note,
            "expected": {"facts": facts or []}}


def test_words_leave_out_markers() -> None:
    assert words("Lavrov and Rubio spoke on October 20. [1][2]") == 7
    assert words("") == 0


def test_a_note_that_quotes_the_answer_again_is_a_repeat() -> None:
    text = "CNN said it remains unclear why the meeting was postponed. [1]"
    assert repeats_answer(text, "Capitol Desk hedges: “CNN said it remains unclear why the meeting was postponed.” [1]")
    assert not repeats_answer(text, "Not settled: the reason — called unclear in [1].")
    assert not repeats_answer(text, None)


def test_lead_value_reads_the_first_sentence_only() -> None:
    facts = [["October 20"]]
    assert lead_gives_value("They spoke on October 20. [1] Talks stalled. [2]", facts)
    assert not lead_gives_value("Talks stalled. [1] They spoke on October 20. [2]", facts)


def test_writing_metrics_over_rows() -> None:
    rows = [row("When did they speak?", "answered", "They spoke on October 20. [1]", None, [["October 20"]]),
            row("Why was it postponed?", "uncertain", "It is unclear why it was postponed at all. [1]",
                "Source hedges: “It is unclear why it was postponed at all.”"),
            row("Who won?", "insufficient_evidence", "The indexed articles do not contain enough evidence.")]
    m = writing_metrics(rows)
    assert m["words_short"] == 5 and m["words_long"] == 9 and m["n_lead_value"] == 1
    assert m["repeated_sentence_rate"] == 0.5 and m["lead_value_rate"] == 1.0


def test_pairs_score_consistency_and_accuracy() -> None:
    pair = FollowUpPair("p", ("Why?",), "When did they speak?", "When did A and B speak?", "answered",
                        (("October 20",),))
    same = score_pair(pair, answer("answered", "On October 20. [1]"), answer("answered", "On October 20. [1]"))
    assert same["consistent"] and same["accurate"]
    other = score_pair(pair, answer("answered", "A Senate vote. [1]"), answer("answered", "On October 20. [1]"))
    assert not other["consistent"] and other["accurate"] is False
    assert followup_metrics([same, other]) == {"n_followup_pairs": 2, "followup_consistency": 0.5,
                                               "followup_accuracy": 0.5}


def test_a_rounds_new_pairs_are_also_scored_alone() -> None:
    """Pairs one round added (tag ``new12``) measure whether its fixes transfer: reported apart."""
    new = FollowUpPair("n", ("Why?",), "When did they speak?", "When did A and B speak?", "answered",
                       (("October 20",),), ("they", "new12"))
    old = FollowUpPair("o", ("Why?",), "When did they speak?", "When did A and B speak?", "answered",
                       (("October 20",),), ("they",))
    rows = [score_pair(new, answer("answered", "A Senate vote. [1]"), answer("answered", "On October 20. [1]")),
            score_pair(old, answer("answered", "On October 20. [1]"), answer("answered", "On October 20. [1]"))]
    m = followup_metrics(rows)
    assert m["followup_consistency"] == 0.5 and m["n_followup_pairs"] == 2
    assert m["followup_consistency.new12"] == 0.0 and m["n_followup_pairs.new12"] == 1
    assert m["followup_accuracy.new12"] == 0.0 and "followup_consistency.they" not in m


def test_the_pair_file_has_40_pairs_whose_facts_are_in_corpus_articles() -> None:
    pairs = load_pairs(FOLLOWUP_PAIRS)
    assert len(pairs) >= 40 and len({p.id for p in pairs}) == len(pairs)
    corpus = " ".join(p.read_text(encoding="utf-8") for p in CORPUS.glob("*.md") if p.name != "README.md")
    for p in pairs:
        assert p.followup != p.full or "fresh" in p.tags, p.id
        for fact in p.facts:
            assert any(contains_phrase(corpus, phrasing) for phrasing in fact), (p.id, fact)


def test_bad_pair_files_say_where(tmp_path: Path) -> None:
    bad = tmp_path / "pairs.yaml"
    bad.write_text("- {id: x, followup: 'a?', full: 'b?', history: [], colour: red}\n", encoding="utf-8")
    with pytest.raises(PairError, match=r"pair x: unknown field"):
        load_pairs(bad)
    bad.write_text("- {id: x, followup: 'a?', full: 'b?', history: []}\n", encoding="utf-8")
    with pytest.raises(PairError, match="history"):
        load_pairs(bad)


def test_a_note_restating_the_question_does_not_repeat_the_answer() -> None:
    """Naming what is missing restates the question's words; only the answer's own words count."""
    answer = ("Bloomberg reported that the Senate will not return to the Sanctioning Russia Act of 2025 "
              "until they meet. [1]")
    note = "The reports cover “A bill on hold” but none says when will the Senate return to the Sanctioning Russia Act."
    question = "When will the Senate return to the Sanctioning Russia Act?"
    assert repeats_answer(answer, note)  # without the question, the shared run counts
    assert not repeats_answer(answer, note, question=question)
    assert repeats_answer(answer, note + " Bloomberg reported that the Senate will not return.", question=question)


def test_the_realnews_pair_file_has_20_pairs_over_dev_stories_whose_facts_are_in_their_articles() -> None:
    """Real-text follow-up pairs: only the dev halves' stories (1, and 3 since round 12; halves 2
    and 4 are held out), facts literally in them."""
    from briefbot.evaluation.datasets import DatasetError
    from briefbot.evaluation.realnews import REALNEWS_PAIRS, article_records, load_stories

    pairs = load_pairs(REALNEWS_PAIRS)
    assert len(pairs) >= 20 and len({p.id for p in pairs}) == len(pairs)
    assert all(p.followup != p.full or "fresh" in p.tags for p in pairs)
    dev = tuple(a for a in load_stories() if a.half in (1, 3))
    try:
        texts = " ".join(r["text"] for r in article_records(dev))
    except DatasetError as exc:
        pytest.skip(f"external eval data not available: {exc}")
    for p in pairs:
        for fact in p.facts:
            assert any(contains_phrase(texts, phrasing) for phrasing in fact), (p.id, fact)


def test_lead_value_when_present_counts_only_answers_that_hold_a_value() -> None:
    rows = [{"question": "When did they speak?", "status": "answered", "uncertainty": None,
             "answer": "They met. [1] They spoke on October 20. [2]", "expected": {"facts": [["October 20"]]}},
            {"question": "When did they vote?", "status": "answered", "uncertainty": None,
             "answer": "They voted. [1]", "expected": {"facts": [["May 2"]]}}]
    m = writing_metrics(rows)
    assert m["lead_value_rate"] == 0.0 and m["lead_value_when_present"] == 0.0
    rows[0]["answer"] = "They spoke on October 20. [2] They met. [1]"
    assert writing_metrics(rows)["lead_value_when_present"] == 1.0


def test_an_uncertain_answer_s_summary_line_is_part_of_its_lead() -> None:
    # what a reader sees first of an uncertain answer is its summary line; when that line gives
    # the value, the lead gives it, whatever quoted sentence follows (the metric used to read the
    # quoted sentences only and counted such answers as not leading with the value)
    facts = [["eight"], ["nine"]]
    summary = "No confirmed figure: given as eight people [1], nine [2]; the reports differ [1][2]."
    text = "Some 50 demonstrators held a protest. [1] At least nine of the activists were arrested. [2]"
    assert lead_gives_value(text, facts, summary)
    assert not lead_gives_value(text, facts)
    # a hedge line with no value leaves the judgement to the first quoted sentence
    hedge = "No confirmed figure: still pending [1]."
    assert lead_gives_value("Police arrested eight people. [1]", facts, hedge)
    assert not lead_gives_value("Some 50 demonstrators held a protest. [1]", facts, hedge)
    rows = [dict(row("How many were arrested?", "uncertain", text, None, facts), summary=summary)]
    assert writing_metrics(rows)["lead_value_rate"] == 1.0


def test_words_read_count_the_lead_the_answer_and_the_note() -> None:
    # saying what is missing once, in the lead instead of the note, moves words from the note into
    # words_per_answer; words_read counts what the reader reads in all three
    text = "The video was shot in May at four plants. [1]"
    lead = "The reports cover Acme and the video but none gives how many staff Acme fired."
    rows = [dict(row("How many staff did Acme fire?", "uncertain", text, "No report confirms the figure.", []),
                 summary=lead)]
    m = writing_metrics(rows)
    assert m["words_per_answer"] == 9 + 15 and m["words_read"] == 9 + 15 + 5
