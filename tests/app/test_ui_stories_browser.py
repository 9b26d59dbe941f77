"""The Stories first screen in a real headless Chromium (Playwright), at 1400 px and 390 px.

A new user on corpus/ (plus fixture articles whose outlets disagree) sees the stories on
the first screen, filters them, opens one as a brief and asks one of its suggested
questions in the chat.  Screenshots go to ``$BRIEFBOT_SCREENSHOT_DIR`` (default: the
test's tmp dir).  Skipped when chromium or Playwright is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.browser import NO_CHROMIUM, UNLABELLED_JS, launched, new_context, open_app, screenshot_dir

from briefbot.config import Settings

FIXTURES = ("lavrov-rubio-call-conflicting-date.md", "robust-pellam-bridge-closed.md", "robust-pellam-bridge-open.md")
pytestmark = [
    pytest.mark.slow,
    NO_CHROMIUM,
]


@pytest.fixture(scope="module")
def server(corpus_index: Path, repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from helpers.servers import BackgroundServer

    from briefbot.app.server import create_app
    from briefbot.app.service import ServedBot
    from briefbot.core import BriefBot

    index_dir = tmp_path_factory.mktemp("stories-browser") / "idx"
    shutil.copytree(corpus_index, index_dir)
    bot = BriefBot(Settings(index_dir=index_dir, backend="extractive"))
    bot.ingest([repo_root / "evals" / "fixtures" / name for name in FIXTURES])
    sbot = ServedBot(bot)
    sbot.warm()
    sbot.stories()  # cluster once before the first page load
    with BackgroundServer(create_app(sbot)) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched()


def _page(browser: Any, server: Any, width: int) -> Any:
    page = open_app(new_context(browser, width), server.url)
    return page


def _shots() -> Path:
    return screenshot_dir()


@pytest.mark.parametrize("width", [1400, 390])
def test_first_screen_lists_the_stories(browser: Any, server: Any, width: int) -> None:
    import httpx

    expected = httpx.get(server.url + "/api/stories", timeout=120).json()["stories"]
    page = _page(browser, server, width)
    cards = page.locator("#stories-list li.bb-story")
    assert cards.count() == len(expected) >= 5
    assert page.locator("#stories-list").is_visible()  # the first screen, no tab to pick
    first = expected[0]
    card = page.locator(f"#stories-list li.bb-story[data-story='{first['id']}']")
    assert first["headline"] in card.inner_text()
    assert ", ".join(first["outlets"]) in card.inner_text()
    assert f"{first['independent_outlets']} independent outlets" in card.inner_text()
    # a story whose outlets disagree carries the badge; its questions are buttons
    disagreeing = [s for s in expected if s["disagrees"]]
    assert disagreeing
    badge = page.locator(f"li.bb-story[data-story='{disagreeing[0]['id']}'] .bb-disagree")
    assert badge.inner_text() == "Sources disagree"
    assert page.locator("#stories-list button.bb-ask").count() == sum(len(s["questions"]) for s in expected)
    # nothing wider than the screen on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=str(_shots() / f"stories-first-screen-{width}.png"), full_page=width > 500)
    # the search box filters the stories
    page.fill("#story-search textarea", "Pellam")
    page.wait_for_function("() => document.querySelectorAll('#stories-list li.bb-story').length === 1")
    assert "Pellam" in page.inner_text("#stories-list")
    page.fill("#story-search textarea", "zzzz-nothing")
    page.wait_for_selector("#stories-list .bb-panel-empty")
    assert not page.errors, page.errors
    page.context.close()


def test_clicking_a_story_opens_its_brief(browser: Any, server: Any) -> None:
    import httpx

    stories = httpx.get(server.url + "/api/stories", timeout=120).json()["stories"]
    story = stories[0]
    assert len(story["articles"]) >= 2
    page = _page(browser, server, 1400)
    page.click(f"li.bb-story[data-story='{story['id']}'] button.bb-story-open")
    page.wait_for_selector("#brief-output .bb-summary")
    assert page.get_by_role("tab", name="Briefs").get_attribute("aria-selected") == "true"
    brief = page.inner_text("#brief-output")
    assert story["headline"] in brief
    # the brief reads only the story's own articles
    titles = {a["title"] for a in story["articles"]}
    sources = page.locator("#brief-output ul.bb-sources li").all_inner_texts()
    assert sources and all(any(t in s for t in titles) for s in sources)
    assert not page.locator("#brief-citations").is_visible()  # one source list, no radio copy of it
    page.screenshot(path=str(_shots() / "story-brief-1400.png"), full_page=True)
    assert not page.errors, page.errors
    page.context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_a_suggested_question_is_asked_in_the_chat(browser: Any, server: Any, width: int) -> None:
    import httpx

    stories = httpx.get(server.url + "/api/stories", timeout=120).json()["stories"]
    story = next(s for s in stories if s["questions"])
    question = story["questions"][0]
    page = _page(browser, server, width)
    page.locator(f"li.bb-story[data-story='{story['id']}'] button.bb-ask").first.click()
    page.wait_for_function("() => document.querySelectorAll('#chatbot .bb-badge').length >= 1")
    assert page.get_by_role("tab", name="Chat").get_attribute("aria-selected") == "true"
    assert question in page.inner_text("#chatbot")
    page.screenshot(path=str(_shots() / f"suggested-question-chat-{width}.png"))
    assert not page.errors, page.errors
    page.context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_a_brief_points_marker_previews_and_opens_its_quote(browser: Any, server: Any, width: int) -> None:
    import httpx

    from briefbot.app.ui.html import citation_from_link

    story = httpx.get(server.url + "/api/stories", timeout=120).json()["stories"][0]
    page = _page(browser, server, width)
    page.click(f"li.bb-story[data-story='{story['id']}'] button.bb-story-open")
    marker = page.locator("#brief-output .bb-summary .bb-section li a.bb-cite, "
                          "#brief-output .bb-summary > ul > li a.bb-cite").first
    marker.wait_for()
    c = citation_from_link(marker.get_attribute("href"))
    assert c is not None
    text = httpx.get(f"{server.url}/api/articles/{c['article_id']}", timeout=30).json()["text"]
    quote = text[c["start"]:c["end"]]
    marker.scroll_into_view_if_needed()
    marker.hover()
    preview = page.evaluate("el => getComputedStyle(el, '::after').content", marker.element_handle())
    preview = preview.replace('\\"', '"')  # CSS serialises the content string with escaped quotes
    assert quote[:60] in preview  # the popover shows the quote (with outlet and date)
    page.screenshot(path=str(_shots() / f"hover-preview-{width}.png"))
    marker.click()
    page.wait_for_function("q => { const m = document.querySelector('#source-panel mark#cite-hl'); "
                           "return m && m.innerText === q; }", arg=quote)
    assert not page.errors, page.errors
    page.context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_no_developer_forms_in_the_rendered_page(browser: Any, server: Any, width: int) -> None:
    from briefbot.app.ui.plain import JARGON

    page = _page(browser, server, width)
    assert not JARGON.search(page.inner_text("body")), JARGON.search(page.inner_text("body"))
    page.get_by_role("tab", name="Chat").click()
    for turn, q in enumerate(("Why was the Lavrov–Rubio meeting postponed?", "Who won the Champions League?"), 1):
        page.fill("#question textarea", q)
        page.click("#send-btn")
        page.wait_for_function("n => document.querySelectorAll('#chatbot .bb-badge').length >= n", arg=turn)
        page.wait_for_selector("#answer-status .bb-status:not([data-status='thinking'])")
    text = page.inner_text("body")
    assert "What I looked for:" in text and "No confirmed reason:" in text  # the seed's lead says what is open
    found = JARGON.search(text)
    assert found is None, text[max(0, found.start() - 80):found.end() + 80]
    page.screenshot(path=str(_shots() / f"chat-{width}.png"), full_page=width < 500)
    page.get_by_role("tab", name="Corpus").click()
    page.get_by_role("tab", name="Briefs").click()
    assert not JARGON.search(page.inner_text("body"))
    assert not page.errors, page.errors
    page.context.close()


CLIPPED_JS = """() => [...document.querySelectorAll('#chatbot, #chatbot *')].filter(el => {
  const s = getComputedStyle(el);
  return ['auto', 'scroll', 'hidden'].includes(s.overflowY) && el.scrollHeight > el.clientHeight + 4;
}).length"""



@pytest.mark.parametrize("width", [1400, 390])
def test_layout_question_focused_labelled_and_answer_shown_from_its_top(
        browser: Any, server: Any, width: int) -> None:
    page = _page(browser, server, width)
    # the question box: focused on load, with an accessible name, on the first screen
    page.wait_for_function("() => document.activeElement && document.activeElement.closest('#question')")
    assert page.get_by_label("Ask a question about the articles").count() == 1
    assert page.locator("#question textarea").is_visible()
    assert page.evaluate(UNLABELLED_JS) == []
    assert page.get_by_text("Use via API").count() == 0
    # the first story card starts on the first screen (a phone too), and the question box's
    # placeholder fits on its one line instead of being cut off
    card_top = page.evaluate("() => document.querySelector('#stories-list li.bb-story').getBoundingClientRect().top")
    assert card_top < page.viewport_size["height"] * 0.75
    assert page.evaluate("() => { const t = document.querySelector('#question textarea'); "
                         "return t.scrollHeight <= t.clientHeight + 2; }")
    page.keyboard.type("Why was the Lavrov–Rubio meeting postponed?")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#chatbot .bb-badge').length >= 1")
    assert page.get_by_role("tab", name="Chat").get_attribute("aria-selected") == "true"
    assert page.locator("#chatbot button[aria-label*='hare' i], #chatbot button[title*='hare' i]").count() == 0
    page.wait_for_timeout(1000)
    top = page.evaluate("() => { const b = document.querySelectorAll('#chatbot .bb-badge'); "
                        "return b[b.length - 1].getBoundingClientRect().top; }")
    assert -2 <= top < page.viewport_size["height"] / 2  # the answer is shown from its top
    assert page.evaluate(CLIPPED_JS) == 0  # nothing in the conversation is cut off by a fixed height
    assert page.evaluate(UNLABELLED_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=str(_shots() / f"answer-from-top-{width}.png"))
    assert not page.errors, page.errors
    page.context.close()


PASTED = (
    "Lavrov–Rubio meeting put off as summit plans stall\n"
    "Inland Wire, 23 October 2025\n"
    "A planned meeting between Russian Foreign Minister Sergey Lavrov and U.S. Secretary of State Marco Rubio "
    "has been postponed, according to a White House official cited by CNN. The meeting was meant to come before "
    "the expected Trump–Putin summit in Budapest. It remains unclear why the meeting was pushed back, and no new "
    "date has been given."
)


@pytest.mark.parametrize("width", [1400, 390])
def test_a_pasted_article_keeps_its_dateline_and_joins_its_story(browser: Any, server: Any, width: int) -> None:
    import httpx

    page = _page(browser, server, width)
    page.get_by_role("tab", name="Corpus").click()
    page.get_by_text("Paste an article's text").click()
    page.fill("#paste-text textarea", PASTED)
    page.click("#paste-btn")
    page.wait_for_function("() => /Added 1 article|1 was already in the collection/"
                           ".test((document.querySelector('#ingest-report') || {})"
                           ".innerText || '')")
    page.wait_for_function("() => document.querySelector('#articles-table').innerText.includes('Inland Wire')")
    assert "Lavrov–Rubio meeting put off" in page.inner_text("#articles-table")
    stories = httpx.get(server.url + "/api/stories", timeout=120).json()["stories"]
    story = next(s for s in stories if any(a["source"] == "Inland Wire" for a in s["articles"]))
    pasted = next(a for a in story["articles"] if a["source"] == "Inland Wire")
    assert pasted["published"] == "2025-10-23" and pasted["title"] == PASTED.split("\n")[0]
    assert "lavrov-rubio-meeting-postponed" in story["article_ids"]  # the right story
    page.get_by_role("tab", name="Stories").click()
    card = page.locator(f"#stories-list li.bb-story[data-story='{story['id']}']")
    card.wait_for()
    assert "Inland Wire" in card.inner_text()
    page.screenshot(path=str(_shots() / f"pasted-article-story-{width}.png"))
    assert not page.errors, page.errors
    page.context.close()
