"""End-to-end tests of the web UI in a real headless Chromium (Debian ``chromium``) via Playwright.

One real server (FastAPI + Gradio, uvicorn in a thread, extractive backend) over a copy
of the ingested ``corpus/`` serves the module.  Screenshots go to each test's
``tmp_path``.  Skipped with a reason when chromium or Playwright is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefbot.app.ui.plain import plain
from briefbot.config import Settings

QUESTION = "Why was the Lavrov–Rubio meeting postponed?"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)"),
]

MALICIOUS = """---
id: evil-article
title: "Evil <img src=x onerror=\\"window.__pwned=1\\"> headline"
source: "Mallory Times"
published: 2025-11-02
url: "javascript:window.__pwned=1"
---
An ordinary opening sentence about a harbour in Aktau.

<script>window.__pwned=1</script>

A picture: <img src=x onerror="window.__pwned=1"> and a closing sentence.
"""


@pytest.fixture(scope="module")
def server(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from helpers.servers import BackgroundServer

    from briefbot.app.server import create_app
    from briefbot.app.service import ServedBot
    from briefbot.core import BriefBot

    index_dir = tmp_path_factory.mktemp("browser-index") / "idx"
    shutil.copytree(corpus_index, index_dir)
    sbot = ServedBot(BriefBot(Settings(index_dir=index_dir, backend="extractive")))
    sbot.warm()
    with BackgroundServer(create_app(sbot)) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.set_default_timeout(60_000)
    # Gradio keeps a connection open: wait for `load`, never `networkidle`.
    pg.goto(server.url + "/", wait_until="load")
    pg.get_by_role("tab", name="Chat").click()  # the first screen is the story list
    pg.wait_for_selector("#question textarea")
    pg.errors = errors
    yield pg
    context.close()


def _ask(page: Any, question: str) -> None:
    page.fill("#question textarea", question)
    page.click("#send-btn")


def test_chat_uncertain_answer_citation_highlight(page: Any, server: Any, tmp_path: Path) -> None:
    import httpx

    expected = httpx.post(server.url + "/api/ask", json={"question": QUESTION}, timeout=60).json()
    assert expected["status"] == "uncertain" and expected["citations"]

    _ask(page, QUESTION)
    badge = page.wait_for_selector('#answer-status .bb-status[data-status="uncertain"]')
    assert "Uncertain" in badge.inner_text()
    page.wait_for_function("() => document.querySelector('#chatbot').innerText.includes('[1]')")
    # the note is said once, in plain words, in the answer message; the strip under the input shows the badge only
    note = plain(expected["uncertainty"] or expected["summary"])[:40]  # what is open: the note, or the lead alone
    assert note in page.inner_text("#chatbot")
    assert note not in page.inner_text("#answer-status")
    assert page.locator("#chatbot .bb-badge.bb-uncertain").count() == 1
    assert "Uncertain" in page.inner_text("#chatbot")

    labels = page.locator("#citations label")
    labels.first.wait_for()
    assert labels.count() == len(expected["citations"])
    first = expected["citations"][0]
    assert labels.first.inner_text().startswith(f"[{first['id']}] {first['title']}")
    page.screenshot(path=str(tmp_path / "answer.png"), full_page=True)

    labels.first.click()
    mark = page.wait_for_selector("#source-panel mark#cite-hl")
    assert mark.inner_text() == first["quote"]
    assert first["title"] in page.inner_text("#source-panel .bb-title")
    assert first["source"] in page.inner_text("#source-panel .bb-meta")
    # scrolled into view
    page.wait_for_function(
        """() => { const r = document.querySelector('#cite-hl').getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }"""
    )
    page.screenshot(path=str(tmp_path / "citation.png"))

    # a different citation re-highlights its own quote
    if labels.count() > 1:
        second = expected["citations"][1]
        labels.nth(1).click()
        page.wait_for_function(
            "(q) => { const m = document.querySelector('#source-panel mark#cite-hl'); return m && m.innerText === q; }",
            arg=second["quote"],
        )

    # new chat clears the conversation and the citations
    page.click("#new-chat-btn")
    page.wait_for_function("() => document.querySelectorAll('#citations label').length === 0")
    assert "[1]" not in page.inner_text("#chatbot")
    assert not page.errors, page.errors


def test_follow_up_uses_memory(page: Any) -> None:
    _ask(page, QUESTION)
    page.wait_for_selector('#answer-status .bb-status[data-status="uncertain"]')
    _ask(page, "And what did the Senate do?")
    page.wait_for_function(
        "() => document.querySelectorAll('#chatbot .bb-badge').length >= 2", timeout=60_000
    )
    text = page.inner_text("#chatbot")
    assert "Senate" in text


def test_malicious_upload_is_escaped(page: Any, tmp_path: Path) -> None:
    evil = tmp_path / "evil-article.md"
    evil.write_text(MALICIOUS, encoding="utf-8")
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#upload-files input[type=file]").set_input_files(str(evil))
    # Choosing the file adds it at once (no second click); wait for the app's result line, not
    # for text in the file widget (Gradio's "Uploading 1 file..." line lasts ~0.3 s).
    page.wait_for_function(
        "() => (document.querySelector('#ingest-report') || {}).innerText?.includes('Added 1 article')"
    )
    # ingesting empties the picker, and its change event clears the upload status
    page.wait_for_function("() => document.querySelectorAll('#upload-status li').length === 0")
    page.wait_for_function(
        "() => document.querySelector('#articles-table').innerText.includes('Evil')"
    )
    page.locator("#articles-table tr[data-article='evil-article'] button.bb-a-open").click()
    page.wait_for_selector("#source-panel .bb-source[data-article-id='evil-article']")
    page.wait_for_timeout(500)  # give any injected handler a chance to fire

    assert page.evaluate("typeof window.__pwned") == "undefined"
    panel = page.inner_text("#source-panel")
    assert "<script>window.__pwned=1</script>" in panel
    assert '<img src=x onerror="window.__pwned=1">' in panel
    assert 'Evil <img src=x onerror="window.__pwned=1"> headline' in panel
    assert page.locator("#source-panel script, #source-panel img, #source-panel a[href^='javascript']").count() == 0
    page.screenshot(path=str(tmp_path / "malicious.png"), full_page=True)

    # the title in the article table is shown as text too
    assert page.locator("#articles-table img, #articles-table script").count() == 0
    assert 'Evil <img src=x onerror="window.__pwned=1"> headline' in page.inner_text("#articles-table")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not page.errors, page.errors


def test_upload_limits_type_and_size(page: Any, tmp_path: Path) -> None:
    bad = tmp_path / "notes.exe"
    bad.write_text("MZ")
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#upload-files input[type=file]").set_input_files(str(bad))
    # Gradio refuses these in the browser, before any upload: its error toast (shown for
    # seconds, not a fraction of one) is the only state; the server never hears of the file.
    page.wait_for_selector("text=Invalid file type: notes.exe", timeout=30_000)
    assert ".md, .txt, .html, .json, .jsonl, .xml, .rss, .atom" in page.inner_text("body")
    assert page.locator("#upload-status li").count() == 0
    page.screenshot(path=str(tmp_path / "wrong-type.png"))

    big = tmp_path / "huge.txt"
    big.write_bytes(b"word " * (11 * 1024 * 1024 // 5))  # 11 MB > max_upload_mb (10)
    page.reload(wait_until="load")
    page.wait_for_selector("#stories-list")
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#upload-files input[type=file]").set_input_files(str(big))
    page.wait_for_selector("text=/exceed the maximum allowed size/", timeout=30_000)
    assert "huge.txt" in page.inner_text("body")
    assert page.locator("#upload-status li").count() == 0
    page.screenshot(path=str(tmp_path / "too-big.png"))
