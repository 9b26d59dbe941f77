"""Slot-directed sentence search in the question's story (:mod:`briefbot.truth.typed`).

The form and relation rules are tested on invented sentences with the real MiniLM model (word
closeness); the search itself on a real index (embedded Chroma, MiniLM), where the answering
sentence lies in a chunk that retrieval did not return."""

from __future__ import annotations

import numpy as np
import pytest
from helpers.sentence import sentence

from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence
from briefbot.truth.typed import (
    MAX_ADDED,
    can_fill,
    counts_form,
    dated_clause,
    has_figure,
    relation,
    searched,
    slot_candidates,
    story_articles,
    word_vectors,
)


def ev(text: str, article: str = "a1", score: float = 0.4) -> Evidence:
    return sentence(text, article, score=score)


def test_a_figure_is_a_number_but_not_a_year() -> None:
    assert has_figure("Acme fired ten workers on Monday.")
    assert has_figure("Mara Venn, a mother of 7, lived in Carrow.")
    assert has_figure("The plant shed 1,200 jobs.")
    assert not has_figure("The plant opened in 2019 and closed in 2021.")


def test_how_long_wants_a_duration() -> None:
    frame = analyse_question("how long had the family been away when it happened")
    assert counts_form(frame, "We had only been gone for 15 minutes, Ada Holm said.")
    assert counts_form(frame, "He was released after four days of questioning.")
    assert not counts_form(frame, "Four people were questioned by police.")


def test_how_long_questions_are_searched_for_a_duration() -> None:
    """"How long" is its own slot kind ("duration"); it is searched like "how many"."""
    frame = analyse_question("how long did police hold the carrow mayor")
    assert searched(frame)
    assert can_fill(frame, ev("The mayor was released after four days of questioning."))
    assert not can_fill(frame, ev("The mayor was questioned by police in Carrow."))


def test_how_much_wants_money_and_a_share_only_when_asked() -> None:
    much = analyse_question("how much are carrow households behind on their bills")
    assert counts_form(much, "The utility says it is owed some $40 million in unpaid bills.")
    many = analyse_question("how many homes lost power in carrow")
    assert not counts_form(many, "Nearly 40 percent of accounts are overdue.")
    assert counts_form(many, "Crews cut power to 7,100 homes in June.")
    share = analyse_question("what share of carrow homes lost power")
    assert counts_form(share, "Nearly 40 percent of homes lost power.")


def test_each_kind_has_its_form() -> None:
    when = analyse_question("when was the acme footage shot")
    assert can_fill(when, ev("The footage was shot in May and June at two plants."))
    assert not can_fill(when, ev("The footage was shot at two plants by an investigator."))
    who = analyse_question("who replaced hale as head of the board")
    assert can_fill(who, ev("Ada Holm took over as head of the board."))
    assert not can_fill(who, ev("The board met to discuss the vacancy."))
    car = analyse_question("what kind of car did the thief drive off in")
    assert can_fill(car, ev("The woman fled the scene in a red four-door Saturn."))
    why = analyse_question("why did the carrow plant close")
    assert can_fill(why, ev("The plant closed because orders fell by half."))
    assert not searched(analyse_question("did the police shoot at her"))
    assert searched(when)  # its candidates must date a clause of the asked thing (dated_clause)


def test_a_searched_date_must_sit_in_a_clause_of_the_asked_thing() -> None:
    footage = analyse_question("when was the secret acme footage shot")
    assert dated_clause(footage, "The group said the video was taken by an investigator in May and June.")
    # the release day dates the release, a clause of its own: the video is what it modifies
    assert not dated_clause(footage, "In the video released Thursday, an Acme worker is caught on tape kicking a bird.")
    call = analyse_question("what day did the djs ring the hospital")
    assert dated_clause(call, "The DJs, who were impersonating the queen, called the hospital Tuesday.")
    assert not dated_clause(call, "A postmortem examination will take place on Tuesday, police said Monday.")
    # a stretch of time is no day; a word that only modifies a noun ("animal rights") is not the asked thing
    shutoff = analyse_question("when will the city stop shutting off water")
    assert not dated_clause(shutoff, "A firm was hired to stop the flow to homes at least two months past due.")
    done = analyse_question("when did animal control wrap up its investigation")
    assert not dated_clause(done, "It came as the animal rights group released footage on Thursday.")
    # a name alone ties no date: every sentence of the story names its people
    attack = analyse_question("what date was Kim attacked")
    assert not dated_clause(attack, "Kim met officials on Monday, police said.")


