"""Story coherence (issue 17): evidence from an article of another story than the one the
question is about is set aside.  The rules of :mod:`briefbot.truth.story` run on hand-set
vectors and scores (no model); :func:`keep_story` runs on evidence records built by hand, and
one test runs the real retriever and MiniLM on an index of our own invented articles."""

from __future__ import annotations

import numpy as np
import pytest

from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence, keep_story
from briefbot.truth.story import DECISIVE, STORY_LINK, Source, kept_articles, linked, named_elsewhere, stories


def _unit(angle: float) -> np.ndarray:
    rad = np.radians(angle)
    return np.array([np.cos(rad), np.sin(rad)], dtype=np.float32)


def _src(aid: str, angle: float | None, weight: float, names: frozenset[str] = frozenset()) -> Source:
    return Source(aid, None if angle is None else _unit(angle), names, weight)


PROTEST = 0.0
TRIAL = 80.0  # cosine 0.17 with the protest articles: another story


def test_close_article_vectors_are_one_story_far_ones_are_not() -> None:
    a, b, c = _src("p1", PROTEST, 1.0), _src("p2", PROTEST + 20, 1.0), _src("t1", TRIAL, 1.0)
    assert float(a.vector @ b.vector) >= STORY_LINK and linked(a, b, frozenset())
    assert not linked(a, c, frozenset())
    assert sorted(map(sorted, stories([a, b, c]))) == [["p1", "p2"], ["t1"]]


def test_a_shared_proper_name_links_two_reports_that_read_differently() -> None:
    a = _src("s1", 0.0, 1.0, frozenset({"orsen"}))
    b = _src("s2", 62.0, 1.0, frozenset({"orsen"}))  # cosine 0.47
    assert linked(a, b, frozenset()) and not linked(a, _src("s3", 62.0, 1.0), frozenset())
    # a name the question gives ties every retrieved article to it: it links nothing
    assert not linked(a, b, frozenset({"orsen"}))


def test_the_heavier_story_is_the_question_story_and_the_other_is_set_aside() -> None:
    sources = [_src("p1", PROTEST, 0.5), _src("p2", PROTEST + 10, 0.9), _src("t1", TRIAL, 0.46)]
    assert kept_articles(sources, {}, frozenset()) == {"p1", "p2"}


def test_no_decisive_story_keeps_everything() -> None:
    sources = [_src("p1", PROTEST, 0.47), _src("t1", TRIAL, 0.40)]
    assert 0.47 < DECISIVE * 0.40
    assert kept_articles(sources, {}, frozenset()) is None
    assert kept_articles([_src("p1", PROTEST, 1.0), _src("p2", PROTEST + 5, 1.0)], {}, frozenset()) is None


def test_an_article_without_a_vector_is_never_split_off() -> None:
    sources = [_src("p1", PROTEST, 1.0), _src("x", None, 0.1), _src("t1", TRIAL, 0.1)]
    assert kept_articles(sources, {}, frozenset()) is None


def test_a_story_the_question_names_is_kept() -> None:
    named = {"p1": frozenset({"norval"}), "t1": frozenset({"halvorsen", "velden"}), "t2": frozenset({"velden"})}
    assert named_elsewhere(frozenset({"p1"}), named, frozenset({"halvorsen"})) == {"t1"}
    assert named_elsewhere(frozenset({"p1"}), named, frozenset({"norval"})) == frozenset()
    assert named_elsewhere(frozenset({"p1"}), named, frozenset()) == frozenset()
    sources = [_src("p1", PROTEST, 1.0), _src("t1", TRIAL, 0.3), _src("t2", TRIAL + 5, 0.1)]
    assert kept_articles(sources, named, frozenset({"halvorsen", "norval"})) == {"p1", "t1", "t2"}
    assert kept_articles(sources, named, frozenset({"norval"})) == {"p1"}


