"""The Corpus tab's articles in a real headless Chromium (Playwright), at 1400 px and 390 px.

A reader edits an article's outlet and date and sees them in the table and in a brief's
source list, pastes an article with a dateline and sees it in the right story, uploads files
in one step, deletes an article (confirm, then undo) and, on a phone, taps a ``[n]`` marker,
reads the source in a sheet and goes Back to where they were.  Screenshots go to
``$BRIEFBOT_SCREENSHOT_DIR`` (default /tmp/shots).  Skipped when chromium or Playwright is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.browser import NO_CHROMIUM, UNLABELLED_JS, launched, new_context, open_app, screenshot_dir

from briefbot.config import Settings

pytestmark = [
    pytest.mark.slow,
    NO_CHROMIUM,
]


@pytest.fixture(scope="module")
def server(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from helpers.servers import BackgroundServer

    from briefbot.app.server import create_app
    from briefbot.app.service import ServedBot
    from briefbot.core import BriefBot

    index_dir = tmp_path_factory.mktemp("articles-browser") / "idx"
    shutil.copytree(corpus_index, index_dir)
    sbot = ServedBot(BriefBot(Settings(index_dir=index_dir, backend="extractive")))
    sbot.warm()
    sbot.stories()
    with BackgroundServer(create_app(sbot)) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched()


def _page(browser: Any, server: Any, width: int, corpus: bool = True) -> Any:
    page = open_app(new_context(browser, width), server.url)
    if corpus:
        page.get_by_role("tab", name="Corpus").click()
        page.wait_for_selector("#articles-table tr[data-article]")
    return page


def _shots() -> Path:
    return screenshot_dir()


def _api(server: Any, path: str) -> Any:
    import httpx

    return httpx.get(server.url + path, timeout=60)


ROW_SAYS = ("([id, o]) => { const r = document.querySelector(`#articles-table tr[data-article='${id}']`); "
            "return r && r.innerText.includes(o); }")


IN_VIEW = ("sel => { const r = document.querySelector(sel).getBoundingClientRect(); "
           "return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }")
"""The form (or confirmation) is on screen: the reader who clicked a row far down sees it."""


def _row(page: Any, article_id: str) -> Any:
    return page.locator(f"#articles-table tr[data-article='{article_id}']")


# ---------------------------------------------------------------------- the table
@pytest.mark.parametrize("width", [1400, 390])
def test_article_table_shows_title_outlet_date_chunks_and_rows_open(browser: Any, server: Any, width: int) -> None:
    page = _page(browser, server, width)
    rows = _api(server, "/api/articles?limit=1000").json()
    assert page.locator("#articles-table tr[data-article]").count() == rows["total"]
    if width > 500:
        headers = page.locator("#articles-table th").all_inner_texts()
        assert [h.strip() for h in headers[:4]] == ["Title", "Outlet", "Date", "Chunks"]
    first = rows["articles"][0]
    row = _row(page, first["id"])
    text = row.inner_text()
    assert first["title"] in text and first["source"] in text and first["published"] in text
    assert first["id"] not in text  # no slug column; the id is the title's tooltip
    assert row.locator("button.bb-a-open").get_attribute("title") == first["id"]
    # the title fills at least half the table on a desktop (no id column eating the width)
    if width > 500:
        share = page.evaluate("""() => { const t = document.querySelector('#articles-table table');
            const c = t.querySelector('td.bb-a-title'); return c.offsetWidth / t.offsetWidth; }""")
        assert share >= 0.45, share
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert page.evaluate(UNLABELLED_JS) == []
    page.locator("#articles-table").scroll_into_view_if_needed()
    page.screenshot(path=str(_shots() / f"articles-table-{width}.png"))
    # a row opens its article: the side panel on a desktop, a sheet with Back on a phone
    row.locator("button.bb-a-open").click()
    page.wait_for_selector(f"#source-panel .bb-source[data-article-id='{first['id']}']", state="attached")
    assert first["title"] in page.inner_text("#source-panel .bb-title")
    back = page.get_by_role("button", name="Back", exact=True)
    if width > 500:
        assert page.locator("#source-panel").is_visible() and not back.is_visible()
    else:
        assert back.is_visible() and page.locator("#source-panel .bb-title").is_visible()
        page.screenshot(path=str(_shots() / f"article-sheet-{width}.png"))
        back.click()
        page.wait_for_function(f"() => !{OPEN}")
        assert row.is_visible()
    assert not page.errors, page.errors
    page.context.close()


# ---------------------------------------------------------------------- edit outlet and date
EDITS = {1400: ("lavrov-rubio-meeting-postponed", "Lavrov Rubio meeting postponed", "Lakeside Courier", "2025-10-21"),
         390: ("uzbekistan-gas-production-2026", "Uzbekistan gas production", "Steppe Ledger", "2025-10-19")}


@pytest.mark.parametrize("width", [1400, 390])
def test_edit_an_articles_outlet_and_date(browser: Any, server: Any, width: int) -> None:
    aid, topic, outlet, day = EDITS[width]
    page = _page(browser, server, width)
    row = _row(page, aid)
    row.get_by_role("button", name="Edit outlet and date").click()
    page.wait_for_selector("#article-edit", state="visible")
    page.wait_for_function(IN_VIEW, arg="#article-edit")
    stored = _api(server, f"/api/articles/{aid}").json()
    assert page.input_value("#edit-outlet textarea, #edit-outlet input") == stored["source"]
    assert page.input_value("#edit-date textarea, #edit-date input") == stored["published"]
    # a date that does not exist is refused next to the form, and nothing changes
    page.fill("#edit-date textarea, #edit-date input", "2025-02-30")
    page.click("#edit-save-btn")
    page.wait_for_function("() => /not a real date/.test(document.querySelector('#edit-error').innerText)")
    assert _api(server, f"/api/articles/{aid}").json()["published"] == stored["published"]
    page.fill("#edit-outlet textarea, #edit-outlet input", outlet)
    page.fill("#edit-date textarea, #edit-date input", day)
    page.screenshot(path=str(_shots() / f"edit-form-{width}.png"))
    page.click("#edit-save-btn")
    page.wait_for_function("() => document.querySelector('#ingest-report').innerText.includes('Saved')")
    page.wait_for_function(ROW_SAYS, arg=[aid, outlet])
    assert day in _row(page, aid).inner_text()
    assert not page.locator("#article-edit").is_visible()
    got = _api(server, f"/api/articles/{aid}").json()
    assert (got["source"], got["published"]) == (outlet, day)
    page.screenshot(path=str(_shots() / f"edited-row-{width}.png"))
    # a brief's source list names the article with its new outlet and date
    page.get_by_role("tab", name="Briefs").click()
    page.fill("#brief-topic textarea, #brief-topic input", topic)
    page.click("#brief-btn")
    page.wait_for_selector("#brief-output ul.bb-sources li")
    sources = page.locator("#brief-output ul.bb-sources li").all_inner_texts()
    # one line per article: "[n][m] outlet · title · date"
    assert any(f"{outlet} · " in s and s.endswith(f" · {day}") and stored["title"] in s for s in sources), sources
    page.locator("#brief-output ul.bb-sources").scroll_into_view_if_needed()
    page.screenshot(path=str(_shots() / f"edited-brief-sources-{width}.png"))
    assert not page.errors, page.errors
    page.context.close()


# ---------------------------------------------------------------------- paste with a dateline
PASTED = (
    "Lavrov and Rubio will not meet before the summit, officials say\n"
    "Harbour Gazette, 22 October 2025\n"
    "A planned meeting between Russian Foreign Minister Sergey Lavrov and U.S. Secretary of State Marco Rubio "
    "has been postponed, according to a White House official cited by CNN. The meeting was meant to prepare the "
    "Trump–Putin summit in Budapest. No new date has been given for the Lavrov–Rubio meeting."
)


@pytest.mark.parametrize("width", [1400, 390])
def test_a_pasted_article_lands_with_its_outlet_and_date_in_its_story(browser: Any, server: Any, width: int) -> None:
    outlet = f"Harbour Gazette {width}"
    text = PASTED.replace("Harbour Gazette", outlet)
    page = _page(browser, server, width)
    page.get_by_text("Paste an article's text").click()
    page.fill("#paste-text textarea", text)
    page.click("#paste-btn")
    page.wait_for_function("() => /Added 1 article/.test(document.querySelector('#ingest-report').innerText)")
    row = page.locator("#articles-table tr[data-article]").filter(has_text=outlet)
    row.wait_for()
    assert "2025-10-22" in row.inner_text() and text.split("\n")[0] in row.inner_text()
    stories = _api(server, "/api/stories").json()["stories"]
    story = next(s for s in stories if any(a["source"] == outlet for a in s["articles"]))
    assert "lavrov-rubio-meeting-postponed" in story["article_ids"]
    assert next(a for a in story["articles"] if a["source"] == outlet)["published"] == "2025-10-22"
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(_shots() / f"pasted-row-{width}.png"))
    page.get_by_role("tab", name="Stories").click()
    card = page.locator(f"#stories-list li.bb-story[data-story='{story['id']}']")
    card.wait_for()
    assert outlet in card.inner_text()
    assert not page.errors, page.errors
    page.context.close()


# ---------------------------------------------------------------------- one-step upload
@pytest.mark.parametrize("width", [1400, 390])
def test_choosing_files_adds_them_in_one_step(browser: Any, server: Any, width: int, tmp_path: Path,
                                              corpus_dir: Path) -> None:
    files = []
    for n, (title, town) in enumerate((("Kite festival fills the beach", "Aktau"),
                                       ("Night market opens by the river", "Almaty")), 1):
        path = tmp_path / f"upload-{width}-{n}.txt"
        path.write_text(f"{title}\nPlain Post, 3 November 2025\nA {title.lower()} in {town} on Sunday, "
                        "organisers said, and more visitors are expected next weekend.\n", encoding="utf-8")
        files.append(path)
    already = tmp_path / "uzbekistan-gas-production-2026.md"  # the same article as one in the collection
    shutil.copy(corpus_dir / already.name, already)
    page = _page(browser, server, width)
    before = _api(server, "/api/articles").json()["total"]
    page.locator("#upload-files input[type=file]").set_input_files([str(p) for p in (*files, already)])
    page.wait_for_function("() => /Added 2 articles; 1 was already in the collection\\./"
                           ".test(document.querySelector('#ingest-report').innerText)")
    assert page.locator("#ingest-btn").inner_text().strip() == "Add URLs"  # no second click for files
    assert _api(server, "/api/articles").json()["total"] == before + 2
    row = _row(page, f"upload-{width}-1")
    row.wait_for()
    assert "Kite festival fills the beach" in row.inner_text()
    assert "Plain Post" in row.inner_text() and "2025-11-03" in row.inner_text()
    page.wait_for_function("() => document.querySelectorAll('#upload-status li').length === 0")  # picker emptied
    page.locator("#ingest-report").scroll_into_view_if_needed()
    page.screenshot(path=str(_shots() / f"upload-one-step-{width}.png"))
    assert not page.errors, page.errors
    page.context.close()


# ---------------------------------------------------------------------- delete, confirm, undo
DELETES = {1400: "kcell-information-security-certification", 390: "ktz-workwear-79-million-tenge"}


@pytest.mark.parametrize("width", [1400, 390])
def test_delete_asks_first_and_can_be_undone(browser: Any, server: Any, width: int) -> None:
    aid = DELETES[width]
    stored = _api(server, f"/api/articles/{aid}").json()
    page = _page(browser, server, width)
    _row(page, aid).get_by_role("button", name="Delete").click()
    page.wait_for_selector("#delete-confirm", state="visible")
    page.wait_for_function(IN_VIEW, arg="#delete-confirm")
    assert stored["title"] in page.inner_text("#delete-question")
    assert "undo" in page.inner_text("#delete-question").lower()
    page.screenshot(path=str(_shots() / f"delete-confirm-{width}.png"))
    page.click("#delete-cancel-btn")  # "Keep it": nothing is deleted
    page.wait_for_selector("#delete-confirm", state="hidden")
    assert _api(server, f"/api/articles/{aid}").status_code == 200
    _row(page, aid).get_by_role("button", name="Delete").click()
    page.wait_for_selector("#delete-confirm", state="visible")
    page.click("#delete-btn")
    page.wait_for_selector(f"#articles-table tr[data-article='{aid}']", state="detached")
    assert _api(server, f"/api/articles/{aid}").status_code == 404
    undo = page.locator("#undo-btn")
    undo.wait_for(state="visible")
    assert "Undo delete of" in undo.inner_text()
    assert "Deleted" in page.inner_text("#ingest-report")
    page.screenshot(path=str(_shots() / f"deleted-undo-{width}.png"))
    undo.click()
    _row(page, aid).wait_for()
    back = _api(server, f"/api/articles/{aid}").json()
    assert back == stored  # same id, text, outlet and date
    page.wait_for_selector("#undo-btn", state="hidden")
    assert "Put back" in page.inner_text("#ingest-report")
    assert not page.errors, page.errors
    page.context.close()


# ---------------------------------------------------------------------- the source sheet on a phone
OPEN = "document.querySelector('#source-column').hasAttribute('data-bb-sheet')"
QUESTION = "Why was the Lavrov–Rubio meeting postponed?"


@pytest.mark.parametrize("width", [1400, 390])
def test_a_marker_opens_the_source_as_a_sheet_with_back_on_a_phone(browser: Any, server: Any, width: int) -> None:
    page = _page(browser, server, width, corpus=False)
    page.fill("#question textarea", QUESTION)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#chatbot a.bb-cite').length >= 1")
    page.wait_for_timeout(800)  # the answer scrolls to its top
    marker = page.locator("#chatbot a.bb-cite").first
    marker.scroll_into_view_if_needed()
    y_before = page.evaluate("window.scrollY")
    marker.click()
    page.wait_for_selector("#source-panel mark#cite-hl", state="attached")
    back = page.get_by_role("button", name="Back", exact=True)
    if width > 500:  # the side panel, beside the answer; no sheet
        assert not page.evaluate(OPEN)
        assert not back.is_visible()
        assert page.locator("#source-panel mark#cite-hl").is_visible()
        page.screenshot(path=str(_shots() / f"marker-side-panel-{width}.png"))
    else:
        assert page.evaluate(OPEN)
        assert back.is_visible()
        assert page.evaluate("document.activeElement && document.activeElement.id") == "sheet-back"
        page.wait_for_function("""() => { const r = document.querySelector('#cite-hl').getBoundingClientRect();
                                  return r.top >= 0 && r.bottom <= window.innerHeight; }""")
        box = page.locator("#sheet-back").bounding_box()
        assert box is not None and box["y"] >= -1 and box["y"] < 80  # Back is at the top of the sheet
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        assert page.evaluate(UNLABELLED_JS) == []
        page.screenshot(path=str(_shots() / f"marker-sheet-{width}.png"))
        back.click()
        page.wait_for_function(f"() => !{OPEN}")
        page.wait_for_timeout(200)
        assert abs(page.evaluate("window.scrollY") - y_before) <= 4  # back where the reader was
        assert marker.is_visible() and page.evaluate(
            "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }",
            marker.element_handle())
        page.screenshot(path=str(_shots() / f"marker-sheet-back-{width}.png"))
        # Escape closes the sheet too
        marker.click()
        page.wait_for_function(f"() => {OPEN}")
        page.keyboard.press("Escape")
        page.wait_for_function(f"() => !{OPEN}")
    assert not page.errors, page.errors
    page.context.close()
