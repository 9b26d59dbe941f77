"""The reader's outlet/date edits: checks, storage in Chroma (embedded and server), re-ingest, undo.

Real parts: embedded Chroma and a ``chroma run`` server, the MiniLM embedder, real files.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from helpers.processes import chroma_server

from briefbot.config import Settings
from briefbot.core import BriefBot
from briefbot.store.edits import EditError, MetaEdit, check_date, check_outlet

TODAY = date(2026, 12, 7)
TEXT = (
    "Ferry timetable cut for the winter\n"
    "The Orsen ferry will run four times a day from next week instead of six, the operator said. "
    "Councillors said the cut would hurt commuters and asked the operator to think again.\n"
)


# ---------------------------------------------------------------------- checks (pure)
@pytest.mark.parametrize("value", ["Lakeside Courier", "  The  Daily   Star ", "Le Monde (Paris)", "AP News: Europe",
                                   "Süddeutsche Zeitung", "BBC News #1"])
def test_check_outlet_accepts_plain_names(value: str) -> None:
    assert check_outlet(value) == " ".join(value.split())


@pytest.mark.parametrize(("value", "says"), [
    ("", "empty"), ("   ", "empty"), ("<script>alert(1)</script>", "letters, digits"),
    ("Courier\nInjected: line", "line breaks"), ("Bell\x07Wire", "control"), ("x" * 81, "at most 80"),
    ("'; DROP TABLE--", "letters, digits"), ("{{7*7}}", "letters, digits"), ("...", "letters, digits"),
    ("Wire\u202eevil", "control"),
])
def test_check_outlet_refuses_hostile_input(value: str, says: str) -> None:
    with pytest.raises(EditError, match=says):
        check_outlet(value)


def test_check_date_accepts_real_dates_only() -> None:
    assert check_date("2025-10-24", TODAY) == "2025-10-24"
    assert check_date(" 2024-02-29 ", TODAY) == "2024-02-29"  # a leap day
    assert check_date("2026-12-08", TODAY) == "2026-12-08"  # tomorrow: time zones
    for bad, says in (("2025-02-30", "not a real date"), ("2023-02-29", "not a real date"),
                      ("24 October 2025", "YYYY-MM-DD"), ("2025-13-01", "not a real date"),
                      ("2025-10-24T00:00", "YYYY-MM-DD"), ("", "YYYY-MM-DD"), ("2027-01-01", "outside"),
                      ("1066-10-14", "outside"), ("2025-1-5", "YYYY-MM-DD")):
        with pytest.raises(EditError, match=says):
            check_date(bad, TODAY)


def test_meta_edit_merges_and_applies() -> None:
    from briefbot.sources.articles import Article

    art = Article(id="a", title="T", text="Text.", source="(parsed)", published=None)
    first = MetaEdit.checked(source="Lakeside Courier")
    both = first.merged(MetaEdit.checked(published="2025-10-24"))
    assert both == MetaEdit("Lakeside Courier", "2025-10-24")
    assert both.apply(art).source == "Lakeside Courier" and both.apply(art).published == "2025-10-24"
    assert MetaEdit().apply(art) is art
    with pytest.raises(EditError, match="nothing to change"):
        MetaEdit.checked()


# ---------------------------------------------------------------------- the real store
def _article_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "orsen-ferry.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _chunk_metas(bot: BriefBot, article_id: str) -> list[dict]:
    return bot.index.chunks.get(where={"article_id": article_id}, include=["metadatas"])["metadatas"]


def _edit_round_trip(bot: BriefBot, path: Path, reopen: BriefBot) -> None:
    report = bot.ingest([path])
    assert report.added == 1
    aid = report.added_ids[0]
    before = bot.index.record(aid)
    assert before is not None and before.published is None
    vectors_before = bot.index.chunks.get(where={"article_id": aid}, include=["embeddings"])["embeddings"]

    rec = bot.update_article(aid, source="Lakeside Courier", published="2025-10-24")
    assert (rec.source, rec.published) == ("Lakeside Courier", "2025-10-24")
    assert rec.content_hash != before.content_hash
    metas = _chunk_metas(bot, aid)
    assert metas and all(m["source"] == "Lakeside Courier" and m["published"] == "2025-10-24"
                         and m["published_ts"] == 20251024 and m["content_hash"] == rec.content_hash for m in metas)
    vectors_after = bot.index.chunks.get(where={"article_id": aid}, include=["embeddings"])["embeddings"]
    assert len(vectors_after) == len(vectors_before)  # the stored vectors were reused, not lost
    assert all(abs(a - b) < 1e-6 for a, b in zip(vectors_after[0], vectors_before[0], strict=True))
    # the outlet filter and the lexical side see the edit
    hits = bot.search("Orsen ferry timetable", filters={"sources": ["Lakeside Courier"], "date_from": "2025-10-24"})
    assert hits and all(h.metadata["article_id"] == aid for h in hits)
    lexical = bot.index.lexical()
    assert any(m.get("article_id") == aid and m.get("source") == "Lakeside Courier" for m in lexical.metadatas)
    assert bot.stats()["sources"].get("Lakeside Courier") == 1

    # re-ingesting the same file keeps the reader's values: nothing to re-index
    again = bot.ingest([path])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert bot.index.record(aid).source == "Lakeside Courier"  # type: ignore[union-attr]
    # the file changes: re-indexed, and the edit still wins over what the file says
    path.write_text(TEXT.replace("four times", "three times"), encoding="utf-8")
    changed = bot.ingest([path])
    assert changed.updated == 1
    rec2 = bot.index.record(aid)
    assert rec2 is not None and (rec2.source, rec2.published) == ("Lakeside Courier", "2025-10-24")
    # a second edit changes one field only; a new process (restart) sees the edit
    bot.update_article(aid, published="2025-10-25")
    assert reopen.edit_of(aid) == MetaEdit("Lakeside Courier", "2025-10-25")
    reopened = reopen.index.record(aid)
    assert reopened is not None and reopened.published == "2025-10-25"

    # bad input changes nothing
    with pytest.raises(EditError):
        bot.update_article(aid, source="<b>x</b>")
    with pytest.raises(KeyError):
        bot.update_article("no-such-article", source="Lakeside Courier")
    assert bot.index.record(aid).source == "Lakeside Courier"  # type: ignore[union-attr]

    # delete, then undo: the same id, text and metadata come back, and the edit with them
    article, edit = bot.article(aid), bot.edit_of(aid)
    assert article is not None
    assert bot.delete([aid]) > 0 and bot.article(aid) is None and bot.edit_of(aid) is None
    restored = bot.restore(article, edit)
    assert restored.added == 1 and restored.added_ids == [aid]
    back = bot.article(aid)
    assert back == article and bot.edit_of(aid) == edit


def test_edit_is_stored_reused_on_reingest_and_undone_with_delete(tmp_path: Path, check_index: object) -> None:
    settings = Settings(index_dir=tmp_path / "idx")
    bot = BriefBot(settings)
    _edit_round_trip(bot, _article_file(tmp_path / "files"), reopen=BriefBot(settings))
    check_index(bot.index)  # type: ignore[operator]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``chroma run`` on a free localhost port."""
    with chroma_server(tmp_path_factory.mktemp("edits-chroma")) as url:
        yield url


def test_edit_round_trip_on_a_chroma_server(tmp_path: Path, chroma_url: str) -> None:
    """The same story with the index in a Chroma server; the second bot has its own index folder
    (another machine): the edit lives in the server, not in a local file."""
    bot = BriefBot(Settings(index_dir=tmp_path / "a", chroma_url=chroma_url, collection="edits"))
    other = BriefBot(Settings(index_dir=tmp_path / "b", chroma_url=chroma_url, collection="edits"))
    _edit_round_trip(bot, _article_file(tmp_path / "files"), reopen=other)
