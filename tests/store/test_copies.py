"""Wire copies: MinHash grouping (unit) and an index with a copy of one corpus article (real model)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefbot.store.copies import CopyGroups, find_groups, shingles, signature, similarity
from briefbot.store.index import ArticleRecord

ORIGINAL_ID = "lavrov-rubio-october-20-call"


def _copy_text(corpus_dir: Path) -> str:
    """The corpus article republished by another outlet: new headline, byline, a few words changed."""
    raw = (corpus_dir / f"{ORIGINAL_ID}.md").read_text(encoding="utf-8")
    body = raw.split("---", 2)[2].strip()
    body = body.replace("held a telephone conversation", "held a phone conversation")
    body = body.replace("Since then,", "Since the call,")
    return (
        "---\nid: harbour-times-lavrov-rubio-call\n"
        'title: "Top Russian and U.S. diplomats talked by phone, accounts differ"\n'
        'source: "Harbour Times"\npublished: 2025-10-22\n---\n'
        f"By Dana Whitlock, Harbour Times\n\n{body}\n"
    )


# ---------------------------------------------------------------------- unit
def test_shingles_are_lowercased_word_runs() -> None:
    assert shingles("One two three four five six", size=5) == {"one two three four five", "two three four five six"}
    assert shingles("Short text", size=5) == {"short text"}
    assert shingles("") == set()


def test_light_edits_keep_a_copy_above_the_threshold_and_other_reports_below(corpus_dir: Path) -> None:
    original = (corpus_dir / f"{ORIGINAL_ID}.md").read_text(encoding="utf-8").split("---", 2)[2]
    copy = _copy_text(corpus_dir).split("---", 2)[2]
    other = (corpus_dir / "lavrov-rubio-meeting-postponed.md").read_text(encoding="utf-8").split("---", 2)[2]
    assert similarity(signature(original), signature(copy)) >= 0.5
    assert similarity(signature(original), signature(other)) < 0.2


def test_find_groups_points_every_copy_at_the_earliest() -> None:
    text = " ".join(f"word{i}" for i in range(200))
    edited = text.replace("word50", "changed").replace("word120", "edited")
    sigs = {"late": signature(text), "early": signature(edited), "other": signature("entirely different words " * 30)}
    groups = find_groups(sigs, {"late": ("2025-10-23",), "early": ("2025-10-21",), "other": ("2025-10-20",)})
    assert groups == {"late": "early"}


def _rec(i: str, source: str, copy_of: str | None = None) -> ArticleRecord:
    return ArticleRecord(i, "t", source, "2025-10-21", None, None, "", "h", 1, "", copy_of)


def test_copy_groups_count_one_outlet_per_text() -> None:
    groups = CopyGroups.from_records([_rec("a", "Wire"), _rec("b", "Site B", "a"), _rec("c", "Site C", "a"),
                                      _rec("d", "Other")])
    assert groups.also_in("a", "Wire") == ["Site B", "Site C"]
    assert groups.also_in("b", "Site B") == ["Wire", "Site C"]
    assert groups.independent([("a", "Wire"), ("b", "Site B"), ("c", "Site C")]) == 1
    assert groups.independent([("b", "Site B"), ("d", "Other")]) == 2
    assert groups.one_per_text(["b", "d", "a", "c"]) == ["b", "d"]


# ---------------------------------------------------------------------- real index
@pytest.fixture(scope="module")
def copy_bot(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    from briefbot.config import Settings
    from briefbot.core import BriefBot

    folder = tmp_path_factory.mktemp("corpus-plus-copy")
    articles = folder / "articles"
    shutil.copytree(corpus_dir, articles)
    (articles / "harbour-times-lavrov-rubio-call.md").write_text(_copy_text(corpus_dir), encoding="utf-8")
    bot = BriefBot(Settings(index_dir=folder / "index"))
    report = bot.ingest([articles])
    assert not report.failed
    return bot


def test_stats_count_the_copy_once(copy_bot) -> None:
    stats = copy_bot.stats()
    assert stats["syndicated"] == 1
    records = copy_bot.index.records()
    assert records["harbour-times-lavrov-rubio-call"].copy_of == ORIGINAL_ID
    assert records[ORIGINAL_ID].copy_of is None
    assert sum(1 for r in records.values() if r.copy_of) == 1


def test_answer_lists_the_copy_in_also_in_and_counts_it_once(copy_bot) -> None:
    answer = copy_bot.ask("When did Lavrov and Rubio hold a telephone conversation?")
    data = answer.to_dict()
    cited = {c["article_id"] for c in data["citations"]}
    assert ORIGINAL_ID in cited or "harbour-times-lavrov-rubio-call" in cited
    assert not {ORIGINAL_ID, "harbour-times-lavrov-rubio-call"} <= cited  # never both: one text
    call = next(c for c in data["citations"] if c["article_id"] in (ORIGINAL_ID, "harbour-times-lavrov-rubio-call"))
    other = "Harbour Times" if call["source"] == "Caspian Ledger" else "Caspian Ledger"
    assert other in call["also_in"]
    assert call["quote"] == copy_bot.article(call["article_id"]).text[call["start"]:call["end"]]
    outlets = {c["source"] for c in data["citations"]}
    assert data["independent_outlets"] == len(outlets)
    if len(cited) == 1:
        assert "one text" in (data["uncertainty"] or "")


def test_brief_cites_one_copy_per_text(copy_bot) -> None:
    brief = copy_bot.brief("Lavrov Rubio October 20 call").to_dict()
    assert not {ORIGINAL_ID, "harbour-times-lavrov-rubio-call"} <= set(brief["articles"])
    assert any("Harbour Times" in c["also_in"] or "Caspian Ledger" in c["also_in"] for c in brief["citations"])
    assert brief["independent_outlets"] <= len({c["source"] for c in brief["citations"]})


def test_deleting_the_original_hands_the_group_on(copy_bot) -> None:
    copy_bot.delete([ORIGINAL_ID])
    assert copy_bot.stats()["syndicated"] == 0
    assert copy_bot.index.records()["harbour-times-lavrov-rubio-call"].copy_of is None


# ---------------------------------------------------------------------- the cached groups
def test_copy_groups_are_cached_by_write_tags_and_follow_other_processes(
    corpus_dir: Path, tmp_path: Path
) -> None:
    """The hot path (every answer and brief) reads the groups; a real index, two handles on
    one store standing for a serving process and ``briefbot ingest`` in another one."""
    from briefbot.config import Settings
    from briefbot.store.index import Index
    from briefbot.store.ingest import ingest

    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(corpus_dir / f"{ORIGINAL_ID}.md", articles)
    settings = Settings(index_dir=tmp_path / "index")
    reader, writer = Index(settings), Index(settings)
    ingest(writer, [articles])

    reads = 0
    records = reader.records

    def counted() -> dict:
        nonlocal reads
        reads += 1
        return records()

    reader.records = counted  # type: ignore[method-assign]  # counts, still the real read
    assert CopyGroups.of_index(reader).original == {}
    assert reads == 1
    for _ in range(3):  # nothing changed: no re-read of the article collection
        assert CopyGroups.of_index(reader).original == {}
    assert reads == 1

    (articles / "harbour-times-lavrov-rubio-call.md").write_text(_copy_text(corpus_dir), encoding="utf-8")
    ingest(writer, [articles])  # the other handle writes the copy and stores copy_of
    groups = CopyGroups.of_index(reader)
    assert groups.text_of("harbour-times-lavrov-rubio-call") == ORIGINAL_ID
    assert groups.also_in(ORIGINAL_ID, "Caspian Ledger") == ["Harbour Times"]
    assert reads == 2
    assert CopyGroups.of_index(reader) is groups and reads == 2

    writer.set_copy_of({"harbour-times-lavrov-rubio-call": ""})  # only copy_of changes
    assert CopyGroups.of_index(reader).original == {}
    assert reads == 3
