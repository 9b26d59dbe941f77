"""Anchor on what must match (issue 17 item 4): in a question typed without capitals, a
"name" that is a plain English word, or that an evidence word says in other words, does not
abstain; numbers in words count.  Real MiniLM and the real word list; sentences are our own."""

from __future__ import annotations

import numpy as np

from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence, EvidenceSet
from briefbot.truth.status import Thresholds
from briefbot.truth.status.gates import (
    common_as_typed,
    measure_words,
    met_by_meaning,
    missing_anchors,
    missing_predicate,
    plain_word_typed,
)
from briefbot.truth.status.kinds import counts_in_words, counts_something_asked

T = Thresholds()


def _ev(text: str) -> Evidence:
    ev = Evidence(article_id="a1", chunk_id="a1::0", title="Norvale news", source="Courier", url=None,
                  published="2025-03-06", text=text, start=0, end=len(text))
    ev.score = ev.similarity = 0.6
    ev.vector = np.array([1.0, 0.0], dtype=np.float32)
    return ev


def _with_names(question: str, extra: frozenset[str]) -> EvidenceSet:
    frame = analyse_question(question)
    object.__setattr__(frame, "names", frame.names | extra)  # as the corpus gazetteer would resolve them
    return EvidenceSet(frame, [_ev("Residents of Norvale owe $175 million on their water bills, officials said.")],
                       np.array([1.0, 0.0], dtype=np.float32), 1, 1)


def test_a_plain_english_word_the_corpus_capitalises_is_no_hard_anchor() -> None:
    es = _with_names("how much money do norvale residents owe on water bills", frozenset({"money"}))
    assert common_as_typed("money", es.focus)
    assert "money" not in missing_anchors(es, T)


def test_a_capitalised_name_stays_a_hard_anchor() -> None:
    es = _with_names("How much does Halvorsen owe on water bills?", frozenset())
    assert "halvorsen" in missing_anchors(es, T)


def test_an_unseen_word_is_met_by_an_evidence_word_of_the_same_meaning() -> None:
    frame = analyse_question("why did she shoot her coworkers")
    items = [_ev("The woman shot three co-workers before killing herself.")]
    assert "cowork" in met_by_meaning(["cowork"], frame, items)
    assert "cowork" not in met_by_meaning(["cowork"], frame, [_ev("The council met on Monday about parking.")])


def test_numbers_in_words_are_counts() -> None:
    frame = analyse_question("how many suspects are being held")
    assert counts_in_words(frame, "Four suspects are being held by police.")
    assert counts_something_asked(analyse_question("how many employees will be retrained"),
                                  "The retraining will reach hundreds of employees.")
    assert not counts_in_words(frame, "Police said one thing about the case.")


def test_a_vowel_dropped_spelling_is_met_by_its_word() -> None:
    frame = analyse_question("how many ppl were hurt in the depot fire")
    assert "ppl" in met_by_meaning(["ppl"], frame, [_ev("Four people were hurt in the fire at the Norvale depot.")])
    assert "ppl" not in met_by_meaning(["ppl"], frame, [_ev("The fire at the Norvale depot burned for hours.")])


def test_the_word_a_how_question_measures_by_is_frame_not_predicate() -> None:
    assert measure_words(analyse_question("how old is mara orsen")) == {"old"}
    assert measure_words(analyse_question("how long did the police hold her")) == {"long"}
    assert measure_words(analyse_question("how did the council vote")) == frozenset()
    es = EvidenceSet(analyse_question("how old is Mara Orsen"), [_ev("Mara Orsen, 77, chairs the Norvale council.")],
                     np.array([1.0, 0.0], dtype=np.float32), 1, 1)
    assert missing_predicate(es, T) == []


def test_a_predicate_word_said_in_other_words_does_not_abstain() -> None:
    def es(text: str) -> EvidenceSet:
        return EvidenceSet(analyse_question("how many kids does Mara Orsen have"), [_ev(text)],
                           np.array([1.0, 0.0], dtype=np.float32), 1, 1)

    assert missing_predicate(es("Mara Orsen lives in Norvale with her four children."), T) == []
    assert missing_predicate(es("Mara Orsen chairs the Norvale council budget panel."), T) == ["kid"]


def test_a_noun_of_a_phrasal_verb_is_met_by_its_verb() -> None:
    """"payout" (unseen, so a guessed name in a question without capitals) is said by "pay"."""
    frame = analyse_question("how much of a payout did the norvale fisherman get")
    paid = [_ev("The council agreed to pay the fisherman compensation of 40,000 crowns.")]
    assert "payout" in met_by_meaning(["payout"], frame, paid)
    assert "payout" not in met_by_meaning(["payout"], frame, [_ev("The fisherman was hurt on the Norvale quay.")])
    es = EvidenceSet(frame, paid, np.array([1.0, 0.0], dtype=np.float32), 1, 1)
    assert "payout" not in missing_anchors(es, T)


