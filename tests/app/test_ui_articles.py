"""The article table's handlers (``briefbot.app.ui.articles``) without a browser, over a real bot.

Real parts: a copy of the session corpus index, the MiniLM embedder.  The browser side (the
clicks, the sheet) is in ``test_ui_articles_browser.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest

from briefbot.app.service import ServedBot
from briefbot.app.ui.app import BriefbotUi
from briefbot.app.ui.articles import articles_table_html
from briefbot.app.ui.html import ingest_summary
from briefbot.config import Settings

AID = "kadyrov-ready-to-run-2026"


@pytest.fixture(scope="module")
def ui(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> BriefbotUi:
    from briefbot.core import BriefBot

    index_dir = tmp_path_factory.mktemp("ui-articles") / "idx"
    shutil.copytree(corpus_index, index_dir)
    ui = BriefbotUi(ServedBot(BriefBot(Settings(index_dir=index_dir))))
    assert ui.blocks is not None  # lay the page out: the handlers name its components
    return ui


def _rec(**kw: Any) -> Any:
    base = {"id": "a-1", "title": "T", "source": "", "published": None, "n_chunks": 1}
    return SimpleNamespace(**{**base, **kw})


def test_table_has_no_id_column_and_escapes_everything() -> None:
    html = articles_table_html([_rec(id='x"><script>', title="<img src=x onerror=alert(1)>", source="<b>Wire</b>",
                                     published="2025-10-24", n_chunks=3)])
    assert "<script>" not in html and "<img" not in html and "<b>Wire" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;b&gt;Wire&lt;/b&gt;" in html
    assert html.count("<th ") == 5 and ">id<" not in html.lower()  # title, outlet, date, chunks, actions
    assert 'aria-label="Edit outlet and date of &lt;img' in html and 'aria-label="Delete &lt;img' in html
    unknown = articles_table_html([_rec()])
    assert "unknown outlet" in unknown and "no date" in unknown and "1 article, newest first" in unknown
    assert " chunk</span>" in unknown
    assert "No articles yet" in articles_table_html([])


@pytest.mark.parametrize(("counts", "says"), [
    ({"added": 3, "unchanged": 1}, "Added 3 articles; 1 was already in the collection."),
    ({"added": 1}, "Added 1 article."),
    ({"unchanged": 2}, "2 were already in the collection."),
    ({"updated": 1, "unchanged": 0}, "Updated 1 article that had changed."),
    ({}, "Nothing was added."),
])
def test_ingest_summary_says_what_happened_in_plain_words(counts: dict[str, int], says: str) -> None:
    report = SimpleNamespace(**{"added": 0, "updated": 0, "unchanged": 0, "removed": 0, **counts})
    assert ingest_summary(report) == says
    assert ingest_summary(None, failed=2) == "2 could not be added."


def test_edit_form_checks_values_then_saves(ui: BriefbotUi) -> None:
    opened = ui._start_edit(AID)
    article = ui.sbot.article(AID)
    assert opened[0]["visible"] is True and opened[2] == article.source and opened[3] == article.published
    refresh = len(ui._refresh_outputs())
    bad = ui._save_edit(AID, "Steppe Wire", "2025-02-30")
    assert "is not a real date" in bad[1] and len(bad) == 3 + refresh
    hostile = ui._save_edit(AID, "<script>x</script>", "")
    assert "outlet may hold" in hostile[1] and "<script>" not in hostile[1]
    assert ui.sbot.article(AID).source == article.source  # nothing changed
    saved = ui._save_edit(AID, "Grozny Gazette", "24 October 2025")  # a written-out date is understood
    assert "Saved" in saved[2] and "Grozny Gazette, 2025-10-24" in saved[2]
    assert 'data-article="kadyrov-ready-to-run-2026"' in saved[4] and "Grozny Gazette" in saved[4]
    assert (ui.sbot.article(AID).source, ui.sbot.article(AID).published) == ("Grozny Gazette", "2025-10-24")
    assert "Nothing changed" in ui._save_edit(AID, "Grozny Gazette", "2025-10-24")[2]
    with pytest.raises(gr.Error):
        ui._start_edit("no-such-article")


def test_delete_asks_then_undo_puts_the_same_article_back(ui: BriefbotUi) -> None:
    aid = "armenia-azerbaijan-border-calm"
    before = ui.sbot.article(aid)
    ask = ui._ask_delete(aid)
    assert ask[0]["visible"] is True and before.title in ask[1] and "undo" in ask[1].lower()
    assert ui.sbot.article(aid) is not None  # asking deletes nothing
    done = ui._confirm_delete(aid, [])
    kept = done[3]
    assert ui.sbot.article(aid) is None and "Deleted" in done[2] and f'data-article="{aid}"' not in done[5]
    assert done[4]["visible"] is True and "Undo delete of" in done[4]["value"]
    back = ui._undo_delete(kept)
    assert ui.sbot.article(aid) == before and "Put back" in back[0]
    assert back[1] == [] and back[2]["visible"] is False and f'data-article="{aid}"' in back[4]
    with pytest.raises(gr.Error, match="Nothing to undo"):
        ui._undo_delete([])