def _ev(text: str, article: str, score: float) -> Evidence:
    ev = Evidence(article_id=article, chunk_id=f"{article}::0", title="", source="", url=None,
                  published=None, text=text, start=0, end=len(text))
    ev.score = score
    return ev


PROTEST_EVIDENCE = [
    ("Nine of the activists were arrested by Norvale police for blocking the depot gates.", "p1", 0.50),
    ("The Velden court set bail at $200,000 for the third suspect in the smuggling trial.", "t1", 0.46),
    ("The activists were released on bail hours later, organisers said.", "p1", 0.44),
    ("Organisers said twelve people were detained during the depot protest.", "p2", 0.40),
]


def test_keep_story_drops_the_other_storys_sentence() -> None:
    items = [_ev(t, a, s) for t, a, s in PROTEST_EVIDENCE]
    vectors = {"p1": _unit(PROTEST), "p2": _unit(PROTEST + 15), "t1": _unit(TRIAL)}
    kept = keep_story(analyse_question("how much was bail for the arrested activists"), items, vectors)
    assert [e.article_id for e in kept] == ["p1", "p1", "p2"]
    # without article vectors (a retriever that gives none) nothing is set aside
    assert keep_story(analyse_question("how much was bail for the arrested activists"), items,
                      {"p1": None, "p2": None, "t1": None}) == items


def test_keep_story_keeps_a_story_the_question_names() -> None:
    items = [_ev(t, a, s) for t, a, s in PROTEST_EVIDENCE]
    vectors = {"p1": _unit(PROTEST), "p2": _unit(PROTEST + 15), "t1": _unit(TRIAL)}
    kept = keep_story(analyse_question("Did the Velden court set bail for the arrested activists?"), items, vectors)
    assert "t1" in {e.article_id for e in kept}


@pytest.mark.slow
def test_retrieved_evidence_stays_in_the_asked_story(tmp_path) -> None:
    """Real index, retriever and MiniLM: two invented stories that share the words "bail" and
    "arrested"; the protest question is answered from the protest story only."""
    from briefbot.config import Settings
    from briefbot.core import BriefBot
    from briefbot.truth.evidence import collect

    protest = ("Norvale water protest ends in arrests\n\nNine activists were arrested by Norvale police on "
               "Thursday after blocking trucks at the water department depot. The activists, who oppose the "
               "shut-offs of household water, chained themselves to the depot gates. They were released hours "
               "later. Organisers of the water protest said more demonstrations at the depot are planned. "
               "The water department said the shut-offs target unpaid bills.")
    protest2 = ("Water shut-off protesters detained in Norvale\n\nNorvale police detained activists protesting "
                "water shut-offs at the city depot on Thursday. The protesters blocked the depot's trucks for "
                "two hours. The water department defended the shut-offs of unpaid accounts. Activists say "
                "thousands of households have lost water this year.")
    trial = ("Velden court delays smuggling trial\n\nA court in Velden delayed the smuggling trial of two "
             "sailors on Sunday. A third suspect, who was arrested with the men, was released on $200,000 bail "
             "in March and left the country. The judge said the trial would resume when all three suspects "
             "appear. Prosecutors accuse the sailors of smuggling fuel across the border.")
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in (("protest", protest), ("protest2", protest2), ("trial", trial)):
        title, body = text.split("\n\n", 1)
        (folder / f"{name}.md").write_text(f"---\nid: {name}\ntitle: {title}\nsource: Courier\n---\n{body}\n")
    bot = BriefBot(Settings.load().model_copy(update={"chroma_url": None}).with_overrides(
        index_dir=tmp_path / "index", collection="story"))
    bot.ingest([str(folder)])
    question = "how much was bail for the arrested water protest activists"
    docs = bot.retriever.retrieve(question)
    assert all(d.metadata["article_vector"] is not None for d in docs)
    es = collect(question, docs)
    assert {e.article_id for e in es.items} <= {"protest", "protest2"}
    assert es.other_story > 0