def test_a_word_the_evidence_hyphenates_is_met_by_the_compound() -> None:
    frame = analyse_question("how many people were in the yoyo dieting trial")
    items = [_ev("Researchers followed 900 people who tried yo-yo dieting for years.")]
    assert "yoyo" in met_by_meaning(["yoyo"], frame, items)
    assert "yoyo" not in met_by_meaning(["yoyo"], frame, [_ev("Researchers followed 900 people on a diet.")])


def test_a_count_of_the_asked_thing_in_other_words_is_a_count() -> None:
    """The reader's word and the reporter's differ ("cops" / "police officers", "planes" /
    "aircraft", "kids" / "children"): the figure still counts the asked thing (MiniLM word meaning)."""
    assert counts_something_asked(analyse_question("how many cops will guard the marathon"),
                                  "Some 4,000 police officers will be on duty at the marathon.")
    assert counts_something_asked(analyse_question("how many planes does the rescue firm have ready"),
                                  "The firm has six aircraft on standby.")
    assert counts_something_asked(analyse_question("how many kids did the baker have"),
                                  "The baker raised ten children in Norvale.")
    # a figure of something else is still no count of the asked thing
    assert not counts_something_asked(analyse_question("how many cops will guard the marathon"),
                                      "Some 4,000 runners will take part in the marathon.")
    assert not counts_something_asked(analyse_question("how many planes does the rescue firm have ready"),
                                      "The firm has helped three customers in Norvale.")


def test_a_figure_with_a_thousands_separator_is_a_count_not_a_year() -> None:
    frame = analyse_question("how many runners are taking part")
    assert counts_something_asked(frame, "Some 2,000 runners will take part in the race.")
    assert not counts_something_asked(frame, "Runners 2000 and later took part.")  # a year counts nothing


def _guessed(question: str, guesses: set[str], *texts: str) -> EvidenceSet:
    """The frame as the gazetteer builds it for a question without capitals: ``guesses`` are words
    the corpus never uses (:attr:`QuestionFrame.guessed`), taken for names."""
    frame = analyse_question(question)
    object.__setattr__(frame, "names", frame.names | guesses)
    object.__setattr__(frame, "guessed", frozenset(guesses))
    items = [_ev(t) for t in texts]
    return EvidenceSet(frame, items, np.array([1.0, 0.0], dtype=np.float32), 1, 1)


def test_a_guessed_name_that_abbreviates_an_english_word_is_no_anchor() -> None:
    """"ppl" abbreviates "people" though the evidence says "riders": a plain word, not a name."""
    es = _guessed("what lane do norvale ppl queue in", {"ppl"}, "Norvale riders queue in lane 2 at the depot.")
    assert plain_word_typed("ppl", es.focus, es.items)
    assert "ppl" not in missing_anchors(es, T)


def test_a_name_the_corpus_writes_is_never_demoted() -> None:
    """The same spelling not guessed (the corpus writes it, e.g. an outlet's initials) stays a hard anchor."""
    es = _guessed("what lane do norvale ppl queue in", set(), "Norvale riders queue in lane 2 at the depot.")
    object.__setattr__(es.focus, "names", es.focus.names | {"ppl"})
    assert not plain_word_typed("ppl", es.focus, es.items)
    assert "ppl" in missing_anchors(es, T)


def test_a_guessed_name_read_as_an_inflected_verb_is_no_anchor() -> None:
    es = _guessed("who bankrolled the norvale ferry study", {"bankrol"},
                  "The Norvale ferry study was funded by the Carrow Trust.")
    assert plain_word_typed("bankrol", es.focus, es.items)
    assert "bankrol" not in missing_anchors(es, T)


def test_a_guessed_name_the_evidence_writes_in_full_is_a_clipping() -> None:
    es = _guessed("what did the intel panel find about norvale", {"intel"},
                  "The intelligence panel found no record of the Norvale transfers.")
    assert plain_word_typed("intel", es.focus, es.items)
    assert "intel" not in missing_anchors(es, T)
    known = _guessed("what did the intel panel find about norvale", set(),
                     "The intelligence panel found no record of the Norvale transfers.")
    object.__setattr__(known.focus, "names", known.focus.names | {"intel"})  # a name the corpus writes
    assert "intel" in missing_anchors(known, T)
    other = _guessed("what did the intel panel find about norvale", {"intel"},
                     "The budget panel found no record of the Norvale transfers.")
    assert "intel" in missing_anchors(other, T)


def test_an_unseen_name_stays_an_anchor() -> None:
    """A guessed name that is no abbreviation, verb or clipping is still required."""
    es = _guessed("what did greta lindqvist tell the norvale council", {"greta", "lindqvist"},
                  "Mara Orsen told the Norvale council the budget was short.")
    assert not plain_word_typed("lindqvist", es.focus, es.items)
    assert "lindqvist" in missing_anchors(es, T)
