"""Stories (:mod:`briefbot.writing.stories`): the rules alone, then a real index.

The real-index tests ingest a few fixture articles (two outlets on one bridge that
disagree, two on a footbridge opening, a wire copy of one of them under another outlet,
and an unrelated article) with the real MiniLM model and embedded Chroma.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from briefbot.config import Settings
from briefbot.language.text import stem
from briefbot.truth.evidence import Evidence
from briefbot.writing.stories import (
    affinity,
    cluster,
    count_question,
    days_apart,
    name_phrases,
    name_weights,
    open_question,
    shared_names,
    spoken_about,
    suggested_questions,
    top_names,
)
from briefbot.writing.summarize_sentences import Sentence

# ---------------------------------------------------------------------- rules


def test_names_every_text_carries_weigh_nothing() -> None:
    sets = [frozenset({"kazakhstan", "kcell"}), frozenset({"kazakhstan", "ktz"}), frozenset({"kazakhstan"})]
    w = name_weights(sets)
    assert w["kazakhstan"] == 0.0 and w["kcell"] > 0
    assert shared_names(sets[0], sets[1], w) == 0.0  # only the ubiquitous name is shared
    assert shared_names(sets[0], sets[0], w) == 1.0


def test_far_apart_dates_weaken_affinity() -> None:
    assert days_apart("2025-10-01", "2025-10-21") == 20
    assert days_apart(None, "2025-10-21") is None
    near = affinity(0.8, 0.5, 1)
    assert affinity(0.8, 0.5, 30) < near
    assert affinity(0.8, 0.5, None) == near
    assert affinity(0.3, 1.0, 0) == affinity(0.3, 0.0, 0)  # names alone link nothing


def test_one_close_link_joins_a_story_but_chains_do_not() -> None:
    sim = np.array([
        [1.0, 0.8, 0.5, 0.1],
        [0.8, 1.0, 0.4, 0.1],
        [0.5, 0.4, 1.0, 0.5],  # item 2 joins {0, 1} through its link to 0 (mean 0.45)...
        [0.1, 0.1, 0.5, 1.0],  # ...item 3 links only to 2: the mean with {0, 1, 2} is too low
    ])
    groups = sorted(sorted(g) for g in cluster(sim, link=0.45, floor=0.3))
    assert groups == [[0, 1, 2], [3]]
    assert cluster(np.eye(3), link=0.45, floor=0.3) == [[0], [1], [2]]


def test_name_phrases_keep_runs_of_names_as_written() -> None:
    stems = frozenset({"marco", "rubio", "sergei", "lavrov", "budapest"})
    text = "Marco Rubio spoke to Sergei Lavrov on Monday about Budapest."
    assert name_phrases(text, stems) == ["Marco Rubio", "Sergei Lavrov", "Budapest"]


def _sent(text: str, article: str = "a") -> Sentence:
    return Sentence(Evidence(article, f"{article}::0", "T", "Wire", None, "2025-03-05", text, 0, len(text)), 0)


def test_questions_are_built_by_form_from_the_facts() -> None:
    qs = suggested_questions(["Norvale", "Lakeside"], ["the transport office"], "2025-03-05",
                             "How many buses were added?", "Why was the opening delayed?", "Lakeside")
    assert qs == [
        "Why was the opening delayed?",
        "What did the transport office say about Lakeside?",
        "How many buses were added?",
    ]
    assert suggested_questions(["Norvale"], ["the office"], "2025-03-05", None) == [
        "What did the office say about Norvale?", "What happened on 5 March 2025?"]
    assert suggested_questions(["Kcell"], [], None, None) == ["What do the sources say about Kcell?"]
    assert suggested_questions([], [], None, None) == []


def test_a_count_is_asked_in_its_own_sentences_words() -> None:
    assert count_question([_sent("Officials said at least 12 buses were added to the route on Monday.")]) == \
        "How many buses were added to the route on Monday?"
    assert count_question([_sent("The city said 40 workers repaired the span overnight.")]) == \
        "How many workers repaired the span overnight?"
    # a clause that leans on a pronoun, or no verb after the count: no question (the old form asked
    # "How many senators are reported?")
    assert count_question([_sent("The bill has stalled even though at least 85 senators support it.")]) is None
    assert count_question([_sent("The plan covers 85 senators in the chamber.")]) is None
    assert count_question([_sent("The repairs took 12 weeks to finish.")]) is None


def test_the_open_question_is_the_one_most_articles_raise_in_its_shortest_phrasing() -> None:
    sents = [_sent("Reuters said it remains unclear why the opening of the Lakeside footbridge was delayed.", "a"),
             _sent("It is not known why the opening was delayed.", "b"),
             _sent("It is not known why the toll was raised.", "g"),
             _sent("The council did not say when the toll would be lifted.", "c"),
             _sent("The mayor did not say how it would affect them.", "d")]
    assert open_question(sents) == "Why was the opening delayed?"
    assert open_question(sents[3:]) == "When will the toll be lifted?"
    assert open_question(sents[4:]) is None  # "How will it affect them?" names nothing
    stems = frozenset(stem(w) for w in ("mara", "orsen", "lakeside", "norvale"))
    said = [_sent("Mara Orsen said the Lakeside bridge would reopen."), _sent("Norvale is a town.")]
    assert spoken_about(said, "Mara Orsen", ["Norvale", "Lakeside"], stems) == "Lakeside"
    assert spoken_about(said, "Hale", ["Norvale"], stems) is None


# ---------------------------------------------------------------------- real index

FIXTURES = (
    "robust-pellam-bridge-closed.md",
    "robust-pellam-bridge-open.md",
    "norvale-footbridge-opening-valley-post.md",
    "norvale-footbridge-opening-lakeshore-courier.md",
    "robust-corvel-bank-rate.md",
)

WIRE_COPY = """---
id: wire-copy-valley-post
title: "Norvale's Lakeside footbridge opens (copied report)"
source: "Copy Gazette"
published: 2025-03-07
---
{body}
"""


@pytest.fixture(scope="module")
def bot(repo_root: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from briefbot.core import BriefBot

    src = tmp_path_factory.mktemp("story-src")
    for name in FIXTURES:
        shutil.copy(repo_root / "evals" / "fixtures" / name, src / name)
    body = (src / "norvale-footbridge-opening-valley-post.md").read_text().split("---", 2)[2].strip()
    (src / "wire-copy.md").write_text(WIRE_COPY.format(body=body))
    b = BriefBot(Settings(index_dir=tmp_path_factory.mktemp("story-idx")))
    report = b.ingest([src])
    assert not report.failed
    return b


def _story_of(stories, article_id):  # type: ignore[no-untyped-def]
    return next(s for s in stories if article_id in s.article_ids)


def test_stories_group_events_and_count_wire_copies_once(bot) -> None:  # type: ignore[no-untyped-def]
    stories = bot.stories()
    bridge = _story_of(stories, "fixture-pellam-bridge-closed")
    assert "fixture-pellam-bridge-open" in bridge.article_ids
    foot = _story_of(stories, "fixture-norvale-footbridge-valley-post")
    assert {"fixture-norvale-footbridge-courier", "wire-copy-valley-post"} <= set(foot.article_ids)
    assert bridge.id != foot.id
    # the copy is listed with its original, not as a text of its own, and its outlet is no extra source
    assert "wire-copy-valley-post" not in [a.id for a in foot.articles]
    assert foot.independent_outlets == 2 and "Copy Gazette" in foot.outlets
    assert _story_of(stories, "fixture-corvel-bank-rate").article_ids == ["fixture-corvel-bank-rate"]
    # the headline is the exact title of one of the story's own articles
    assert foot.headline in {a.title for a in foot.articles}
    assert foot.date_from == "2025-03-04" and foot.date_to == "2025-03-07"


def test_disagreeing_sources_badge_and_questions_from_the_story(bot) -> None:  # type: ignore[no-untyped-def]
    stories = bot.stories()
    bridge = _story_of(stories, "fixture-pellam-bridge-closed")
    assert bridge.disagreement is not None
    assert {s.outlet for s in bridge.disagreement.sides} == {
        "Morning Digest (fictional fixture)", "Pellam Observer (fictional fixture)"}
    assert _story_of(stories, "fixture-corvel-bank-rate").disagreement is None
    foot = _story_of(stories, "fixture-norvale-footbridge-valley-post")
    assert 2 <= len(foot.questions) <= 3
    assert any("March 2025?" in q for q in foot.questions)  # the opening day the outlets report
    assert foot.disagreement is not None  # 12 vs 15 million crowns, March 3 vs March 5
    d = foot.to_dict()
    assert d["questions"] == foot.questions and d["disagrees"] is True and d["headline"] == foot.headline
    assert {s["outlet"] for s in d["disagreement"]["sides"]} == {
        "Lakeshore Courier (fictional fixture)", "Valley Post (fictional fixture)"}


def test_stories_are_cached_per_index_write_and_filtered(bot) -> None:  # type: ignore[no-untyped-def]
    first = bot.stories()
    assert bot.stories() is not first and [s.id for s in bot.stories()] == [s.id for s in first]
    assert bot._stories[2] is bot._stories[2]  # noqa: SLF001
    cached = bot._stories[2]  # noqa: SLF001
    bot.stories()
    assert bot._stories[2] is cached  # noqa: SLF001 - unchanged index: not recomputed
    assert [s.id for s in bot.stories("pellam")] == [_story_of(first, "fixture-pellam-bridge-open").id]
    assert bot.stories("no-such-word-anywhere") == []
    bot.delete(["fixture-corvel-bank-rate"])
    assert bot._stories[2] is cached  # noqa: SLF001
    after = bot.stories()
    assert bot._stories[2] is not cached  # noqa: SLF001 - a write recomputes
    assert all("fixture-corvel-bank-rate" not in s.article_ids for s in after)


def test_a_word_capitalised_only_at_sentence_starts_is_no_name() -> None:
    texts = ["Buses continue to use the bridge. The Pellam bridge is open.", "Drivers face the Pellam detour."]
    assert top_names(texts, frozenset({"buse", "pellam", "driver"})) == ["Pellam"]
    assert top_names(["Kcell received a certificate. Kcell said so."], frozenset({"kcell"})) == ["Kcell"]