def test_relation_counts_asked_words_by_stem_or_meaning() -> None:
    asked = ["staff", "sack"]
    vectors = word_vectors([*asked, "workers", "fired", "facilities"])
    assert relation(asked, ["acme", "fired", "workers"], vectors) == 0.5  # "workers" says "staff"
    assert relation(asked, ["four", "facilities"], vectors) == 0.0  # another thing counted
    assert relation(["bills"], ["outstanding", "bill"], word_vectors(["bills", "outstanding", "bill"])) == 1.0


def test_candidates_keep_each_articles_best_not_only_the_single_best() -> None:
    frame = analyse_question("how many workers did acme fire")
    found = [(0.5, ev("Acme fired 10 workers.", "a1", 0.6)), (0.5, ev("Acme fired 12 workers.", "a2", 0.4)),
             (0.5, ev("Acme fired ten workers on Monday.", "a1", 0.55)),
             (0.5, ev("Acme has 900 workers.", "a1", 0.5))]
    out = slot_candidates(frame, found)
    assert [e.article_id for e in out].count("a2") == 1  # the weaker article's filler is kept
    assert len(out) <= MAX_ADDED and all(e.slot_found for e in out)
    assert [e.score for e in out] == [0.6, 0.55, 0.4]  # their own scores, untouched


def test_story_articles_add_the_linked_reports_only() -> None:
    a = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    near = np.array([0.9, 0.43589, 0.0], dtype=np.float32)  # cosine 0.9 with a
    far = np.array([0.0, 0.0, 1.0], dtype=np.float32)
    assert story_articles(["a"], {"a": a, "b": near, "c": far}) == ["a", "b"]
    assert story_articles(["a"], {}) == ["a"]


@pytest.mark.slow
def test_the_answering_sentence_outside_the_retrieved_chunk_joins_the_evidence(tmp_path) -> None:
    """Real index: the sentence that gives the count lies in a chunk retrieval did not return
    (one chunk, the article's opening, is retrieved); the slot search finds it, with offsets
    that quote the article exactly."""
    from briefbot.config import Settings
    from briefbot.core import BriefBot
    from briefbot.truth.evidence import collect
    from briefbot.truth.typed import search_story, story_store

    filler = " ".join(
        f"The Carrow plant's line {n} packs frozen fish for shops across the region every morning." for n in range(30))
    body = (f"Acme Foods shut its Carrow plant after an inspection found mould in the cold store. {filler} "
            "Acme Foods said it had let go of 85 employees when the plant shut. "
            "The company hopes to reopen the plant next year.")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "acme.md").write_text(f"---\nid: acme\ntitle: Acme shuts Carrow plant\nsource: Courier\n---\n{body}\n")
    bot = BriefBot(Settings.load().model_copy(update={"chroma_url": None}).with_overrides(
        index_dir=tmp_path / "index", collection="typed"))
    bot.ingest([str(folder)])
    question = "how many staff lost their jobs when acme shut the carrow plant"
    docs = bot.retriever.retrieve("mould found in the cold store by an inspection", k=1)  # the opening chunk only
    es = collect(question, docs)
    assert not any("85 employees" in e.text for e in es.items)
    es = search_story(es, story_store(bot.retriever))
    found = [e for e in es.items if "85 employees" in e.text]
    assert found and found[0].slot_found
    article = bot.article("acme")
    assert article is not None and article.text[found[0].start:found[0].end] == found[0].text
