"""The Briefs tab's timeline, chart and disagreements in a real headless Chromium (Playwright).

Writes a screenshot of the Briefs tab to ``$BRIEFBOT_SCREENSHOT_DIR`` (default: the test's
tmp dir).  Skipped when chromium or Playwright is missing, like test_ui_browser.py.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefbot.config import Settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def server(corpus_index: Path, repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from helpers.servers import BackgroundServer

    from briefbot.app.server import create_app
    from briefbot.app.service import ServedBot
    from briefbot.core import BriefBot

    index_dir = tmp_path_factory.mktemp("news-browser") / "idx"
    shutil.copytree(corpus_index, index_dir)
    bot = BriefBot(Settings(index_dir=index_dir, backend="extractive"))
    bot.ingest([repo_root / "evals" / "fixtures" / "lavrov-rubio-call-conflicting-date.md"])
    sbot = ServedBot(bot)
    sbot.warm()
    with BackgroundServer(create_app(sbot)) as srv:
        yield srv


def test_briefs_tab_shows_timeline_chart_and_disagreement(server: Any, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    shots = Path(os.environ.get("BRIEFBOT_SCREENSHOT_DIR") or tmp_path)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1300})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_default_timeout(120_000)
        page.goto(server.url + "/", wait_until="load")
        page.get_by_role("tab", name="Briefs").click()
        page.fill("#brief-topic textarea", "Lavrov Rubio phone call")
        page.click("#brief-btn")
        page.wait_for_selector("#brief-output .bb-timeline")
        # the story tells the events; the timeline's full list is folded under the chart
        assert page.locator("#brief-output .bb-timeline details").count() == 1
        page.click("#brief-output .bb-timeline details summary")
        timeline = page.inner_text("#brief-output .bb-timeline")
        assert "2025-10-20" in timeline and "2025-10-19" in timeline  # both dates of the call, side by side
        assert "other sources date it" in timeline
        assert page.locator("#brief-output .bb-day").count() >= 2
        dates = page.eval_on_selector_all("#brief-output .bb-timeline ol > li", "els => els.map(e => e.dataset.date)")
        assert dates == sorted(dates)
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "briefs-tab-timeline.png"), full_page=True)
        # both quotes of a disagreement open in the source panel, each highlighted exactly
        import httpx

        from briefbot.app.ui.html import citation_from_link

        sides = page.locator("#brief-output .bb-disagreements li").first.locator("a.bb-cite")
        assert sides.count() >= 2  # a side that is also a point carries the point's markers too
        for i in range(sides.count()):
            c = citation_from_link(sides.nth(i).get_attribute("href"))
            assert c is not None
            text = httpx.get(f"{server.url}/api/articles/{c['article_id']}", timeout=30).json()["text"]
            sides.nth(i).click()
            page.wait_for_function("q => { const m = document.querySelector('#source-panel mark#cite-hl'); "
                                   "return m && m.innerText === q; }", arg=text[c["start"]:c["end"]])
        assert not errors
        browser.close()


def test_every_turns_markers_open_their_quote(server: Any, tmp_path: Path) -> None:
    import httpx

    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    first_q = "What did Thune say about the Sanctioning Russia Act?"
    first = httpx.post(server.url + "/api/ask", json={"question": first_q}, timeout=120).json()
    assert first["citations"]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_default_timeout(120_000)
        page.goto(server.url + "/", wait_until="load")
        page.get_by_role("tab", name="Chat").click()  # the first screen is the story list
        for turn, q in enumerate((first_q, "Why was the Lavrov–Rubio meeting postponed?"), start=1):
            page.fill("#question textarea", q)
            page.click("#send-btn")
            # a final answer carries a badge in its chat message, so turn n is answered when n
            # badges are shown (the first turn's links alone must not satisfy the second wait)
            page.wait_for_function("n => document.querySelectorAll('#chatbot .bb-badge').length >= n", arg=turn)
            page.wait_for_selector("#answer-status .bb-status:not([data-status='thinking'])")
        links = page.locator("#chatbot a.bb-cite")
        assert links.count() >= 2
        links.first.click()  # a marker of the FIRST turn, after a second answer arrived
        mark = page.wait_for_selector("#source-panel mark#cite-hl")
        c = first["citations"][0]
        assert mark.inner_text() == c["quote"]
        assert not errors
        browser.close()
