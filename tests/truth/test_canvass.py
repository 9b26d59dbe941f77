"""Asking every report for its own claim (:mod:`briefbot.truth.canvass`), invented sentences.

The word vectors behind :func:`~briefbot.truth.typed.relation` come from the real MiniLM model."""

from __future__ import annotations

from types import SimpleNamespace

from helpers.sentence import sentence

from briefbot.language.question import analyse_question
from briefbot.store.copies import CopyGroups
from briefbot.truth.canvass import (
    PER_TEXT,
    PREFILTER,
    SHORTLIST,
    best_claims,
    canvassed,
    claim_form,
    independent_texts,
    prefiltered,
    story_rest,
    text_claims,
)
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.model import Thresholds


def ev(text: str, article: str = "a1", score: float = 0.4, start: int = 0) -> Evidence:
    return sentence(text, article, start=start, score=score)


def _rec(aid: str, copy_of: str | None = None, source: str = "") -> SimpleNamespace:
    return SimpleNamespace(id=aid, copy_of=copy_of, source=source)


def test_wire_copies_are_asked_once() -> None:
    groups = CopyGroups.from_records([_rec("a", source="Courier"), _rec("b", "a", "Post"), _rec("c", source="Herald")])
    texts = independent_texts(["a", "b", "c"], groups)
    assert texts["a"] == texts["b"] != texts["c"]


def test_comparable_claims_are_canvassed_but_a_quote_is_not() -> None:
    assert canvassed(analyse_question("how many protesters were arrested in norvale"))
    assert canvassed(analyse_question("was the norvale reshuffle a purge or not"))
    assert canvassed(analyse_question("why did the norvale council close the bridge"))
    assert not canvassed(analyse_question("What did Ada Holm say about the bridge?"))


def test_a_question_or_a_heading_holds_no_claim() -> None:
    frame = analyse_question("was the norvale reshuffle a purge or not")
    assert claim_form(frame, ev("The reshuffle at Norvale was a purge of the old guard, the paper wrote."))
    assert not claim_form(frame, ev("Was the Norvale reshuffle a purge?"))
    frame = analyse_question("how many protesters were arrested in norvale")
    assert not claim_form(frame, ev("Norvale police spoke to the protesters at the water office."))
    assert claim_form(frame, ev("Norvale police arrested eight protesters at the water office."))


def test_each_text_gives_its_own_claims_copies_counted_once() -> None:
    """Every report is asked, not only the best-ranked ones: the third text's sentence, far below the
    others by score, is still one of its text's claims; a copy's sentences fall under its original."""
    frame = analyse_question("how many protesters were arrested in norvale")
    a = [ev(f"Norvale police arrested {n} protesters on day {i}.", "a", 0.6, i * 100)
         for i, n in enumerate(("nine", "ten", "eleven", "twelve", "thirteen", "fourteen"))]
    copy = ev("Norvale police arrested nine protesters on day 0.", "b", 0.6)
    c = ev("Police in Norvale said eight protesters had been arrested.", "c", 0.1)
    texts = independent_texts(["a", "b", "c"], CopyGroups.from_records([_rec("a"), _rec("b", "a"), _rec("c")]))
    shortlist = text_claims(frame, [*a, copy, c], texts)
    assert set(shortlist) == {"a", "c"}
    assert len(shortlist["a"]) == SHORTLIST
    claims = best_claims(frame, shortlist, frozenset(), Thresholds())
    assert c in claims
    assert sum(e.article_id in {"a", "b"} for e in claims) == PER_TEXT


def test_a_sentence_that_says_no_asked_word_is_no_claim() -> None:
    frame = analyse_question("how many protesters were arrested in norvale")
    other = ev("The harbour festival sold 4,000 tickets.", "c")
    assert text_claims(frame, [other], {"c": "c"}) == {}


def test_a_text_in_other_words_still_gives_its_best_sentence_claims_first() -> None:
    """"How long did the researchers keep tabs on the patients": a report that says "followed …
    for five years" carries none of the slot heads; it is still asked (its best related sentence),
    while a text's sentence that does carry them comes before its others."""
    frame = analyse_question("how long did the researchers keep tabs on the patients")
    heads = frozenset({"tab", "patient"})
    followed = ev("Scientists followed 900 patients for five years.", "b", 0.3)
    carried = ev("Researchers kept tabs on the patients for four years.", "a", 0.2)
    other = ev("Researchers met the patients over two days in March.", "a", 0.5, 100)
    shortlist = {"a": [(0.5, other), (0.5, carried)], "b": [(0.25, followed)]}
    claims = best_claims(frame, shortlist, heads, Thresholds())
    assert followed in claims
    assert claims.index(carried) < claims.index(other)


def test_a_long_text_is_read_by_meaning_only_in_its_sentences_nearest_the_question() -> None:
    """The canvass bounds its cost: of a text's many sentences only :data:`PREFILTER` (those sharing
    most question words) are compared word by word; each text keeps its own."""
    frame = analyse_question("how many protesters were arrested in norvale")
    filler = [ev(f"The harbour board met {i} times this spring.", "a", 0.1, i * 100) for i in range(PREFILTER + 5)]
    arrest = ev("Norvale police arrested eight protesters.", "a", 0.1, 9000)
    other = ev("The mayor spoke twice.", "b")
    kept = prefiltered(frame, [*filler, arrest, other], {"a": "a", "b": "b"})
    assert arrest in kept and other in kept
    assert sum(e.article_id == "a" for e in kept) == PREFILTER


def test_the_story_rest_keeps_every_other_statement_of_the_story_texts() -> None:
    """What the value-first second pass reads: statements of the story's texts the shortlist did not
    keep, never a heading, a question or another story's article."""
    kept = ev("The board said the club owes $512,000.", "a1")
    rest = ev("The club was founded by the Carrow family in 1921.", "a1", start=100)
    question = ev("Who will pay the club's bill?", "a1", start=200)
    elsewhere = ev("The ferry sank near Dunmore on Friday.", "z9")
    out = story_rest([kept, rest, question, elsewhere], [kept], {"a1": "a1"})
    assert out == [rest]
