"""What's new in a real headless Chromium (Playwright), at 1400 px and 390 px.

The real app over a copy of the corpus index (articles of 21-23 October 2025): a reader
sets "New since" and sees each story's new articles and facts; "Since my last visit"
uses the days this browser visited (kept in its localStorage; the browser's clock is set
by Playwright); "Poll now" polls a feed served on 127.0.0.1 by this test and the page says
what it added; feed intervals and poll times read in words.  The served settings allow
loopback addresses explicitly (``allow_private_urls``), for this test's own feed server
only.  Screenshots go to ``$BRIEFBOT_SCREENSHOT_DIR`` (default /tmp/shots).
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers.browser import NO_CHROMIUM, launched, new_context, open_app, screenshot_dir

from briefbot.config import Settings

pytestmark = [
    pytest.mark.slow,
    NO_CHROMIUM,
]
SINCE = "2025-10-21"
FEED_ENTRY = {
    1400: ("Orsen harbour ferry strike ends after pay deal",
           "Ferry crews in the port town of Orsen ended a four-day strike on Friday after accepting a pay deal, "
           "the crews' union said. Services to the three outer islands resume on Saturday morning."),
    390: ("Hale valley rail line reopens after landslide repairs",
          "The Hale valley rail line reopened on Friday after crews cleared a landslide that had blocked it for "
          "two weeks, the operator Acme Rail said. Trains run hourly again from Saturday."),
}


@pytest.fixture(scope="module")
def feed_url() -> Iterator[str]:
    """Two RSS feeds on 127.0.0.1 (one per page width), each with one entry."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            m = re.fullmatch(r"/feed-(\d+)\.xml", self.path)
            if not m or int(m.group(1)) not in FEED_ENTRY:
                self.send_response(404)
                self.end_headers()
                return
            title, text = FEED_ENTRY[int(m.group(1))]
            body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Courier</title>'
                    f"<link>http://127.0.0.1/</link><description>test</description><item><title>{title}</title>"
                    f"<guid>urn:whatsnew:{m.group(1)}</guid><pubDate>Fri, 24 Oct 2025 08:00:00 GMT</pubDate>"
                    f"<description>{text}</description></item></channel></rss>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from helpers.servers import BackgroundServer

    from briefbot.app.server import create_app
    from briefbot.app.service import ServedBot
    from briefbot.core import BriefBot

    index_dir = tmp_path_factory.mktemp("whatsnew-browser") / "idx"
    shutil.copytree(corpus_index, index_dir)
    # loopback allowed explicitly: the only feed here is this test's own server on 127.0.0.1
    bot = BriefBot(Settings(index_dir=index_dir, backend="extractive", allow_private_urls=True))
    sbot = ServedBot(bot)
    sbot.warm()
    sbot.stories_since(SINCE)  # cluster and find the news once before the first page load
    with BackgroundServer(create_app(sbot)) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched()


def _context(browser: Any, width: int) -> Any:
    return new_context(browser, width)


def _open(context: Any, server: Any) -> Any:
    return open_app(context, server.url)


def _shots() -> Path:
    return screenshot_dir()


def _set_since(page: Any, value: str) -> None:
    box = page.locator("#story-since textarea, #story-since input").first
    box.fill(value)
    box.press("Enter")


