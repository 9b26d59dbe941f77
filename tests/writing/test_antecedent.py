"""A lead that points back is shown with the sentence it points at (writing/antecedent.py).

An invented article; plain Evidence records."""

from __future__ import annotations

from briefbot.truth.evidence import Evidence
from briefbot.writing.antecedent import previous_sentence, with_antecedent
from briefbot.writing.writer import opens_with_pointer

ARTICLE = ("Tarnwick Poultry will retrain its plant staff this spring.\n\n"
           "A company spokesman, Ado Renk, spoke to reporters on Friday. "
           "He said that the retraining will affect hundreds of workers at the Velmar plant. "
           "It starts in May.")


def ev(sentence: str) -> Evidence:
    start = ARTICLE.index(sentence)
    return Evidence("tp1", "tp1::0", "title", "Valley Post", None, None, sentence, start, start + len(sentence))


def test_a_pointing_lead_runs_back_to_the_sentence_before_it_as_exact_article_text() -> None:
    lead = ev("He said that the retraining will affect hundreds of workers at the Velmar plant.")
    got = with_antecedent(lead, ARTICLE)
    assert got is not None
    assert ARTICLE[got.start:got.end] == got.text  # the quote is still exact text
    assert got.text.startswith("A company spokesman, Ado Renk, spoke") and got.text.endswith("Velmar plant.")
    assert not opens_with_pointer(got.text)
    assert got.end == lead.end and got.article_id == lead.article_id


def test_a_lead_that_stands_alone_or_a_pointing_antecedent_is_left_as_it_is() -> None:
    assert with_antecedent(ev("A company spokesman, Ado Renk, spoke to reporters on Friday."), ARTICLE) is None
    assert with_antecedent(ev("It starts in May."), ARTICLE) is None  # the sentence before points back too
    first = "Tarnwick Poultry will retrain its plant staff this spring."
    assert previous_sentence(ARTICLE, ARTICLE.index(first)) is None
    other = Evidence("tp1", "c", "t", "s", None, None, "He said so.", 0, 11)
    assert with_antecedent(other, ARTICLE) is None  # offsets that are not the text: never guessed
