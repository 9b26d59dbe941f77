"""Multi-part questions in retrieval: clause parts (:func:`question_parts`), outlets named in
the question (:func:`named_outlets`), and each part's own best passage kept beside the
whole question's best (real Chroma, real MiniLM on a small temporary index)."""

from __future__ import annotations

import json

import pytest

from briefbot.config import Settings
from briefbot.core import BriefBot
from briefbot.language.question import question_parts
from briefbot.store import retrieve
from briefbot.store.index import LexicalIndex

TWO_OUTLETS = ("Does the Harbor Times article report that the island ferry fare rose sharply this spring, "
               "while the Valley Courier article says the river bridge toll was cut for commuters?")


def test_question_parts_split_clauses_of_a_long_question() -> None:
    assert question_parts(TWO_OUTLETS) == (
        "Does the Harbor Times article report that the island ferry fare rose sharply this spring",
        "the Valley Courier article says the river bridge toll was cut for commuters",
    )


def test_question_parts_join_short_clauses_to_a_neighbour() -> None:
    parts = question_parts(
        "Which company, recently mentioned by both the Harbor Times and the Valley Courier, "
        "raised ferry fares on the island route, and is accused of cutting river bridge maintenance?")
    assert parts == (
        "Which company, recently mentioned by both the Harbor Times and the Valley Courier",
        "raised ferry fares on the island route",
        "is accused of cutting river bridge maintenance",
    )
    # a date's comma does not make "2023" a part of its own
    dated = question_parts("Did the Harbor Times report the ferry fare rise on November 6, 2023, and then "
                           "report a bridge toll cut for river commuters on December 15, 2023?")
    assert dated == ("Did the Harbor Times report the ferry fare rise on November 6, 2023",
                     "then report a bridge toll cut for river commuters on December 15, 2023")


def test_question_parts_before_a_name_orders_two_reports() -> None:
    assert question_parts("Did the Harbor Times report a ferry fare rise on the island route before "
                          "The Valley Courier reported a bridge toll cut?") == (
        "Did the Harbor Times report a ferry fare rise on the island route",
        "The Valley Courier reported a bridge toll cut",
    )
    # "before a committee" is a place in one clause, not a second report
    assert question_parts("Who testified before a Senate committee about ferry fares, bridge tolls and "
                          "harbour dredging costs on the island?") == ()


@pytest.mark.parametrize("question", [
    "Why was the Lavrov–Rubio meeting postponed?",
    "What did Lavrov say, and when?",
    "Is Rubio likely to recommend holding the Putin–Trump meeting next week?",
])
def test_short_questions_are_asked_whole(question: str) -> None:
    assert question_parts(question) == ()


def _lexical(sources: list[str]) -> LexicalIndex:
    ids = [f"c{n}" for n in range(len(sources))]
    metas = [{"source": s, "title": "t"} for s in sources]
    return LexicalIndex.build(ids, [f"text {n}" for n in range(len(sources))], metas, "g1")


def test_named_outlets_needs_two_outlets_by_their_stored_name() -> None:
    lex = _lexical(["The Age", "FOX News - Lifestyle", "FOX News - Health", "TechCrunch", "The Verge"])
    assert retrieve.named_outlets("as reported by TechCrunch and The Verge?", lex) == ["TechCrunch", "The Verge"]
    assert retrieve.named_outlets("What did TechCrunch report about the fare?", lex) == []  # one outlet
    # "the age of 16" is not The Age; a longer stored name wins over its prefix
    assert retrieve.named_outlets("famous at the age of 16, says FOX News - Lifestyle or The Verge", lex) == [
        "FOX News - Lifestyle", "The Verge"]


FERRY = [
    ("Harbor Times", "Island ferry fare rises", "The island ferry fare rose sharply this spring, the operator said. "
     "Commuters on the island route now pay twelve dollars a crossing."),
    ("Coast Daily", "Ferry fares up again", "Ferry fares on the island route rose again this spring. "
     "The operator blamed fuel costs for the higher fare."),
    ("Bay Herald", "Islanders angry over ferry fare", "Islanders protested the ferry fare rise at the harbour. "
     "The spring fare increase was the third in two years."),
    ("Harbor Times", "Ferry operator defends fares", "The ferry operator defended the fare rise this spring. "
     "It said the island service loses money every winter."),
    ("Coast Daily", "Spring timetable for ferries", "The spring ferry timetable adds two crossings to the island. "
     "Fares for the island ferry rose with the new timetable."),
    ("Valley Courier", "Toll relief for commuters", "The river bridge toll was cut for commuters from Monday. "
     "Drivers crossing twice a day will save forty dollars a month."),
    ("Bay Herald", "School opens new library", "The town school opened a new library on Friday. "
     "Pupils chose the first hundred books themselves."),
]