@pytest.mark.parametrize("width", [1400, 390])
def test_since_shows_the_new_articles_and_facts_of_each_story(browser: Any, server: Any, width: int) -> None:
    import httpx

    from briefbot.app.ui.html import citation_from_link

    expected = httpx.get(server.url + "/api/stories", params={"since": SINCE}, timeout=120).json()["stories"]
    with_news = [s for s in expected if s["new"]["articles"]]
    assert with_news and len(with_news) < len(expected)  # some stories have news after the 21st, some not
    context = _context(browser, width)
    page = _open(context, server)
    _set_since(page, SINCE)
    page.wait_for_selector("#news-count")
    assert page.get_attribute("#news-count", "data-stories-with-news") == str(len(with_news))
    assert "21 October 2025" in page.inner_text("#since-note")
    first = with_news[0]
    card = page.locator(f"#stories-list li.bb-story[data-story='{first['id']}']")
    n = len(first["new"]["articles"])
    assert card.locator(".bb-new").get_attribute("data-new-articles") == str(n)
    text = card.inner_text()
    assert f"{n} new article{'s' if n != 1 else ''} since 21 October 2025" in text
    assert all(a["title"] in text for a in first["new"]["articles"])
    assert all(f["text"] in text for f in first["new"]["facts"]) and first["new"]["facts"]
    assert page.locator("#stories-list li.bb-story").first.get_attribute("data-story") == first["id"]
    quiet = next(s for s in expected if not s["new"]["articles"])
    assert "Nothing new since" in page.locator(f"li.bb-story[data-story='{quiet['id']}']").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(_shots() / f"whatsnew-since-{width}.png"), full_page=width > 500)
    # a new fact is one click from its quote
    marker = card.locator(".bb-new-facts a.bb-cite").first
    c = citation_from_link(marker.get_attribute("href"))
    quote = httpx.get(f"{server.url}/api/articles/{c['article_id']}", timeout=30).json()["text"][c["start"]:c["end"]]
    assert quote == first["new"]["facts"][0]["text"]
    marker.click()
    page.wait_for_function("q => { const m = document.querySelector('#source-panel mark#cite-hl'); "
                           "return m && m.innerText === q; }", arg=quote)
    # the choice is kept by the browser: a reload shows the news again
    page.reload(wait_until="load")
    page.wait_for_selector("#news-count")
    # one load event fills the list and the box; the box's value can reach the DOM a frame after the list
    page.wait_for_function("s => { const b = document.querySelector('#story-since textarea, #story-since input'); "
                           "return b && b.value === s; }", arg=SINCE, timeout=10_000)
    assert page.locator("#story-since textarea, #story-since input").first.input_value() == SINCE
    # a day that does not exist is refused in words, the list stays as it was
    _set_since(page, "2025-13-01")
    page.wait_for_selector("#since-note .bb-error")
    assert "YYYY-MM-DD" in page.inner_text("#since-note")
    assert page.locator("#news-count").count() == 1
    # opening the story writes its brief with what is new since the day
    page.click(f"li.bb-story[data-story='{first['id']}'] button.bb-story-open")
    page.wait_for_selector("#brief-output #brief-new")
    section = page.inner_text("#brief-output #brief-new")
    assert "New since 21 October 2025" in section
    assert page.locator("#brief-output #brief-new a.bb-cite").count() >= 1
    page.locator("#brief-output #brief-new").scroll_into_view_if_needed()
    page.screenshot(path=str(_shots() / f"whatsnew-story-brief-{width}.png"))
    page.get_by_role("tab", name="Stories").click()
    page.click("#since-clear-btn")
    page.wait_for_function("() => !document.querySelector('#news-count')")
    assert page.locator("#stories-list .bb-new").count() == 0
    assert not page.errors, page.errors
    context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_since_my_last_visit_uses_the_days_this_browser_visited(browser: Any, server: Any, width: int) -> None:
    import httpx

    expected = httpx.get(server.url + "/api/stories", params={"since": SINCE}, timeout=120).json()["stories"]
    context = _context(browser, width)
    context.clock.set_fixed_time("2025-10-22T09:00:00")
    page = _open(context, server)
    page.click("#since-last-visit-btn")  # the first day: nothing earlier to compare with
    page.wait_for_selector("#since-note .bb-error")
    assert "no earlier visit" in page.inner_text("#since-note")
    page.close()
    context.clock.set_fixed_time("2025-10-24T08:00:00")  # two days later, the same browser
    page = _open(context, server)
    page.click("#since-last-visit-btn")
    page.wait_for_selector("#news-count")
    assert "since your last visit on 22 October 2025" in page.inner_text("#since-note")
    with_news = [s for s in expected if s["new"]["articles"]]  # published on the 22nd or later
    assert page.get_attribute("#news-count", "data-stories-with-news") == str(len(with_news))
    page.screenshot(path=str(_shots() / f"whatsnew-last-visit-{width}.png"))
    page.close()
    page = _open(context, server)  # kept: the next load shows the news again
    page.wait_for_selector("#news-count")
    assert "last visit" in page.inner_text("#since-note")
    assert not page.errors, page.errors
    context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_poll_now_adds_the_feed_article_and_says_so(browser: Any, server: Any, feed_url: str, width: int) -> None:
    url = f"{feed_url}/feed-{width}.xml"
    title = FEED_ENTRY[width][0]
    context = _context(browser, width)
    page = _open(context, server)
    page.get_by_role("tab", name="Corpus").click()
    page.get_by_text("Followed feeds").click()
    page.fill("#feed-url textarea, #feed-url input", url)
    page.click("#feed-add-btn")
    row = page.locator("#feeds-list tr", has_text=url)
    row.wait_for()
    assert "every 15 minutes" in row.inner_text() and "not fetched yet" in row.inner_text()
    page.click("#feed-poll-btn")
    page.wait_for_selector("#poll-report [data-added]")
    report = page.inner_text("#poll-report")
    assert f"1 new or updated article: “{title}”" in report, report
    row = page.locator("#feeds-list tr", has_text=url)
    listed = row.inner_text()
    assert "read" in listed and "in 15 minutes" in listed and "just now" in listed, listed
    feeds_text = page.inner_text("#feeds-list")
    assert not re.search(r"\b900\b|\d+ ?s\b|\d{4}-\d\d-\d\dT", feeds_text), feeds_text  # no seconds, no ISO stamps
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.locator("#poll-report").scroll_into_view_if_needed()
    page.screenshot(path=str(_shots() / f"whatsnew-poll-now-{width}.png"))
    page.get_by_role("tab", name="Stories").click()
    page.wait_for_function("t => document.querySelector('#stories-list').innerText.includes(t)", arg=title)
    assert not page.errors, page.errors
    context.close()
