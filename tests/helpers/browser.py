"""Shared pieces of the browser tests (real headless Chromium through Playwright): the
browser, a page opened on the app's first screen, the screenshot folder, and the
accessible-name check every layout test runs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
NO_CHROMIUM = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")
UNLABELLED_JS = """() => [...document.querySelectorAll('button, a[href]')].filter(el => {
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height) return false;
  return !(el.innerText.trim() || el.getAttribute('aria-label') || el.getAttribute('title'));
}).map(el => el.outerHTML.slice(0, 120))"""
"""Visible buttons and links without an accessible name (text, aria-label or title)."""


def launched() -> Iterator[Any]:
    """A headless Chromium for a module's tests (``yield from launched()`` in a fixture);
    skips when Playwright is not installed."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


def new_context(browser: Any, width: int) -> Any:
    """A desktop (1000 px high) or phone (844 px high) viewport ``width`` wide."""
    return browser.new_context(viewport={"width": width, "height": 1000 if width > 500 else 844})


def open_app(context: Any, url: str) -> Any:
    """A page on the app's first screen, with the story list loaded and page errors recorded
    in ``page.errors``."""
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.set_default_timeout(120_000)
    page.goto(url + "/", wait_until="load")
    page.wait_for_selector("#stories-list li.bb-story")
    return page


def screenshot_dir() -> Path:
    """``$BRIEFBOT_SCREENSHOT_DIR`` (default /tmp/shots), created."""
    shots = Path(os.environ.get("BRIEFBOT_SCREENSHOT_DIR") or "/tmp/shots")
    shots.mkdir(parents=True, exist_ok=True)
    return shots