@pytest.fixture(scope="module")
def ferry_bot(tmp_path_factory: pytest.TempPathFactory) -> BriefBot:
    folder = tmp_path_factory.mktemp("multipart")
    records = [{"id": f"a{n}", "title": title, "source": source, "published": "2025-04-0" + str(n + 1), "text": text}
               for n, (source, title, text) in enumerate(FERRY)]
    path = folder / "articles.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    bot = BriefBot(Settings(index_dir=folder / "index"))
    bot.ingest([path])
    return bot


def test_each_part_of_a_question_gets_its_passage(ferry_bot: BriefBot, monkeypatch: pytest.MonkeyPatch) -> None:
    got = [d.metadata["article_id"] for d in ferry_bot.search(TWO_OUTLETS, k=1)]
    assert "a5" in got, got  # the toll report answers the second part ...
    assert set(got) & {"a0", "a1", "a2", "a3", "a4"}, got  # ... a fare report the first
    # asked whole, the one best passage is a fare report: the second part goes unheard
    monkeypatch.setattr(retrieve, "question_parts", lambda q: ())
    monkeypatch.setattr(retrieve, "named_outlets", lambda q, lex: [])
    whole = [d.metadata["article_id"] for d in ferry_bot.search(TWO_OUTLETS, k=1)]
    assert whole != ["a5"] and len(whole) == 1, whole


def test_short_question_searches_once(ferry_bot: BriefBot, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = ferry_bot.retriever._dense
    monkeypatch.setattr(ferry_bot.retriever, "_dense", lambda *a: calls.append("dense") or real(*a))
    ferry_bot.search("Why did the ferry fare rise?", k=2)
    assert calls == ["dense"]


def test_outlets_of_the_question_are_searched_within(ferry_bot: BriefBot) -> None:
    q = "What did the Harbor Times and the Valley Courier write about travel costs for commuters?"
    lex = ferry_bot.index.lexical()
    assert retrieve.named_outlets(q, lex) == ["Harbor Times", "Valley Courier"]
    sources = {d.metadata["source"] for d in ferry_bot.search(q, k=1)}
    assert {"Harbor Times", "Valley Courier"} <= sources, sources


def test_a_question_and_its_parts_are_encoded_in_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefbot.store import embeddings

    texts = ["ferry fare on the island route", "river bridge toll for commuters"]
    single = [embeddings.encode([t])[0] for t in texts]
    calls: list[int] = []
    real = embeddings.encode
    monkeypatch.setattr(embeddings, "encode", lambda batch, *a: calls.append(len(batch)) or real(batch, *a))
    for t in texts:
        embeddings._QUERIES.discard(t)
    got = embeddings.encode_queries([texts[0], *texts])
    assert calls == [2]  # one batch, each new text once
    assert embeddings.encode_query(texts[1]) is got[2] and calls == [2]  # cached, shared
    for vec, ref in zip(got[1:], single, strict=True):
        assert float(vec @ ref) > 0.999


def test_article_chunks_read_an_article_whole_within_the_filters(ferry_bot: BriefBot) -> None:
    """The slot search's read of a story: every chunk of the asked articles, offsets exact,
    scored against the question's vector, and never outside the reader's filters."""
    from briefbot.store.embeddings import encode_query

    vector = encode_query("ferry fare")
    docs = ferry_bot.retriever.article_chunks({"a0"}, vector)
    article = ferry_bot.article("a0")
    assert docs and article is not None
    for d in docs:
        assert d.metadata["article_id"] == "a0"
        assert article.text[d.metadata["start"]:d.metadata["end"]] == d.page_content
        assert d.metadata["dense_score"] is not None and d.metadata["article_vector"] is not None
    other = next(r.source for r in ferry_bot.articles() if r.id != "a0" and r.source != article.source)
    assert ferry_bot.retriever.article_chunks({"a0"}, vector, retrieve.Filters(sources=(other,))) == []
    near = ferry_bot.retriever.near_articles({"a0"}, n=1)
    assert "a0" in near and len(near) == 2
