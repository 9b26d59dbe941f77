"""Generated question variants: each transformation on its own, and the suite they build."""

from __future__ import annotations

from pathlib import Path

from briefbot.evaluation.cases import Case, load_cases
from briefbot.evaluation.variants import (
    VARIANT_KINDS,
    ascii_punctuation,
    casual,
    do_we_know,
    expand_with_variants,
    lower_case,
    names_reordered,
    no_question_mark,
    variant_questions,
    variants_of,
)

EVALS = Path(__file__).resolve().parents[2] / "evals"


def test_lower_case_lowers_names_too() -> None:
    assert lower_case("Why was the Lavrov–Rubio meeting postponed?") == "why was the lavrov–rubio meeting postponed?"


def test_ascii_punctuation_folds_dashes_and_curly_quotes() -> None:
    question = "Why was the Lavrov–Rubio meeting postponed?"
    assert ascii_punctuation(question) == "Why was the Lavrov-Rubio meeting postponed?"
    assert ascii_punctuation("What did the ministry’s “readout” say — and when?") == (
        "What did the ministry's \"readout\" say - and when?")
    assert ascii_punctuation("Plain question?") == "Plain question?"


def test_no_question_mark() -> None:
    assert no_question_mark("Where is the summit expected?? ") == "Where is the summit expected"
    assert no_question_mark("no mark") == "no mark"


def test_names_reordered_swaps_joined_names() -> None:
    question = "Why was the Lavrov–Rubio meeting postponed?"
    assert names_reordered(question) == "Why was the Rubio–Lavrov meeting postponed?"
    assert names_reordered("When did Lavrov and Rubio speak?") == "When did Rubio and Lavrov speak?"
    assert names_reordered("Did Sergey Lavrov and Marco Rubio meet?") == "Did Marco Rubio and Sergey Lavrov meet?"
    assert names_reordered("Is the A/B test done?") == "Is the B/A test done?"
    # the capitalised first word is the sentence start, not a name; lower-case words are not names
    assert names_reordered("Where and when is the summit?") == "Where and when is the summit?"
    assert names_reordered("Why did salt and pepper prices rise?") == "Why did salt and pepper prices rise?"


def test_do_we_know_framing() -> None:
    assert do_we_know("Why was the meeting postponed?") == "Do we know why was the meeting postponed?"
    assert do_we_know("KTZ spent how much?") == "Do we know KTZ spent how much?"  # acronym kept
    assert do_we_know("And when was it introduced?") == "Do we know when was it introduced?"


def test_casual_combines_lower_ascii_and_no_mark() -> None:
    assert casual("Why was the Lavrov–Rubio meeting postponed?") == "why was the lavrov-rubio meeting postponed"


def test_variant_questions_skip_unchanged_and_duplicate_texts() -> None:
    kinds = dict(variant_questions("What is the capital of Uzbekistan?"))
    assert set(kinds) == {"lower_case", "no_question_mark", "do_we_know", "casual"}  # no dash, no joined names
    kinds = dict(variant_questions("Why was the Lavrov–Rubio meeting postponed?"))
    assert set(kinds) == set(VARIANT_KINDS)
    assert len(set(kinds.values())) == len(kinds)


def test_variants_inherit_expectations() -> None:
    case = Case(id="c", question="When did Lavrov and Rubio speak?", uncertain=True, facts=(("October 20",),),
                citations=("a",), forbidden=("October 19",), tags=("hedged",))
    variants = variants_of(case)
    assert {v.variant for v in variants} == {"lower_case", "no_question_mark", "names_reordered", "do_we_know",
                                             "casual"}
    for v in variants:
        assert v.id.startswith("c~") and v.group_id == "c"
        assert (v.uncertain, v.facts, v.citations, v.forbidden, v.tags) == (
            case.uncertain, case.facts, case.citations, case.forbidden, case.tags)
    assert expand_with_variants([case])[0] is case


def test_every_corpus_case_gets_at_least_four_variants() -> None:
    originals = load_cases(sorted(EVALS.glob("corpus_*.yaml")))
    assert len(originals) >= 40
    for case in originals:
        assert len(variants_of(case)) >= 4, case.id
